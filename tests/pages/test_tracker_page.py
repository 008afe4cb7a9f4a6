"""The weekly tracker: tick days in the editor, reflect, see completion and streaks."""

import datetime as dt
import json

import pytest

from coaching import actions, goals, people, tracker, weeks
from coaching.db import Database
from coaching.framework import load_framework
from tests.conftest import TODAY

THIS_WEEK = weeks.week_start(TODAY)
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def edit_cells(at, editor, edited_rows: dict):
    """Send the data editor the change a browser would send (AppTest has no editor driver:
    this builds the same widget state message by hand)."""
    states = at._tree.get_widget_states()
    state = next((w for w in states.widgets if w.id == editor.proto.id), None) or states.widgets.add()
    state.id = editor.proto.id
    state.string_value = json.dumps({"edited_rows": edited_rows, "added_rows": [], "deleted_rows": []})
    at._run(states)
    assert not at.exception, at.exception
    return at


@pytest.fixture
def planned(db_path):
    db = Database(db_path)
    me = people.local_leader(db)
    goal = goals.create_goal(db, me, load_framework(), goals.GoalInput("Delegate", measure="m", target_date=TODAY + dt.timedelta(days=60)))
    action = actions.create_action(
        db, me, goal.id, actions.ActionInput("One-to-ones first", "weekdays", None, (1,), THIS_WEEK - dt.timedelta(weeks=3)), TODAY
    )
    return db, me, action


def test_ticking_this_week_saves_and_shows_completion(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    editor = at.dataframe[0]
    assert list(editor.value["Action"]) == ["One-to-ones first"]
    edit_cells(at, editor, {"0": {"Mon": True}})
    assert tracker.week_rows(db, me, THIS_WEEK)[0].days == (1,)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["This week"] == "1 of 1"
    assert metrics["Current streak"] == "1 week"
    assert at.dataframe[0].value["Done"][0] == "1 of 1"
    assert "**Delegate** · this week 1 of 1, all weeks 1 of 4" in [m.value for m in at.markdown]  # per goal


def test_last_weeks_can_be_corrected_and_streaks_follow(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    for _ in range(2):
        next(b for b in at.button if b.label == "Previous").click().run()
    edit_cells(at, at.dataframe[0], {"0": {"Mon": True}})
    next(b for b in at.button if b.label == "Next").click().run()
    edit_cells(at, at.dataframe[0], {"0": {"Mon": True}})
    assert {m.label: m.value for m in at.metric}["Current streak"] == "2 weeks"
    assert {m.label: m.value for m in at.metric}["All weeks"] == "2 of 4"


def test_future_weeks_cannot_be_ticked(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    next(b for b in at.button if b.label == "Next").click().run()
    assert "This week has not started yet" in at.info[0].value
    edit_cells(at, at.dataframe[0], {"0": {"Mon": True}})
    assert "Future weeks cannot be ticked." in [e.value for e in at.error]
    assert tracker.week_rows(db, me, THIS_WEEK + weeks.ONE_WEEK)[0].days == ()


def test_the_weekly_reflection_is_saved(app, planned):
    db, me, action = planned
    at = app("pages/leader/tracker.py")
    [w for w in at.text_area if w.label == "What went well"][0].input("Delegated the <b>budget</b> review")
    [w for w in at.text_area if w.label == "What I want to bring to my coach"][0].input("Saying no")
    next(s for s in at.segmented_control if s.label == "Energy").set_value(4)
    next(s for s in at.segmented_control if s.label == "Stress").set_value(2)
    next(b for b in at.button if b.label == "Save reflection").click().run()
    assert "Your reflection is saved." in [s.value for s in at.success]
    saved = tracker.reflection(db, me, THIS_WEEK)
    assert (saved.went_well, saved.for_coach, saved.energy, saved.stress) == ("Delegated the <b>budget</b> review", "Saying no", 4, 2)


def test_kates_demo_shows_every_progress_view(app):
    at = app()
    at.button(key="demo.open").click().run()
    at.switch_page("pages/leader/tracker.py").run(timeout=20)
    assert not at.exception
    assert not at.get("plotly_chart") and len(at.dataframe) == 1  # the tabs are lazy: only the open one is drawn
    at.session_state["tracker.view"] = "Strength per action"
    at.run()
    strength = at.dataframe[1].value
    assert len(strength) == 6 and strength["Strength"].between(0, 100).all()
    for tab, kind in (("Heatmap", "heatmap"), ("Energy and stress", "scatter")):
        at.session_state["tracker.view"] = tab
        at.run()
        assert [json.loads(c.proto.spec)["data"][0]["type"] for c in at.get("plotly_chart")] == [kind]


def test_needs_attention_lists_what_is_overdue_and_what_is_slipping(app, planned):
    db, me, action = planned  # asked every Monday for three weeks, never done: slipping
    goal_id = action.goal_id
    actions.create_action(db, me, goal_id, actions.ActionInput("Book the offsite", "once", None, (), THIS_WEEK - dt.timedelta(weeks=2),
                                                               THIS_WEEK - dt.timedelta(days=3)), TODAY)
    at = app("pages/leader/tracker.py")
    at.session_state["tracker.view"] = "Needs attention"
    at.run()
    assert [w.value for w in at.warning] == [
        "Overdue since 20 November 2026: Book the offsite",  # THIS_WEEK (23 Nov) - 3 days
        r"Slipping two weeks running: One\-to\-ones first",
    ]
    assert not at.success
    tracker.set_day(db, me, action.id, THIS_WEEK - weeks.ONE_WEEK, 1, True, TODAY)
    at.run()
    assert [w.value for w in at.warning] == ["Overdue since 20 November 2026: Book the offsite"]


def test_home_shows_the_week_and_nudges_when_last_week_is_empty(app, planned):
    db, me, action = planned
    at = app()
    assert "Last week is not filled in yet" in at.warning[0].value
    tracker.set_day(db, me, action.id, THIS_WEEK - weeks.ONE_WEEK, 1, True, TODAY)
    at = app()
    assert not [w for w in at.warning if "Last week" in w.value]
    assert any(r"One\-to\-ones first" in m.value for m in at.markdown)  # escaped: shown as typed
