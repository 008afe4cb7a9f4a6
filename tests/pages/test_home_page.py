"""Home: the one next step as its most prominent control, this week, and the demo."""

import datetime as dt

from streamlit.testing.v1 import AppTest

from coaching import actions, assessments, goals, people, tracker
from coaching.db import Database
from coaching.framework import load_framework
from tests.conftest import APP, TODAY, all_answered

FRAMEWORK = load_framework()


def primary(at: AppTest):
    """The page's one primary button: the next step."""
    found = [b for b in at.button if b.proto.type == "primary"]
    assert len(found) == 1, [b.label for b in found]
    return found[0]


def submitted_round(db_path, when: dt.date = TODAY - dt.timedelta(days=10)) -> people.Identity:
    db = Database(db_path)
    me = people.local_leader(db)
    draft = assessments.start_draft(db, me, FRAMEWORK, when)
    for behaviour, score in all_answered(FRAMEWORK).items():
        assessments.rate(db, me, FRAMEWORK, draft.id, behaviour, score)
    assessments.submit(db, me, FRAMEWORK, draft.id)
    db.close()
    return me


def test_a_new_leader_is_sent_to_the_first_assessment_in_one_click(app):
    at = app()
    step = primary(at)
    assert step.label == "Take your first self-assessment"
    step.click().run()
    assert not at.exception
    assert at.title[0].value == "Self-assessment"


def test_a_draft_in_progress_is_the_next_step_with_how_far_it_got(app, db_path):
    db = Database(db_path)
    me = people.local_leader(db)
    draft = assessments.start_draft(db, me, FRAMEWORK, TODAY)
    assessments.rate(db, me, FRAMEWORK, draft.id, "empathy", 3)
    db.close()
    at = app()
    assert primary(at).label == "Continue your self-assessment"
    assert any("1 of 25 behaviours answered" in m.value for m in at.markdown)


def test_after_one_round_the_next_step_is_a_goal_and_the_round_is_counted_in_the_singular(app, db_path):
    submitted_round(db_path)
    at = app()
    assert primary(at).label == "Set your first goal"
    assert any(c.value.startswith("1 assessment round ·") for c in at.caption)
    assert "See your profile" in [link.label for link in at.get("page_link")]


def test_a_goal_without_actions_leads_to_its_plan_in_one_click(app, db_path):
    me = submitted_round(db_path)
    db = Database(db_path)
    goal = goals.create_goal(db, me, FRAMEWORK, goals.GoalInput("Delegate more", measure="Three tasks handed over",
                                                                target_date=TODAY + dt.timedelta(days=60)))
    db.close()
    at = app()
    step = primary(at)
    assert step.label == "Plan actions for this goal"
    assert any('"Delegate more"' in m.value for m in at.markdown)
    step.click().run()
    assert not at.exception
    assert at.session_state["plan.goal"] == goal.id
    assert at.title[0].value == "Action plan"


def test_with_actions_the_next_step_is_the_week_and_an_open_last_week_comes_first(app, db_path):
    me = submitted_round(db_path)
    db = Database(db_path)
    goal = goals.create_goal(db, me, FRAMEWORK, goals.GoalInput("Delegate more", measure="m", target_date=TODAY + dt.timedelta(days=60)))
    actions.create_action(db, me, goal.id, actions.ActionInput("Ask, don't tell", start_date=TODAY - dt.timedelta(days=20)),
                          TODAY - dt.timedelta(days=20))
    db.close()
    at = app()
    step = primary(at)
    assert step.label == "Fill in last week"  # last week asked once, and nothing was ticked
    step.click().run()
    assert at.session_state["tracker.week"] == TODAY - dt.timedelta(days=TODAY.weekday() + 7)


def test_the_demo_is_said_on_the_page_kept_in_the_address_and_leaves_my_data_alone(app, db_path):
    at = app()
    at.button(key="demo.open").click().run()
    assert not at.exception
    assert at.query_params["demo"] == "1"
    assert any("Kate's data" in w.value for w in at.main.warning)  # on the page: a phone folds the sidebar
    assert any(c.value.startswith("3 assessment rounds") for c in at.caption)
    at.switch_page("pages/leader/profile.py").run()
    assert len(at.selectbox(key="profile.round.en").options) == 3
    assert any("Kate's data" in w.value for w in at.main.warning)  # on every page
    at.button(key="demo.leave").click().run()
    assert "demo" not in at.query_params
    at.switch_page("pages/leader/home.py").run()
    assert primary(at).label == "Take your first self-assessment"
    db = Database(db_path)
    assert assessments.submitted_rounds(db, people.local_leader(db)) == []


def test_a_refresh_in_the_demo_stays_in_the_demo(app):
    at = app()
    at.button(key="demo.open").click().run()
    refreshed = AppTest.from_file(str(APP), default_timeout=15)  # a new session, with the same address
    refreshed.query_params["demo"] = "1"
    refreshed.run()
    assert not refreshed.exception
    assert any("Kate's data" in w.value for w in refreshed.main.warning)
    assert any(c.value.startswith("3 assessment rounds") for c in refreshed.caption)


def test_language_is_remembered_in_a_new_session(app):
    at = app()
    at.segmented_control(key="koers.language_switch").set_value("nl").run()
    assert primary(at).label == "Doe je eerste zelfbeoordeling"
    again = app()
    assert primary(again).label == "Doe je eerste zelfbeoordeling"
    assert again.segmented_control(key="koers.language_switch").value == "nl"


def test_a_demo_that_cannot_be_made_says_why_and_shows_no_demo(app, db_path):
    at = app()
    db_path.chmod(0o444)
    try:
        at.button(key="demo.open").click().run()
    finally:
        db_path.chmod(0o644)
    assert not at.exception
    assert any("read-only" in e.value for e in at.error)
    assert not any("Kate's data" in w.value for w in at.main.warning)
    assert "demo" not in at.query_params
    assert primary(at).label == "Take your first self-assessment"  # the leader's own Home


def test_a_week_done_asks_for_the_reflection_and_then_for_the_goals_progress(app, db_path):
    me = submitted_round(db_path)
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    db = Database(db_path)
    goal = goals.create_goal(db, me, FRAMEWORK, goals.GoalInput("Delegate more", measure="m", target_date=TODAY + dt.timedelta(days=60)))
    action = actions.create_action(db, me, goal.id, actions.ActionInput("Ask, don't tell", start_date=monday), monday)
    tracker.set_day(db, me, action.id, monday, 2, True, TODAY)
    db.close()
    at = app()
    assert primary(at).label == "Reflect on this week"
    assert any("Everything planned this week is done: 1 of 1" in m.value for m in at.markdown)
    primary(at).click().run()  # to the tracker, with its reflection open
    assert at.title[0].value == "Weekly tracker" and [w.label for w in at.text_area][0] == "What went well"
    at.switch_page("pages/leader/home.py").run()
    db = Database(db_path)
    tracker.save_reflection(db, me, monday, tracker.Reflection(went_well="Asked first"), TODAY)
    db.close()
    at.run()
    step = primary(at)
    assert step.label == "Update your goals' progress"
    step.click().run()
    assert not at.exception
    assert at.title[0].value == "Goals"
