"""The benchmark's heaviest aggregations, each computed two ways on the same database.

DuckDB: the app's own code where a screen exists (`profile.profiles`, `tracker.history`), and
for the two cohort summaries, which have no screen yet, queries written here that read the
app's own definitions: the weekly rules (`coaching.week_rules.ACTION_WEEKS`) and the
competency means stored at submission (`round_scores`).

pandas: what a competent Streamlit engineer would write instead. The tables' needed columns
are loaded once and held in memory, as `st.cache_data` would hold them (`load`), Arrow-backed
(`pd.ArrowDtype`) so that list columns have pandas' vectorised `.list` accessors; each
aggregation is then computed from those frames, filtered and grouped vectorised. For the
weekly figures that is a second statement of `coaching.week_rules` in numpy (weekdays as
bitmasks): tests/perf/test_bench_smoke.py holds it equal to the SQL on data with every
cadence, days away, closed, dropped and archived actions, and ticks outside the window.

tests/perf/bench.py checks that both give the same result, then times them in turn."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from coaching import profile, tracker, week_rules, weeks
from coaching.db import Database
from coaching.framework import Framework
from coaching.people import Identity

Frames = dict[str, pd.DataFrame]

# Per table, the columns the pandas approach loads: only those its aggregations read.
COLUMNS: dict[str, tuple[str, ...]] = {
    "assessment_rounds": ("id", "person_id", "status", "assessed_on"),
    "round_scores": ("round_id", "competency_id", "mean"),
    "competency_notes": ("round_id", "competency_id", "target"),
    "cohort_members": ("cohort_id", "person_id"),
    "goals": ("id", "archived_at"),
    "actions": ("id", "goal_id", "person_id", "cadence", "times_per_week", "weekdays", "status", "start_date",
                "due_date", "closed_on", "archived_at"),
    "checkins": ("action_id", "person_id", "week_start", "days"),
    "away_days": ("person_id", "week_start", "days"),
}
PROFILE_TABLES = ("assessment_rounds", "round_scores", "competency_notes")
WEEK_TABLES = ("goals", "actions", "checkins", "away_days")
COHORT_SCORE_TABLES = ("assessment_rounds", "round_scores", "cohort_members")
COHORT_COMPLETION_TABLES = (*WEEK_TABLES, "cohort_members")

FAR_DAY = (week_rules.FAR - dt.date(1970, 1, 1)).days  # "no end", as the rules' DATE '9999-12-31'
KEY_SHIFT = 1 << 22  # more than any day number up to 9999-12-31: (id, day) pairs as one int64


def load(db: Database, tables: tuple[str, ...]) -> Frames:
    """The pandas approach's one-time load: every row of these tables, only the columns its
    aggregations read, Arrow-backed."""
    with db.read() as cursor:
        # Table and column names come from COLUMNS.
        return {
            table: cursor.execute("SELECT " + ", ".join(COLUMNS[table]) + " FROM " + table)
            .to_arrow_table()
            .to_pandas(types_mapper=pd.ArrowDtype)
            for table in tables
        }


def frames_bytes(frames: Frames) -> int:
    """What the loaded frames hold in memory (ArrowDtype columns count their buffers)."""
    return int(sum(frame.memory_usage(deep=True).sum() for frame in frames.values()))


# -- columns as numpy --------------------------------------------------------------------------


def day_numbers(dates: pd.Series) -> np.ndarray:
    """Dates as days since 1970-01-01, FAR_DAY where there is none."""
    return pc.fill_null(pc.cast(pa.array(dates), pa.int32()), FAR_DAY).to_numpy().astype(np.int64)


def monday_of(days: np.ndarray) -> np.ndarray:
    """The Monday of each day (1970-01-01 was a Thursday): date_trunc('week', d)."""
    return days - (days + 3) % 7


def isodow(days: np.ndarray) -> np.ndarray:
    return (days + 3) % 7 + 1


def day_masks(lists: pd.Series) -> np.ndarray:
    """Each list of ISO weekdays as a bitmask, bit d for weekday d: the rules' list
    operations on the days of a week become integer ones."""
    lengths = lists.list.len().to_numpy().astype(np.int64)
    masks = np.zeros(len(lengths), dtype=np.int64)
    filled = lengths > 0
    if filled.any():
        bits = np.left_shift(1, lists.list.flatten().to_numpy().astype(np.int64))
        starts = np.cumsum(lengths) - lengths
        masks[filled] = np.bitwise_or.reduceat(bits, starts[filled])
    return masks


def window_masks(week: np.ndarray, first_day: np.ndarray, last_day: np.ndarray) -> np.ndarray:
    """The days of the week starting `week` that lie from first_day to last_day, as masks."""
    low = np.clip(first_day - week, 0, 7)
    high = np.clip(last_day - week, -1, 6)
    return np.where(high >= low, ((1 << (high + 1)) - (1 << low)) << 1, 0)


# -- 1. the profile over rounds: competency means per round, and targets --------------------


def pandas_profile(frames: Frames, leader: Identity, framework: Framework) -> list[tuple[int, dict, dict]]:
    """(round id, scores, targets) per submitted round, oldest first, as profile.profiles."""
    rounds = frames["assessment_rounds"]
    mine = rounds[(rounds["person_id"] == leader.person_id) & (rounds["status"] == "submitted")]
    round_ids = mine.sort_values(["assessed_on", "id"])["id"].to_numpy().tolist()
    known = list(framework.competency_ids)
    means = frames["round_scores"]
    means = means[means["round_id"].isin(round_ids) & means["competency_id"].isin(known) & means["mean"].notna()]
    notes = frames["competency_notes"]
    notes = notes[notes["round_id"].isin(round_ids) & notes["competency_id"].isin(known) & notes["target"].notna()]

    scores = {rid: dict.fromkeys(known) for rid in round_ids}
    for round_id, competency_id, mean in zip(*(means[c].to_numpy().tolist() for c in COLUMNS["round_scores"])):
        scores[round_id][competency_id] = float(mean)
    targets: dict[int, dict[str, int]] = {rid: {} for rid in round_ids}
    for round_id, competency_id, target in zip(*(notes[c].to_numpy().tolist() for c in COLUMNS["competency_notes"])):
        targets[round_id][competency_id] = int(target)
    return [(rid, scores[rid], targets[rid]) for rid in round_ids]


def same_profile(duck: list[profile.RoundProfile], pandas_result: list[tuple[int, dict, dict]]) -> str | None:
    """None when both agree, else what differs."""
    if [p.round.id for p in duck] != [rid for rid, _, _ in pandas_result]:
        return "round ids differ"
    for p, (_, scores, targets) in zip(duck, pandas_result):
        if p.targets != targets:
            return f"targets of round {p.round.id} differ"
        if p.scores.keys() != scores.keys():
            return f"competencies of round {p.round.id} differ"
        for cid, score in p.scores.items():
            other = scores[cid]
            if (score is None) != (other is None) or (score is not None and not math.isclose(score, other, abs_tol=1e-9)):
                return f"round {p.round.id}, {cid}: {score} != {other}"
    return None


# -- 2. the weekly rules, vectorised ------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """The live actions of the people asked about (neither they nor their goal archived) as
    arrays, dates as day numbers (FAR_DAY: none)."""

    id: np.ndarray
    goal_id: np.ndarray
    person_id: np.ndarray
    cadence: np.ndarray
    weekly: np.ndarray  # n times a week
    on_weekdays: np.ndarray  # on chosen weekdays (neither: once)
    times: np.ndarray
    weekdays: np.ndarray  # the chosen weekdays, as masks
    weekday_count: np.ndarray  # len(weekdays)
    start: np.ndarray
    last_day: np.ndarray  # the window's end: a one-off's close, a practice's due date or close
    due_week: np.ndarray  # an open action with a due date: the Monday of that date, else FAR_DAY
    due_weekday: np.ndarray


def live_plan(frames: Frames, people: np.ndarray) -> Plan:
    goals, actions = frames["goals"], frames["actions"]
    live_goals = goals.loc[goals["archived_at"].isna(), "id"]
    actions = actions[actions["person_id"].isin(people) & actions["archived_at"].isna() & actions["goal_id"].isin(live_goals)]
    cadence = actions["cadence"].to_numpy().astype(str)
    due, closed = day_numbers(actions["due_date"]), day_numbers(actions["closed_on"])
    active = (actions["status"] == "active").to_numpy()
    return Plan(
        id=actions["id"].to_numpy().astype(np.int64),
        goal_id=actions["goal_id"].to_numpy().astype(np.int64),
        person_id=actions["person_id"].to_numpy().astype(np.int64),
        cadence=cadence,
        weekly=cadence == "weekly",
        on_weekdays=cadence == "weekdays",
        times=actions["times_per_week"].to_numpy(dtype=np.int64, na_value=0),
        weekdays=day_masks(actions["weekdays"]),
        weekday_count=actions["weekdays"].list.len().to_numpy().astype(np.int64),
        start=day_numbers(actions["start_date"]),
        last_day=np.where(cadence == "once", closed, np.minimum(due, closed)),
        due_week=np.where(active & (due != FAR_DAY), monday_of(due), FAR_DAY),
        due_weekday=isodow(due),
    )


def positions(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Where each wanted value is in `keys` (unique values), -1 where it is not."""
    if not len(keys):
        return np.full(len(wanted), -1)
    order = np.argsort(keys)
    ordered = keys[order]
    at = np.minimum(np.searchsorted(ordered, wanted), len(keys) - 1)
    return np.where(ordered[at] == wanted, order[at], -1)


@dataclass(frozen=True)
class ActionWeeks:
    """week_rules.ACTION_WEEKS as arrays: one entry per action and week; `at` is the
    action's row in the plan, `ticks` the length of the week's list of ticks, a week's days
    as masks."""

    plan: Plan
    at: np.ndarray
    week: np.ndarray
    target: np.ndarray
    done: np.ndarray
    ticks: np.ndarray
    ticked_mask: np.ndarray
    open_mask: np.ndarray
    asked_mask: np.ndarray
    away_mask: np.ndarray


def action_weeks(frames: Frames, people: np.ndarray, first: dt.date, last: dt.date) -> ActionWeeks:
    """The weekly rules of coaching.week_rules for these people's actions, weeks `first` to
    `last` (Mondays): each action's open weeks, and the weeks it was ticked outside them."""
    plan = live_plan(frames, people)
    first_week, last_week = ((d - dt.date(1970, 1, 1)).days for d in (first, last))

    checkins = frames["checkins"]
    checkins = checkins[checkins["person_id"].isin(people)]
    tick_at = positions(plan.id, checkins["action_id"].to_numpy().astype(np.int64))
    ticks = checkins["days"].list.len().to_numpy().astype(np.int64)
    kept = (tick_at >= 0) & (ticks > 0)
    checkins, tick_at, ticks = checkins[kept], tick_at[kept], ticks[kept]
    tick_week = day_numbers(checkins["week_start"])
    first_tick = np.full(len(plan.id), FAR_DAY)
    np.minimum.at(first_tick, tick_at, tick_week)

    # Each action's open weeks, from its start's week to its end's, within first..last; they
    # come action by action, so a tick's row is found by arithmetic, not by a join.
    low = np.maximum(monday_of(plan.start), first_week)
    high = np.minimum(monday_of(plan.last_day), last_week)
    opens = (plan.start <= last_week + 6) & (plan.last_day >= first_week) & (high >= low)
    count = np.where(opens, (high - low) // 7 + 1, 0)
    offset = np.cumsum(count) - count
    at = np.repeat(np.arange(len(plan.id)), count)
    week = low[at] + 7 * (np.arange(len(at)) - offset[at])
    inside = opens[tick_at] & (tick_week >= low[tick_at]) & (tick_week <= high[tick_at])
    # Ticks outside them (outside the window, in an older database) get rows of their own.
    outside = ~inside & (tick_week >= first_week) & (tick_week <= last_week)
    row = np.full(len(tick_at), -1)
    row[inside] = offset[tick_at[inside]] + (tick_week[inside] - low[tick_at[inside]]) // 7
    row[outside] = len(at) + np.arange(np.count_nonzero(outside))
    at, week = np.concatenate([at, tick_at[outside]]), np.concatenate([week, tick_week[outside]])
    placed = row >= 0
    ticked, tick_count = np.zeros(len(at), dtype=np.int64), np.zeros(len(at), dtype=np.int64)
    ticked[row[placed]] = day_masks(checkins["days"])[placed]
    tick_count[row[placed]] = ticks[placed]

    away_frame = frames["away_days"]
    away_frame = away_frame[away_frame["person_id"].isin(people)]
    away_keys = away_frame["person_id"].to_numpy().astype(np.int64) * KEY_SHIFT + day_numbers(away_frame["week_start"])
    found = positions(away_keys, plan.person_id[at] * KEY_SHIFT + week)
    away = np.zeros(len(at), dtype=np.int64)
    away[found >= 0] = day_masks(away_frame["days"])[found[found >= 0]]

    weekly, on_weekdays = plan.weekly[at], plan.on_weekdays[at]
    opened = window_masks(week, plan.start[at], plan.last_day[at])
    asked = np.where(on_weekdays, opened & plan.weekdays[at] & ~away, 0)
    available = np.bitwise_count(opened & ~away).astype(np.int64)
    first_tick, due_week = first_tick[at], plan.due_week[at]
    due_free = (away >> plan.due_weekday[at]) & 1 == 0
    once = np.where(first_tick != FAR_DAY, week == first_tick, (week == due_week) & due_free).astype(np.int64)
    target = np.select(
        [on_weekdays, weekly], [np.bitwise_count(asked).astype(np.int64), (plan.times[at] * available + 6) // 7], once
    )
    done = np.select(
        [on_weekdays, weekly],
        [np.bitwise_count(ticked & asked).astype(np.int64), np.minimum(np.bitwise_count(ticked & opened), target)],
        ((target == 1) & (tick_count > 0)).astype(np.int64),
    )
    return ActionWeeks(plan, at, week, target, done, tick_count, ticked, opened, asked, away)


def pandas_history(frames: Frames, leader: Identity, today: dt.date) -> pd.DataFrame:
    """tracker.history's table: the leader's action-weeks from the tracker's first week to
    this one, ordered by action and week, with the rules' columns (a week's days as masks)."""
    found = action_weeks(frames, np.array([leader.person_id]), tracker.EARLIEST_WEEK, weeks.week_start(today))
    plan = found.plan
    order = np.lexsort((found.week, plan.id[found.at]))
    at = found.at[order]
    cadence = plan.cadence[at]
    per_week = np.select([cadence == "weekly", cadence == "weekdays"], [plan.times[at], plan.weekday_count[at]], -1)
    done = found.done[order]
    return pd.DataFrame({
        "action_id": plan.id[at],
        "goal_id": plan.goal_id[at],
        "person_id": plan.person_id[at],
        "week_start": found.week[order].astype("datetime64[D]").astype(object),
        "week_day": found.week[order],
        "target": found.target[order],
        "done": done,
        "extra": found.ticks[order] - done,
        "ticked_mask": found.ticked_mask[order],
        "open_mask": found.open_mask[order],
        "asked_mask": found.asked_mask[order],
        "away_mask": found.away_mask[order],
        "cadence": cadence,
        "per_week": pd.Series(per_week, dtype="Int64").mask(per_week < 0),
    })[week_rules.COLUMNS]


def same_frame(left: pd.DataFrame, right: pd.DataFrame) -> str | None:
    """None when both frames hold the same values column by column (numbers to 1e-9, any
    missing value alike), else the first difference."""
    if list(left.columns) != list(right.columns) or len(left) != len(right):
        return f"shapes differ: {list(left.columns)} x {len(left)} against {list(right.columns)} x {len(right)}"
    for column in left.columns:
        for row, (a, b) in enumerate(zip(_plain(left[column]), _plain(right[column]))):
            same = a == b or (isinstance(a, float) and isinstance(b, (int, float)) and math.isclose(a, b, abs_tol=1e-9))
            if not same:
                return f"{column}, row {row}: {a!r} != {b!r}"
    return None


def _plain(column: pd.Series) -> list:
    """Python values, NA and NaN as None."""
    values = []
    for value in column.to_list():
        if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            value = None
        elif isinstance(value, np.generic):
            value = value.item()
        values.append(value)
    return values


# -- 3. cohort summaries (no screen yet) ------------------------------------------------------


# Per cohort and competency: the mean over the cohort's leaders of their competency mean in
# their latest submitted round, as stored at submission.
COHORT_SCORES_SQL = """
WITH latest AS (
    SELECT person_id, arg_max(id, (assessed_on, id)) AS round_id FROM assessment_rounds
    WHERE status = 'submitted' GROUP BY person_id
)
SELECT c.cohort_id, s.competency_id, avg(s.mean) AS mean_score, count(s.mean) AS leaders
FROM latest l JOIN round_scores s USING (round_id) JOIN cohort_members c USING (person_id)
GROUP BY ALL
ORDER BY cohort_id, competency_id
"""


def duckdb_cohort_scores(db: Database) -> pd.DataFrame:
    with db.read() as cursor:
        return cursor.execute(COHORT_SCORES_SQL).df()


def pandas_cohort_scores(frames: Frames) -> pd.DataFrame:
    rounds = frames["assessment_rounds"]
    latest = (
        rounds[rounds["status"] == "submitted"]
        .sort_values(["person_id", "assessed_on", "id"])
        .drop_duplicates("person_id", keep="last")
    )
    scores = frames["round_scores"].merge(latest[["id", "person_id"]], left_on="round_id", right_on="id")
    scores = scores.merge(frames["cohort_members"], on="person_id")
    return (
        scores.groupby(["cohort_id", "competency_id"], as_index=False)
        .agg(mean_score=("mean", "mean"), leaders=("mean", "count"))
        .sort_values(["cohort_id", "competency_id"])
        .reset_index(drop=True)
    )


# Per cohort and week: the days done and the days asked, summed over the weekly rules'
# action-weeks of every leader in the cohort (week_rules.ACTION_WEEKS, for all of them).
COHORT_COMPLETION_SQL = (
    "SELECT m.cohort_id, w.week_start, sum(w.done)::BIGINT AS done, sum(w.target)::BIGINT AS target"
    " FROM (" + week_rules.ACTION_WEEKS + ") w JOIN cohort_members m USING (person_id)"
    " GROUP BY ALL ORDER BY cohort_id, week_start"
)


def duckdb_cohort_completion(db: Database, today: dt.date) -> pd.DataFrame:
    with db.read() as cursor:
        people = cursor.execute("SELECT list(DISTINCT person_id) FROM cohort_members").fetchone()[0]
        frame = cursor.execute(COHORT_COMPLETION_SQL, {
            "people": people or [], "first": tracker.EARLIEST_WEEK, "last": weeks.week_start(today), "action": None,
        }).df()
    frame["week_start"] = pd.to_datetime(frame["week_start"]).dt.date
    return frame


def pandas_cohort_completion(frames: Frames, today: dt.date) -> pd.DataFrame:
    """The same sums: the action-weeks of every cohort member, summed per person and week,
    then per cohort (a leader may be in more than one)."""
    members = frames["cohort_members"]
    people = np.unique(members["person_id"].to_numpy())
    found = action_weeks(frames, people, tracker.EARLIEST_WEEK, weeks.week_start(today))
    per_person = pd.DataFrame({
        "person_id": found.plan.person_id[found.at], "week": found.week, "done": found.done, "target": found.target,
    }).groupby(["person_id", "week"], as_index=False).sum()
    membership = pd.DataFrame({"cohort_id": members["cohort_id"].to_numpy(), "person_id": members["person_id"].to_numpy()})
    sums = per_person.merge(membership, on="person_id").groupby(["cohort_id", "week"], as_index=False)[["done", "target"]].sum()
    sums["week_start"] = sums["week"].to_numpy().astype("datetime64[D]").astype(object)
    return sums[["cohort_id", "week_start", "done", "target"]]


# -- the list the benchmark runs ---------------------------------------------------------------


@dataclass(frozen=True)
class Aggregation:
    name: str
    label: str
    duckdb: Callable[[], object]
    tables: tuple[str, ...]  # what the pandas approach loads, with the columns in COLUMNS
    pandas: Callable[[Frames], object]
    differs: Callable[[object, object], str | None]


def aggregations(db: Database, leader: Identity, framework: Framework, today: dt.date) -> list[Aggregation]:
    return [
        Aggregation(
            "profile", "Profile over rounds (heavy leader)",
            lambda: profile.profiles(db, leader, framework), PROFILE_TABLES,
            lambda frames: pandas_profile(frames, leader, framework), same_profile,
        ),
        Aggregation(
            "tracker_history", "Tracker history, all weeks (heavy leader)",
            lambda: tracker.history(db, leader, today), WEEK_TABLES,
            lambda frames: pandas_history(frames, leader, today), same_frame,
        ),
        Aggregation(
            "cohort_scores", "Cohorts: mean competency, latest rounds",
            lambda: duckdb_cohort_scores(db), COHORT_SCORE_TABLES,
            pandas_cohort_scores, same_frame,
        ),
        Aggregation(
            "cohort_completion", "Cohorts: done and asked per week",
            lambda: duckdb_cohort_completion(db, today), COHORT_COMPLETION_TABLES,
            lambda frames: pandas_cohort_completion(frames, today), same_frame,
        ),
    ]
