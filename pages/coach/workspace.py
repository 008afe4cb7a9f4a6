"""The coaching workspace: one coachee's sessions (with the agenda drafted from their week and
the notes), the coaching agreement, and what they share. A switch turns it into live mode,
safe to share on screen: the agenda and the shared notes side by side in large type, with a
session timer, and nothing private, nothing unshared and no other coachee's name."""

import datetime as dt

import streamlit as st

from coaching import access, agreements, pairings, sessions
from coaching.agreements import Terms
from coaching.i18n import format_date
from coaching.sessions import SessionInput
from coaching.ui import cached, coaching_views, gate
from coaching.ui.text import plain
from coaching.validation import MAX_TEXT_CHARS

ctx = gate.context()
db, coach, lang = ctx.db, ctx.viewer, ctx.language
today = ctx.today()
date_format = "DD-MM-YYYY" if lang == "nl" else "YYYY-MM-DD"

mine = {c.leader_id: c for c in cached.coachees(db, coach, today)}
live = gate.live()
on_screen = next((c for c in mine.values() if live and c.pairing_id == live.pairing_id), None)
if live is not None and on_screen is None:  # the pairing ended meanwhile: nobody is on screen
    sessions.leave_live(db, coach)
    st.rerun()
if not mine:
    st.title(ctx.t("workspace.title"))
    st.info(ctx.t("coachees.none"), icon=":material/group_off:")
    st.stop()

# -- live mode ----------------------------------------------------------------------------------

if live is not None:
    leader = on_screen
    coaching_views.large_type()
    with st.container(horizontal=True, vertical_alignment="center"):
        st.title(ctx.t("workspace.live_title", name=plain(leader.name)), anchor=False)
        if st.button(ctx.t("workspace.leave_live"), icon=":material/stop_screen_share:", key="workspace.leave_live"):
            coaching_views.confirm_leave_live(ctx)
    gate.show_flash()
    log = sessions.logbook(db, coach, leader.pairing_id, today)
    session = sessions.next_session(log, today) or (log[0] if log else None)
    current = agreements.current(db, coach, leader.pairing_id, today)
    coaching_views.session_timer(ctx, live.started_at, current.terms.session_minutes if current else None)
    if session is None:
        st.info(ctx.t("workspace.no_sessions"), icon=":material/event:")
        st.stop()
    st.subheader(ctx.t("workspace.session_of", date=format_date(session.held_on, lang)), anchor=False)
    if session.goal:
        st.markdown(f"**{ctx.t('sessions.field_goal')}:** {plain(session.goal)}")
    if session.success:
        st.markdown(f"**{ctx.t('sessions.field_success')}:** {plain(session.success)}")
    last_time = next((s for s in log if s.status == "held" and s.held_on < session.held_on), None)
    notes = sessions.notes(db, coach, [session.id] + ([last_time.id] if last_time else []), today)
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(ctx.t("workspace.agenda"), anchor=False)
        items = sessions.agenda(db, coach, session.id, today)
        st.markdown("\n".join(f"{n}. {plain(i.text)}" for n, i in enumerate(items, start=1)) or ctx.t("workspace.agenda_empty"))
    with right:
        # Only shared notes: a private note of either side never comes on a shared screen.
        st.subheader(ctx.t("workspace.shared_notes"), anchor=False)
        shared_now = [n for n in notes[session.id] if n.shared]
        coaching_views.note_lines(ctx, shared_now, coach)
        if not shared_now:
            st.caption(ctx.t("workspace.no_shared_notes"))
        with st.form(f"workspace.live_note.{session.id}", clear_on_submit=True, border=False):
            text = st.text_area(ctx.t("workspace.add_shared_note"), max_chars=MAX_TEXT_CHARS, height=100)
            if st.form_submit_button(ctx.t("workspace.save_note"), icon=":material/save:"):
                gate.submit(sessions.add_note, db, coach, session.id, text, True, today, success="workspace.note_saved")
        if last_time:
            st.subheader(ctx.t("workspace.last_time", date=format_date(last_time.held_on, lang)), anchor=False)
            shared_then = [n for n in notes[last_time.id] if n.shared]
            coaching_views.note_lines(ctx, shared_then, coach)
            if not shared_then:
                st.caption(ctx.t("workspace.no_shared_notes"))
    st.stop()

# -- the coachee ------------------------------------------------------------------------------

chosen = st.session_state.get("workspace.leader")
if chosen is not None and chosen not in mine:  # no longer paired (or never): nothing of them, and the attempt logged
    gate.attempt(pairings.require_coachee, db, coach, chosen, today)
    st.session_state.pop("workspace.leader", None)
    chosen = None
leader_id = st.selectbox(ctx.t("coachees.choose"), list(mine), index=list(mine).index(chosen) if chosen in mine else 0,
                         format_func=lambda lid: mine[lid].name, key="workspace.chosen", width=360)
st.session_state["workspace.leader"] = leader_id
leader = mine[leader_id]
with st.container(horizontal=True, vertical_alignment="center"):
    st.title(plain(leader.name), anchor=False)
    st.button(ctx.t("workspace.start_live"), icon=":material/screen_share:", type="primary", key="workspace.start_live",
              on_click=gate.attempt, args=(sessions.start_live, db, coach, leader.pairing_id, today),
              help=ctx.t("workspace.start_live_help"))
since = format_date(leader.starts_on, lang)
st.caption(ctx.t("coachees.paired_since", date=since) if leader.ends_on is None
           else ctx.t("coachees.paired_until", date=since, end=format_date(leader.ends_on, lang)))
gate.show_flash()

shared = [kind for kind in access.KINDS if kind in leader.shared]
hidden = [kind for kind in access.KINDS if kind not in leader.shared]
if not shared:
    st.info(ctx.t("coachees.shares_nothing"), icon=":material/visibility_off:")
elif hidden:
    st.caption(ctx.t("coachees.not_shared", kinds=", ".join(ctx.t(f"privacy.kind_{k}") for k in hidden)))
names = ["sessions", "agreement", *shared]
tabs = dict(zip(names, st.tabs([ctx.t("workspace.tab_sessions"), ctx.t("workspace.tab_agreement")]
                               + [ctx.t(f"privacy.kind_{kind}") for kind in shared],
                               on_change="rerun", key=f"workspace.view.{leader.leader_id}")))

# -- sessions -----------------------------------------------------------------------------------

if tabs["sessions"].open:
    with tabs["sessions"]:
        log = sessions.logbook(db, coach, leader.pairing_id, today)
        upcoming = sessions.next_session(log, today)
        current = agreements.current(db, coach, leader.pairing_id, today)
        if upcoming is None:
            last = max((s.held_on for s in log), default=None)
            every = current.terms.every_weeks if current else 2
            suggested = max(today, last + dt.timedelta(weeks=every)) if last else today
            with st.expander(ctx.t("workspace.plan_session"), icon=":material/event:", expanded=True):
                with st.form("workspace.plan", border=False):
                    held_on = st.date_input(ctx.t("sessions.field_date"), value=suggested, format=date_format)
                    phase = st.segmented_control(ctx.t("sessions.field_phase"), sessions.PHASES, default=log[0].phase if log else 1,
                                                 format_func=lambda p: ctx.t(f"phase.{p}.name"), required=True)
                    goal = st.text_input(ctx.t("sessions.field_goal"), max_chars=MAX_TEXT_CHARS)
                    success = st.text_input(ctx.t("sessions.field_success"), max_chars=MAX_TEXT_CHARS)
                    if st.form_submit_button(ctx.t("workspace.plan"), type="primary", icon=":material/event_available:"):
                        gate.submit(sessions.plan, db, coach, leader.pairing_id, SessionInput(held_on, phase, goal, success), today,
                                    success="workspace.planned")
        else:
            coaching_views.next_session_for_coach(ctx, leader, upcoming, today)
        earlier = [s for s in log if s != upcoming]
        if earlier:
            st.subheader(ctx.t("workspace.earlier"), anchor=False)
            coaching_views.session_history(ctx, coach, leader.pairing_id, earlier, today, leader.name)

# -- the coaching agreement -------------------------------------------------------------------

if tabs["agreement"].open:
    with tabs["agreement"]:
        versions = agreements.versions(db, coach, leader.pairing_id, today)
        if versions:
            coaching_views.agreement(ctx, versions[0])
            if len(versions) > 1:
                with st.expander(ctx.t("workspace.agreement_history")):
                    for older in versions[1:]:
                        coaching_views.agreement(ctx, older)
        else:
            st.info(ctx.t("workspace.no_agreement"), icon=":material/handshake:")
        base = versions[0].terms if versions else Terms(max(today, leader.starts_on), leader.ends_on)
        with st.expander(ctx.t("workspace.propose_change" if versions else "workspace.propose"), icon=":material/edit:",
                         expanded=not versions):
            with st.form("workspace.agreement", border=False):
                left, right = st.columns(2)
                starts_on = left.date_input(ctx.t("agreements.field_starts"), value=base.starts_on, format=date_format)
                ends_on = right.date_input(ctx.t("agreements.field_ends"), value=base.ends_on, format=date_format)
                every_weeks = left.number_input(ctx.t("agreements.field_every_weeks"), min_value=1, max_value=12, value=base.every_weeks)
                minutes = right.number_input(ctx.t("agreements.field_session_minutes"), min_value=15, max_value=240, step=15,
                                             value=base.session_minutes)
                meeting = st.segmented_control(ctx.t("agreements.field_meeting"), agreements.MEETINGS, default=base.meeting,
                                               format_func=lambda m: ctx.t(f"agreements.meeting_{m}"), required=True)
                texts = {name: st.text_area(ctx.t(f"agreements.field_{name}"), value=getattr(base, name), max_chars=MAX_TEXT_CHARS,
                                            height=90) for name in agreements.TEXTS}
                if st.form_submit_button(ctx.t("workspace.send_agreement", name=plain(leader.name)), type="primary", icon=":material/send:"):
                    terms = Terms(starts_on, ends_on, int(every_weeks), int(minutes), meeting, **texts)
                    gate.submit(agreements.propose, db, coach, leader.pairing_id, terms, today, success="workspace.agreement_sent")

# -- what the coachee shares -------------------------------------------------------------------

for kind in shared:
    if tabs[kind].open:
        with tabs[kind]:
            coaching_views.shared_content(ctx, kind, leader.leader_id, today)
