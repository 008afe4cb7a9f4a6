"""The self-assessment screen, driven like a leader would: start, answer competency by
competency, submit."""

import datetime as dt
import json

from coaching import assessments, people
from coaching.assessments import MAX_COMMENT_CHARS
from coaching.db import Database
from coaching.framework import load_framework
from tests.conftest import TODAY

FRAMEWORK = load_framework()
COMPETENCIES = FRAMEWORK.competencies
FIRST = COMPETENCIES[0]


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


def seed_draft(db_path, ratings):
    """A draft answered as `ratings` says, as if left half-done in an earlier session."""
    db, me = stored(db_path)
    draft = assessments.start_draft(db, me, FRAMEWORK, TODAY)
    for behaviour_id, score in ratings.items():
        assessments.rate(db, me, FRAMEWORK, draft.id, behaviour_id, score)
    return draft.id


def step_shown(at):
    return at.subheader[0].value


def heading(number, language="en"):
    word, of = ("Competency", "of") if language == "en" else ("Competentie", "van")
    return f"{word} {number} {of} 9 · {COMPETENCIES[number - 1].name(language)}"


def scales_shown(at):
    """The behaviours whose scale is on screen, in order (their keys: rate.<round>.<behaviour>)."""
    return [control.key.split(".", 2)[2] for control in at.segmented_control if (control.key or "").startswith("rate.")]


def primary_buttons(at):
    return [button.label for button in at.button if button.proto.type == "primary"]


def test_one_competency_at_a_time_every_answer_saved_at_once_and_the_draft_resumes(app, db_path):
    at = start_round(app)
    round_id = draft_id(db_path)
    assert step_shown(at) == heading(1)
    assert scales_shown(at) == [b.id for b in FIRST.behaviours]
    # the anchors, once, as the legend of the 1-5 scales
    legend = at.caption[1].value
    for level in (1, 2, 3, 4, 5):
        assert f"**{level}**\u00a0{FRAMEWORK.anchors[level]('en')}" in legend
    assert "**Not observed**\u00a0No situation yet" in legend
    first, second, third = (b.id for b in FIRST.behaviours)

    at.segmented_control(key=f"rate.{round_id}.{first}").set_value(4).run()
    at.segmented_control(key=f"rate.{round_id}.{second}").set_value("not_observed").run()
    at.segmented_control(key=f"target.{round_id}.{FIRST.id}").set_value(5).run()
    at.text_area(key=f"comment.{round_id}.{FIRST.id}").input("Listening <b>first</b>").run()
    assert not at.exception
    db, me = stored(db_path)
    answers = assessments.answers(db, me, round_id)
    assert answers.ratings == {first: 4, second: None}
    assert answers.targets == {FIRST.id: 5}
    assert answers.comments == {FIRST.id: "Listening <b>first</b>"}
    assert "2 of 25 behaviours answered" in at.get("progress")[0].proto.text
    # what the chosen point means, under its scale
    assert {"Consistently, under pressure too", "No situation yet"} <= {c.value for c in at.caption}

    # a new browser session (the old one closed): the draft comes back as it was
    again = app("pages/leader/assessment.py")
    assert step_shown(again) == heading(1)  # its third behaviour is still open
    assert again.segmented_control(key=f"rate.{round_id}.{first}").value == 4
    assert again.segmented_control(key=f"rate.{round_id}.{second}").value == "not_observed"
    assert again.segmented_control(key=f"rate.{round_id}.{third}").value is None
    assert again.segmented_control(key=f"target.{round_id}.{FIRST.id}").value == 5
    assert again.text_area(key=f"comment.{round_id}.{FIRST.id}").value == "Listening <b>first</b>"


def test_walking_the_nine_steps_and_submitting_stores_the_round_and_leads_to_the_profile(app, db_path):
    at = start_round(app)
    round_id = draft_id(db_path)
    scores = {}
    for number, competency in enumerate(COMPETENCIES, start=1):
        assert step_shown(at) == heading(number)
        assert scales_shown(at) == [b.id for b in competency.behaviours]
        for behaviour in competency.behaviours:
            score = 1 + len(scores) % 5
            scores[behaviour.id] = score
            at.segmented_control(key=f"rate.{round_id}.{behaviour.id}").set_value(score).run()
        if competency.id == "coaching_mentoring":
            at.segmented_control(key=f"rate.{round_id}.coaching_team_members").set_value("not_observed").run()
            scores["coaching_team_members"] = None
        if competency.id == "strategic_thinking":
            at.segmented_control(key=f"target.{round_id}.strategic_thinking").set_value(4).run()
        if number < len(COMPETENCIES):
            assert primary_buttons(at) == ["Next"]
            at.button(key="assessment.next").click().run()
    assert not at.exception
    assert "25 of 25 behaviours answered" in at.get("progress")[0].proto.text
    assert all(option.startswith("✓ ") for option in at.selectbox[0].options)
    assert primary_buttons(at) == ["Submit this round"]  # the last step submits
    assert not [b for b in at.button if b.key == "assessment.next"]

    at.button(key="assessment.submit").click().run()
    assert not at.exception
    assert "Your round is submitted. Your profile is up to date." in [s.value for s in at.success]
    db, me = stored(db_path)
    rounds = assessments.submitted_rounds(db, me)
    assert [r.id for r in rounds] == [round_id]
    assert assessments.answers(db, me, round_id).ratings == scores
    # the next step comes first: the profile; a new round is the secondary choice
    assert primary_buttons(at) == ["See your profile"]
    assert [b.label for b in at.button] == ["See your profile", "Start a new round"]
    assert "you have 1 round so far." in at.caption[0].value

    # a second click on a button that is gone submits nothing more
    at.run()
    assert len(assessments.submitted_rounds(db, me)) == 1

    at.button(key="assessment.see_profile").click().run()
    assert not at.exception
    assert at.title[0].value == "Your competency profile"
    radar = json.loads(at.get("plotly_chart")[0].proto.spec)
    current = next(trace for trace in radar["data"] if trace["meta"]["kind"] == "current")
    expected = []
    for competency in COMPETENCIES:
        rated = [scores[b.id] for b in competency.behaviours if scores[b.id] is not None]
        expected.append(sum(rated) / len(rated) if rated else None)
    assert current["r"][:9] == expected
    assert current["r"][FRAMEWORK.competency_ids.index("coaching_mentoring")] is None  # missing, not 0
    target = next(trace for trace in radar["data"] if trace["meta"]["kind"] == "target")
    assert target["r"][FRAMEWORK.competency_ids.index("strategic_thinking")] == 4


def test_the_step_survives_a_rerun_and_a_visit_to_another_page(app, db_path):
    at = start_round(app)
    assert [b.disabled for b in at.button if b.key == "assessment.previous"] == [True]  # nothing before the first
    at.button(key="assessment.next").click().run()
    at.button(key="assessment.next").click().run()
    assert step_shown(at) == heading(3)
    at.run()
    assert step_shown(at) == heading(3)
    assert at.selectbox[0].value == 2  # the jump box says where we are

    at.selectbox[0].set_value(6).run()  # jump to the seventh
    assert step_shown(at) == heading(7)
    at.button(key="assessment.previous").click().run()
    assert step_shown(at) == heading(6)
    assert at.selectbox[0].value == 5

    at.switch_page("pages/leader/home.py").run()
    at.switch_page("pages/leader/assessment.py").run()
    assert not at.exception
    assert step_shown(at) == heading(6)


def test_a_resumed_draft_opens_at_the_first_competency_with_an_unanswered_behaviour(app, db_path):
    done = [b for c in COMPETENCIES[:3] for b in c.behaviours]
    round_id = seed_draft(db_path, {**{b.id: 3 for b in done}, COMPETENCIES[4].behaviours[0].id: 2})
    at = app("pages/leader/assessment.py")
    assert step_shown(at) == heading(4)
    assert scales_shown(at) == [b.id for b in COMPETENCIES[3].behaviours]
    marked = [option.startswith("✓ ") for option in at.selectbox[0].options]
    assert marked == [True, True, True] + [False] * 6


def test_a_resumed_draft_with_every_answer_given_opens_where_it_is_submitted(app, db_path):
    seed_draft(db_path, {b.id: 3 for b in FRAMEWORK.behaviours})
    at = app("pages/leader/assessment.py")
    assert step_shown(at) == heading(9)
    assert primary_buttons(at) == ["Submit this round"]


def test_submitting_with_answers_missing_lists_them_and_stores_nothing(app, db_path):
    gaps = [COMPETENCIES[2].behaviours[1], COMPETENCIES[8].behaviours[0]]
    round_id = seed_draft(db_path, {b.id: 3 for b in FRAMEWORK.behaviours if b not in gaps})
    at = app("pages/leader/assessment.py")
    assert step_shown(at) == heading(3)
    at.selectbox[0].set_value(8).run()
    at.button(key="assessment.submit").click().run()
    assert not at.exception
    assert [w.value for w in at.warning] == ['2 behaviours still need an answer (a score or "Not observed"):']
    captions = [c.value for c in at.caption]
    for behaviour in gaps:
        assert behaviour.name("en") in captions
    goes_to = [b.label for b in at.button if (b.key or "").startswith("assessment.go_to.")]
    assert goes_to == [f"3. {COMPETENCIES[2].name('en')}", f"9. {COMPETENCIES[8].name('en')}"]
    db, me = stored(db_path)
    assert assessments.current_draft(db, me).id == round_id
    assert assessments.submitted_rounds(db, me) == []

    # each listed competency is one click away; the list stays until nothing is missing
    at.button(key=f"assessment.go_to.{COMPETENCIES[2].id}").click().run()
    assert step_shown(at) == heading(3)
    at.segmented_control(key=f"rate.{round_id}.{gaps[0].id}").set_value(4).run()
    assert [w.value for w in at.warning] == ['1 behaviour still needs an answer (a score or "Not observed"):']
    at.button(key=f"assessment.go_to.{COMPETENCIES[8].id}").click().run()
    at.segmented_control(key=f"rate.{round_id}.{gaps[1].id}").set_value("not_observed").run()
    assert not at.warning
    at.button(key="assessment.submit").click().run()
    assert [r.id for r in assessments.submitted_rounds(db, me)] == [round_id]


def test_one_round_and_two_rounds_in_both_languages(app, db_path):
    db, me = stored(db_path)
    assessments.record_round(db, me, FRAMEWORK, dt.date(2026, 3, 3), {b.id: 3 for b in FRAMEWORK.behaviours})
    at = app("pages/leader/assessment.py")
    assert at.caption[0].value == "Your latest round is from 3 March 2026; you have 1 round so far."
    assert primary_buttons(at) == ["Start a new round"]  # nothing was just submitted here
    at.segmented_control(key="koers.language_switch").set_value("nl").run()
    assert at.caption[0].value == "Je laatste ronde is van 3 maart 2026; je hebt tot nu toe 1 ronde."
    assessments.record_round(db, me, FRAMEWORK, dt.date(2026, 6, 3), {b.id: 4 for b in FRAMEWORK.behaviours})
    at.run()
    assert at.caption[0].value == "Je laatste ronde is van 3 juni 2026; je hebt tot nu toe 2 rondes."
    at.segmented_control(key="koers.language_switch").set_value("en").run()
    assert at.caption[0].value == "Your latest round is from 3 June 2026; you have 2 rounds so far."


def test_comments_up_to_the_limit_are_kept_and_longer_ones_never_stored(app, db_path):
    at = start_round(app)
    round_id = draft_id(db_path)
    at.selectbox[0].set_value(FRAMEWORK.competency_ids.index("influence")).run()
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
    at.segmented_control(key=f"rate.{round_id}.{FIRST.behaviours[0].id}").set_value(4).run()
    at.button(key="assessment.discard_yes").click().run()
    assert "The draft is discarded." in [s.value for s in at.success]
    db, me = stored(db_path)
    assert assessments.current_draft(db, me) is None
    assert primary_buttons(at) == ["Start a new round"]


def test_the_screen_speaks_dutch(app, db_path):
    at = app()
    at.segmented_control(key="koers.language_switch").set_value("nl").run()
    at.switch_page("pages/leader/assessment.py").run()
    assert at.title[0].value == "Zelfbeoordeling"
    next(b for b in at.button if b.label == "Begin een nieuwe ronde").click().run()
    round_id = draft_id(db_path)
    assert step_shown(at) == heading(1, "nl")
    scale = at.segmented_control(key=f"rate.{round_id}.{FIRST.behaviours[0].id}")
    assert scale.label == "Verbale en schriftelijke communicatie"
    assert scale.options == ["1", "2", "3", "4", "5", "Niet waargenomen"]
    assert "**Niet waargenomen**\u00a0Nog geen situatie" in at.caption[1].value
    assert primary_buttons(at) == ["Volgende"]
    assert at.selectbox[0].label == "Ga naar een competentie"


def test_a_database_made_read_only_while_running_says_so_and_stores_nothing(app, db_path):
    at = start_round(app)
    round_id = draft_id(db_path)
    db_path.chmod(0o444)
    try:
        at.segmented_control(key=f"rate.{round_id}.{FIRST.behaviours[0].id}").set_value(4).run()
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
    at.segmented_control(key=f"rate.{round_id}.{FIRST.behaviours[0].id}").set_value(4).run()
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
        # said on the page itself (coaching/ui/notices.py), where a phone shows it
        assert any("is read-only" in w.value for w in again.warning), [e.value for e in again.error]
        again.switch_page("pages/leader/assessment.py").run()
        assert scales_shown(again) == [b.id for b in FIRST.behaviours]
    finally:
        db_path.chmod(0o644)
        gate._database(str(db_path), str(DEFAULT_FRAMEWORK_PATH)).close()
        gate._database.clear()
