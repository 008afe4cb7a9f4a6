"""The action plan (phase 4): per goal, what I will do, how often, when, the obstacles I
expect and the support I will use; a timeline of the whole plan and a calendar export."""

import datetime as dt

import streamlit as st

from coaching import actions, calendar_export, charts
from coaching.actions import CADENCES, ActionInput
from coaching.errors import KoersError
from coaching.validation import MAX_TEXT_CHARS, MAX_TITLE_CHARS
from coaching.i18n import format_date
from coaching.ui import cached, gate
from coaching.ui.text import plain

ctx = gate.context()
db, me, lang = ctx.db, ctx.identity, ctx.language
date_format = "DD-MM-YYYY" if lang == "nl" else "YYYY-MM-DD"
WEEKDAYS = range(1, 8)

st.title(ctx.t("plan.title"))
st.caption(ctx.t("plan.intro"))
gate.show_flash()

my_goals = [g for g in cached.list_goals(db, me) if g.status not in ("achieved", "dropped")]
if not my_goals:
    st.info(ctx.t("plan.no_goals"), icon=":material/flag:")
    st.page_link("pages/leader/goals.py", label=ctx.t("plan.to_goals"), icon=":material/flag:")
    st.stop()

goal_ids = [g.id for g in my_goals]
chosen_id = st.session_state.get("plan.goal")
goal_id = st.selectbox(
    ctx.t("plan.goal"), goal_ids, index=goal_ids.index(chosen_id) if chosen_id in goal_ids else 0,
    format_func=lambda gid: next(g.title for g in my_goals if g.id == gid), key="plan.goal_choice",
)
st.session_state["plan.goal"] = goal_id
goal = next(g for g in my_goals if g.id == goal_id)
if goal.measure:
    st.text(ctx.t("goals.measure_label") + " " + goal.measure)


def describe(action: actions.Action) -> str:
    if action.cadence == "once":
        rhythm = ctx.t("plan.cadence_once")
    elif action.cadence == "weekly":
        rhythm = ctx.t("plan.times_a_week", times=action.times_per_week)
    else:
        rhythm = ", ".join(ctx.t(f"weekday.{d}") for d in action.weekdays)
    period = format_date(action.start_date, lang, "medium")
    if action.due_date:
        period += " – " + format_date(action.due_date, lang, "medium")
    return f"{rhythm} · {period}"


def action_form(key: str, cadence: str, action: actions.Action | None = None) -> ActionInput | None:
    with st.form(key, border=False, enter_to_submit=False):
        title = st.text_input(ctx.t("actions.field_title"), value=action.title if action else "", max_chars=MAX_TITLE_CHARS,
                              placeholder=ctx.t("plan.title_placeholder"))
        times, days = None, ()
        if cadence == "weekly":
            times = st.number_input(ctx.t("plan.times"), min_value=1, max_value=7, step=1,
                                    value=(action.times_per_week or 1) if action else 2)
        elif cadence == "weekdays":
            days = st.pills(ctx.t("plan.weekdays"), WEEKDAYS, selection_mode="multi",
                            default=list(action.weekdays) if action else [1], format_func=lambda d: ctx.t(f"weekday_pill.{d}"))
        left, right = st.columns(2)
        start = left.date_input(ctx.t("actions.field_start"), value=action.start_date if action else ctx.today(), format=date_format)
        due = right.date_input(ctx.t("actions.field_due"), value=action.due_date if action else goal.target_date, format=date_format)
        obstacles = st.text_area(ctx.t("actions.field_obstacles"), value=action.obstacles if action else "", max_chars=MAX_TEXT_CHARS,
                                 height=80, placeholder=ctx.t("plan.obstacles_placeholder"))
        support = st.text_area(ctx.t("actions.field_support"), value=action.support if action else "", max_chars=MAX_TEXT_CHARS,
                               height=80, placeholder=ctx.t("plan.support_placeholder"))
        if st.form_submit_button(ctx.t("plan.save"), type="primary", icon=":material/save:"):
            return ActionInput(title, cadence, times, tuple(days or ()), start, due, obstacles, support)
    return None


def save(make) -> None:
    try:
        make()
    except KoersError as error:
        st.error(ctx.explain(error), icon=":material/error:")
        return
    gate.flash("plan.saved", kind="success")
    st.rerun()


# -- the actions of this goal -------------------------------------------------------------

everything = cached.actions(db, me)
plan = [a for a in everything if a.goal_id == goal_id]
st.subheader(ctx.t("plan.actions", count=len(plan)), anchor=False)
if not plan:
    st.write(ctx.t("plan.no_actions"))

for action in plan:
    with st.container(border=True):
        head, status = st.columns([4, 1], vertical_alignment="center")
        head.markdown(f"**{plain(action.title)}**")
        head.caption(describe(action))
        status.selectbox(
            ctx.t("plan.status"), actions.STATUSES, index=actions.STATUSES.index(action.status),
            format_func=lambda s: ctx.t(f"plan.status_{s}"), key=f"action.status.{action.id}", label_visibility="collapsed",
            on_change=lambda aid=action.id: gate.attempt(
                actions.set_status, db, me, aid, st.session_state[f"action.status.{aid}"], ctx.today(), success="plan.saved"
            ),
        )
        if action.is_overdue(ctx.today()):
            st.warning(ctx.t("plan.overdue", date=format_date(action.due_date, lang)), icon=":material/schedule:")
        if action.obstacles:
            st.text(ctx.t("plan.obstacles_label") + " " + action.obstacles)
        if action.support:
            st.text(ctx.t("plan.support_label") + " " + action.support)
        # A closed editor draws nothing (a lazy expander): a form per action on every rerun
        # was most of this page's time.
        editor = st.expander(ctx.t("plan.edit"), key=f"action.editor.{action.id}", on_change="rerun")
        if editor.open:
            with editor:
                cadence = st.segmented_control(
                    ctx.t("plan.cadence"), CADENCES, default=action.cadence, required=True,
                    format_func=lambda c: ctx.t(f"plan.cadence_{c}"), key=f"action.cadence.{action.id}",
                )
                entered = action_form(f"action.edit.{action.id}", cadence, action)
                if entered is not None:
                    save(lambda aid=action.id, entered=entered: actions.update_action(db, me, aid, entered, ctx.today()))
                st.button(
                    ctx.t("plan.remove"), key=f"action.remove.{action.id}", icon=":material/archive:", on_click=gate.attempt,
                    args=(actions.remove_action, db, me, action.id), kwargs={"success": "plan.removed"},
                    help=ctx.t("plan.remove_help"),
                )

with st.container(border=True):
    st.subheader(ctx.t("plan.new"), anchor=False)
    cadence = st.segmented_control(
        ctx.t("plan.cadence"), CADENCES, default="weekly", required=True,
        format_func=lambda c: ctx.t(f"plan.cadence_{c}"), key="action.new.cadence",
    )
    # Each saved action gets a fresh, empty form; a refused one keeps what was typed.
    entered = action_form(f"action.new.{st.session_state.get('plan.saved_count', 0)}", cadence)
    if entered is not None:
        def create() -> None:
            actions.create_action(db, me, goal_id, entered, ctx.today())
            st.session_state["plan.saved_count"] = st.session_state.get("plan.saved_count", 0) + 1

        save(create)

# -- the whole plan -----------------------------------------------------------------------

st.subheader(ctx.t("plan.timeline"), anchor=False)
window = cached.windows(db, me)
today = ctx.today()
spans = []
for g in my_goals:
    its_actions = [a for a in everything if a.goal_id == g.id and a.status != "dropped"]
    started = min([g.created_at.date(), *(a.start_date for a in its_actions)])  # from its first action, if earlier
    spans.append(charts.Span(g.title, started, max(g.target_date or today, started), "goal"))
    for a in its_actions:
        end = window.get(a.id, (a.start_date, None))[1] or max(today, a.start_date) + dt.timedelta(weeks=4)
        spans.append(charts.Span("· " + a.title, a.start_date, max(end, a.start_date), "action"))
st.plotly_chart(
    cached.figure(charts.timeline, spans, today, {"goal": ctx.t("plan.legend_goal"), "action": ctx.t("plan.legend_action")},
                  ctx.t("plan.today"), ctx.look),
    key="plan.timeline",
)

labels = {
    "calendar_name": ctx.t("plan.calendar_name"), "times_this_week": ctx.t("plan.calendar_times"),
    "goal_due": ctx.t("plan.calendar_goal"), "action_due": ctx.t("plan.calendar_due"),
}
st.download_button(
    ctx.t("plan.export"),
    # read and made only when clicked: every goal and action, archived ones too, so that a
    # calendar that imported them before takes out what no longer stands
    data=lambda: calendar_export.plan_calendar(calendar_export.read_plan(db, me), labels, dt.datetime.now(dt.timezone.utc)),
    file_name="koers-plan.ics",
    mime="text/calendar",
    icon=":material/calendar_month:",
    on_click="ignore",  # a download changes nothing on the page: no rerun beside the file being made
)
st.caption(ctx.t("plan.export_help"))
