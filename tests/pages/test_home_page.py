"""Home: where the leader stands, what to do next, and the demo."""

import datetime as dt

from coaching import assessments, people
from coaching.db import Database
from coaching.framework import load_framework
from tests.conftest import TODAY

FRAMEWORK = load_framework()


def test_a_new_leader_is_pointed_to_the_first_assessment(app):
    at = app()
    assert at.metric[0].value == "0"
    assert "Take your first self-assessment" in [link.label for link in at.get("page_link")]


def test_a_draft_in_progress_is_shown(app, db_path):
    db = Database(db_path)
    me = people.local_leader(db)
    draft = assessments.start_draft(db, me, FRAMEWORK, TODAY)
    assessments.rate(db, me, FRAMEWORK, draft.id, "empathy", 3)
    at = app()
    assert at.metric[2].value == "1 of 25 answered"
    assert "Continue your self-assessment" in [link.label for link in at.get("page_link")]


def test_the_demo_shows_kate_and_leaves_my_data_alone(app, db_path):
    at = app()
    at.button(key="demo.open").click().run()
    assert not at.exception
    assert at.metric[0].value == "3"
    assert any("Kate's data" in i.value for i in at.sidebar.info)
    at.switch_page("pages/leader/profile.py").run()
    assert len(at.selectbox(key="profile.round.en").options) == 3
    back = next(b for b in at.sidebar.button if b.label == "Back to my own data")
    back.click().run()
    at.switch_page("pages/leader/home.py").run()
    assert at.metric[0].value == "0"
    db = Database(db_path)
    assert assessments.submitted_rounds(db, people.local_leader(db)) == []


def test_language_is_remembered_in_a_new_session(app):
    at = app()
    at.segmented_control(key="koers.language_switch").set_value("nl").run()
    assert at.metric[0].label == "Beoordelingsrondes"
    again = app()
    assert again.metric[0].label == "Beoordelingsrondes"
    assert again.segmented_control(key="koers.language_switch").value == "nl"
