"""My coachees: every coachee at a glance, sortable (the phase, the last activity, this week,
whether the coaching stalled, the next session, goals at risk), with the rules that decide
them stated on the screen. A click on a row opens that coachee's workspace."""

import pandas as pd
import streamlit as st

from coaching import caseload, sessions
from coaching.i18n import format_date
from coaching.ui import cached, gate
from coaching.ui.text import plain

ctx = gate.context()
coach, lang = ctx.viewer, ctx.language
today = ctx.today()

st.title(ctx.t("coachees.title"))
st.caption(ctx.t("coachees.intro"))
gate.show_flash()

rows = cached.caseload(ctx.db, coach, today)
if not rows:
    st.info(ctx.t("coachees.none"), icon=":material/group_off:")
    st.stop()

# -- today's sessions: what a coach with several sessions a day opens first ----------------------


def open_coachee(row: caseload.CoacheeRow, live: bool = False) -> None:
    st.session_state["workspace.leader"] = row.leader_id
    if live:
        gate.attempt(sessions.start_live, ctx.db, coach, row.pairing_id, today)


today_rows = sorted((r for r in rows if r.next_session == today), key=lambda r: r.name.lower())
if today_rows:
    st.subheader(ctx.t("coachees.today"), anchor=False)
    for row in today_rows:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(f"**{plain(row.name)}** · {ctx.t(f'phase.{row.phase}.name')}")
            if st.button(ctx.t("coachees.open"), icon=":material/open_in_new:", key=f"coachees.open.{row.leader_id}"):
                open_coachee(row)
                st.switch_page("pages/coach/workspace.py")
            if st.button(ctx.t("workspace.start_live"), icon=":material/screen_share:", key=f"coachees.live.{row.leader_id}"):
                open_coachee(row, live=True)
                st.switch_page("pages/coach/workspace.py")
    st.subheader(ctx.t("coachees.everyone"), anchor=False)

not_shared = ctx.t("coachees.not_shared_short")
table = pd.DataFrame({
    "name": [r.name for r in rows],
    "phase": [r.phase for r in rows],
    "last": pd.to_datetime([r.last_activity for r in rows]),  # a missing date is empty (NaT), not "None"
    "week": [not_shared if r.week_target is None else ctx.t("tracker.of", done=r.week_done, target=r.week_target) if r.week_target
             else ctx.t("tracker.nothing_asked") for r in rows],
    "stalled": [r.stalled for r in rows],
    "next": pd.to_datetime([r.next_session for r in rows]),
    "risk": [r.goals_at_risk for r in rows],
})
# Sortable by any column (Streamlit's own), one click on a row opens that coachee; dates and
# numbers stay dates and numbers, so that they sort as such.
opened = st.session_state.get("coachees.opened", 0)  # a new table after each opening: no selection left over
picked = st.dataframe(
    table, hide_index=True, on_select="rerun", selection_mode="single-row", key=f"coachees.table.{opened}", height="content",
    column_config={
        "name": st.column_config.TextColumn(ctx.t("coachees.col_name")),
        "phase": st.column_config.NumberColumn(ctx.t("coachees.col_phase"), help=ctx.t("coachees.phase_rule"), format="%d"),
        "last": st.column_config.DateColumn(ctx.t("coachees.col_last"), format="D MMM YYYY"),
        "week": st.column_config.TextColumn(ctx.t("coachees.col_week")),
        "stalled": st.column_config.CheckboxColumn(ctx.t("coachees.col_stalled"),
                                                   help=ctx.t("coachees.stalled_rule", days=caseload.STALLED_AFTER_DAYS)),
        "next": st.column_config.DateColumn(ctx.t("coachees.col_next"), format="D MMM YYYY"),
        "risk": st.column_config.NumberColumn(ctx.t("coachees.col_risk"), format="%d",
                                              help=ctx.t("coachees.risk_rule", days=caseload.AT_RISK_WITHIN_DAYS,
                                                         percent=caseload.AT_RISK_BELOW_PERCENT)),
    },
)
st.caption(ctx.t("coachees.rules", days=caseload.STALLED_AFTER_DAYS, within=caseload.AT_RISK_WITHIN_DAYS,
                 percent=caseload.AT_RISK_BELOW_PERCENT))
if picked.selection.rows:
    st.session_state["workspace.leader"] = rows[picked.selection.rows[0]].leader_id
    st.session_state["coachees.opened"] = opened + 1
    st.switch_page("pages/coach/workspace.py")

stalled = [r for r in rows if r.stalled]
if stalled:
    st.warning(ctx.t_count("coachees.stalled_count", len(stalled), days=caseload.STALLED_AFTER_DAYS), icon=":material/hourglass_empty:")
upcoming = sorted((r for r in rows if r.next_session), key=lambda r: r.next_session)
if upcoming:
    st.caption(ctx.t("coachees.next_up", name=plain(upcoming[0].name), date=format_date(upcoming[0].next_session, lang)))
