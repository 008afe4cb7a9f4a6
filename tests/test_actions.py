import datetime as dt

import pytest

from coaching import actions, goals
from coaching.actions import ActionInput
from coaching.errors import ValidationError
from tests.test_goals import COMPLETE

D = dt.date
TODAY = D(2026, 11, 27)  # a Friday


@pytest.fixture
def goal(db, framework, leader):
    return goals.create_goal(db, leader, framework, COMPLETE)


@pytest.mark.parametrize(
    ("action", "key"),
    [
        (ActionInput("x", "weekly", 0), "actions.error_times"),
        (ActionInput("x", "weekly", 8), "actions.error_times"),
        (ActionInput("x", "weekly", None), "actions.error_times"),
        (ActionInput("x", "weekdays", None, ()), "actions.error_weekdays"),
        (ActionInput("x", "weekdays", None, (0, 3)), "actions.error_weekdays"),
        (ActionInput("x", "daily"), "actions.error_cadence"),
        (ActionInput("x", start_date=D(2026, 12, 1), due_date=D(2026, 11, 30)), "actions.error_due_before_start"),
        (ActionInput(""), "error.required"),
        (ActionInput("x", obstacles="o" * 5000), "error.too_long"),
    ],
)
def test_bad_actions_are_refused(db, leader, goal, action, key):
    with pytest.raises(ValidationError) as raised:
        actions.create_action(db, leader, goal.id, action, TODAY)
    assert raised.value.key == key
    assert actions.list_actions(db, leader) == []


def make(db, leader, goal, **fields):
    return actions.create_action(db, leader, goal.id, ActionInput(**{"title": "x", **fields}), TODAY)


def test_a_one_off_past_its_due_date_is_overdue(db, leader, goal):
    action = make(db, leader, goal, cadence="once", start_date=D(2026, 11, 2), due_date=D(2026, 11, 20))
    assert action.is_overdue(TODAY)
    assert not actions.set_status(db, leader, action.id, "done", TODAY).is_overdue(TODAY)


def test_an_action_with_check_ins_is_archived_not_deleted(db, leader, goal):
    from coaching import tracker

    kept = make(db, leader, goal, start_date=D(2026, 11, 23))
    tracker.set_day(db, leader, kept.id, D(2026, 11, 23), 1, True, TODAY)
    assert actions.remove_action(db, leader, kept.id) == "archived"
    bare = make(db, leader, goal)
    assert actions.remove_action(db, leader, bare.id) == "deleted"
    assert [a.id for a in actions.list_actions(db, leader, archived=True)] == [kept.id]


def test_every_change_counts_a_revision_for_the_calendar(db, leader, goal):
    from coaching import tracker

    action = make(db, leader, goal, start_date=D(2026, 11, 23))
    assert action.revision == 0 and action.updated_at.tzinfo == dt.timezone.utc
    changed = [
        actions.update_action(db, leader, action.id, ActionInput("y", start_date=D(2026, 11, 23)), TODAY),
        actions.set_status(db, leader, action.id, "done", TODAY),
        actions.set_status(db, leader, action.id, "active", TODAY),
    ]
    assert [a.revision for a in changed] == [1, 2, 3]
    assert action.updated_at <= changed[0].updated_at <= changed[1].updated_at <= changed[2].updated_at
    tracker.set_day(db, leader, action.id, D(2026, 11, 23), 1, True, TODAY)
    assert actions.remove_action(db, leader, action.id) == "archived"
    [archived] = actions.list_actions(db, leader, archived=True)
    assert archived.revision == 4 and archived.updated_at >= changed[2].updated_at
