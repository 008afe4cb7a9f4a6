import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coaching import assessments
from coaching.assessments import IncompleteRound, MAX_COMMENT_CHARS
from coaching.errors import AccessDenied, ValidationError
from tests.conftest import TODAY, all_answered


def test_a_draft_resumes_with_every_answer(db, framework, leader):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    assessments.rate(db, leader, framework, draft.id, "empathy", 4)
    assessments.rate(db, leader, framework, draft.id, "negotiating", None)
    assessments.set_comment(db, leader, framework, draft.id, "communication", "Listen first")
    assessments.set_target(db, leader, framework, draft.id, "communication", 5)
    # later, in another browser: the same draft, with what was answered
    assert assessments.start_draft(db, leader, framework, TODAY).id == draft.id
    assert assessments.current_draft(db, leader).id == draft.id
    answers = assessments.answers(db, leader, draft.id)
    assert answers.ratings == {"empathy": 4, "negotiating": None}
    assert answers.comments == {"communication": "Listen first"}
    assert answers.targets == {"communication": 5}
    assert answers.round.framework_version == framework.version


def test_changing_an_answer_keeps_one_row(db, framework, leader):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    assessments.rate(db, leader, framework, draft.id, "empathy", 2)
    assessments.rate(db, leader, framework, draft.id, "empathy", 5)
    assert assessments.answers(db, leader, draft.id).ratings == {"empathy": 5}
    assessments.unrate(db, leader, draft.id, "empathy")
    assert assessments.answers(db, leader, draft.id).ratings == {}


def test_submit_needs_every_behaviour_and_names_the_missing(db, framework, leader):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    for behaviour in framework.behaviours[:-2]:
        assessments.rate(db, leader, framework, draft.id, behaviour.id, 3)
    with pytest.raises(IncompleteRound) as raised:
        assessments.submit(db, leader, framework, draft.id)
    assert raised.value.params["count"] == 2
    assert raised.value.params["missing"] == [b.id for b in framework.behaviours[-2:]]
    assert assessments.current_draft(db, leader) is not None


def test_a_double_submit_stores_the_round_once(db, framework, leader):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    for behaviour in framework.behaviours:
        assessments.rate(db, leader, framework, draft.id, behaviour.id, 3)
    submitted = assessments.submit(db, leader, framework, draft.id)
    assert submitted.status == "submitted"
    with pytest.raises(ValidationError) as raised:
        assessments.submit(db, leader, framework, draft.id)
    assert raised.value.key == "assessment.error_already_submitted"
    assert [r.id for r in assessments.submitted_rounds(db, leader)] == [draft.id]
    # and a submitted round is history: it cannot be changed
    with pytest.raises(ValidationError):
        assessments.rate(db, leader, framework, draft.id, "empathy", 5)


@pytest.mark.parametrize("score", [0, 6, -1, 3.5, "3", True, 10**9])
def test_out_of_range_scores_are_refused(db, framework, leader, score):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    with pytest.raises(ValidationError) as raised:
        assessments.rate(db, leader, framework, draft.id, "empathy", score)
    assert raised.value.key == "assessment.error_score"
    assert assessments.answers(db, leader, draft.id).ratings == {}


def test_unknown_behaviours_and_competencies_are_refused(db, framework, leader):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    with pytest.raises(ValidationError, match="unknown_behaviour"):
        assessments.rate(db, leader, framework, draft.id, "'; DROP TABLE ratings; --", 3)
    with pytest.raises(ValidationError, match="unknown_competency"):
        assessments.set_target(db, leader, framework, draft.id, "juggling", 3)


def test_a_huge_comment_is_refused_whole_and_hostile_text_is_kept_verbatim(db, framework, leader):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    with pytest.raises(ValidationError) as raised:
        assessments.set_comment(db, leader, framework, draft.id, "communication", "x" * 100_000)
    assert raised.value.params == {"limit": MAX_COMMENT_CHARS, "length": 100_000}
    hostile = "<script>alert(1)</script> 🙂 שלום عليكم $x^2$ **bold** ' OR 1=1 --"
    assessments.set_comment(db, leader, framework, draft.id, "communication", hostile)
    assert assessments.answers(db, leader, draft.id).comments == {"communication": hostile}


def test_dates_in_the_future_are_refused(db, framework, leader):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    with pytest.raises(ValidationError, match="error_date"):
        assessments.set_date(db, leader, draft.id, TODAY + dt.timedelta(days=1), TODAY)
    assessments.set_date(db, leader, draft.id, dt.date(2026, 3, 1), TODAY)
    assert assessments.answers(db, leader, draft.id).round.assessed_on == dt.date(2026, 3, 1)


def test_nobody_else_can_read_or_change_a_round(db, framework, leader, other_leader):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    for attempt in (
        lambda: assessments.answers(db, other_leader, draft.id),
        lambda: assessments.rate(db, other_leader, framework, draft.id, "empathy", 1),
        lambda: assessments.set_comment(db, other_leader, framework, draft.id, "communication", "mine now"),
        lambda: assessments.submit(db, other_leader, framework, draft.id),
        lambda: assessments.discard_draft(db, other_leader, draft.id),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert assessments.current_draft(db, other_leader) is None
    assert assessments.answers(db, leader, draft.id).ratings == {}


def test_discarding_a_draft_removes_all_of_it(db, framework, leader):
    draft = assessments.start_draft(db, leader, framework, TODAY)
    assessments.rate(db, leader, framework, draft.id, "empathy", 4)
    assessments.set_comment(db, leader, framework, draft.id, "communication", "x")
    assessments.discard_draft(db, leader, draft.id)
    with db.read() as cursor:
        counts = [cursor.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in ("assessment_rounds", "ratings", "competency_notes")]
    assert counts == [0, 0, 0]


def test_record_round_is_all_or_nothing(db, framework, leader):
    ratings = all_answered(framework)
    ratings["empathy"] = 9
    with pytest.raises(ValidationError):
        assessments.record_round(db, leader, framework, TODAY, ratings, today=TODAY)
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM ratings").fetchone()[0] == 0
    assessments.record_round(db, leader, framework, TODAY, all_answered(framework), {"influence": 4}, {"influence": "ok"}, today=TODAY)
    assert len(assessments.submitted_rounds(db, leader)) == 1


def test_a_failure_inside_the_round_transaction_leaves_nothing(db, framework, leader, monkeypatch):
    def broken(cursor, *args):
        cursor.execute("INSERT INTO assessment_rounds (person_id, framework_id, framework_version, assessed_on, status) VALUES (?, 'x', 'y', ?, 'submitted')", [leader.person_id, TODAY])
        raise RuntimeError("disk full")

    monkeypatch.setattr(assessments, "insert_round", broken)
    with pytest.raises(RuntimeError):
        assessments.record_round(db, leader, framework, TODAY, all_answered(framework), today=TODAY)
    assert assessments.submitted_rounds(db, leader) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(score=st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.text(max_size=5), st.booleans()))
def test_check_score_accepts_exactly_1_to_5_and_none(score):
    valid = score is None or (type(score) is int and 1 <= score <= 5)
    if valid:
        assert assessments.check_score(score) == score
    else:
        with pytest.raises(ValidationError):
            assessments.check_score(score)


@settings(max_examples=300, deadline=None)
@given(comment=st.text(max_size=MAX_COMMENT_CHARS + 50))
def test_check_comment_never_crashes_and_respects_the_limit(comment):
    try:
        cleaned = assessments.check_comment(comment)
    except ValidationError as error:
        assert error.key == "assessment.error_comment_length"
    else:
        assert len(cleaned) <= MAX_COMMENT_CHARS
        assert "\x00" not in cleaned
