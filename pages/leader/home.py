"""Home: where the leader stands in the programme and what to do next."""

import streamlit as st

from coaching import assessments, demo, profile, tracker, weeks
from coaching.actions import list_actions
from coaching.i18n import format_date, format_number
from coaching.ui import cached, gate
from coaching.ui.text import plain
from coaching.ui.widgets import done_text

OVERDUE_SHOWN = 3  # the rest are one click away, on the tracker's "Needs attention"

ctx = gate.context()
lang = ctx.language

st.title(ctx.t("home.title"))
st.write(ctx.t("home.tagline"))
gate.show_flash()

rounds = profile.profiles(ctx.db, ctx.identity, ctx.framework)
draft = assessments.current_draft(ctx.db, ctx.identity)

stats = st.columns(3)
stats[0].metric(ctx.t("home.rounds"), len(rounds), border=True)
stats[1].metric(
    ctx.t("home.last_round"), format_date(rounds[-1].round.assessed_on, lang, "medium") if rounds else "—", border=True
)
answered = len(assessments.answers(ctx.db, ctx.identity, draft.id).ratings) if draft else 0
stats[2].metric(
    ctx.t("home.draft"),
    ctx.t("home.draft_progress", done=answered, total=len(ctx.framework.behaviours)) if draft else "—",
    border=True,
)

today = ctx.today()
this_week = weeks.week_start(today)
history = cached.history(ctx.db, ctx.identity, today)
rows = tracker.week_rows(ctx.db, ctx.identity, this_week, history)

# The week beside the next step, once there is a profile to plan from or a plan to follow.
next_step, week = st.columns(2, gap="medium") if rows or rounds else (st.container(), None)
with next_step.container(border=True):
    st.subheader(ctx.t("home.next_step"), anchor=False)
    if draft:
        st.write(ctx.t("home.continue_draft", date=format_date(draft.assessed_on, lang)))
        st.page_link("pages/leader/assessment.py", label=ctx.t("home.continue"), icon=":material/edit_note:")
    elif not rounds:
        st.write(ctx.t("home.first_step"))
        st.page_link("pages/leader/assessment.py", label=ctx.t("home.take_first"), icon=":material/checklist:")
    else:
        latest = rounds[-1]
        top = profile.strengths(latest.scores, 1)
        areas = profile.development_areas(latest.scores, latest.targets, 1)
        if top:
            name = ctx.framework.competency(top[0][0]).name(lang)
            st.write(ctx.t("home.top_strength", name=name, score=format_number(top[0][1], lang)))
        if areas:
            st.write(ctx.t("home.top_area", name=ctx.framework.competency(areas[0][0]).name(lang)))
        st.page_link("pages/leader/profile.py", label=ctx.t("home.see_profile"), icon=":material/radar:")
        st.page_link("pages/leader/assessment.py", label=ctx.t("home.new_round"), icon=":material/checklist:")

# -- this week ------------------------------------------------------------------------------

if rows:
    with week.container(border=True):
        st.subheader(ctx.t("home.this_week"), anchor=False)
        if tracker.needs_last_week(ctx.db, ctx.identity, today, history):
            st.warning(ctx.t("home.nudge"), icon=":material/notification_important:")
        current, longest = tracker.streaks(history, this_week)
        done = tracker.completion(history, this_week)
        numbers = st.columns(2)
        numbers[0].metric(ctx.t("tracker.this_week_done"), done_text(ctx, done.done, done.target, done.extra))
        numbers[1].metric(ctx.t("tracker.streak"), ctx.t_count("tracker.weeks", current), help=ctx.t("home.longest", count=longest))
        for row in rows:
            mark = ":material/check_circle:" if row.target and row.done >= row.target else ":material/radio_button_unchecked:"
            st.markdown(f"{mark} {plain(row.action.title)} · {done_text(ctx, row.done, row.target, row.extra)}")
        overdue = [a for a in list_actions(ctx.db, ctx.identity) if a.is_overdue(today)]
        for action in overdue[:OVERDUE_SHOWN]:
            st.warning(ctx.t("tracker.overdue", title=plain(action.title), date=format_date(action.due_date, lang)), icon=":material/schedule:")
        if len(overdue) > OVERDUE_SHOWN:
            st.caption(ctx.t("home.more_overdue", count=len(overdue) - OVERDUE_SHOWN))
        st.page_link("pages/leader/tracker.py", label=ctx.t("home.to_tracker"), icon=":material/calendar_view_week:")
elif week is not None:
    with week.container(border=True):
        st.subheader(ctx.t("home.this_week"), anchor=False)
        st.write(ctx.t("home.no_week"))
        st.page_link("pages/leader/goals.py", label=ctx.t("home.to_goals"), icon=":material/flag:")

with st.expander(ctx.t("home.phases_title"), icon=":material/route:"):
    for number in range(1, 6):
        st.markdown(f"**{number}. {ctx.t(f'phase.{number}.name')}** — {ctx.t(f'phase.{number}.about')}")

if not gate.in_demo():
    with st.container(border=True):
        st.subheader(ctx.t("demo.title"), anchor=False)
        st.write(ctx.t("demo.about"))

        def open_demo() -> None:
            if gate.attempt(demo.ensure_demo, ctx.db, ctx.framework, ctx.today(), ctx.viewer if ctx.team_mode else None):
                gate.enter_demo()

        st.button(ctx.t("demo.open"), on_click=open_demo, icon=":material/theater_comedy:", key="demo.open")
