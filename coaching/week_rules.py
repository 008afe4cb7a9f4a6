"""The weekly rules: what an action asks in an ISO week, what counts as done and what as an
extra. Written once, as the SQL below; the tracker's week table, every progress figure, Home,
the habit strength and the cohort summaries all read it, and nothing else restates it.

An action can be done on the days of its *window*: from its start to its end. A practice (n
times a week, or on chosen weekdays) ends on its due date or when it is closed (done or
dropped); a one-off ends only when it is closed, because it can still be done late. Days
before the start or after the end cannot be ticked.

Days the leader marked as away (holiday, illness) count neither for nor against a target.

What a week asks (its *target*):
- on chosen weekdays: the chosen days inside the window, less the days away;
- n times a week: n for a whole week; for a week the window covers only partly, or with
  days away, its share of n rounded up: ⌈n × available days / 7⌉;
- once: 1, in the week it was first ticked; until then, in the week of its due date (if it
  has one and is still open); otherwise nothing.

What is *done* counts towards the target and never exceeds it: ticks on the chosen days (on
chosen weekdays), ticks inside the window up to n (n times a week), the first tick (once).
Every other tick is an *extra*, shown apart: a Wednesday for a Tuesday-and-Thursday action,
a fourth time for three times a week, a tick outside the window in an older database.

Archived actions, and the actions of archived goals, ask nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from coaching import weeks

FAR = dt.date(9999, 12, 31)  # "no end"

# A week's days are bit masks: bit d stands for ISO weekday d (1 = Monday .. 7 = Sunday), so
# that the rules are a few integer operations per row rather than list functions.
# One row per action and week from $first to $last (Mondays) in which the action's window
# is open or it was ticked, for the people in $people (and only action $action, unless NULL).
_PLAN = """
plan AS (
    SELECT a.id AS action_id, a.goal_id, a.person_id, a.cadence, a.times_per_week, a.status,
           a.start_date, a.due_date,
           coalesce(list_sum(list_transform(a.weekdays, lambda d: 1::INTEGER << d::INTEGER)), 0)::INTEGER AS weekday_mask,
           len(a.weekdays) AS weekday_count,
           CASE WHEN a.cadence = 'once' THEN coalesce(a.closed_on, DATE '9999-12-31')
                ELSE least(coalesce(a.due_date, DATE '9999-12-31'), coalesce(a.closed_on, DATE '9999-12-31'))
           END AS last_day
    FROM actions a JOIN goals g ON g.id = a.goal_id AND g.person_id = a.person_id
    WHERE a.person_id IN (SELECT unnest($people::INTEGER[]))
      AND ($action IS NULL OR a.id = $action)
      AND a.archived_at IS NULL AND g.archived_at IS NULL
)"""

ACTION_WEEKS = "WITH " + _PLAN + """,
ticked AS (
    SELECT c.action_id, c.week_start,
           list_sum(list_transform(c.days, lambda d: 1::INTEGER << d::INTEGER))::INTEGER AS ticked_mask
    FROM checkins c
    WHERE c.person_id IN (SELECT unnest($people::INTEGER[])) AND len(c.days) > 0
      AND c.week_start BETWEEN $first::DATE AND $last::DATE
      AND c.action_id IN (SELECT action_id FROM plan)
),
first_tick AS (  -- a one-off counts in the week it was first ticked, whichever weeks are asked for
    SELECT c.action_id, min(c.week_start) AS week FROM checkins c
    WHERE c.person_id IN (SELECT unnest($people::INTEGER[])) AND len(c.days) > 0
      AND c.action_id IN (SELECT action_id FROM plan WHERE cadence = 'once')
    GROUP BY c.action_id
),
open_weeks AS (
    SELECT action_id, unnest(generate_series(
        greatest(date_trunc('week', start_date)::DATE, $first::DATE),
        least(date_trunc('week', last_day)::DATE, $last::DATE),
        INTERVAL 7 DAY))::DATE AS week_start
    FROM plan
    WHERE start_date <= $last::DATE + 6 AND last_day >= $first::DATE
),
action_weeks AS (
    SELECT action_id, week_start FROM open_weeks
    UNION
    SELECT action_id, week_start FROM ticked
),
facts AS (
    SELECT p.*, w.week_start, f.week AS first_tick_week,
        coalesce(t.ticked_mask, 0) AS ticked_mask,
        coalesce(list_sum(list_transform(aw.days, lambda d: 1::INTEGER << d::INTEGER)), 0)::INTEGER AS away_mask,
        -- the weekdays inside the window: from the start's weekday to the end's, within this week
        greatest(1, datediff('day', w.week_start, p.start_date) + 1) AS first_open,
        least(7, datediff('day', w.week_start, least(p.last_day, DATE '2999-12-31')) + 1) AS last_open
    FROM action_weeks w
    JOIN plan p USING (action_id)
    LEFT JOIN ticked t ON t.action_id = w.action_id AND t.week_start = w.week_start
    LEFT JOIN first_tick f ON f.action_id = w.action_id
    LEFT JOIN away_days aw ON aw.person_id = p.person_id AND aw.week_start = w.week_start
),
masks AS (
    SELECT *,
        CASE WHEN last_open >= first_open THEN (1 << (last_open + 1)) - (1 << first_open) ELSE 0 END::INTEGER AS open_mask
    FROM facts
),
asked AS (
    SELECT *,
        CASE cadence WHEN 'weekdays' THEN open_mask & weekday_mask & ~away_mask ELSE 0 END::INTEGER AS asked_mask,
        bit_count(open_mask & ~away_mask) AS available
    FROM masks
),
targets AS (
    SELECT *,
        CASE cadence
            WHEN 'weekdays' THEN bit_count(asked_mask)
            WHEN 'weekly' THEN ceil(times_per_week * available / 7)::INTEGER
            ELSE CASE
                WHEN first_tick_week IS NOT NULL THEN (week_start = first_tick_week)::INTEGER
                WHEN status = 'active' AND due_date IS NOT NULL
                     AND week_start = date_trunc('week', due_date)::DATE
                     AND away_mask & (1 << isodow(due_date)) = 0 THEN 1
                ELSE 0 END
        END AS target
    FROM asked
),
counted AS (
    SELECT *,
        CASE cadence
            WHEN 'weekdays' THEN bit_count(ticked_mask & asked_mask)
            WHEN 'weekly' THEN least(bit_count(ticked_mask & open_mask), target)
            ELSE CASE WHEN target = 1 AND ticked_mask <> 0 THEN 1 ELSE 0 END
        END AS done
    FROM targets
)
SELECT action_id, goal_id, person_id, week_start, (week_start - DATE '1970-01-01')::INTEGER AS week_day,
       target::INTEGER AS target, done::INTEGER AS done,
       (bit_count(ticked_mask) - done)::INTEGER AS extra, ticked_mask, open_mask, asked_mask, away_mask, cadence,
       CASE cadence WHEN 'weekly' THEN times_per_week WHEN 'weekdays' THEN weekday_count END::INTEGER AS per_week
FROM counted
"""

# week_day is week_start as a day number (days since 1970-01-01), for arithmetic in numpy.
COLUMNS = ["action_id", "goal_id", "person_id", "week_start", "week_day", "target", "done", "extra", "ticked_mask", "open_mask",
           "asked_mask", "away_mask", "cadence", "per_week"]


def weekdays_in(mask: int) -> tuple[int, ...]:
    """The ISO weekdays (1-7) whose bits are set in `mask`."""
    return tuple(d for d in range(1, 8) if int(mask) >> d & 1)


def action_weeks(
    cursor: duckdb.DuckDBPyConnection,
    people: Sequence[int],
    first: dt.date,
    last: dt.date,
    action_id: int | None = None,
) -> pd.DataFrame:
    """The rules applied to these people's actions, for the weeks from `first` to `last`
    (Mondays, both included), ordered by action and week. Callers check who may see it."""
    frame = cursor.execute(
        "SELECT * FROM (" + ACTION_WEEKS + ") ORDER BY action_id, week_start",
        {"people": list(people), "first": first, "last": last, "action": action_id},
    ).df()
    frame["week_start"] = pd.to_datetime(frame["week_start"]).dt.date
    return frame


def windows(cursor: duckdb.DuckDBPyConnection, people: Sequence[int], action_id: int | None = None) -> dict[int, tuple[dt.date, dt.date | None]]:
    """Per live action of these people (or only `action_id`): the first and the last day it
    can be done (None: no end yet). Callers check who may see it."""
    found = cursor.execute(
        "WITH " + _PLAN + " SELECT action_id, start_date, last_day FROM plan",
        {"people": list(people), "action": action_id},
    ).fetchall()
    return {found_id: (start, None if end == FAR else end) for found_id, start, end in found}


def tickable(cursor: duckdb.DuckDBPyConnection, person_id: int, action_id: int, day: dt.date) -> bool:
    """Whether `day` lies inside the action's window (its start to its end)."""
    window = windows(cursor, [person_id], action_id).get(action_id)
    return window is not None and window[0] <= day and (window[1] is None or day <= window[1])
