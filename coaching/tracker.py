"""The weekly tracker (phase 5): per ISO week, which actions were done on which days, a short
reflection, and the progress that follows from it: completion, streaks, a strength score
per action, a heatmap, energy and stress over time, and what is overdue or slipping.

Check-ins are saved day by day: ticking a day adds just that day and unticking removes just
that day, so two browser tabs on the same week never erase each other's work."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, fields

import pandas as pd

from coaching import weeks
from coaching.actions import Action, list_actions, owned_action, week_target
from coaching.db import Database
from coaching.errors import ValidationError
from coaching.goals import MAX_TEXT_CHARS, clean_text, list_goals
from coaching.people import Identity

HISTORY_COLUMNS = ["action_id", "goal_id", "week_start", "target", "done"]


@dataclass(frozen=True)
class WeekRow:
    """One action in one week: what it asks and which days (ISO 1-7) it was done."""

    action: Action
    goal_title: str
    target: int
    days: tuple[int, ...]

    @property
    def done(self) -> int:
        return len(self.days)


@dataclass(frozen=True)
class Reflection:
    went_well: str = ""
    learned: str = ""
    do_differently: str = ""
    energy: int | None = None
    stress: int | None = None
    for_coach: str = ""

    @property
    def is_empty(self) -> bool:
        return self == Reflection()


def check_week(monday: dt.date, today: dt.date) -> dt.date:
    if not isinstance(monday, dt.date) or monday.weekday() != 0:
        raise ValidationError("tracker.error_week")
    if monday > weeks.week_start(today):
        raise ValidationError("tracker.error_future_week")
    return monday


# -- reading a week -----------------------------------------------------------------------


def _checkins(db: Database, asking: Identity) -> dict[int, dict[dt.date, tuple[int, ...]]]:
    with db.read() as cursor:
        rows = cursor.execute(
            "SELECT action_id, week_start, days FROM checkins WHERE person_id = ? AND len(days) > 0", [asking.person_id]
        ).fetchall()
    by_action: dict[int, dict[dt.date, tuple[int, ...]]] = defaultdict(dict)
    for action_id, monday, days in rows:
        by_action[action_id][monday] = tuple(days)
    return by_action


def week_rows(db: Database, asking: Identity, monday: dt.date) -> list[WeekRow]:
    """Every action that asks something in this week, or was ticked in it."""
    sunday = monday + dt.timedelta(days=6)
    goals = {g.id: g.title for g in list_goals(db, asking)}
    with db.read() as cursor:
        ticked = dict(
            cursor.execute(
                "SELECT action_id, days FROM checkins WHERE person_id = ? AND week_start = ?", [asking.person_id, monday]
            ).fetchall()
        )
        first_done = dict(
            cursor.execute(
                "SELECT c.action_id, min(c.week_start) FROM checkins c JOIN actions a ON a.id = c.action_id "
                "WHERE c.person_id = ? AND a.cadence = 'once' AND len(c.days) > 0 GROUP BY ALL",
                [asking.person_id],
            ).fetchall()
        )
    rows = []
    for action in list_actions(db, asking):
        if action.goal_id not in goals:
            continue
        in_window = action.start_date <= sunday and (action.last_day is None or action.last_day >= monday)
        if action.cadence == "once" and action.id in first_done and first_done[action.id] != monday:
            in_window = False  # done in another week
        if in_window or ticked.get(action.id):
            target = week_target(action, monday, first_done.get(action.id))
            if action.cadence == "once" and in_window and action.id not in first_done and action.status == "active":
                target = 1  # a one-off can be done in any week of its window
            rows.append(WeekRow(action, goals[action.goal_id], target, tuple(ticked.get(action.id) or ())))
    return rows


# -- writing a week -----------------------------------------------------------------------


def set_day(db: Database, asking: Identity, action_id: int, monday: dt.date, weekday: int, done: bool, today: dt.date) -> tuple[int, ...]:
    """Tick (or untick) one day of one action; returns the days now ticked for that week.

    Only that day changes, in one statement, so a save from another tab on another row or
    day of the same week is kept."""
    check_week(monday, today)
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 1 <= weekday <= 7:
        raise ValidationError("tracker.error_day")
    if monday + dt.timedelta(days=weekday - 1) > today:
        raise ValidationError("tracker.error_future_day")
    with db.write() as cursor:
        action = owned_action(cursor, asking, action_id)
        if action.archived_at is not None:
            raise ValidationError("tracker.error_archived")
        if done:
            row = cursor.execute(
                "INSERT INTO checkins (action_id, person_id, week_start, days) VALUES (?, ?, ?, [?::TINYINT]) "
                "ON CONFLICT (action_id, week_start) DO UPDATE SET "
                "days = list_sort(list_distinct(list_concat(checkins.days, excluded.days))), updated_at = now() "
                "RETURNING days",
                [action_id, asking.person_id, monday, weekday],
            ).fetchone()
        else:
            row = cursor.execute(
                "UPDATE checkins SET days = list_filter(days, lambda d: d != ?), updated_at = now() "
                "WHERE action_id = ? AND week_start = ? RETURNING days",
                [weekday, action_id, monday],
            ).fetchone()
    return tuple(row[0]) if row else ()


def reflection(db: Database, asking: Identity, monday: dt.date) -> Reflection:
    with db.read() as cursor:
        row = cursor.execute(
            "SELECT coalesce(went_well, ''), coalesce(learned, ''), coalesce(do_differently, ''), energy, stress, "
            "coalesce(for_coach, '') FROM reflections WHERE person_id = ? AND week_start = ?",
            [asking.person_id, monday],
        ).fetchone()
    return Reflection(*row) if row else Reflection()


def save_reflection(db: Database, asking: Identity, monday: dt.date, entry: Reflection, today: dt.date) -> Reflection:
    check_week(monday, today)
    texts = {
        f.name: clean_text(getattr(entry, f.name), MAX_TEXT_CHARS, f"tracker.{f.name}")
        for f in fields(Reflection)
        if f.name not in ("energy", "stress")
    }
    for name in ("energy", "stress"):
        value = getattr(entry, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5):
            raise ValidationError("tracker.error_scale", field=f"tracker.{name}")
    entry = Reflection(**texts, energy=entry.energy, stress=entry.stress)
    with db.write() as cursor:
        cursor.execute(
            "INSERT INTO reflections (person_id, week_start, went_well, learned, do_differently, energy, stress, for_coach) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (person_id, week_start) DO UPDATE SET "
            "went_well = excluded.went_well, learned = excluded.learned, do_differently = excluded.do_differently, "
            "energy = excluded.energy, stress = excluded.stress, for_coach = excluded.for_coach, updated_at = now()",
            [asking.person_id, monday, entry.went_well, entry.learned, entry.do_differently, entry.energy, entry.stress, entry.for_coach],
        )
    return entry


def reflections(db: Database, asking: Identity) -> pd.DataFrame:
    """Energy and stress per week, oldest first."""
    with db.read() as cursor:
        return cursor.execute(
            "SELECT week_start, energy, stress FROM reflections WHERE person_id = ? ORDER BY week_start", [asking.person_id]
        ).df()


# -- progress -----------------------------------------------------------------------------


def history(db: Database, asking: Identity, today: dt.date) -> pd.DataFrame:
    """Target and done (capped at the target) per action and week, from each action's first
    week to this week: the table every progress figure is computed from."""
    this_week = weeks.week_start(today)
    checkins = _checkins(db, asking)
    goals = {g.id for g in list_goals(db, asking)}
    records = []
    for action in list_actions(db, asking):
        if action.goal_id not in goals:
            continue
        done_weeks = checkins.get(action.id, {})
        first_done = min(done_weeks) if action.cadence == "once" and done_weeks else None
        last = weeks.week_start(min(action.last_day, today)) if action.last_day else this_week
        for monday in weeks.weeks_between(action.start_date, min(last, this_week)):
            target = week_target(action, monday, first_done)
            done = len(done_weeks.get(monday, ()))
            if target or done:
                records.append((action.id, action.goal_id, monday, target, min(done, target) if target else done))
    return pd.DataFrame.from_records(records, columns=HISTORY_COLUMNS)


@dataclass(frozen=True)
class Completion:
    done: int
    target: int

    @property
    def ratio(self) -> float | None:
        return self.done / self.target if self.target else None


def completion(hist: pd.DataFrame, monday: dt.date | None = None, by: str | None = None) -> Completion | dict[int, Completion]:
    """Done against target for one week (or all weeks), overall or per action_id / goal_id."""
    rows = hist if monday is None else hist[hist["week_start"] == monday]
    if by is None:
        return Completion(int(rows["done"].sum()), int(rows["target"].sum()))
    sums = rows.groupby(by)[["done", "target"]].sum()
    return {int(key): Completion(int(r.done), int(r.target)) for key, r in sums.iterrows()}


def weeks_on_target(hist: pd.DataFrame) -> pd.Series:
    """Per week with any target: was every target met?"""
    asked = hist[hist["target"] > 0]
    if asked.empty:
        return pd.Series(dtype=bool)
    met = (asked["done"] >= asked["target"]).groupby(asked["week_start"]).all()
    return met.sort_index()


def streaks(hist: pd.DataFrame, this_week: dt.date) -> tuple[int, int]:
    """(current, longest) run of weeks on target. Weeks that asked nothing (a holiday with
    no actions) neither count nor break a run; the running week counts once it is on
    target, and does not break the run while it is still under way."""
    met = weeks_on_target(hist)
    longest = run = 0
    for ok in met:
        run = run + 1 if ok else 0
        longest = max(longest, run)
    current = 0
    for monday, ok in reversed(list(met.items())):
        if monday >= this_week and not ok:
            continue
        if not ok:
            break
        current += 1
    return current, longest


def strength(hist: pd.DataFrame) -> dict[int, float]:
    """A score from 0 to 1 per action in the manner of Loop Habit Tracker's habit score:
    an exponential moving average over the weeks, new = old × m + done × (1 − m) with
    m = 0.5^(√frequency / 13), frequency being the week's target. A missed week after a long
    run lowers the score a little; it does not wipe it out."""
    scores: dict[int, float] = {}
    asked = hist[hist["target"] > 0].sort_values("week_start")
    for action_id, target, done in zip(asked["action_id"], asked["target"], asked["done"]):
        m = 0.5 ** (math.sqrt(target) / 13)
        scores[int(action_id)] = scores.get(int(action_id), 0.0) * m + min(done / target, 1.0) * (1 - m)
    return scores


def slipping(hist: pd.DataFrame, this_week: dt.date) -> list[int]:
    """Actions under target in both of the last two complete weeks."""
    last_two = [this_week - weeks.ONE_WEEK, this_week - 2 * weeks.ONE_WEEK]
    rows = hist[hist["week_start"].isin(last_two) & (hist["target"] > 0)]
    under = rows[rows["done"] < rows["target"]].groupby("action_id")["week_start"].nunique()
    return sorted(int(a) for a in under[under == 2].index)


def heatmap(hist: pd.DataFrame, last_week: dt.date, count: int = 26) -> pd.DataFrame:
    """Completion (0-1) per action (rows) and week (columns) for the last `count` weeks;
    empty where an action asked nothing that week."""
    first = last_week - (count - 1) * weeks.ONE_WEEK
    rows = hist[(hist["week_start"] >= first) & (hist["week_start"] <= last_week) & (hist["target"] > 0)]
    table = rows.assign(ratio=(rows["done"] / rows["target"]).clip(upper=1.0)).pivot_table(
        index="action_id", columns="week_start", values="ratio", aggfunc="first"
    )
    return table.reindex(columns=list(weeks.weeks_between(first, last_week)))


def needs_last_week(db: Database, asking: Identity, today: dt.date, hist: pd.DataFrame | None = None) -> bool:
    """True when last week asked something and nothing was ticked or reflected on."""
    last_week = weeks.week_start(today) - weeks.ONE_WEEK
    hist = history(db, asking, today) if hist is None else hist
    rows = hist[hist["week_start"] == last_week]
    if rows.empty or rows["target"].sum() == 0 or rows["done"].sum() > 0:
        return False
    return reflection(db, asking, last_week).is_empty
