"""The weekly tracker (phase 5): per ISO week, which actions were done on which days, a short
reflection, and the progress that follows from it: completion, streaks, a strength score
per action, a heatmap, energy and stress over time, and what is overdue or slipping.

Check-ins are saved day by day: ticking a day adds just that day and unticking removes just
that day, so two browser tabs on the same week never erase each other's work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from coaching import weeks
from coaching.actions import ACTION_WIDTH, Action, action_columns, action_from_row, owned_action, week_target
from coaching.db import Database
from coaching.errors import ValidationError
from coaching.people import Identity
from coaching.validation import MAX_TEXT_CHARS, clean_text

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


def week_rows(db: Database, asking: Identity, monday: dt.date) -> list[WeekRow]:
    """Every action that asks something in this week, or was ticked in it, in one query."""
    sunday = monday + dt.timedelta(days=6)
    with db.read() as cursor:
        found = cursor.execute(
            "SELECT " + action_columns("a") + ", g.title, c.days, f.first_week "
            "FROM actions a JOIN goals g ON g.id = a.goal_id "
            "LEFT JOIN checkins c ON c.action_id = a.id AND c.week_start = $monday "
            "LEFT JOIN (SELECT action_id, min(week_start) AS first_week FROM checkins "
            "           WHERE person_id = $person AND len(days) > 0 GROUP BY action_id) f ON f.action_id = a.id "
            "WHERE a.person_id = $person AND a.archived_at IS NULL AND g.archived_at IS NULL "
            "ORDER BY a.start_date, a.id",
            {"person": asking.person_id, "monday": monday},
        ).fetchall()
    rows = []
    for row in found:
        action, goal_title, days, first_done = action_from_row(row), *row[ACTION_WIDTH:]
        if action.cadence != "once":
            first_done = None
        in_window = action.start_date <= sunday and (action.last_day is None or action.last_day >= monday)
        if first_done is not None and first_done != monday:
            in_window = False  # a one-off done in another week
        if in_window or days:
            target = week_target(action, monday, first_done)
            if action.cadence == "once" and in_window and first_done is None and action.status == "active":
                target = 1  # a one-off can be done in any week of its window
            rows.append(WeekRow(action, goal_title, target, tuple(days or ())))
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


_HISTORY_SQL = """
WITH plan AS (
    SELECT a.id, a.goal_id, a.cadence, a.times_per_week, a.weekdays, a.status, a.start_date, a.due_date,
           least(coalesce(a.due_date, DATE '9999-12-31'), coalesce(a.closed_on, DATE '9999-12-31')) AS last_day
    FROM actions a JOIN goals g ON g.id = a.goal_id
    WHERE a.person_id = $person AND a.archived_at IS NULL AND g.archived_at IS NULL
),
ticked AS (
    SELECT action_id, week_start, len(days) AS done FROM checkins WHERE person_id = $person AND len(days) > 0
),
first_done AS (
    SELECT action_id, min(week_start) AS first_week FROM ticked GROUP BY action_id
),
action_weeks AS (
    SELECT plan.*, unnest(generate_series(
        date_trunc('week', start_date)::DATE,
        date_trunc('week', least(last_day, $today))::DATE,
        INTERVAL 7 DAY))::DATE AS week_start
    FROM plan
),
targets AS (
    SELECT w.id AS action_id, w.goal_id, w.week_start,
        CASE w.cadence
            WHEN 'once' THEN CASE
                WHEN f.first_week IS NOT NULL THEN (w.week_start = f.first_week)::INTEGER
                WHEN w.status = 'dropped' THEN 0
                ELSE (w.week_start = date_trunc('week', coalesce(w.due_date, w.start_date))::DATE)::INTEGER END
            WHEN 'weekdays' THEN len(list_filter(w.weekdays,
                lambda d: w.week_start + (d - 1)::INTEGER BETWEEN w.start_date AND w.last_day))
            ELSE least(w.times_per_week, greatest(0,
                datediff('day', greatest(w.week_start, w.start_date), least(w.week_start + 6, w.last_day)) + 1))
        END AS target,
        coalesce(t.done, 0) AS done
    FROM action_weeks w
    LEFT JOIN first_done f ON f.action_id = w.id
    LEFT JOIN ticked t ON t.action_id = w.id AND t.week_start = w.week_start
)
SELECT action_id, goal_id, week_start, target::INTEGER AS target,
       (CASE WHEN target > 0 THEN least(done, target) ELSE done END)::INTEGER AS done
FROM targets
WHERE target > 0 OR done > 0
ORDER BY action_id, week_start
"""


def history(db: Database, asking: Identity, today: dt.date) -> pd.DataFrame:
    """Target and done (capped at the target) per action and week, from each action's first
    week to this week: the table every progress figure is computed from.

    Computed in DuckDB in one query; `actions.week_target` states the same rules in Python
    (the tests hold the two to each other)."""
    with db.read() as cursor:
        frame = cursor.execute(_HISTORY_SQL, {"person": asking.person_id, "today": today}).df()
    frame["week_start"] = frame["week_start"].dt.date
    return frame


@dataclass(frozen=True)
class Completion:
    done: int
    target: int

    @property
    def ratio(self) -> float | None:
        return self.done / self.target if self.target else None


def completion(hist: pd.DataFrame, monday: dt.date | None = None, by: str | None = None) -> Completion | dict[int, Completion]:
    """Done against target for one week (or all weeks), overall or per action_id / goal_id.

    Plain numpy sums: a page asks for this five times per rerun, and pandas' groupby cost
    more than the history query itself."""
    done, target = hist["done"].to_numpy(), hist["target"].to_numpy()
    keys = hist[by].to_numpy() if by else None
    if monday is not None:
        chosen = hist["week_start"].to_numpy() == monday
        done, target = done[chosen], target[chosen]
        keys = keys[chosen] if keys is not None else None
    if keys is None:
        return Completion(int(done.sum()), int(target.sum()))
    found, position = np.unique(keys, return_inverse=True)
    done_sums = np.bincount(position, weights=done, minlength=len(found))
    target_sums = np.bincount(position, weights=target, minlength=len(found))
    return {int(key): Completion(int(d), int(t)) for key, d, t in zip(found, done_sums, target_sums)}


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
    run lowers the score a little; it does not wipe it out.

    Unrolled, the score is Σ doneₖ (1 − mₖ) Πⱼ₍ⱼ>ₖ₎ mⱼ, computed for all actions at once from
    running sums of log m."""
    asked = hist[hist["target"] > 0].sort_values(["action_id", "week_start"])
    if asked.empty:
        return {}
    action = asked["action_id"].to_numpy()
    target = asked["target"].to_numpy(dtype=float)
    m = 0.5 ** (np.sqrt(target) / 13)
    done = np.minimum(asked["done"].to_numpy() / target, 1.0)
    first = np.r_[True, action[1:] != action[:-1]]  # the first week of each action
    group = np.cumsum(first) - 1
    last = np.r_[np.flatnonzero(first)[1:] - 1, len(action) - 1]  # the last week of each action
    running = np.cumsum(np.log(m))
    later = np.exp(running[last[group]] - running)  # Π of m over the action's weeks after this one
    scores = np.bincount(group, weights=done * (1 - m) * later)
    return {int(action_id): float(score) for action_id, score in zip(action[first], scores)}


def slipping(hist: pd.DataFrame, this_week: dt.date) -> list[int]:
    """Actions under target in both of the last two complete weeks."""
    last_two = [this_week - weeks.ONE_WEEK, this_week - 2 * weeks.ONE_WEEK]
    rows = hist[hist["week_start"].isin(last_two) & (hist["target"] > 0)]
    under = rows[rows["done"] < rows["target"]].groupby("action_id")["week_start"].nunique()
    return sorted(int(a) for a in under[under == 2].index)


def heatmap(hist: pd.DataFrame, last_week: dt.date, count: int = 26) -> pd.DataFrame:
    """Completion (0-1) per action (rows) and week (columns) for the last `count` weeks, or
    fewer when the plan is younger; empty where an action asked nothing that week."""
    first = last_week - (count - 1) * weeks.ONE_WEEK
    rows = hist[(hist["week_start"] >= first) & (hist["week_start"] <= last_week) & (hist["target"] > 0)]
    if not rows.empty:
        first = max(first, min(rows["week_start"]))
    table = rows.assign(ratio=(rows["done"] / rows["target"]).clip(upper=1.0)).pivot(
        index="action_id", columns="week_start", values="ratio"
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
