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


# -- the coach's workspace: agreements, sessions, agendas, notes, agreed actions --------------

_MEETINGS = ("in_person", "video", "phone", "mixed")
_SESSION_GOALS = (  # per phase, 1 to 5 (the phases of coaching: see the catalogs' phase.n)
    ("Talk through the self-assessment", "Name your strengths and development areas", "Choose a goal for the long term"),
    ("Agree how we will work", "What you expect of each other", "What stays between us"),
    ("Find the pattern behind the busy weeks", "Your values as a leader", "Work through a recent setback",
     "What drives your way of leading", "What you believe about handing over"),
    ("Plan the actions for your goal", "Name the obstacles and your support", "Set a realistic timeline"),
    ("Look back on the actions of the last weeks", "Make the new habit stick", "Practise a hard conversation"),
)
_SESSION_SUCCESS = (
    "One concrete step for the coming weeks", "A clear next action", "Both of us know what to work on",
    "A first draft you can use", "You can name what you will do differently", "An agreement both of us accept",
)
_ITEMS = {  # per source: drafted from the weeks before, added by the coach, added by the leader
    "drafted": ("Since the last session: most planned actions done", "Slipped: the weekly one-to-ones",
                "Energy lower than the weeks before", "Goal moved: 20% to 40%"),
    "coach": ("Look back on the last two weeks", "What got in the way?", "What did you learn about yourself?",
              "The next step on your goal"),
    "leader": ("The budget talk with my manager", "A conflict in my team", "Too little time for strategy",
               "Feedback I received this week"),
}
_SOURCES = ("drafted", "coach", "leader")
_PRIVATE_NOTES = ("My own reflection on this session", "To remember for myself", "What I noticed in myself today")
_SHARED_NOTES = ("Agreed: try it for two weeks and look back", "Summary: the main point was delegation",
                 "Next time: start with the team conflict", "Thanks, this helped me see the pattern")
_AGREED_TITLES = ("Ask one open question in every one-to-one", "Block an hour a week for thinking ahead",
                  "Hand one decision to the team", "End the day with a short look back")
_EXPECTS = ("Come prepared and do what you agreed", "Full attention and honest feedback",
            "The sponsor hears the dates only, nothing of the content", "A closing session to look back together")


def _texts(texts: tuple[str, ...], codes: np.ndarray) -> pd.Categorical:
    """The texts at these positions of a small list: categorical, which DuckDB reads far
    faster than a column of Python strings."""
    return pd.Categorical.from_codes(codes, categories=list(texts))


def _among(rng: np.random.Generator, groups: tuple[tuple[str, ...], ...], group: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
    """All texts of these groups in one list, and per row a random position in it within the
    row's group."""
    sizes = np.array([len(g) for g in groups])
    first = np.cumsum(sizes) - sizes
    return tuple(text for g in groups for text in g), first[group] + (rng.random(len(group)) * sizes[group]).astype(np.int64)


def _at(days: np.ndarray, hour: int) -> np.ndarray:
    """Dates (datetime64[D]) at an hour of the day, as timestamps."""
    return days.astype("datetime64[s]") + np.timedelta64(hour, "h")


def coaching_history(
    cursor: duckdb.DuckDBPyConnection,
    pairings: pd.DataFrame,
    today: dt.date,
    rng: np.random.Generator,
    agree_actions: bool = True,
) -> None:
    """The coach's workspace of these pairings (columns id, coach_id, leader_id, starts_on,
    ends_on), in bulk: an accepted agreement (some with a second version), a session every two
    to four weeks from the pairing's start until today, held or cancelled, and one planned in
    the next four weeks while the pairing runs; an agenda per session, notes per held session
    (private to coach or leader, or shared), and now and then an action agreed in the session,
    in the leader's plan under one of their goals, with its check-ins."""
    n = len(pairings)
    if not n:
        return
    day = np.timedelta64(1, "D")
    now = np.datetime64(today, "D")
    far = np.datetime64("9999-12-31", "D")
    pairing_ids = pairings["id"].to_numpy(np.int64)
    coach = pairings["coach_id"].to_numpy(np.int64)
    leader = pairings["leader_id"].to_numpy(np.int64)
    start = pd.to_datetime(pairings["starts_on"]).to_numpy("datetime64[D]")
    end_or_nat = pd.to_datetime(pairings["ends_on"]).to_numpy("datetime64[D]")
    end = np.where(np.isnat(end_or_nat), far, end_or_nat)
    last_day = np.minimum(end, now)  # the last day of the pairing so far

    # -- the agreement: version 1 accepted a few days in; about one in five changed later ---
    proposed = start + rng.integers(0, 3, size=n) * day
    accepted = proposed + rng.integers(1, 6, size=n) * day
    every = rng.integers(2, 5, size=n)
    minutes = rng.choice([60, 75, 90], size=n)
    meeting = rng.integers(0, len(_MEETINGS), size=n)
    life = (last_day - start).astype(np.int64)
    changed = (rng.random(n) < 0.2) & (life > 90)
    change_day = start + (60 + (rng.random(n) * np.maximum(life - 60, 1)).astype(np.int64)) * day
    change_accepted = change_day + rng.integers(1, 8, size=n) * day
    change_waits = rng.random(n) < 0.25
    change_every = np.where(every == 4, 2, every + 1)
    c = np.flatnonzero(changed)
    version = np.concatenate([np.ones(n, dtype=np.int8), np.full(len(c), 2, dtype=np.int8)])
    rows = np.concatenate([np.arange(n), c])
    when_proposed = np.concatenate([proposed, change_day[c]])
    when_accepted = np.concatenate([accepted, np.where(change_waits[c], np.datetime64("NaT", "D"), change_accepted[c])])
    when_accepted = np.where(when_accepted > now, np.datetime64("NaT", "D"), when_accepted)  # nothing accepted ahead of today
    order = np.lexsort((version, rows))
    rows, version, when_proposed, when_accepted = rows[order], version[order], when_proposed[order], when_accepted[order]
    is_change = version == 2
    insert_frame(cursor, "agreements", pd.DataFrame({
        "id": reserve_ids(cursor, "agreements_id_seq", len(rows)),
        "pairing_id": pairing_ids[rows], "version": version,
        "starts_on": start[rows], "ends_on": end_or_nat[rows],
        "every_weeks": np.where(is_change, change_every[rows], every[rows]).astype(np.int8),
        "session_minutes": minutes[rows].astype(np.int16), "meeting": _texts(_MEETINGS, meeting[rows]),
        "coach_expects": _EXPECTS[0], "leader_expects": _EXPECTS[1], "confidentiality": _EXPECTS[2], "ending": _EXPECTS[3],
        "proposed_at": _at(when_proposed, 10), "accepted_at": _at(when_accepted, 16),
    }))

    # -- sessions: every two to four weeks on the same weekday from the start, until today;
    # one planned in the next four weeks while the pairing runs --------------------------
    span = int((np.minimum(end, now + 28 * day) - start).astype(np.int64).max(initial=0))
    steps = span // 14 + 2
    first = start + rng.integers(3, 15, size=n) * day
    first_weekday = (first.astype(np.int64) + 3) % 7  # 0 = Monday; 1 January 1970 was a Thursday
    first = first + np.where(first_weekday >= 5, 7 - first_weekday, 0) * day  # a weekday, kept for every session
    gaps = 7 * rng.integers(2, 5, size=(n, steps))  # two, three or four weeks
    dates = first[:, None] + np.concatenate([np.zeros((n, 1), dtype=np.int64), np.cumsum(gaps, axis=1)], axis=1) * day
    past = (dates < now) & (dates <= end[:, None])  # a prefix of each row: the dates only rise
    ahead = past.sum(axis=1)  # the first date from today on
    next_date = dates[np.arange(n), np.minimum(ahead, steps)]
    planned_row = (ahead <= steps) & (end >= now) & (next_date <= end) & (next_date < now + 28 * day)
    planned = np.zeros_like(past)
    planned[np.flatnonzero(planned_row), ahead[planned_row]] = True
    pair_row, step = np.nonzero(past | planned)  # by pairing, then by date
    held_on = dates[pair_row, step]
    is_planned = planned[pair_row, step]
    count = len(pair_row)
    session_ids = reserve_ids(cursor, "coaching_sessions_id_seq", count)
    status = np.where(is_planned, 0, np.where(rng.random(count) < 0.05, 2, 1))  # planned, held, cancelled
    is_held = status == 1
    life_end = np.minimum(end, now + 28 * day)
    fraction = (held_on - start[pair_row]).astype(np.int64) / np.maximum((life_end - start)[pair_row].astype(np.int64), 1)
    phase = np.clip(1 + np.floor(fraction * 5), 1, 5).astype(np.int8)
    goal_texts, goal_code = _among(rng, _SESSION_GOALS, phase - 1)
    created = np.minimum(np.maximum(held_on - 14 * day, start[pair_row]), now)
    drafted = np.where(is_planned, np.datetime64("NaT", "D"), held_on - day)
    insert_frame(cursor, "coaching_sessions", pd.DataFrame({
        "id": session_ids, "pairing_id": pairing_ids[pair_row], "held_on": held_on, "phase": phase,
        "goal": _texts(goal_texts, goal_code), "status": _texts(("planned", "held", "cancelled"), status),
        "success": _texts(_SESSION_SUCCESS, rng.integers(0, len(_SESSION_SUCCESS), size=count)),
        "drafted_at": _at(drafted, 8), "created_at": _at(created, 9),
    }))

    # -- agendas: two to four items, the drafted ones first (none drafted ahead yet) -------
    per_session = rng.integers(2, 5, size=count)
    item_session = np.repeat(np.arange(count), per_session)
    items = len(item_session)
    source = np.where(is_planned[item_session], rng.integers(1, 3, size=items), rng.integers(0, 3, size=items))
    order = np.lexsort((source, item_session))
    item_session, source = item_session[order], source[order]
    first_of_session = np.repeat(np.cumsum(per_session) - per_session, per_session)
    position = np.arange(items) - first_of_session + 1
    item_texts, item_code = _among(rng, tuple(_ITEMS[name] for name in _SOURCES), source)
    item_pair = pair_row[item_session]
    insert_frame(cursor, "agenda_items", pd.DataFrame({
        "id": reserve_ids(cursor, "agenda_items_id_seq", items),
        "session_id": session_ids[item_session],
        "author_id": np.where(source == 2, leader[item_pair], coach[item_pair]),
        "source": _texts(_SOURCES, source), "position": position.astype(np.int32), "text": _texts(item_texts, item_code),
        "created_at": _at(np.where(source == 0, held_on[item_session] - day, np.minimum(held_on[item_session] - 3 * day, now)), 10),
    }))

    # -- notes on held sessions: private to their writer, or shared --------------------------
    held = np.flatnonzero(is_held)
    per_held = rng.integers(1, 4, size=len(held))
    note_session = np.repeat(held, per_held)
    notes = len(note_session)
    kind = rng.choice(4, size=notes, p=[0.3, 0.2, 0.3, 0.2])  # coach private, leader private, coach shared, leader shared
    shared = kind >= 2
    note_pair = pair_row[note_session]
    note_texts, note_code = _among(rng, (_PRIVATE_NOTES, _SHARED_NOTES), shared.astype(np.int64))
    note_day = np.minimum(held_on[note_session] + rng.integers(0, 2, size=notes) * day, now)
    rank = np.arange(notes) - np.repeat(np.cumsum(per_held) - per_held, per_held)  # the order they were written in
    insert_frame(cursor, "session_notes", pd.DataFrame({
        "id": reserve_ids(cursor, "session_notes_id_seq", notes),
        "session_id": session_ids[note_session],
        "author_id": np.where(kind % 2 == 1, leader[note_pair], coach[note_pair]),
        "shared": shared, "text": _texts(note_texts, note_code),
        "created_at": _at(note_day, 18) + rank * np.timedelta64(1, "m"),
    }))

    # -- about one held session in four agrees an action, under one of the leader's goals set
    # by then (no action where there was no goal yet) -------------------------------------------
    if not agree_actions:
        return
    agreed = held[rng.random(len(held)) < 0.25]
    agreed_leader = leader[pair_row[agreed]]
    goals = cursor.execute(
        "SELECT person_id, created_at::DATE AS created_on, id FROM goals "
        "WHERE person_id IN (SELECT unnest(?::BIGINT[])) AND archived_at IS NULL ORDER BY ALL",
        [np.unique(agreed_leader).tolist()],
    ).fetchnumpy()
    goal_ids = np.asarray(goals["id"], dtype=np.int64)
    # One sorted key per goal, its owner and the day it was set, so that a binary search finds
    # a leader's goals set by a day.
    days = 1 << 20
    goal_key = np.asarray(goals["person_id"], dtype=np.int64) * days + np.asarray(goals["created_on"], dtype="datetime64[D]").astype(np.int64)
    low = np.searchsorted(goal_key, agreed_leader * days, side="left")
    high = np.searchsorted(goal_key, agreed_leader * days + held_on[agreed].astype(np.int64), side="right")
    pick = low + (rng.random(len(agreed)) * (high - low)).astype(np.int64)
    has_goal = high > low
    agreed, agreed_leader, pick = agreed[has_goal], agreed_leader[has_goal], pick[has_goal]
    _agreed_actions(cursor, session_ids[agreed], agreed_leader, goal_ids[pick], held_on[agreed], today, rng)


def _agreed_actions(cursor: duckdb.DuckDBPyConnection, session_ids: np.ndarray, person: np.ndarray, goal: np.ndarray,
                    start: np.ndarray, today: dt.date, rng: np.random.Generator) -> None:
    """Weekly actions agreed in these sessions (from the session's day), in their leaders'
    plans, with check-ins in the weeks before this one, ticked only inside their window."""
    count = len(session_ids)
    if not count:
        return
    day = np.timedelta64(1, "D")
    action_ids = reserve_ids(cursor, "actions_id_seq", count)
    weekday = (start.astype(np.int64) + 3) % 7  # 0 = Monday; 1 January 1970 was a Thursday
    first_monday = start - weekday * day
    length = rng.integers(4, 13, size=count)  # weeks
    due = first_monday + (7 * length - 1) * day  # a Sunday: its last week is whole
    times = rng.integers(1, 3, size=count)
    over = due < np.datetime64(today, "D")  # an agreed action whose time is over was done, not left overdue
    insert_frame(cursor, "actions", pd.DataFrame({
        "id": action_ids, "goal_id": goal, "person_id": person,
        "title": _texts(_AGREED_TITLES, rng.integers(0, len(_AGREED_TITLES), size=count)),
        "cadence": "weekly", "times_per_week": times.astype(np.int8), "start_date": start, "due_date": due,
        "status": np.where(over, "done", "active"), "closed_on": np.where(over, due, np.datetime64("NaT")),
        "created_at": _at(start, 17),
    }))
    insert_frame(cursor, "agreed_actions", pd.DataFrame({"action_id": action_ids, "session_id": session_ids}))
    this_monday = np.datetime64(weeks.week_start(today), "D")
    tracked = np.clip(((this_monday - first_monday).astype(np.int64) // 7), 0, length)  # the weeks before this one
    rows = np.repeat(np.arange(count), tracked)
    offset = np.arange(len(rows)) - np.repeat(np.cumsum(tracked) - tracked, tracked)
    keep = rng.random(len(rows)) < 0.9
    rows, offset = rows[keep], offset[keep]
    first_day = np.where(offset == 0, weekday[rows] + 1, 1)  # ISO weekday: nothing before the start
    # At most what the week asks (week_rules: its share of n for the days from the start), so
    # that no tick is an extra.
    done = np.minimum(rng.binomial(times[rows], 0.85), -(-times[rows] * (8 - first_day) // 7))
    keep = done > 0
    rows, offset, first_day, done = rows[keep], offset[keep], first_day[keep], done[keep]
    frame = pd.DataFrame({
        "action_id": action_ids[rows], "person_id": person[rows], "week_start": first_monday[rows] + 7 * offset * day,
        "first_day": first_day, "done": done,
    })
    cursor.register("_checkins", frame)
    cursor.execute(
        "INSERT INTO checkins (action_id, person_id, week_start, days) "
        "SELECT action_id, person_id, week_start::DATE, range(first_day, first_day + done)::TINYINT[] FROM _checkins"
    )
    cursor.unregister("_checkins")


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
HEAVY_COACHING_STREAM = 2  # the random stream of the heavy leader's sessions with their coach


class NotEmpty(Exception):
    """The organisation is only built into a database with nobody's data in it."""


def build_org(db, framework: Framework, size: str, today: dt.date, seed: int = SEED) -> dict[str, int]:
    """A synthetic organisation in one transaction; returns the row count per table.

    One leader (the first) gets the heaviest history of all: twenty rounds and three years of
    ten goals and forty weekly actions, the leader the benchmark looks at; the same history
    at every size with the same years and seed. Every pairing has its coach's workspace:
    an agreement, a session every two to four weeks with its agenda and notes, and actions
    agreed in some of them (coaching_history)."""
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
        pairings = pd.DataFrame({
            "id": reserve_ids(cursor, "pairings_id_seq", len(leaders)),
            "coach_id": coaches[rng.integers(0, spec.coaches, size=len(leaders))],
            "leader_id": leaders,
            "starts_on": first_day,
            "ends_on": pd.Series([None] * len(leaders), dtype="datetime64[ns]"),
        })
        insert_frame(cursor, "pairings", pairings)
        # The heavy leader's history comes from a generator of its own, so that it is the same
        # at every size that shares L's years: the benchmark compares their pages at L and XL.
        heavy_rng = np.random.default_rng([seed, HEAVY_STREAM])
        leader_history(cursor, [int(leaders[0])], framework, replace(HEAVY, years=spec.years), today, heavy_rng)
        leader_history(cursor, [int(i) for i in leaders[1:]], framework, History(years=spec.years), today, rng)
        # The same for the heavy leader's sessions with their coach; no actions agreed in them, so
        # that their plan stays HEAVY's 40 actions and their pages compare with earlier runs.
        coaching_history(cursor, pairings.iloc[:1], today, np.random.default_rng([seed, HEAVY_COACHING_STREAM]), agree_actions=False)
        coaching_history(cursor, pairings.iloc[1:], today, rng)
        tables = ("people", "cohorts", "cohort_members", "pairings", "assessment_rounds", "ratings",
                  "competency_notes", "goals", "actions", "checkins", "reflections",
                  "agreements", "coaching_sessions", "agenda_items", "session_notes", "agreed_actions")
        return {table: cursor.execute("SELECT count(*) FROM " + table).fetchone()[0] for table in tables}
