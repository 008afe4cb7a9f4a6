"""The self-assessment screen, driven like a leader would: start, answer, submit."""

import json

from coaching import assessments, people
from coaching.assessments import MAX_COMMENT_CHARS
from coaching.db import Database
from coaching.framework import load_framework

FRAMEWORK = load_framework()


def stored(db_path):
    db = Database(db_path)
    me = people.local_leader(db)
    return db, me


def start_round(app):
    at = app("pages/leader/assessment.py")
    start = next(b for b in at.button if b.label == "Start a new round")
    start.click().run()
    assert not at.exception
    return at


def draft_id(db_path):
    db, me = stored(db_path)
    return assessments.current_draft(db, me).id


def test_starting_answering_and_resuming_a_draft(app, db_path):
    at = start_round(app)
    assert len(at.radio) == 25
    round_id = draft_id(db_path)
    at.radio(key=f"rate.{round_id}.empathy").set_value(4).run()
    at.radio(key=f"rate.{round_id}.negotiating").set_value("not_observed").run()
    at.segmented_control(key=f"target.{round_id}.communication").set_value(5).run()
    at.text_area(key=f"comment.{round_id}.communication").input("Listening <b>first</b>").run()
    assert not at.exception
    db, me = stored(db_path)
    answers = assessments.answers(db, me, round_id)
    assert answers.ratings == {"empathy": 4, "negotiating": None}
    assert answers.targets == {"communication": 5}
    assert answers.comments == {"communication": "Listening <b>first</b>"}
    assert "2 of 25 behaviours answered" in at.get("progress")[0].proto.text

    # a new browser session (the old one closed): the draft comes back as it was
    again = app("pages/leader/assessment.py")
    assert again.radio(key=f"rate.{round_id}.empathy").value == 4
    assert again.radio(key=f"rate.{round_id}.negotiating").value == "not_observed"
    assert again.radio(key=f"rate.{round_id}.active_listening").value is None
    assert again.text_area(key=f"comment.{round_id}.communication").value == "Listening <b>first</b>"


def test_submitting_with_answers_missing_names_them_and_keeps_the_draft(app, db_path):
    at = start_round(app)
    round_id = draft_id(db_path)
    for behaviour in FRAMEWORK.behaviours[:-2]:
        at.radio(key=f"rate.{round_id}.{behaviour.id}").set_value(3).run()
    at.button(key="assessment.submit").click().run()
    assert "2 behaviours still need an answer before you can submit." in [e.value for e in at.error]
    listed = " ".join(m.value for m in at.markdown)
    for behaviour in FRAMEWORK.behaviours[-2:]:
        assert behaviour.name("en") in listed
    db, me = stored(db_path)
    assert assessments.current_draft(db, me).id == round_id
    assert assessments.submitted_rounds(db, me) == []


def test_a_full_round_is_stored_and_drawn_on_the_radar(app, db_path):
    at = start_round(app)
    round_id = draft_id(db_path)
    scores = {}
    for index, behaviour in enumerate(FRAMEWORK.behaviours):
        score = 1 + index % 5
        scores[behaviour.id] = score
        at.radio(key=f"rate.{round_id}.{behaviour.id}").set_value(score).run()
    at.radio(key=f"rate.{round_id}.coaching_team_members").set_value("not_observed").run()
    scores["coaching_team_members"] = None
    at.segmented_control(key=f"target.{round_id}.strategic_thinking").set_value(4).run()
    at.button(key="assessment.submit").click().run()
    assert not at.exception
    assert "Your round is submitted. Your profile is up to date." in [s.value for s in at.success]
    db, me = stored(db_path)
    rounds = assessments.submitted_rounds(db, me)
    assert [r.id for r in rounds] == [round_id]
    assert assessments.answers(db, me, round_id).ratings == scores

    # a second click on a button that is gone submits nothing more
    at.run()
    assert len(assessments.submitted_rounds(db, me)) == 1

    at.switch_page("pages/leader/profile.py").run()
    assert not at.exception
    radar = json.loads(at.get("plotly_chart")[0].proto.spec)
    current = next(trace for trace in radar["data"] if trace["meta"]["kind"] == "current")
    expected = []
    for competency in FRAMEWORK.competencies:
        rated = [scores[b.id] for b in competency.behaviours if scores[b.id] is not None]
        expected.append(sum(rated) / len(rated) if rated else None)
    assert current["r"][:9] == expected
    assert current["r"][FRAMEWORK.competency_ids.index("coaching_mentoring")] is None  # missing, not 0
    target = next(trace for trace in radar["data"] if trace["meta"]["kind"] == "target")
    assert target["r"][FRAMEWORK.competency_ids.index("strategic_thinking")] == 4


def test_comments_up_to_the_limit_are_kept_and_longer_ones_never_stored(app, db_path):
    at = start_round(app)
    round_id = draft_id(db_path)
    box = at.text_area(key=f"comment.{round_id}.influence")
    assert box.max_chars == MAX_COMMENT_CHARS  # the browser stops typing at the limit
    box.input("x" * 100_000).run()
    assert not at.exception
    db, me = stored(db_path)
    assert assessments.answers(db, me, round_id).comments == {}
    at.text_area(key=f"comment.{round_id}.influence").input("y" * MAX_COMMENT_CHARS).run()
    assert assessments.answers(db, me, round_id).comments == {"influence": "y" * MAX_COMMENT_CHARS}


def test_discarding_a_draft(app, db_path):
    at = start_round(app)
    round_id = draft_id(db_path)
    at.radio(key=f"rate.{round_id}.empathy").set_value(4).run()
    at.button(key="assessment.discard_yes").click().run()
    assert "The draft is discarded." in [s.value for s in at.success]
    db, me = stored(db_path)
    assert assessments.current_draft(db, me) is None


def test_the_screen_speaks_dutch(app, db_path):
    at = app()
    at.segmented_control(key="koers.language_switch").set_value("nl").run()
    at.switch_page("pages/leader/assessment.py").run()
    assert at.title[0].value == "Zelfbeoordeling"
    next(b for b in at.button if b.label == "Begin een nieuwe ronde").click().run()
    assert at.radio[0].label == "Verbale en schriftelijke communicatie"
    assert "Niet waargenomen" in at.radio[0].options


def test_a_database_made_read_only_while_running_says_so_and_stores_nothing(app, db_path):
    at = start_round(app)
    round_id = draft_id(db_path)
    db_path.chmod(0o444)
    try:
        at.radio(key=f"rate.{round_id}.empathy").set_value(4).run()
        assert not at.exception
        assert any("is read-only, so nothing can be saved" in e.value for e in at.error)
    finally:
        db_path.chmod(0o644)
    db, me = stored(db_path)
    assert assessments.answers(db, me, round_id).ratings == {}


def test_a_database_deleted_while_running_says_so_in_dutch(app, db_path):
    at = start_round(app)
    at.segmented_control(key="koers.language_switch").set_value("nl").run()
    round_id = draft_id(db_path)
    db_path.unlink()
    at.radio(key=f"rate.{round_id}.empathy").set_value(4).run()
    assert not at.exception
    assert any("is verwijderd of vervangen terwijl Koers draaide" in e.value for e in at.error)


def test_a_read_only_database_at_start_says_so_and_still_shows_the_data(app, db_path):
    from streamlit.testing.v1 import AppTest

    from coaching.framework import DEFAULT_FRAMEWORK_PATH
    from coaching.ui import gate
    from tests.conftest import APP

    start_round(app)  # makes the leader and a draft
    # Koers restarts on a file made read-only: close this process's connection first.
    gate._database(str(db_path), str(DEFAULT_FRAMEWORK_PATH)).close()
    gate._database.clear()
    db_path.chmod(0o444)
    try:
        again = AppTest.from_file(str(APP), default_timeout=15)
        again.run()
        assert not again.exception
        assert any("is read-only" in w.value for w in again.sidebar.warning), [e.value for e in again.error]
        again.switch_page("pages/leader/assessment.py").run()
        assert len(again.radio) == 25
    finally:
        db_path.chmod(0o644)
        gate._database(str(db_path), str(DEFAULT_FRAMEWORK_PATH)).close()
        gate._database.clear()
