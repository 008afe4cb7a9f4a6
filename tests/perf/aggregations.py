"""The benchmark's heaviest aggregations, each done twice: in DuckDB (the app's own query, or
for the cohort summaries, which have no screen yet, a query written here) and the plain
pandas way (read whole tables with `SELECT * FROM table` into DataFrames, then filter, merge
and group in pandas, vectorised). tests/perf/bench.py checks that both give the same result,
then times them in turn.

The pandas history follows the rules of `coaching.tracker._HISTORY_SQL` (and so of
`coaching.actions.week_target`): tests/perf/test_bench_smoke.py holds it to
`tracker.history` on data with every cadence."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coaching import profile, tracker
from coaching.db import Database
from coaching.framework import Framework
from coaching.people import Identity

FAR = np.datetime64("9999-12-31", "D").astype(np.int64)  # "no end", as the SQL's DATE '9999-12-31'


def read_tables(db: Database, *tables: str) -> dict[str, pd.DataFrame]:
    """Whole tables, every row and column, as DataFrames: the pandas approach's load."""
    with db.read() as cursor:
        # Table names come from this module.
        return {table: cursor.execute("SELECT * FROM " + table).df() for table in tables}


def day_numbers(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Dates as days since 1970-01-01 (int64), and where the date is missing."""
    missing = column.isna().to_numpy()
    days = column.to_numpy(dtype="datetime64[us]").astype("datetime64[D]").astype(np.int64)
    return days, missing


def monday_of(days: np.ndarray) -> np.ndarray:
    """The Monday of each day (1970-01-01 was a Thursday): DuckDB's date_trunc('week', d)."""
    return days - (days + 3) % 7


def as_dates(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype(object)


# -- 1. the profile over rounds: competency means per round, and targets --------------------


PROFILE_TABLES = ("assessment_rounds", "ratings", "competency_notes")


def duckdb_profile(db: Database, leader: Identity, framework: Framework) -> list[profile.RoundProfile]:
    return profile.profiles(db, leader, framework)


def pandas_profile(tables: dict[str, pd.DataFrame], leader: Identity, framework: Framework) -> list[tuple[int, dict, dict]]:
    """(round id, scores, targets) per submitted round, oldest first, as profile.profiles."""
    rounds = tables["assessment_rounds"]
    mine = rounds[(rounds["person_id"] == leader.person_id) & (rounds["status"] == "submitted")]
    round_ids = mine.sort_values(["assessed_on", "id"])["id"].to_list()
    ratings = tables["ratings"]
    ratings = ratings[ratings["round_id"].isin(round_ids)]
    mapping = {b.id: b.competency_id for b in framework.behaviours}
    ratings = ratings.assign(competency_id=ratings["behaviour_id"].map(mapping)).dropna(subset=["competency_id"])
    means = ratings.groupby(["round_id", "competency_id"])["score"].mean()
    notes = tables["competency_notes"]
    notes = notes[notes["round_id"].isin(round_ids) & notes["target"].notna() & notes["competency_id"].isin(framework.competency_ids)]

    scores = {rid: dict.fromkeys(framework.competency_ids) for rid in round_ids}
    for (round_id, competency_id), mean in means.items():
        scores[round_id][competency_id] = None if pd.isna(mean) else float(mean)
    targets: dict[int, dict[str, int]] = {rid: {} for rid in round_ids}
    for round_id, competency_id, target in zip(notes["round_id"], notes["competency_id"], notes["target"]):
        targets[int(round_id)][competency_id] = int(target)
    return [(rid, scores[rid], targets[rid]) for rid in round_ids]


def same_profile(duck: list[profile.RoundProfile], pandas_result: list[tuple[int, dict, dict]]) -> str | None:
    """None when both agree, else what differs."""
    if [p.round.id for p in duck] != [rid for rid, _, _ in pandas_result]:
        return "round ids differ"
    for p, (_, scores, targets) in zip(duck, pandas_result):
        if p.targets != targets:
            return f"targets of round {p.round.id} differ"
        for cid, score in p.scores.items():
            other = scores[cid]
            if (score is None) != (other is None) or (score is not None and not math.isclose(score, other, abs_tol=1e-9)):
                return f"round {p.round.id}, {cid}: {score} != {other}"
    return None


# -- 2. the tracker over three years: target and done per action and week -------------------


TRACKER_TABLES = ("actions", "goals", "checkins")


@dataclass(frozen=True)
class Plan:
    """The live actions (not archived, nor their goal) as arrays, dates as day numbers."""

    frame: pd.DataFrame
    id: np.ndarray
    person_id: np.ndarray
    goal_id: np.ndarray
    cadence: np.ndarray
    times: np.ndarray
    dropped: np.ndarray
    start: np.ndarray
    last: np.ndarray  # the last day: min(due date, closed on), FAR without either
    first_week: np.ndarray
    last_week: np.ndarray  # the Monday of min(last day, today)
    due_week: np.ndarray  # the Monday of the due date (the start date, without one)


def live_plan(tables: dict[str, pd.DataFrame], today: dt.date, person_id: int | None) -> Plan:
    actions, goals = tables["actions"], tables["goals"]
    if person_id is not None:
        actions = actions[actions["person_id"] == person_id]
    live_goals = goals.loc[goals["archived_at"].isna(), "id"]
    actions = actions[actions["archived_at"].isna() & actions["goal_id"].isin(live_goals)]
    start, _ = day_numbers(actions["start_date"])
    due, no_due = day_numbers(actions["due_date"])
    closed, not_closed = day_numbers(actions["closed_on"])
    last = np.minimum(np.where(no_due, FAR, due), np.where(not_closed, FAR, closed))
    return Plan(
        frame=actions,
        id=actions["id"].to_numpy(dtype=np.int64),
        person_id=actions["person_id"].to_numpy(dtype=np.int64),
        goal_id=actions["goal_id"].to_numpy(dtype=np.int64),
        cadence=actions["cadence"].to_numpy(dtype=object),
        times=actions["times_per_week"].fillna(0).to_numpy(dtype=np.int64),
        dropped=actions["status"].to_numpy(dtype=object) == "dropped",
        start=start,
        last=last,
        first_week=monday_of(start),
        last_week=monday_of(np.minimum(last, np.datetime64(today, "D").astype(np.int64))),
        due_week=monday_of(np.where(no_due, start, due)),
    )


def ticked_weeks(tables: dict[str, pd.DataFrame], person_id: int | None) -> pd.DataFrame:
    """action_id, week (day number) and done (days ticked) of every check-in with a tick."""
    checkins = tables["checkins"]
    if person_id is not None:
        checkins = checkins[checkins["person_id"] == person_id]
    done = checkins["days"].map(len).to_numpy(dtype=np.int64)
    return pd.DataFrame({
        "action_id": checkins["action_id"].to_numpy(dtype=np.int64)[done > 0],
        "week": day_numbers(checkins["week_start"])[0][done > 0],
        "done": done[done > 0],
    })


def week_targets(plan: Plan, at: np.ndarray, week: np.ndarray, first_done: pd.Series) -> np.ndarray:
    """The target of action plan[at] in the week starting `week`, by cadence (the rules of
    tracker._HISTORY_SQL); first_done: each action's first week with a tick."""
    cadence, start, last = plan.cadence[at], plan.start[at], plan.last[at]
    weekly = np.minimum(plan.times[at], np.maximum(0, np.minimum(week + 6, last) - np.maximum(week, start) + 1))

    first = first_done.reindex(plan.id[at]).to_numpy(dtype=float)  # NaN: never done
    once = np.where(~np.isnan(first), week == first, np.where(plan.dropped[at], False, week == plan.due_week[at]))

    on_weekdays = np.zeros(len(at), dtype=np.int64)
    is_weekdays = cadence == "weekdays"
    if is_weekdays.any():
        frame = plan.frame
        chosen = frame.loc[frame["cadence"] == "weekdays", ["id", "weekdays"]].explode("weekdays").dropna()
        chosen = chosen.rename(columns={"id": "action_id", "weekdays": "weekday"}).astype(np.int64)
        rows = pd.DataFrame({"row": np.flatnonzero(is_weekdays), "action_id": plan.id[at][is_weekdays]})
        rows = rows.merge(chosen, on="action_id")
        day = week[rows["row"]] + rows["weekday"].to_numpy() - 1
        inside = (day >= start[rows["row"]]) & (day <= last[rows["row"]])
        counted = rows.loc[inside, "row"].value_counts()
        on_weekdays[counted.index.to_numpy()] = counted.to_numpy()

    return np.select([cadence == "once", is_weekdays], [once.astype(np.int64), on_weekdays], weekly)


def every_week(plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """(row in plan, Monday) of every week of every action, first week to last."""
    count = np.where(plan.last_week >= plan.first_week, (plan.last_week - plan.first_week) // 7 + 1, 0)
    at = np.repeat(np.arange(len(plan.id)), count)
    week = plan.first_week[at] + 7 * (np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count))
    return at, week


def pandas_history(tables: dict[str, pd.DataFrame], today: dt.date, person_id: int) -> pd.DataFrame:
    """tracker.history's table in pandas, the way its query goes: every week of every action,
    its target, and the days ticked that week (a merge), capped at the target."""
    plan = live_plan(tables, today, person_id)
    ticked = ticked_weeks(tables, person_id)
    first_done = ticked.groupby("action_id")["week"].min()
    at, week = every_week(plan)
    weeks = pd.DataFrame({
        "action_id": plan.id[at], "goal_id": plan.goal_id[at], "week": week,
        "target": week_targets(plan, at, week, first_done),
    })
    weeks = weeks.merge(ticked, on=["action_id", "week"], how="left")
    weeks["done"] = weeks["done"].fillna(0).astype(np.int64)
    weeks = weeks[(weeks["target"] > 0) | (weeks["done"] > 0)]
    weeks["done"] = np.where(weeks["target"] > 0, np.minimum(weeks["done"], weeks["target"]), weeks["done"])
    weeks = weeks.sort_values(["action_id", "week"], kind="stable")
    weeks["week_start"] = as_dates(weeks["week"].to_numpy())
    return weeks[tracker.HISTORY_COLUMNS].reset_index(drop=True)


def same_frame(left: pd.DataFrame, right: pd.DataFrame) -> str | None:
    try:
        pd.testing.assert_frame_equal(
            left.reset_index(drop=True), right.reset_index(drop=True), check_dtype=False, check_exact=False, rtol=1e-9
        )
    except AssertionError as error:
        return str(error).splitlines()[0] if str(error) else "frames differ"
    return None


# -- 3. cohort summaries (no screen yet): queries written here ------------------------------


COHORT_SCORE_TABLES = ("assessment_rounds", "ratings", "cohort_members")

# Per cohort and competency: the mean over the cohort's leaders of their competency score
# in their latest submitted round. DuckDB reads the means stored at submission
# (round_scores); the pandas approach averages the raw ratings, as it has nothing else.
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


def duckdb_cohort_scores(db: Database, framework: Framework) -> pd.DataFrame:
    with db.read() as cursor:
        return cursor.execute(COHORT_SCORES_SQL).df()


def pandas_cohort_scores(tables: dict[str, pd.DataFrame], framework: Framework) -> pd.DataFrame:
    rounds = tables["assessment_rounds"]
    latest = (
        rounds[rounds["status"] == "submitted"]
        .sort_values(["person_id", "assessed_on", "id"])
        .drop_duplicates("person_id", keep="last")[["id", "person_id"]]
        .rename(columns={"id": "round_id"})
    )
    mapping = {b.id: b.competency_id for b in framework.behaviours}
    ratings = tables["ratings"].merge(latest, on="round_id")
    ratings = ratings.assign(competency_id=ratings["behaviour_id"].map(mapping)).dropna(subset=["competency_id"])
    scores = ratings.groupby(["person_id", "competency_id"], as_index=False)["score"].mean()
    scores = scores.merge(tables["cohort_members"], on="person_id")
    return (
        scores.groupby(["cohort_id", "competency_id"], as_index=False)
        .agg(mean_score=("score", "mean"), leaders=("score", "count"))
        .sort_values(["cohort_id", "competency_id"])
        .reset_index(drop=True)
    )


COHORT_COMPLETION_TABLES = ("actions", "goals", "checkins", "cohort_members")

# Per cohort and week: the days done against the days asked, summed over every action of the
# cohort's leaders by tracker.history's rules: the sums of that table over everybody. Asked:
# the target of every action in every week of its window. Done: every check-in with a tick in
# its action's window, capped at that week's target. Computed that way round, the 1.5 million
# check-ins are joined to the 42,000 actions, not to the 1.8 million action-weeks (which took
# 2.4 times as long).
COHORT_COMPLETION_SQL = """
WITH plan AS (
    SELECT a.id, a.person_id, a.cadence, a.times_per_week, a.weekdays, a.status, a.start_date,
           date_trunc('week', coalesce(a.due_date, a.start_date))::DATE AS due_week,
           least(coalesce(a.due_date, DATE '9999-12-31'), coalesce(a.closed_on, DATE '9999-12-31')) AS last_day,
           date_trunc('week', a.start_date)::DATE AS first_week,
           date_trunc('week', least(last_day, $today))::DATE AS last_week
    FROM actions a JOIN goals g ON g.id = a.goal_id
    WHERE a.archived_at IS NULL AND g.archived_at IS NULL
),
first_done AS (
    SELECT c.action_id, min(c.week_start) AS first_done
    FROM checkins c SEMI JOIN plan p ON p.id = c.action_id AND p.cadence = 'once'
    WHERE len(c.days) > 0
    GROUP BY c.action_id
),
plan_done AS (SELECT p.*, f.first_done FROM plan p LEFT JOIN first_done f ON f.action_id = p.id),
action_weeks AS (
    SELECT *, unnest(generate_series(first_week, last_week, INTERVAL 7 DAY))::DATE AS week_start FROM plan_done
),
asked AS (
    SELECT person_id, week_start, target FROM (
        SELECT p.person_id, p.week_start, CASE p.cadence
            WHEN 'once' THEN CASE
                WHEN p.first_done IS NOT NULL THEN (p.week_start = p.first_done)::INTEGER
                WHEN p.status = 'dropped' THEN 0
                ELSE (p.week_start = p.due_week)::INTEGER END
            WHEN 'weekdays' THEN len(list_filter(p.weekdays, lambda d: p.week_start + (d - 1)::INTEGER BETWEEN p.start_date AND p.last_day))
            ELSE least(p.times_per_week, greatest(0, datediff('day', greatest(p.week_start, p.start_date), least(p.week_start + 6, p.last_day)) + 1))
        END AS target
        FROM action_weeks p
    ) WHERE target > 0
),
done AS (
    SELECT person_id, week_start, CASE WHEN target > 0 THEN least(done, target) ELSE done END AS done FROM (
        SELECT p.person_id, c.week_start, len(c.days) AS done, CASE p.cadence
            WHEN 'once' THEN CASE
                WHEN p.first_done IS NOT NULL THEN (c.week_start = p.first_done)::INTEGER
                WHEN p.status = 'dropped' THEN 0
                ELSE (c.week_start = p.due_week)::INTEGER END
            WHEN 'weekdays' THEN len(list_filter(p.weekdays, lambda d: c.week_start + (d - 1)::INTEGER BETWEEN p.start_date AND p.last_day))
            ELSE least(p.times_per_week, greatest(0, datediff('day', greatest(c.week_start, p.start_date), least(c.week_start + 6, p.last_day)) + 1))
        END AS target
        FROM checkins c JOIN plan_done p ON p.id = c.action_id
        WHERE len(c.days) > 0 AND c.week_start BETWEEN p.first_week AND p.last_week
    )
),
both_sides AS (
    SELECT person_id, week_start, 0 AS done, target FROM asked
    UNION ALL
    SELECT person_id, week_start, done, 0 AS target FROM done
)
SELECT m.cohort_id, b.week_start, sum(b.done)::BIGINT AS done, sum(b.target)::BIGINT AS target
FROM both_sides b JOIN cohort_members m USING (person_id)
GROUP BY ALL
ORDER BY cohort_id, week_start
"""


def duckdb_cohort_completion(db: Database, today: dt.date) -> pd.DataFrame:
    with db.read() as cursor:
        frame = cursor.execute(COHORT_COMPLETION_SQL, {"today": today}).df()
    frame["week_start"] = frame["week_start"].dt.date
    return frame


def pandas_cohort_completion(tables: dict[str, pd.DataFrame], today: dt.date) -> pd.DataFrame:
    """The same two sides in pandas: check-ins looked up in the actions by position, not
    merged with the action-weeks; weeks as day numbers until the result."""
    plan = live_plan(tables, today, None)
    ticked = ticked_weeks(tables, None)
    is_once = pd.Index(plan.id[plan.cadence == "once"])
    first_done = ticked[ticked["action_id"].isin(is_once)].groupby("action_id")["week"].min()

    at, week = every_week(plan)
    target = week_targets(plan, at, week, first_done)
    asked = target > 0
    asked_person, asked_week, asked_target = plan.person_id[at][asked], week[asked], target[asked]

    at = pd.Index(plan.id).get_indexer(ticked["action_id"].to_numpy())
    week, done = ticked["week"].to_numpy(), ticked["done"].to_numpy()
    known = at >= 0  # not an archived action
    inside = np.zeros(len(at), dtype=bool)
    inside[known] = (week[known] >= plan.first_week[at[known]]) & (week[known] <= plan.last_week[at[known]])
    at, week, done = at[inside], week[inside], done[inside]
    target = week_targets(plan, at, week, first_done)
    capped = np.where(target > 0, np.minimum(done, target), done)

    both = pd.DataFrame({
        "person_id": np.concatenate([asked_person, plan.person_id[at]]),
        "week": np.concatenate([asked_week, week]),
        "done": np.concatenate([np.zeros(len(asked_week), dtype=np.int64), capped]),
        "target": np.concatenate([asked_target, np.zeros(len(week), dtype=np.int64)]),
    }).merge(tables["cohort_members"], on="person_id")
    sums = both.groupby(["cohort_id", "week"], as_index=False)[["done", "target"]].sum()
    sums["week_start"] = as_dates(sums["week"].to_numpy())
    return sums[["cohort_id", "week_start", "done", "target"]]


# -- the list the benchmark runs ---------------------------------------------------------------


@dataclass(frozen=True)
class Aggregation:
    name: str
    label: str
    duckdb: Callable[[], object]
    tables: tuple[str, ...]
    pandas: Callable[[dict[str, pd.DataFrame]], object]
    differs: Callable[[object, object], str | None]


def aggregations(db: Database, leader: Identity, framework: Framework, today: dt.date) -> list[Aggregation]:
    return [
        Aggregation(
            "profile", "Profile over rounds (heavy leader)",
            lambda: duckdb_profile(db, leader, framework), PROFILE_TABLES,
            lambda tables: pandas_profile(tables, leader, framework), same_profile,
        ),
        Aggregation(
            "tracker_history", "Tracker history, 3 years (heavy leader)",
            lambda: tracker.history(db, leader, today), TRACKER_TABLES,
            lambda tables: pandas_history(tables, today, leader.person_id), same_frame,
        ),
        Aggregation(
            "cohort_scores", "Cohorts: mean competency, latest rounds",
            lambda: duckdb_cohort_scores(db, framework), COHORT_SCORE_TABLES,
            lambda tables: pandas_cohort_scores(tables, framework), same_frame,
        ),
        Aggregation(
            "cohort_completion", "Cohorts: check-in completion per week",
            lambda: duckdb_cohort_completion(db, today), COHORT_COMPLETION_TABLES,
            lambda tables: pandas_cohort_completion(tables, today), same_frame,
        ),
    ]
