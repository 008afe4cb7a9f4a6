"""My coaching (phase 2, the coaching relationship): the agreement with my coach (to accept),
the next session and its agenda, to which I add my own points, and the sessions so far with
their shared notes, my own private notes and the actions we agreed."""

import streamlit as st

from coaching import agreements, pairings, sessions
from coaching.i18n import format_date
from coaching.ui import coaching_views, gate
from coaching.ui.text import plain

ctx = gate.context()
db, me, lang = ctx.db, ctx.identity, ctx.language
today = ctx.today()

st.title(ctx.t("my_coaching.title"))
st.caption(ctx.t("my_coaching.intro"))
gate.show_flash()

mine = pairings.my_coaches(db, me)
current = [p for p in mine if p.active_on(today)]
if not current:
    st.info(ctx.t("my_coaching.no_coach"), icon=":material/person_search:")
for pairing in current or mine[:1]:
    st.header(ctx.t("my_coaching.with", name=plain(pairing.coach_name)), anchor=False)

    # -- the agreement ------------------------------------------------------------------------
    versions = agreements.versions(db, me, pairing.id, today)
    if not versions:
        st.info(ctx.t("my_coaching.no_agreement"), icon=":material/handshake:")
    else:
        newest = versions[0]
        if not newest.accepted:
            st.warning(ctx.t("my_coaching.to_accept", version=newest.version), icon=":material/handshake:")
        coaching_views.agreement(ctx, newest)
        if not newest.accepted and pairing.active_on(today):
            st.button(ctx.t("my_coaching.accept"), type="primary", icon=":material/check:", key=f"my_coaching.accept.{newest.id}",
                      on_click=gate.attempt, args=(agreements.accept, db, me, newest.id, today),
                      kwargs={"success": "my_coaching.accepted"})
        if len(versions) > 1:
            with st.expander(ctx.t("workspace.agreement_history")):
                for older in versions[1:]:
                    coaching_views.agreement(ctx, older)

    # -- the next session and its agenda -------------------------------------------------------
    log = sessions.logbook(db, me, pairing.id, today)
    upcoming = sessions.next_session(log, today)
    if upcoming is not None:
        with st.container(border=True):
            st.subheader(ctx.t("workspace.next_session", date=format_date(upcoming.held_on, lang)), anchor=False)
            if upcoming.goal:
                st.markdown(f"**{ctx.t('sessions.field_goal')}:** {plain(upcoming.goal)}")
            st.markdown("**" + ctx.t("workspace.agenda") + "**")
            items = sessions.agenda(db, me, upcoming.id, today)
            if not items:
                st.caption(ctx.t("workspace.agenda_empty"))
            for item in items:
                with st.container(horizontal=True, vertical_alignment="center"):
                    st.markdown(f"- {plain(item.text)}")
                    if item.author_id == me.person_id:
                        st.button(ctx.t("my_coaching.remove_item"), icon=":material/close:", key=f"my_coaching.remove.{item.id}",
                                  on_click=gate.attempt, args=(sessions.remove_item, db, me, item.id, today), width="content")
            with st.form(f"my_coaching.item.{upcoming.id}", clear_on_submit=True, border=False):
                text = st.text_input(ctx.t("my_coaching.add_item"), max_chars=sessions.MAX_ITEM_CHARS,
                                     placeholder=ctx.t("my_coaching.add_item_placeholder"))
                if st.form_submit_button(ctx.t("my_coaching.add"), icon=":material/add:"):
                    gate.submit(sessions.add_item, db, me, upcoming.id, text, today, success="my_coaching.item_added")
            coaching_views.note_lines(ctx, sessions.notes(db, me, [upcoming.id], today)[upcoming.id], me)

    # -- the sessions so far -----------------------------------------------------------------
    earlier = [s for s in log if s != upcoming]
    if earlier:
        st.subheader(ctx.t("my_coaching.sessions"), anchor=False)
        coaching_views.session_history(ctx, me, pairing.id, earlier, today, pairing.coach_name)
