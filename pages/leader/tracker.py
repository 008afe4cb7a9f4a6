"""The weekly tracker (phase 5): one ISO week per screen. Tick what you did, reflect on the
week, and see your progress: completion, streaks, strength per action, the heatmap, energy
and stress, and what is overdue or slipping."""

import datetime as dt
from itertools import groupby

import pandas as pd
import streamlit as st

from coaching import charts, tracker, weeks
from coaching.validation import MAX_TEXT_CHARS
from coaching.i18n import format_date
from coaching.tracker import Reflection
from coaching.ui import cached, gate
from coaching.ui.text import plain
from coaching.ui.widgets import done_text, tracker_reflection_key

ctx = gate.context()
db, me, lang = ctx.db, ctx.identity, ctx.language
today = ctx.today()
this_week = weeks.week_start(today)

st.title(ctx.t("tracker.title"))
gate.show_flash()

# -- which week ---------------------------------------------------------------------------

monday = st.session_state.get("tracker.week", this_week)
sunday = monday + dt.timedelta(days=6)
future = monday > this_week


def go_to(target: dt.date) -> None:
    st.session_state["tracker.week"] = target


# A row that wraps rather than stacks (st.columns would give each button a full-width row on
# a phone): the week, then the buttons beside it or, on a narrow screen, together on the next line.
with st.container(horizontal=True, vertical_alignment="center", gap="small"):
    st.markdown(
        "**" + ctx.t("tracker.week_label", week=monday.isocalendar()[1], start=format_date(monday, lang, "medium"),
                     end=format_date(sunday, lang, "medium")) + "**",
        width="content",
    )
    with st.container(horizontal=True, gap="xsmall", width="content"):
        st.button(ctx.t("tracker.previous"), icon=":material/chevron_left:", on_click=go_to, args=(weeks.shift(monday, -1),),
                  key="tracker.previous")
        st.button(ctx.t("tracker.next"), icon=":material/chevron_right:", icon_position="right", on_click=go_to,
                  args=(weeks.shift(monday, 1),), key="tracker.next")
        if monday != this_week:
            st.button(ctx.t("tracker.this_week"), icon=":material/today:", on_click=go_to, args=(this_week,),
                      key="tracker.to_this_week")
if future:
    st.info(ctx.t("tracker.future"), icon=":material/event_upcoming:")

# -- what I did this week -----------------------------------------------------------------

history = cached.history(db, me, today)
done_so_far = cached.progress(db, me, today)  # all weeks, per goal, streaks, slipping: kept with the history
rows = cached.week_rows(db, me, monday, today)
all_actions = cached.actions(db, me)
day_labels = {d: ctx.t(f"weekday_pill.{d}") for d in range(1, 8)}  # once, not once per pill
# Every save gives the day controls new keys, so that they are drawn from what is stored
# and a refused tick does not linger.
saves = st.session_state.get("tracker.saves", 0)


def done_cell(row: tracker.WeekRow) -> str:
    """What was done of what the week asks; for an action on chosen weekdays, also which days
    this week asks (the weekly rules' own: within its window, days away left out)."""
    if row.action.cadence == "once" and not row.target and not row.extra and row.action.due_date:
        return ctx.t("tracker.due_on", date=format_date(row.action.due_date, lang, "medium"))
    done = done_text(ctx, row.done, row.target, row.extra)
    if row.asked_days:
        return done + " · " + ", ".join(ctx.t(f"weekday.{d}") for d in row.asked_days)
    return done


def save_days(action_id: int, ticked: tuple[int, ...], key: str) -> None:
    """Save each day that changed on its own: one day of one action."""
    chosen = set(st.session_state[key] or ())
    for day in sorted(chosen.symmetric_difference(ticked)):
        gate.attempt(tracker.set_day, db, me, action_id, monday, day, day in chosen, today)
    st.session_state["tracker.saves"] = st.session_state.get("tracker.saves", 0) + 1


def day_pills(row: tracker.WeekRow) -> None:
    """The seven days as pills, in their places; the days that cannot be ticked (still to
    come, outside the action's window) greyed out. st.pills cannot disable one option, so
    each run of days that can, or cannot, be ticked is a pills of its own."""
    changeable = set(tracker.changeable_days(row, monday, today))
    for can, run in groupby(range(1, 8), key=changeable.__contains__):
        days = list(run)
        ticked = tuple(d for d in days if d in row.days)
        key = f"tracker.days.{monday.isoformat()}.{row.action.id}.{days[0]}.{saves}"
        st.pills(
            plain(row.action.title), days, selection_mode="multi", default=ticked, format_func=day_labels.get,
            key=key, disabled=not can, on_change=save_days if can else None, args=(row.action.id, ticked, key) if can else None,
            label_visibility="collapsed", wrap=True,
        )


def day_runs(row: tracker.WeekRow) -> int:
    """How many pills day_pills draws for this row."""
    changeable = set(tracker.changeable_days(row, monday, today))
    return sum(1 for _ in groupby(range(1, 8), key=changeable.__contains__))


if not rows:
    # Each week says what is true of it: a past week cannot be planned any more.
    if monday < this_week:
        st.info(ctx.t("tracker.nothing_planned"), icon=":material/event_available:")
    elif not all_actions:
        st.info(ctx.t("tracker.no_actions"), icon=":material/checklist:")
    elif monday == this_week:
        st.info(ctx.t("tracker.nothing_planned_now"), icon=":material/event_available:")
    else:
        st.info(ctx.t("tracker.nothing_planned_yet"), icon=":material/event_available:")
    if monday >= this_week:
        st.page_link("pages/leader/plan.py", label=ctx.t("tracker.to_plan"), icon=":material/route:")
else:
    # The actions under their goal, in the order their goals first come up in the week.
    by_goal: dict[int, list[tracker.WeekRow]] = {}
    for row in rows:
        by_goal.setdefault(row.action.goal_id, []).append(row)
    overall_by_goal = done_so_far.by_goal
    for goal_id, goal_rows in by_goal.items():
        week_part, all_part = tracker.week_completion(goal_rows), overall_by_goal.get(goal_id, tracker.Completion(0, 0))
        # The goal's figures in small type beside its title: one element per goal, not two.
        figures = ctx.t("tracker.per_goal", week=done_text(ctx, week_part.done, week_part.target, week_part.extra),
                        overall=done_text(ctx, all_part.done, all_part.target, all_part.extra))
        st.subheader(ctx.t("tracker.goal_heading", title=plain(goal_rows[0].goal_title), figures=figures), anchor=False)
        for row in goal_rows:
            # What was done after the title, the days beneath: there they have the whole
            # width, on a phone too. One element each where one will do: the tracker draws
            # a row per action, and every element costs the rerun time.
            st.markdown(ctx.t("tracker.row", title=plain(row.action.title), done=done_cell(row)))
            if day_runs(row) > 1:
                with st.container(horizontal=True, gap="xsmall"):
                    day_pills(row)
            else:
                day_pills(row)
    st.caption(ctx.t("tracker.days_help"))

# -- days away ----------------------------------------------------------------------------

away_key = f"tracker.away.{monday.isoformat()}"


def save_away() -> None:
    gate.attempt(tracker.set_away, db, me, monday, st.session_state[away_key] or [], today, success="tracker.away_saved")


st.pills(
    ctx.t("tracker.away"), range(1, 8), selection_mode="multi", default=cached.away_days(db, me, monday),
    format_func=day_labels.get, key=away_key, on_change=save_away, help=ctx.t("tracker.away_help"),
)

# -- progress -----------------------------------------------------------------------------

# After the ticking, and small: on a phone the week's actions come first.
week_done = tracker.week_completion(rows)
overall, current_streak, longest_streak = done_so_far.overall, done_so_far.current_streak, done_so_far.longest_streak
with st.container(horizontal=True, gap="medium"):
    st.metric(ctx.t("tracker.this_week_done"), done_text(ctx, week_done.done, week_done.target, week_done.extra), width="content")
    st.metric(ctx.t("tracker.overall_done"), done_text(ctx, overall.done, overall.target, overall.extra),
              help=ctx.t("tracker.overall_help"), width="content")
    st.metric(ctx.t("tracker.streak"), ctx.t_count("tracker.weeks", current_streak), help=ctx.t("tracker.streak_help"), width="content")
    st.metric(ctx.t("tracker.longest"), ctx.t_count("tracker.weeks", longest_streak), width="content")

# -- reflection ---------------------------------------------------------------------------

# A lazy expander: closed, the form draws nothing (it was a sixth of this page's time). Its
# label says whether the week's reflection is written; Home's "reflect" step opens it.
saved = cached.reflection(db, me, monday)
reflecting = st.expander(ctx.t("tracker.reflection") + ("" if saved.is_empty else " · " + ctx.t("tracker.reflection_written")),
                         icon=":material/edit_note:", key=tracker_reflection_key(monday), on_change="rerun")
if reflecting.open:
    with reflecting, st.form(f"reflection.{monday.isoformat()}", border=False, enter_to_submit=False):
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
        slipping = done_so_far.slipping
        if not overdue and not slipping:
            st.success(ctx.t("tracker.all_on_track"), icon=":material/check_circle:")
        # One box per kind, a line per action: a long plan stays one glance (and few elements).
        if overdue:
            st.warning("\n".join(
                [ctx.t("tracker.overdue_heading")]
                + ["- " + ctx.t("tracker.overdue", title=plain(a.title), date=format_date(a.due_date, lang)) for a in overdue]
            ), icon=":material/schedule:")
        if slipping:
            st.warning("\n".join(
                [ctx.t("tracker.slipping_heading")] + ["- " + plain(titles.get(action_id, "?")) for action_id in slipping]
            ), icon=":material/trending_down:")
