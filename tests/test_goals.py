import datetime as dt

import pytest

from coaching import actions, goals
from coaching.errors import AccessDenied, ValidationError
from coaching.goals import GoalInput
from tests.conftest import TODAY

COMPLETE = GoalInput(
    title="Delegate more",
    why="Room for strategy",
    horizon="short",
    measure="Three tasks handed over",
    target_date=TODAY + dt.timedelta(weeks=12),
    competencies=("coaching_mentoring",),
    behaviours=("coaching_team_members",),
)


def test_a_complete_goal_is_active(db, framework, leader):
    goal = goals.create_goal(db, leader, framework, COMPLETE)
    assert goal.status == "active" and goal.missing_for_active == []
    assert goals.list_goals(db, leader) == [goal]
    assert goal.competencies == ("coaching_mentoring",)


@pytest.mark.parametrize(
    ("change", "missing"),
    [({"measure": "  "}, ["goals.field_measure"]), ({"target_date": None}, ["goals.field_target_date"]),
     ({"measure": "", "target_date": None}, ["goals.field_measure", "goals.field_target_date"])],
)
def test_a_goal_without_measure_or_date_is_refused_as_active_and_kept_as_a_draft(db, framework, leader, change, missing):
    fields = {**COMPLETE.__dict__, **change}
    with pytest.raises(ValidationError) as raised:  # chosen as active: said, not quietly made a draft
        goals.create_goal(db, leader, framework, GoalInput(**fields))
    assert raised.value.params["fields"] == missing
    assert goals.list_goals(db, leader) == []
    goal = goals.create_goal(db, leader, framework, GoalInput(**{**fields, "status": "draft"}))
    assert goal.status == "draft"
    assert goal.missing_for_active == missing
    with pytest.raises(ValidationError) as raised:
        goals.set_status(db, leader, goal.id, "active")
    assert raised.value.params["fields"] == missing


@pytest.mark.parametrize(
    ("change", "key"),
    [({"title": ""}, "error.required"), ({"title": "x" * 201}, "error.too_long"), ({"measure": "m" * 100_000}, "error.too_long"),
     ({"horizon": "forever"}, "goals.error_horizon"), ({"competencies": ("juggling",)}, "goals.error_unknown_competency"),
     ({"target_date": dt.date(1999, 1, 1)}, "error.date"), ({"status": "won"}, "goals.error_status")],
)
def test_bad_goal_input_is_refused(db, framework, leader, change, key):
    with pytest.raises(ValidationError) as raised:
        goals.create_goal(db, leader, framework, GoalInput(**{**COMPLETE.__dict__, **change}))
    assert raised.value.key == key
    assert goals.list_goals(db, leader) == []


def test_progress_estimates_are_all_kept(db, framework, leader):
    goal = goals.create_goal(db, leader, framework, COMPLETE)
    for percent in (10, 25, 20, 60):
        goals.record_progress(db, leader, goal.id, percent)
    assert list(goals.progress_history(db, leader, goal.id)["percent"]) == [10, 25, 20, 60]
    assert goals.get_goal(db, leader, goal.id).progress == 60
    for bad in (-1, 101, 50.5, "50", True):
        with pytest.raises(ValidationError):
            goals.record_progress(db, leader, goal.id, bad)


def test_removing_a_goal_with_history_archives_it_with_its_actions(db, framework, leader):
    bare = goals.create_goal(db, leader, framework, COMPLETE)
    assert goals.remove_goal(db, leader, bare.id) == "deleted"
    goal = goals.create_goal(db, leader, framework, COMPLETE)
    action = actions.create_action(db, leader, goal.id, actions.ActionInput("One-to-ones", "weekly", 2), TODAY)
    assert goals.history(db, leader, goal.id) == goals.History(actions=1, checkins=0, progress=0)
    assert goals.remove_goal(db, leader, goal.id) == "archived"
    assert goals.list_goals(db, leader) == []
    assert [g.id for g in goals.list_goals(db, leader, archived=True)] == [goal.id]
    assert actions.list_actions(db, leader) == []
    goals.restore_goal(db, leader, goal.id)
    assert [a.id for a in actions.list_actions(db, leader)] == [action.id]


def test_goals_are_private(db, framework, leader, other_leader):
    goal = goals.create_goal(db, leader, framework, COMPLETE)
    assert goals.list_goals(db, other_leader) == []
    for attempt in (
        lambda: goals.get_goal(db, other_leader, goal.id),
        lambda: goals.update_goal(db, other_leader, framework, goal.id, COMPLETE),
        lambda: goals.record_progress(db, other_leader, goal.id, 50),
        lambda: goals.remove_goal(db, other_leader, goal.id),
        lambda: goals.progress_history(db, other_leader, goal.id),
        lambda: actions.create_action(db, other_leader, goal.id, actions.ActionInput("x"), TODAY),
    ):
        with pytest.raises(AccessDenied):
            attempt()


@pytest.mark.parametrize("situation", [s.id for s in goals.situations()])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_situation_proposes_two_or_three_drafts_in_both_languages(db, framework, leader, situation, language):
    made = goals.start_from_situation(db, leader, framework, situation, language, TODAY)
    assert 2 <= len(made) <= 3
    assert all(g.status == "draft" and g.origin == f"template:{situation}" and g.measure and g.competencies for g in made)
    template = next(s for s in goals.situations() if s.id == situation)
    assert made[0].title == template.goals[0].title(language)


def test_every_change_counts_a_revision_for_the_calendar(db, framework, leader):
    goal = goals.create_goal(db, leader, framework, COMPLETE)
    action = actions.create_action(db, leader, goal.id, actions.ActionInput("One-to-ones", "weekly", 2), TODAY)
    assert (goal.revision, action.revision) == (0, 0) and goal.updated_at.tzinfo == dt.timezone.utc
    assert goals.update_goal(db, leader, framework, goal.id, COMPLETE).revision == 1
    assert goals.set_status(db, leader, goal.id, "on_hold").revision == 2
    goals.remove_goal(db, leader, goal.id)
    [archived] = goals.list_goals(db, leader, archived=True)
    [archived_action] = actions.list_actions(db, leader, archived=True)
    assert (archived.revision, archived_action.revision) == (3, 1)  # the actions it archives change too
    assert archived.updated_at >= goal.updated_at
    goals.restore_goal(db, leader, goal.id)
    assert (goals.get_goal(db, leader, goal.id).revision, actions.list_actions(db, leader)[0].revision) == (4, 2)
