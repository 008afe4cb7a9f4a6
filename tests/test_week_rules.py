"""The weekly rules, held to a specification written here: a table of cases (cadence, start,
due, status, ticks, days away, week -> target, done, extra) and, for random plans, a plain
statement of the same rules in this file. Nothing here calls the product's rules to get an
expected value."""

import datetime as dt
import math
import random

import pandas as pd
import pytest

from coaching import actions, goals, tracker, week_rules, weeks
from coaching.actions import ActionInput
from coaching.errors import ValidationError
from coaching.synthetic import insert_frame
from tests.test_goals import COMPLETE

D = dt.date
TODAY = D(2026, 11, 28)  # a Saturday, in the week of Monday 23 November
W = D(2026, 11, 23)


@pytest.fixture
def goal(db, framework, leader):
    return goals.create_goal(db, leader, framework, COMPLETE)


def plan(db, leader, goal, cadence, start, due=None, times=None, days=(), status="active", closed=None):
    action = actions.create_action(db, leader, goal.id, ActionInput("x", cadence, times, tuple(days), start, due), start)
    if status != "active":
        with db.write() as cursor:  # closed on a given day, as set_status would on that day
            cursor.execute("UPDATE actions SET status = ?, closed_on = ? WHERE id = ?", [status, closed, action.id])
    return action


def tick(db, leader, action, monday, *days):
    with db.write() as cursor:  # straight into the table, also where the service would refuse
        cursor.execute("INSERT INTO checkins (action_id, person_id, week_start, days) VALUES (?, ?, ?, ?)",
                       [action.id, leader.person_id, monday, list(days)])


def week(db, leader, monday):
    with db.read() as cursor:
        found = week_rules.action_weeks(cursor, [leader.person_id], monday, monday)
    return {int(r.action_id): (int(r.target), int(r.done), int(r.extra)) for r in found.itertuples()}


# -- the table -------------------------------------------------------------------------------
# (name, action, ticks {monday: days}, away {monday: days}, the week looked at, (target, done, extra))
# Weeks: 16 Nov, 23 Nov (Mon-Sun). 26 Nov is a Thursday, 28 Nov a Saturday.
CASES = [
    # n times a week
    ("weekly, a whole week", dict(cadence="weekly", times=3, start=D(2026, 11, 2)), {W: [1, 3]}, {}, W, (3, 2, 0)),
    ("weekly, more than asked is an extra", dict(cadence="weekly", times=2, start=D(2026, 11, 2)), {W: [1, 2, 3]}, {}, W, (2, 2, 1)),
    ("weekly, starting on Thursday asks its share, rounded up",
     dict(cadence="weekly", times=3, start=D(2026, 11, 26)), {}, {}, W, (2, 0, 0)),  # ⌈3 × 4/7⌉
    ("weekly, starting on Saturday", dict(cadence="weekly", times=1, start=TODAY), {}, {}, W, (1, 0, 0)),  # ⌈1 × 2/7⌉
    ("weekly, daily", dict(cadence="weekly", times=7, start=D(2026, 11, 2)), {W: [1, 2, 3, 4, 5, 6, 7]}, {}, W, (7, 7, 0)),
    ("weekly, ends on Tuesday", dict(cadence="weekly", times=3, start=D(2026, 11, 2), due=D(2026, 11, 24)), {W: [1, 2]}, {}, W, (1, 1, 1)),
    ("weekly, after its due date", dict(cadence="weekly", times=3, start=D(2026, 11, 2), due=D(2026, 11, 20)), {}, {}, W, None),
    ("weekly, closed on Wednesday", dict(cadence="weekly", times=7, start=D(2026, 11, 2), status="done", closed=D(2026, 11, 25)),
     {W: [1]}, {}, W, (3, 1, 0)),
    ("weekly, dropped the week before", dict(cadence="weekly", times=2, start=D(2026, 11, 2), status="dropped", closed=D(2026, 11, 18)),
     {}, {}, W, None),
    ("weekly, a tick before the start is an extra", dict(cadence="weekly", times=2, start=D(2026, 11, 26)), {W: [1, 4]}, {}, W, (2, 1, 1)),
    ("weekly, three days away", dict(cadence="weekly", times=7, start=D(2026, 11, 2)), {W: [1]}, {W: [5, 6, 7]}, W, (4, 1, 0)),
    ("weekly, a tick on a day away still counts", dict(cadence="weekly", times=2, start=D(2026, 11, 2)), {W: [6]}, {W: [6, 7]}, W, (2, 1, 0)),
    ("weekly, a whole week away", dict(cadence="weekly", times=3, start=D(2026, 11, 2)), {}, {W: [1, 2, 3, 4, 5, 6, 7]}, W, (0, 0, 0)),
    # on chosen weekdays
    ("weekdays, Tuesday and Thursday", dict(cadence="weekdays", days=(2, 4), start=D(2026, 11, 2)), {W: [2, 4]}, {}, W, (2, 2, 0)),
    ("weekdays, another day is an extra", dict(cadence="weekdays", days=(2, 4), start=D(2026, 11, 2)), {W: [2, 3]}, {}, W, (2, 1, 1)),
    ("weekdays, added on Saturday asks nothing this week", dict(cadence="weekdays", days=(2, 4), start=TODAY), {}, {}, W, (0, 0, 0)),
    ("weekdays, added on Saturday, the next week", dict(cadence="weekdays", days=(2, 4), start=TODAY), {}, {}, D(2026, 11, 30), (2, 0, 0)),
    ("weekdays, started on Wednesday", dict(cadence="weekdays", days=(1, 3, 5), start=D(2026, 11, 25)), {W: [3]}, {}, W, (2, 1, 0)),
    ("weekdays, closed on Monday", dict(cadence="weekdays", days=(1, 3, 5), start=D(2026, 11, 2), status="done", closed=D(2026, 11, 23)),
     {W: [1]}, {}, W, (1, 1, 0)),
    ("weekdays, away on Thursday", dict(cadence="weekdays", days=(2, 4), start=D(2026, 11, 2)), {W: [2]}, {W: [4]}, W, (1, 1, 0)),
    ("weekdays, a tick on the day away is an extra", dict(cadence="weekdays", days=(2, 4), start=D(2026, 11, 2)), {W: [4]}, {W: [4]}, W, (1, 0, 1)),
    # once
    ("once, due this week, not done", dict(cadence="once", start=D(2026, 11, 2), due=D(2026, 11, 27)), {}, {}, W, (1, 0, 0)),
    ("once, due later, not done", dict(cadence="once", start=D(2026, 11, 2), due=D(2026, 12, 11)), {}, {}, W, (0, 0, 0)),
    ("once, due later, done this week", dict(cadence="once", start=D(2026, 11, 2), due=D(2026, 12, 11)), {W: [2]}, {}, W, (1, 1, 0)),
    ("once, done earlier than its due week", dict(cadence="once", start=D(2026, 11, 2), due=D(2026, 11, 27)),
     {D(2026, 11, 16): [3]}, {}, W, (0, 0, 0)),
    ("once, done earlier: counted in that week", dict(cadence="once", start=D(2026, 11, 2), due=D(2026, 11, 27)),
     {D(2026, 11, 16): [3]}, {}, D(2026, 11, 16), (1, 1, 0)),
    ("once, done late", dict(cadence="once", start=D(2026, 11, 2), due=D(2026, 11, 20)), {W: [1]}, {}, W, (1, 1, 0)),
    ("once, overdue: missed in its due week", dict(cadence="once", start=D(2026, 11, 2), due=D(2026, 11, 20)),
     {}, {}, D(2026, 11, 16), (1, 0, 0)),
    ("once, ticked twice: the second is an extra", dict(cadence="once", start=D(2026, 11, 2)), {W: [1, 2]}, {}, W, (1, 1, 1)),
    ("once, no due date, open", dict(cadence="once", start=D(2026, 11, 2)), {}, {}, W, (0, 0, 0)),
    ("once, dropped", dict(cadence="once", start=D(2026, 11, 2), due=D(2026, 11, 27), status="dropped", closed=D(2026, 11, 18)),
     {}, {}, W, None),
    ("once, due on a day away", dict(cadence="once", start=D(2026, 11, 2), due=D(2026, 11, 27)), {}, {W: [5]}, W, (0, 0, 0)),
]


@pytest.mark.parametrize("name, action, ticks, away, monday, expected", CASES, ids=[c[0] for c in CASES])
def test_the_rules_table(db, leader, goal, name, action, ticks, away, monday, expected):
    made = plan(db, leader, goal, **action)
    for tick_week, days in ticks.items():
        tick(db, leader, made, tick_week, *days)
    for away_week, days in away.items():
        tracker.set_away(db, leader, away_week, days, TODAY)
    found = week(db, leader, monday)
    if expected is None:
        assert made.id not in found  # the week is outside the window: no row at all
    else:
        assert found[made.id] == expected


def test_archived_actions_and_goals_ask_nothing(db, framework, leader, goal):
    kept = plan(db, leader, goal, "weekly", D(2026, 11, 2), times=2)
    tick(db, leader, kept, W, 1)
    other = goals.create_goal(db, leader, framework, COMPLETE)
    gone = plan(db, leader, other, "weekly", D(2026, 11, 2), times=2)
    tick(db, leader, gone, W, 1)
    goals.remove_goal(db, leader, other.id)
    assert set(week(db, leader, W)) == {kept.id}


# -- ticking: days outside the window are refused ------------------------------------------


def test_days_before_the_start_or_after_the_end_cannot_be_ticked(db, leader, goal):
    tue_thu = actions.create_action(db, leader, goal.id, ActionInput("Tue Thu", "weekdays", None, (2, 4), TODAY), TODAY)
    with pytest.raises(ValidationError) as refused:
        tracker.set_day(db, leader, tue_thu.id, W, 4, True, TODAY)  # Thursday, before Saturday's start
    assert refused.value.key == "tracker.error_outside_window"
    assert tracker.set_day(db, leader, tue_thu.id, W, 6, True, TODAY) == (6,)  # Saturday: an extra
    [row] = tracker.week_rows(db, leader, W)
    assert (row.target, row.done, row.extra, row.open_days) == (0, 0, 1, (6, 7))

    ended = actions.create_action(db, leader, goal.id, ActionInput("Ended", "weekly", 2, (), D(2026, 11, 2), D(2026, 11, 24)), TODAY)
    assert tracker.set_day(db, leader, ended.id, W, 2, True, TODAY) == (2,)
    with pytest.raises(ValidationError):
        tracker.set_day(db, leader, ended.id, W, 3, True, TODAY)  # the day after its due date
    assert tracker.set_day(db, leader, ended.id, W, 2, False, TODAY) == ()  # unticking is always allowed


def test_a_one_off_can_be_done_late_and_marking_it_done_ticks_it(db, leader, goal):
    late = actions.create_action(db, leader, goal.id, ActionInput("Call", "once", None, (), D(2026, 11, 2), D(2026, 11, 13)), TODAY)
    assert tracker.set_day(db, leader, late.id, W, 3, True, TODAY) == (3,)
    other = actions.create_action(db, leader, goal.id, ActionInput("Book", "once", None, (), D(2026, 11, 2), D(2026, 12, 4)), TODAY)
    actions.set_status(db, leader, other.id, "done", TODAY)
    assert week(db, leader, W)[other.id] == (1, 1, 0)
    with pytest.raises(ValidationError):  # closed today: tomorrow is after its end
        tracker.set_day(db, leader, other.id, D(2026, 11, 30), 1, True, D(2026, 11, 30))


def test_days_away_are_checked_and_can_be_planned_ahead(db, leader):
    assert tracker.set_away(db, leader, D(2026, 12, 21), [1, 2, 3, 4, 5], TODAY) == (1, 2, 3, 4, 5)
    assert tracker.away_days(db, leader, D(2026, 12, 21)) == (1, 2, 3, 4, 5)
    assert tracker.set_away(db, leader, D(2026, 12, 21), [], TODAY) == ()
    assert tracker.away_days(db, leader, D(2026, 12, 21)) == ()
    for monday, days in ((D(2026, 11, 24), [1]), (D(2028, 1, 3), [1]), (W, [8]), (W, "12"), (W, [True])):
        with pytest.raises(ValidationError):
            tracker.set_away(db, leader, monday, days, TODAY)


# -- random plans against the rules as stated here ------------------------------------------


def spec(action, monday, ticks, away, first_tick_week):
    """The rules of coaching.week_rules' docstring, stated plainly: (target, done, extra),
    or None when the week is outside the window and nothing was ticked in it."""
    far = D(9999, 12, 31)
    if action.cadence == "once":
        end = action.closed_on or far
    else:
        end = min(action.due_date or far, action.closed_on or far)
    open_days = [d for d in range(1, 8) if action.start_date <= monday + dt.timedelta(days=d - 1) <= end]
    ticked = ticks.get(monday, [])
    if not open_days and not ticked:
        return None
    away_now = away.get(monday, [])
    available = [d for d in open_days if d not in away_now]
    if action.cadence == "weekdays":
        asked = [d for d in available if d in action.weekdays]
        target = len(asked)
        done = len([d for d in ticked if d in asked])
    elif action.cadence == "weekly":
        target = math.ceil(action.times_per_week * len(available) / 7)
        done = min(len([d for d in ticked if d in open_days]), target)
    else:
        if first_tick_week is not None:
            target = int(monday == first_tick_week)
        elif (action.status == "active" and action.due_date is not None
              and monday == weeks.week_start(action.due_date) and action.due_date.isoweekday() not in away_now):
            target = 1
        else:
            target = 0
        done = int(target == 1 and len(ticked) > 0)
    return target, done, len(ticked) - done


def test_random_plans_follow_the_rules(db, leader, goal):
    rng = random.Random(20261128)
    made, ticks, away = [], {}, {}
    start = D(2026, 6, 1)
    for number in range(40):
        cadence = rng.choice(["once", "weekly", "weekdays"])
        first = start + dt.timedelta(days=rng.randrange(0, 120))
        due = rng.choice([None, first + dt.timedelta(days=rng.randrange(0, 60))])
        action = plan(
            db, leader, goal, cadence, first, due,
            times=rng.randint(1, 7) if cadence == "weekly" else None,
            days=tuple(rng.sample(range(1, 8), rng.randint(1, 4))) if cadence == "weekdays" else (),
        )
        if number % 6 == 0:
            status = rng.choice(["done", "dropped"])
            closed = first + dt.timedelta(days=rng.randrange(0, 40))
            with db.write() as cursor:
                cursor.execute("UPDATE actions SET status = ?, closed_on = ? WHERE id = ?", [status, closed, action.id])
        made.append(action.id)
        ticks[action.id] = {}
        for monday in weeks.weeks_between(first - dt.timedelta(weeks=1), first + dt.timedelta(weeks=14)):
            days = sorted(rng.sample(range(1, 8), rng.randint(0, 3)))
            if days:
                ticks[action.id][monday] = days
    for monday in weeks.weeks_between(start, TODAY):
        if rng.random() < 0.2:
            away[monday] = sorted(rng.sample(range(1, 8), rng.randint(1, 7)))
            tracker.set_away(db, leader, monday, away[monday], TODAY)
    rows = [(a, leader.person_id, m, d) for a in made for m, d in ticks[a].items()]
    with db.write() as cursor:
        insert_frame(cursor, "checkins", pd.DataFrame(rows, columns=["action_id", "person_id", "week_start", "days"]))

    first_week, last_week = weeks.week_start(start) - weeks.ONE_WEEK, D(2027, 1, 4)
    with db.read() as cursor:
        found = week_rules.action_weeks(cursor, [leader.person_id], first_week, last_week)
    actual = {(int(r.action_id), r.week_start): (int(r.target), int(r.done), int(r.extra)) for r in found.itertuples()}
    expected = {}
    for action in actions.list_actions(db, leader):
        first_tick = min(ticks[action.id], default=None)
        for monday in weeks.weeks_between(first_week, last_week):
            value = spec(action, monday, ticks[action.id], away, first_tick if action.cadence == "once" else None)
            if value is not None:
                expected[(action.id, monday)] = value
    assert len(expected) > 400
    assert actual == expected
