"""Synthetic data at organisation scale, for benchmarks and fault tests: realistic enough to
load the screens the way a real cohort would, made in bulk (DataFrames, never row by row),
and the same for the same seed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import duckdb
import numpy as np
import pandas as pd

from coaching import weeks
from coaching.assessments import store_scores
from coaching.framework import Framework


@dataclass(frozen=True)
class History:
    """How much one leader has done: goals, actions per goal, years of weekly tracking."""

    goals: int = 6
    actions_per_goal: tuple[int, int] = (3, 4)  # at least, at most
    years: int = 3
    rounds: int = 3
    weeks_per_action: tuple[int, int] = (20, 70)  # how long an action runs, at least and at most
    tracked_share: float = 0.9  # the share of an action's weeks that get a check-in at all


# The leader with the most history (the "three years of weekly data for one leader").
HEAVY = History(goals=10, actions_per_goal=(4, 4), years=3, rounds=20, weeks_per_action=(150, 156), tracked_share=0.97)


def insert_frame(cursor: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """INSERT INTO table (columns of frame) SELECT * FROM frame, in one statement."""
    if frame.empty:
        return
    cursor.register("_frame", frame)
    columns = ", ".join(frame.columns)
    # Table and column names come from this module, never from user input.
    cursor.execute("INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM _frame")
    cursor.unregister("_frame")


def reserve_ids(cursor: duckdb.DuckDBPyConnection, sequence: str, count: int) -> np.ndarray:
    """`count` new ids from a sequence, in one statement: inside the caller's write
    transaction nobody else draws from it, so the values are consecutive."""
    # The sequence name comes from this module, never from user input.
    last = cursor.execute("SELECT max(nextval('" + sequence + "')) FROM range(?)", [count]).fetchone()[0]
    return np.arange(last - count + 1, last + 1, dtype=np.int64)


def leader_history(
    cursor: duckdb.DuckDBPyConnection,
    person_ids: list[int],
    framework: Framework,
    history: History,
    today: dt.date,
    rng: np.random.Generator,
) -> None:
    """Assessment rounds, goals, actions, check-ins and reflections for these leaders, in bulk."""
    n = len(person_ids)
    if not n:
        return
    people = np.asarray(person_ids, dtype=np.int64)
    this_week = weeks.week_start(today)
    first_week = this_week - dt.timedelta(weeks=52 * history.years)
    span_weeks = 52 * history.years

    # -- assessment rounds: spread over the years, scores drifting upwards ------------------
    behaviours = [b.id for b in framework.behaviours]
    round_ids = reserve_ids(cursor, "rounds_id_seq", n * history.rounds)
    round_person = np.repeat(people, history.rounds)
    step = np.tile(np.arange(history.rounds), n)
    assessed = [first_week + dt.timedelta(weeks=int(w)) for w in (step * span_weeks // max(history.rounds, 1) + 2)]
    insert_frame(cursor, "assessment_rounds", pd.DataFrame({
        "id": round_ids, "person_id": round_person, "framework_id": framework.id,
        "framework_version": framework.version, "assessed_on": assessed, "status": "submitted",
        "submitted_at": [dt.datetime.combine(d, dt.time(12)) for d in assessed],
    }))
    base = rng.normal(3.0, 0.5, size=(n, len(behaviours)))
    growth = np.repeat(step[:, None] * 0.15, len(behaviours), axis=1)
    scores = np.clip(np.rint(np.repeat(base, history.rounds, axis=0) + growth + rng.normal(0, 0.4, size=growth.shape)), 1, 5)
    not_observed = rng.random(scores.shape) < 0.03
    insert_frame(cursor, "ratings", pd.DataFrame({
        "round_id": np.repeat(round_ids, len(behaviours)),
        "behaviour_id": np.tile(behaviours, len(round_ids)),
        "score": pd.Series(scores.ravel().astype(np.int8), dtype="Int8").mask(not_observed.ravel()),  # NA: not observed
    }))
    store_scores(cursor, framework, [int(i) for i in round_ids])
    competencies = list(framework.competency_ids)
    insert_frame(cursor, "competency_notes", pd.DataFrame({
        "round_id": np.repeat(round_ids, len(competencies)),
        "competency_id": np.tile(competencies, len(round_ids)),
        "target": rng.integers(3, 6, size=len(round_ids) * len(competencies)).astype(np.int8),
    }))

    # -- goals and actions -----------------------------------------------------------------
    goal_count = n * history.goals
    goal_ids = reserve_ids(cursor, "goals_id_seq", goal_count)
    goal_person = np.repeat(people, history.goals)
    shortest, longest = history.weeks_per_action
    goal_start_week = rng.integers(0, max(span_weeks - shortest, 1), size=goal_count)
    goal_length = rng.integers(shortest, longest + 1, size=goal_count)
    goal_created = [first_week + dt.timedelta(weeks=int(w)) for w in goal_start_week]
    insert_frame(cursor, "goals", pd.DataFrame({
        "id": goal_ids, "person_id": goal_person,
        "title": [f"Goal {i % history.goals + 1}" for i in range(goal_count)],
        "why": "Synthetic", "horizon": np.where(goal_length > 20, "long", "short"), "measure": "A measure of success",
        "target_date": [c + dt.timedelta(weeks=int(l)) for c, l in zip(goal_created, goal_length)],
        "status": rng.choice(["active", "active", "active", "achieved", "on_hold"], size=goal_count),
        "competencies": [[competencies[i % len(competencies)]] for i in range(goal_count)],
        "origin": "synthetic", "created_at": [dt.datetime.combine(c, dt.time(9)) for c in goal_created],
    }))
    per_goal = rng.integers(history.actions_per_goal[0], history.actions_per_goal[1] + 1, size=goal_count)
    action_count = int(per_goal.sum())
    action_ids = reserve_ids(cursor, "actions_id_seq", action_count)
    action_goal = np.repeat(goal_ids, per_goal)
    action_person = np.repeat(goal_person, per_goal)
    start_week = np.repeat(goal_start_week, per_goal) + rng.integers(0, 3, size=action_count)
    length = rng.integers(shortest, longest + 1, size=action_count)
    end_week = np.minimum(start_week + length, span_weeks)  # the running week at most
    times = rng.integers(1, 5, size=action_count)
    insert_frame(cursor, "actions", pd.DataFrame({
        "id": action_ids, "goal_id": action_goal, "person_id": action_person,
        "title": [f"Action {i + 1}" for i in range(action_count)],
        "cadence": "weekly", "times_per_week": times.astype(np.int8),
        "start_date": np.datetime64(first_week, "D") + 7 * start_week,
        "due_date": np.datetime64(first_week, "D") + 7 * end_week + 6,
        "status": "active",
    }))

    # -- check-ins: each active week, with holidays and busy spells -------------------------
    weeks_active = (end_week - start_week).clip(min=0)
    rows = np.repeat(np.arange(action_count), weeks_active)
    offset = np.concatenate([np.arange(k) for k in weeks_active]) if action_count else np.array([], dtype=int)
    week_index = start_week[rows] + offset
    keep = rng.random(len(rows)) < history.tracked_share  # empty weeks: holidays, busy spells, forgetting
    rows, week_index = rows[keep], week_index[keep]
    done = np.minimum(rng.binomial(times[rows], 0.85), 7)
    keep = done > 0
    rows, week_index, done = rows[keep], week_index[keep], done[keep]
    mondays = np.datetime64(first_week, "D") + 7 * np.arange(span_weeks + 1)
    frame = pd.DataFrame({
        "action_id": action_ids[rows], "person_id": action_person[rows], "week_start": mondays[week_index], "done": done,
    })
    # The ticked days are the first `done` weekdays, listed by DuckDB rather than by Python.
    cursor.register("_checkins", frame)
    cursor.execute(
        "INSERT INTO checkins (action_id, person_id, week_start, days) "
        "SELECT action_id, person_id, week_start::DATE, range(1, done + 1)::TINYINT[] FROM _checkins"
    )
    cursor.unregister("_checkins")

    # -- weekly reflections: most weeks, energy and stress ----------------------------------
    person_rows = np.repeat(np.arange(n), span_weeks)
    week_rows = np.tile(np.arange(span_weeks), n)
    keep = rng.random(len(person_rows)) < 0.7
    person_rows, week_rows = person_rows[keep], week_rows[keep]
    insert_frame(cursor, "reflections", pd.DataFrame({
        "person_id": people[person_rows], "week_start": mondays[week_rows],
        "energy": rng.integers(1, 6, size=len(person_rows)).astype(np.int8),
        "stress": rng.integers(1, 6, size=len(person_rows)).astype(np.int8),
    }))


# -- a whole organisation -------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSize:
    leaders: int
    cohorts: int
    coaches: int
    years: int


ORG_SIZES = {
    "S": OrgSize(leaders=40, cohorts=2, coaches=4, years=1),
    "M": OrgSize(leaders=300, cohorts=5, coaches=25, years=2),
    "L": OrgSize(leaders=2_000, cohorts=20, coaches=150, years=3),
    "XL": OrgSize(leaders=20_000, cohorts=200, coaches=1_500, years=3),  # L's shape, ten times over
}
SEED = 1848
HEAVY_STREAM = 1  # the heavy leader's random stream, apart from the organisation's


class NotEmpty(Exception):
    """The organisation is only built into a database with nobody's data in it."""


def build_org(db, framework: Framework, size: str, today: dt.date, seed: int = SEED) -> dict[str, int]:
    """A synthetic organisation in one transaction; returns the row count per table.

    One leader (the first) gets the heaviest history of all: twenty rounds and three years of
    ten goals and forty weekly actions, the leader the benchmark looks at; the same history
    at every size with the same years and seed."""
    spec = ORG_SIZES[size]
    rng = np.random.default_rng(seed)
    with db.write() as cursor:
        if cursor.execute("SELECT count(*) FROM people WHERE kind = 'person'").fetchone()[0]:
            raise NotEmpty()
        roles = ["admin", "hr"] + ["coach"] * spec.coaches + ["leader"] * spec.leaders
        ids = reserve_ids(cursor, "people_id_seq", len(roles))
        insert_frame(cursor, "people", pd.DataFrame({
            "id": ids,
            "email": [f"{role}{i:05d}@example.org" for i, role in enumerate(roles)],
            "display_name": [f"{role.title()} {i}" for i, role in enumerate(roles)],
            "language": rng.choice(["en", "nl"], size=len(roles)),
        }))
        insert_frame(cursor, "person_roles", pd.DataFrame({"person_id": ids, "role": roles}))
        coaches = ids[2:2 + spec.coaches]
        leaders = ids[2 + spec.coaches:]
        first_day = weeks.week_start(today) - dt.timedelta(weeks=52 * spec.years)
        cohort_ids = reserve_ids(cursor, "cohorts_id_seq", spec.cohorts)
        insert_frame(cursor, "cohorts", pd.DataFrame({
            "id": cohort_ids,
            "name": [f"Cohort {i + 1}" for i in range(spec.cohorts)],
            "starts_on": [first_day + dt.timedelta(weeks=int(w)) for w in np.linspace(0, 52 * spec.years - 26, spec.cohorts)],
        }))
        insert_frame(cursor, "cohort_members", pd.DataFrame({
            "cohort_id": cohort_ids[np.arange(len(leaders)) % spec.cohorts], "person_id": leaders,
        }))
        insert_frame(cursor, "pairings", pd.DataFrame({
            "coach_id": coaches[rng.integers(0, spec.coaches, size=len(leaders))],
            "leader_id": leaders,
            "starts_on": first_day,
        }))
        # The heavy leader's history comes from a generator of its own, so that it is the same
        # at every size that shares L's years: the benchmark compares their pages at L and XL.
        heavy_rng = np.random.default_rng([seed, HEAVY_STREAM])
        leader_history(cursor, [int(leaders[0])], framework, replace(HEAVY, years=spec.years), today, heavy_rng)
        leader_history(cursor, [int(i) for i in leaders[1:]], framework, History(years=spec.years), today, rng)
        tables = ("people", "cohorts", "cohort_members", "pairings", "assessment_rounds", "ratings",
                  "competency_notes", "goals", "actions", "checkins", "reflections")
        return {table: cursor.execute("SELECT count(*) FROM " + table).fetchone()[0] for table in tables}
