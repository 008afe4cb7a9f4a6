"""The weekly tracker (phase 5): one ISO week per screen. Tick what you did, reflect on the
week, and see your progress: completion, streaks, strength per action, the heatmap, energy
and stress, and what is overdue or slipping."""

import datetime as dt

import pandas as pd
import streamlit as st

from coaching import charts, tracker, weeks
from coaching.actions import list_actions
from coaching.validation import MAX_TEXT_CHARS
from coaching.i18n import format_date
from coaching.tracker import Reflection
from coaching.ui import cached, gate
from coaching.ui.text import plain
from coaching.ui.widgets import done_text

ctx = gate.context()
db, me, lang = ctx.db, ctx.identity, ctx.language
today = ctx.today()
this_week = weeks.week_start(today)

st.title(ctx.t("tracker.title"))
gate.show_flash()

# -- which week ---------------------------------------------------------------------------

monday = st.session_state.get("tracker.week", this_week)


def go_to(target: dt.date) -> None:
    st.session_state["tracker.week"] = target


nav = st.columns([1, 1, 1, 4], vertical_alignment="center")
nav[0].button(ctx.t("tracker.previous"), icon=":material/chevron_left:", on_click=go_to, args=(weeks.shift(monday, -1),), width="stretch")
nav[1].button(ctx.t("tracker.this_week"), on_click=go_to, args=(this_week,), disabled=monday == this_week, width="stretch")
nav[2].button(ctx.t("tracker.next"), icon=":material/chevron_right:", on_click=go_to, args=(weeks.shift(monday, 1),), width="stretch")
sunday = monday + dt.timedelta(days=6)
nav[3].markdown(
    "**" + ctx.t("tracker.week_label", week=monday.isocalendar()[1], start=format_date(monday, lang, "medium"),
                 end=format_date(sunday, lang, "medium")) + "**"
)
future = monday > this_week
if future:
    st.info(ctx.t("tracker.future"), icon=":material/event_upcoming:")

# -- days away ----------------------------------------------------------------------------

away_key = f"tracker.away.{monday.isoformat()}"


def save_away() -> None:
    gate.attempt(tracker.set_away, db, me, monday, st.session_state[away_key] or [], today, success="tracker.away_saved")


st.pills(
    ctx.t("tracker.away"), range(1, 8), selection_mode="multi", default=tracker.away_days(db, me, monday),
    format_func=lambda d: ctx.t(f"weekday.{d}"), key=away_key, on_change=save_away, help=ctx.t("tracker.away_help"),
)

# -- what I did this week -----------------------------------------------------------------

history = cached.history(db, me, today)
rows = tracker.week_rows(db, me, monday, history)
all_actions = list_actions(db, me)
day_columns = [ctx.t(f"weekday.{d}") for d in range(1, 8)]


def done_cell(row: tracker.WeekRow) -> str:
    if row.action.cadence == "once" and not row.target and not row.extra and row.action.due_date:
        return ctx.t("tracker.due_on", date=format_date(row.action.due_date, lang, "medium"))
    return done_text(ctx, row.done, row.target, row.extra)


if not rows:
    if all_actions:
        st.info(ctx.t("tracker.nothing_planned"), icon=":material/event_available:")
    else:
        st.info(ctx.t("tracker.no_actions"), icon=":material/checklist:")
        st.page_link("pages/leader/plan.py", label=ctx.t("tracker.to_plan"), icon=":material/route:")
else:
    table = pd.DataFrame(
        {
            ctx.t("tracker.col_goal"): [r.goal_title for r in rows],
            ctx.t("tracker.col_action"): [r.action.title for r in rows],
            **{name: [d in r.days for r in rows] for d, name in enumerate(day_columns, start=1)},
            ctx.t("tracker.col_done"): [done_cell(r) for r in rows],
        }
    )
    editor_key = f"tracker.editor.{monday.isoformat()}.{st.session_state.get('tracker.saves', 0)}"

    def save_ticks() -> None:
        """Save each changed cell on its own: one day of one action."""
        for row_number, changes in st.session_state[editor_key]["edited_rows"].items():
            action_id = rows[int(row_number)].action.id
            for column, ticked in changes.items():
                if column in day_columns:
                    gate.attempt(tracker.set_day, db, me, action_id, monday, day_columns.index(column) + 1, bool(ticked), today)
        # A fresh editor drawn from what is stored, so that a refused tick does not linger.
        st.session_state["tracker.saves"] = st.session_state.get("tracker.saves", 0) + 1

    locked_days = [name for d, name in enumerate(day_columns) if monday + dt.timedelta(days=d) > today]
    st.data_editor(
        table,
        key=editor_key,
        on_change=save_ticks,
        hide_index=True,
        width="stretch",
        disabled=[ctx.t("tracker.col_goal"), ctx.t("tracker.col_action"), ctx.t("tracker.col_done"), *locked_days],
        column_config={
            ctx.t("tracker.col_goal"): st.column_config.TextColumn(width="small"),
            ctx.t("tracker.col_action"): st.column_config.TextColumn(width="medium"),
            ctx.t("tracker.col_done"): st.column_config.TextColumn(width="small", help=ctx.t("tracker.done_help")),
            **{name: st.column_config.CheckboxColumn(name, width="small") for name in day_columns},
        },
    )
    st.caption(ctx.t("tracker.editor_help"))

# -- progress -----------------------------------------------------------------------------

week_done = tracker.completion(history, monday)
overall = tracker.completion(history)
current_streak, longest_streak = tracker.streaks(history, this_week)
numbers = st.columns(4)
numbers[0].metric(ctx.t("tracker.this_week_done"), done_text(ctx, week_done.done, week_done.target, week_done.extra), border=True)
numbers[1].metric(ctx.t("tracker.overall_done"), done_text(ctx, overall.done, overall.target, overall.extra), border=True,
                  help=ctx.t("tracker.overall_help"))
numbers[2].metric(ctx.t("tracker.streak"), ctx.t_count("tracker.weeks", current_streak), border=True, help=ctx.t("tracker.streak_help"))
numbers[3].metric(ctx.t("tracker.longest"), ctx.t_count("tracker.weeks", longest_streak), border=True)

# Per goal, this week and over all weeks.
goal_titles = {r.action.goal_id: r.goal_title for r in rows}
if goal_titles:
    this_week_by_goal = tracker.completion(history, monday, by="goal_id")
    overall_by_goal = tracker.completion(history, by="goal_id")
    none = tracker.Completion(0, 0)
    for goal_id, title in goal_titles.items():
        week_part, all_part = this_week_by_goal.get(goal_id, none), overall_by_goal.get(goal_id, none)
        st.markdown(
            f"**{plain(title)}** · "
            + ctx.t("tracker.per_goal", week=done_text(ctx, week_part.done, week_part.target, week_part.extra),
                    overall=done_text(ctx, all_part.done, all_part.target, all_part.extra))
        )

# -- reflection ---------------------------------------------------------------------------

with st.expander(ctx.t("tracker.reflection"), icon=":material/edit_note:", expanded=not future):
    saved = tracker.reflection(db, me, monday)
    with st.form(f"reflection.{monday.isoformat()}", border=False, enter_to_submit=False):
        went_well = st.text_area(ctx.t("tracker.went_well"), saved.went_well, max_chars=MAX_TEXT_CHARS, height=70)
        learned = st.text_area(ctx.t("tracker.learned"), saved.learned, max_chars=MAX_TEXT_CHARS, height=70)
        differently = st.text_area(ctx.t("tracker.do_differently"), saved.do_differently, max_chars=MAX_TEXT_CHARS, height=70)
        left, right = st.columns(2)
        energy = left.segmented_control(ctx.t("tracker.energy"), [1, 2, 3, 4, 5], default=saved.energy, help=ctx.t("tracker.energy_help"))
        stress = right.segmented_control(ctx.t("tracker.stress"), [1, 2, 3, 4, 5], default=saved.stress, help=ctx.t("tracker.stress_help"))
        for_coach = st.text_area(ctx.t("tracker.for_coach"), saved.for_coach, max_chars=MAX_TEXT_CHARS, height=70)
        if st.form_submit_button(ctx.t("tracker.save_reflection"), type="primary", disabled=future, icon=":material/save:"):
            entry = Reflection(went_well, learned, differently, energy, stress, for_coach)
            gate.submit(tracker.save_reflection, db, me, monday, entry, today, success="tracker.reflection_saved")

# -- over time ----------------------------------------------------------------------------

titles = {a.id: a.title for a in all_actions}

# Only the open tab is computed (on_change="rerun" makes the tabs lazy). What needs attention
# comes first: it is what to act on, and it is the cheapest to draw on every rerun.
attention_tab, strength_tab, heat_tab, wellbeing_tab = st.tabs(
    [ctx.t("tracker.attention_tab"), ctx.t("tracker.strength_tab"), ctx.t("tracker.heatmap_tab"), ctx.t("tracker.wellbeing_tab")],
    on_change="rerun",
    key="tracker.view",
)
if strength_tab.open:
    with strength_tab:
        scores = tracker.strength(history, today)
        per_action = tracker.completion(history, by="action_id")
        if scores:
            st.dataframe(
                pd.DataFrame(
                    {
                        ctx.t("tracker.col_action"): [titles.get(a, "?") for a in scores],
                        ctx.t("tracker.col_strength"): [round(s * 100) for s in scores.values()],
                        ctx.t("tracker.col_overall"): [done_text(ctx, per_action[a].done, per_action[a].target, per_action[a].extra)
                                                       for a in scores],
                    }
                ).sort_values(ctx.t("tracker.col_strength"), ascending=False),
                hide_index=True,
                column_config={ctx.t("tracker.col_strength"): st.column_config.ProgressColumn(min_value=0, max_value=100, format="%d")},
            )
            st.caption(ctx.t("tracker.strength_help"))
        else:
            st.write(ctx.t("tracker.nothing_yet"))
if heat_tab.open:
    with heat_tab:
        grid = tracker.heatmap(history, min(monday, this_week))
        if len(grid):
            st.plotly_chart(
                charts.week_heatmap(grid, [titles.get(a, "?") for a in grid.index], ctx.t("tracker.done_word"), ctx.look),
                key="tracker.heatmap",
            )
        else:
            st.write(ctx.t("tracker.nothing_yet"))
if wellbeing_tab.open:
    with wellbeing_tab:
        feelings = tracker.reflections(db, me)
        if len(feelings):
            st.plotly_chart(charts.wellbeing(feelings, {"energy": ctx.t("tracker.energy"), "stress": ctx.t("tracker.stress")}, ctx.look),
                            key="tracker.wellbeing")
        else:
            st.write(ctx.t("tracker.nothing_yet"))
if attention_tab.open:
    with attention_tab:
        overdue = [a for a in all_actions if a.is_overdue(today)]
        slipping = tracker.slipping(history, this_week)
        if not overdue and not slipping:
            st.success(ctx.t("tracker.all_on_track"), icon=":material/check_circle:")
        for action in overdue:
            st.warning(ctx.t("tracker.overdue", title=plain(action.title), date=format_date(action.due_date, lang)), icon=":material/schedule:")
        for action_id in slipping:
            st.warning(ctx.t("tracker.slipping", title=plain(titles.get(action_id, "?"))), icon=":material/trending_down:")
