"""Home: the one next step, this week at a glance, and where the leader stands."""

import streamlit as st

from coaching import assessments, journey, profile, tracker, weeks
from coaching.i18n import format_date, format_number
from coaching.ui import cached, gate
from coaching.ui.text import plain
from coaching.ui.widgets import done_text, tracker_reflection_key

OVERDUE_SHOWN = 3  # the rest are one click away, on the tracker's "Needs attention"
STEP_ICONS = {
    "continue_draft": ":material/edit_note:",
    "first_assessment": ":material/checklist:",
    "first_goal": ":material/flag:",
    "plan_actions": ":material/route:",
    "last_week": ":material/history:",
    "new_round": ":material/checklist:",
    "this_week": ":material/calendar_view_week:",
    "reflect": ":material/edit_note:",
    "progress": ":material/trending_up:",
}

ctx = gate.context()
db, me, framework, lang = ctx.db, ctx.identity, ctx.framework, ctx.language
today = ctx.today()
this_week = weeks.week_start(today)

st.title(ctx.t("home.title"))
st.caption(ctx.t("home.tagline"))
gate.show_flash()

rounds = cached.profiles(db, me, framework)
draft = cached.current_draft(db, me)
history = cached.history(db, me, today)
rows = cached.week_rows(db, me, this_week, today)
active_goals = [g for g in cached.list_goals(db, me) if g.status == "active"]
actions = cached.actions(db, me)
live = [a for a in actions if a.status == "active" and a.goal_id in {g.id for g in active_goals}]
without_actions = [g for g in active_goals if g.id not in {a.goal_id for a in live}]
week = tracker.completion(history, this_week)
week_complete = week.target > 0 and week.done >= week.target

step = journey.next_step(journey.Situation(
    has_draft=draft is not None,
    rounds=len(rounds),
    last_round_on=rounds[-1].round.assessed_on if rounds else None,
    active_goals=len(active_goals),
    live_actions=len(live),
    last_week_open=tracker.needs_last_week(db, me, today, history),
    week_complete=week_complete,
    # Only a week done asks for its reflection: read it only then (one statement less per run).
    week_reflected=week_complete and not cached.reflection(db, me, this_week).is_empty,
    today=today,
))

# -- the next step: the most prominent thing on the page ---------------------------------

with st.container(border=True):
    st.subheader(ctx.t("home.next_step"), anchor=False)
    answered = len(assessments.answers(db, me, draft.id).ratings) if draft else 0
    st.write(ctx.t(
        f"home.step.{step.kind}",
        date=format_date(draft.assessed_on if draft else rounds[-1].round.assessed_on if rounds else today, lang),
        done=answered, total=len(framework.behaviours), week_done=week.done, week_target=week.target,
        goal=plain(without_actions[0].title) if without_actions else "",
    ))
    if st.button(ctx.t(f"home.do.{step.kind}"), type="primary", icon=STEP_ICONS[step.kind], key="home.next"):
        if step.kind == "plan_actions":
            st.session_state["plan.goal"] = without_actions[0].id
        if step.kind == "last_week":
            st.session_state["tracker.week"] = this_week - weeks.ONE_WEEK
        if step.kind == "reflect":  # the tracker with its reflection open
            st.session_state["tracker.week"] = this_week
            st.session_state[tracker_reflection_key(this_week)] = True
        st.switch_page(step.page)
    if rounds:
        latest = rounds[-1]
        st.caption(ctx.t_count("home.rounds_summary", len(rounds), date=format_date(latest.round.assessed_on, lang)))
        top = profile.strengths(latest.scores, 1)
        areas = profile.development_areas(latest.scores, latest.targets, 1)
        if top:
            name = framework.competency(top[0][0]).name(lang)
            st.write(ctx.t("home.top_strength", name=name, score=format_number(top[0][1], lang)))
        if areas:
            st.write(ctx.t("home.top_area", name=framework.competency(areas[0][0]).name(lang)))
        with st.container(horizontal=True):
            st.page_link("pages/leader/profile.py", label=ctx.t("home.see_profile"), icon=":material/radar:")
            if step.kind not in ("continue_draft", "new_round"):
                st.page_link("pages/leader/assessment.py", label=ctx.t("home.new_round"), icon=":material/checklist:")

# -- this week ------------------------------------------------------------------------------

if rows or rounds:
    with st.container(border=True):
        st.subheader(ctx.t("home.this_week"), anchor=False)
        if not rows:
            st.write(ctx.t("home.no_week"))
        else:
            current = cached.progress(db, me, today).current_streak
            st.caption(
                ctx.t("tracker.this_week_done") + ": " + done_text(ctx, week.done, week.target, week.extra)
                + " · " + ctx.t("tracker.streak") + ": " + ctx.t_count("tracker.weeks", current)
            )
            # A line per action, in one element: a long week costs one element, not one each.
            st.markdown("  \n".join(
                (":material/check_circle:" if row.target and row.done >= row.target else ":material/radio_button_unchecked:")
                + f" {plain(row.action.title)} · {done_text(ctx, row.done, row.target, row.extra)}"
                for row in rows
            ))
            overdue = [a for a in actions if a.is_overdue(today)]
            if overdue:
                st.warning("\n".join(
                    [ctx.t("tracker.overdue_heading")]
                    + ["- " + ctx.t("tracker.overdue", title=plain(a.title), date=format_date(a.due_date, lang)) for a in overdue[:OVERDUE_SHOWN]]
                ), icon=":material/schedule:")
            if len(overdue) > OVERDUE_SHOWN:
                st.caption(ctx.t("home.more_overdue", count=len(overdue) - OVERDUE_SHOWN))
            if step.kind not in ("this_week", "last_week", "reflect"):
                st.page_link("pages/leader/tracker.py", label=ctx.t("home.to_tracker"), icon=":material/calendar_view_week:")

# -- the next coaching session (a leader with a coach) ----------------------------------------

coming = cached.my_next_session(db, me, today)
if coming:
    session, coach_name = coming
    with st.container(border=True):
        st.subheader(ctx.t("home.next_session"), anchor=False)
        st.write(ctx.t("home.next_session_with", date=format_date(session.held_on, lang), name=plain(coach_name)))
        if session.goal:
            st.caption(plain(session.goal))
        if ctx.team_mode or gate.in_demo():  # where "My coaching" is in the menu
            st.page_link("pages/leader/coaching.py", label=ctx.t("home.to_coaching"), icon=":material/forum:")

with st.expander(ctx.t("home.phases_title"), icon=":material/route:"):
    st.markdown("\n".join(f"{number}. **{ctx.t(f'phase.{number}.name')}** — {ctx.t(f'phase.{number}.about')}" for number in range(1, 6)))

# -- the demo: one click away, never in the way of the next step ---------------------------

if not gate.in_demo():
    with st.container(border=True):
        st.markdown(f"**{ctx.t('demo.title')}**")
        st.caption(ctx.t("demo.about"))
        st.button(ctx.t("demo.open"), on_click=gate.enter_demo, icon=":material/theater_comedy:", key="demo.open")
