import datetime as dt
import threading

import pandas as pd
import pytest

from coaching import actions, goals, tracker, weeks
from coaching.actions import ActionInput
from coaching.errors import AccessDenied, ValidationError
from coaching.tracker import Reflection
from tests.test_goals import COMPLETE

D = dt.date
TODAY = D(2026, 11, 27)  # Friday of 2026-W48
THIS_WEEK = D(2026, 11, 23)


@pytest.fixture
def goal(db, framework, leader):
    return goals.create_goal(db, leader, framework, COMPLETE)


def act(db, leader, goal, **fields):
    return actions.create_action(db, leader, goal.id, ActionInput(**{"title": "x", **fields}), TODAY)


def hist(rows):
    """A history table (action, goal, week, target, done) with no extras."""
    frame = pd.DataFrame.from_records(rows, columns=["action_id", "goal_id", "week_start", "target", "done"])
    return frame.assign(extra=0, week_day=[(monday - D(1970, 1, 1)).days for monday in frame["week_start"]])


def test_ticking_days_and_what_the_week_shows(db, leader, goal):
    action = act(db, leader, goal, cadence="weekly", times_per_week=3, start_date=D(2026, 11, 2))
    assert tracker.set_day(db, leader, action.id, THIS_WEEK, 1, True, TODAY) == (1,)
    assert tracker.set_day(db, leader, action.id, THIS_WEEK, 3, True, TODAY) == (1, 3)
    assert tracker.set_day(db, leader, action.id, THIS_WEEK, 3, True, TODAY) == (1, 3)  # double click: once
    [row] = tracker.week_rows(db, leader, THIS_WEEK)
    assert (row.target, row.days, row.done, row.goal_title) == (3, (1, 3), 2, COMPLETE.title)
    assert tracker.set_day(db, leader, action.id, THIS_WEEK, 1, False, TODAY) == (3,)


def test_future_weeks_and_days_cannot_be_ticked(db, leader, goal):
    action = act(db, leader, goal, start_date=D(2026, 11, 2))
    with pytest.raises(ValidationError, match="error_future_week"):
        tracker.set_day(db, leader, action.id, D(2026, 11, 30), 1, True, TODAY)
    with pytest.raises(ValidationError, match="error_future_day"):
        tracker.set_day(db, leader, action.id, THIS_WEEK, 6, True, TODAY)  # Saturday, tomorrow
    with pytest.raises(ValidationError, match="error_week"):
        tracker.set_day(db, leader, action.id, D(2026, 11, 24), 1, True, TODAY)  # not a Monday
    with pytest.raises(ValidationError, match="error_day"):
        tracker.set_day(db, leader, action.id, THIS_WEEK, 8, True, TODAY)
    # past weeks can be corrected
    assert tracker.set_day(db, leader, action.id, D(2026, 11, 9), 7, True, TODAY) == (7,)


def test_two_tabs_saving_the_same_week_keep_each_others_days(db, leader, goal):
    first = act(db, leader, goal, start_date=D(2026, 11, 2))
    second = act(db, leader, goal, start_date=D(2026, 11, 2))
    # both tabs loaded the empty week; each saves its own ticks
    tracker.set_day(db, leader, first.id, THIS_WEEK, 1, True, TODAY)
    tracker.set_day(db, leader, second.id, THIS_WEEK, 2, True, TODAY)
    tracker.set_day(db, leader, first.id, THIS_WEEK, 4, True, TODAY)
    rows = {r.action.id: r.days for r in tracker.week_rows(db, leader, THIS_WEEK)}
    assert rows == {first.id: (1, 4), second.id: (2,)}


def test_concurrent_ticks_from_many_threads_are_all_kept(db, leader, goal):
    created = [act(db, leader, goal, start_date=D(2026, 1, 5)) for _ in range(4)]
    mondays = list(weeks.weeks_between(D(2026, 1, 5), D(2026, 11, 16)))

    def tick(action):
        for monday in mondays:
            for day in (1, 2, 3):
                tracker.set_day(db, leader, action.id, monday, day, True, TODAY)

    threads = [threading.Thread(target=tick, args=(a,)) for a in created]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*), sum(len(days)) FROM checkins").fetchone() == (4 * len(mondays), 12 * len(mondays))


def test_nobody_else_can_tick_my_actions(db, leader, other_leader, goal):
    action = act(db, leader, goal, start_date=D(2026, 11, 2))
    with pytest.raises(AccessDenied):
        tracker.set_day(db, other_leader, action.id, THIS_WEEK, 1, True, TODAY)
    assert tracker.week_rows(db, other_leader, THIS_WEEK) == []


def test_reflections_are_saved_and_checked(db, leader):
    entry = Reflection(went_well="Delegated the budget <b>review</b>", energy=4, stress=2, for_coach="Saying no 🙂")
    tracker.save_reflection(db, leader, THIS_WEEK, entry, TODAY)
    assert tracker.reflection(db, leader, THIS_WEEK) == entry
    tracker.save_reflection(db, leader, THIS_WEEK, Reflection(learned="again", energy=3), TODAY)
    assert tracker.reflection(db, leader, THIS_WEEK) == Reflection(learned="again", energy=3)
    for bad in (Reflection(energy=0), Reflection(stress=6), Reflection(learned="x" * 5000)):
        with pytest.raises(ValidationError):
            tracker.save_reflection(db, leader, THIS_WEEK, bad, TODAY)
    with pytest.raises(ValidationError):
        tracker.save_reflection(db, leader, D(2026, 11, 30), entry, TODAY)
    assert list(tracker.reflections(db, leader)["energy"]) == [3]


def test_history_completion_and_overall_counts(db, leader, goal):
    action = act(db, leader, goal, cadence="weekly", times_per_week=2, start_date=D(2026, 11, 9))
    tracker.set_day(db, leader, action.id, D(2026, 11, 9), 1, True, TODAY)
    tracker.set_day(db, leader, action.id, D(2026, 11, 9), 2, True, TODAY)
    tracker.set_day(db, leader, action.id, D(2026, 11, 9), 3, True, TODAY)  # more than asked: capped
    tracker.set_day(db, leader, action.id, THIS_WEEK, 1, True, TODAY)
    table = tracker.history(db, leader, TODAY)
    assert list(zip(table["week_start"], table["target"], table["done"])) == [
        (D(2026, 11, 9), 2, 2), (D(2026, 11, 16), 2, 0), (THIS_WEEK, 2, 1)
    ]
    assert tracker.completion(table) == tracker.Completion(3, 6, extra=1)
    assert tracker.completion(table, THIS_WEEK).ratio == 0.5
    assert tracker.completion(table, by="goal_id") == {goal.id: tracker.Completion(3, 6, extra=1)}


def test_streaks_skip_weeks_without_targets_and_wait_for_the_running_week():
    W = [D(2026, 10, 5) + dt.timedelta(weeks=i) for i in range(8)]
    table = hist([
        (1, 1, W[0], 1, 1), (1, 1, W[1], 1, 0), (1, 1, W[2], 1, 1), (1, 1, W[3], 1, 1),
        # W[4] asked nothing (holiday)
        (1, 1, W[5], 1, 1), (2, 1, W[5], 2, 2), (1, 1, W[6], 1, 1), (1, 1, W[7], 1, 0),
    ])
    assert tracker.streaks(table, this_week=W[7]) == (4, 4)  # W7 is still under way
    assert tracker.streaks(table, this_week=W[7] + weeks.ONE_WEEK) == (0, 4)  # W7 was missed
    assert tracker.streaks(hist([]), W[0]) == (0, 0)


def test_strength_is_loops_score_over_the_days_of_the_plan(db, leader, goal):
    """A once-a-week practice kept for 39 weeks is above 0.99, as in Loop; a week away costs
    nothing; a tick outside the window does not count; a one-off has no strength."""
    start = D(2026, 2, 23)  # 39 full weeks before THIS_WEEK
    weekly = act(db, leader, goal, cadence="weekly", times_per_week=1, start_date=start)
    for monday in weeks.weeks_between(start, THIS_WEEK - weeks.ONE_WEEK):
        tracker.set_day(db, leader, weekly.id, monday, 1, True, TODAY)
    once = act(db, leader, goal, cadence="once", start_date=start)
    today = THIS_WEEK - dt.timedelta(days=1)  # the Sunday the 39th week ends
    score = tracker.strength(tracker.history(db, leader, today), today)
    assert score[weekly.id] > 0.99 and once.id not in score

    kept = act(db, leader, goal, cadence="weekly", times_per_week=7, start_date=D(2026, 10, 26))
    away = act(db, leader, goal, cadence="weekly", times_per_week=7, start_date=D(2026, 10, 26))
    for monday in weeks.weeks_between(D(2026, 10, 26), D(2026, 11, 16)):
        for day in range(1, 8):
            tracker.set_day(db, leader, kept.id, monday, day, True, TODAY)
            if monday != D(2026, 11, 9):
                tracker.set_day(db, leader, away.id, monday, day, True, TODAY)
    sunday = D(2026, 11, 22)
    before = tracker.strength(tracker.history(db, leader, sunday), sunday)
    assert before[away.id] < before[kept.id]  # a week not done costs strength
    tracker.set_away(db, leader, D(2026, 11, 9), [1, 2, 3, 4, 5, 6, 7], TODAY)
    after = tracker.strength(tracker.history(db, leader, sunday), sunday)
    m = 0.5 ** (1 / 13)
    assert after[away.id] == pytest.approx(1 - m ** 21)  # three weeks done, the week away left out
    assert after[kept.id] == pytest.approx(1 - m ** 21)  # the week away does not count for it either


def test_slipping_means_two_complete_weeks_under_target():
    table = hist([
        (1, 1, D(2026, 11, 9), 2, 1), (1, 1, D(2026, 11, 16), 2, 0), (1, 1, THIS_WEEK, 2, 0),
        (2, 1, D(2026, 11, 9), 1, 0), (2, 1, D(2026, 11, 16), 1, 1),
    ])
    assert tracker.slipping(table, THIS_WEEK) == [1]


def test_heatmap_is_actions_by_weeks():
    table = hist([(1, 1, D(2026, 11, 9), 2, 1), (1, 1, D(2026, 11, 16), 2, 2), (2, 1, D(2026, 11, 16), 1, 0)])
    grid = tracker.heatmap(table, THIS_WEEK, count=3)
    assert list(grid.columns) == [D(2026, 11, 9), D(2026, 11, 16), THIS_WEEK]
    assert grid.loc[1].tolist()[:2] == [0.5, 1.0]
    assert grid.loc[2].tolist()[1] == 0.0
    assert grid.loc[2].isna().tolist() == [True, False, True]


def test_a_nudge_when_last_week_was_not_filled_in(db, leader, goal):
    action = act(db, leader, goal, start_date=D(2026, 11, 2))
    assert tracker.needs_last_week(db, leader, TODAY)
    tracker.save_reflection(db, leader, D(2026, 11, 16), Reflection(energy=3), TODAY)
    assert not tracker.needs_last_week(db, leader, TODAY)
    tracker.save_reflection(db, leader, D(2026, 11, 16), Reflection(), TODAY)
    tracker.set_day(db, leader, action.id, D(2026, 11, 16), 2, True, TODAY)
    assert not tracker.needs_last_week(db, leader, TODAY)


def test_the_week_read_from_the_history_is_the_week_read_on_its_own(db, leader, goal):
    action = act(db, leader, goal, cadence="weekdays", weekdays=(1, 3), start_date=D(2026, 11, 2))
    once = act(db, leader, goal, cadence="once", start_date=D(2026, 11, 2), due_date=D(2026, 12, 18))
    tracker.set_day(db, leader, action.id, D(2026, 11, 16), 2, True, TODAY)
    tracker.set_day(db, leader, once.id, THIS_WEEK, 1, True, TODAY)
    table = tracker.history(db, leader, TODAY)
    for monday in (D(2026, 11, 9), D(2026, 11, 16), THIS_WEEK):
        assert tracker.week_rows(db, leader, monday, table) == tracker.week_rows(db, leader, monday)
    assert tracker.week_rows(db, leader, THIS_WEEK + weeks.ONE_WEEK, table)[0].action.id == action.id  # beyond it: asked anew
