"""Property-based tests of every validator and service that takes user input: whatever
comes in, the answer is a value or a KoersError (a message for the user), never another
exception, and a refused write leaves nothing behind.

Hypothesis generates the inputs; the counts are reported at the end of the run."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coaching import actions, assessments, goals, people, tracker, weeks
from coaching.db import Database
from coaching.errors import KoersError
from coaching.framework import load_framework
from coaching.ui.text import plain
from tests.conftest import report

FRAMEWORK = load_framework()
TODAY = dt.date(2026, 11, 27)
COUNTS: dict[str, int] = {}

# Text that users actually send: anything printable, control characters, HTML, emoji, RTL.
texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.sampled_from(["<script>alert(1)</script>", "' OR 1=1 --", "🙂" * 40, "שלום عليكم", "\x00\x01", "x" * 5000, ""]),
)
anything = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(), texts, st.dates(), st.lists(st.integers(), max_size=3))
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 1, 1)))
ids = st.one_of(st.sampled_from(sorted(FRAMEWORK.behaviour_ids | set(FRAMEWORK.competency_ids))), st.text(max_size=30))
EXAMPLES = 1_000
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DB_BACKED = settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def count(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


@pytest.fixture(scope="module")
def world():
    """One database for the module: a leader with a draft, a goal and an action."""
    folder = tempfile.mkdtemp()
    db = Database(Path(folder) / "properties.duckdb")
    me = people.local_leader(db)
    draft = assessments.start_draft(db, me, FRAMEWORK, TODAY)
    goal = goals.create_goal(db, me, FRAMEWORK, goals.GoalInput("Goal", measure="m", target_date=TODAY))
    action = actions.create_action(db, me, goal.id, actions.ActionInput("Act", "weekly", 3, (), dt.date(2026, 1, 5)), TODAY)
    yield db, me, draft, goal, action
    db.close()
    total = sum(COUNTS.values())
    report(f"properties: {total:,} generated inputs over {len(COUNTS)} validators and services, none unhandled: "
           + ", ".join(f"{name} {n}" for name, n in sorted(COUNTS.items())))


def rows(db) -> tuple:
    with db.read() as cursor:
        return tuple(cursor.execute("SELECT count(*) FROM " + table).fetchone()[0]
                     for table in ("assessment_rounds", "ratings", "competency_notes", "goals", "goal_progress", "actions", "checkins", "reflections", "people"))


def refused_or_done(call):
    try:
        return call(), None
    except KoersError as error:
        return None, error


@FAST
@given(score=anything)
def test_check_score(score):
    count("check_score")
    value, error = refused_or_done(lambda: assessments.check_score(score))
    assert error or value is None or value in (1, 2, 3, 4, 5)


@FAST
@given(comment=anything)
def test_check_comment(comment):
    count("check_comment")
    value, error = refused_or_done(lambda: assessments.check_comment(comment))
    assert error or (isinstance(value, str) and len(value) <= assessments.MAX_COMMENT_CHARS and "\x00" not in value)


@FAST
@given(title=texts, why=anything, horizon=st.one_of(st.sampled_from(goals.HORIZONS), texts), measure=anything,
       target=dates, competencies=st.lists(ids, max_size=4), status=st.one_of(st.sampled_from(goals.STATUSES), texts))
def test_check_goal(title, why, horizon, measure, target, competencies, status):
    count("check_goal")
    entered = goals.GoalInput(title, why, horizon, measure, target, tuple(competencies), (), status)
    value, error = refused_or_done(lambda: goals.check_goal(FRAMEWORK, entered))
    if value is not None:
        assert value.title and len(value.title) <= goals.MAX_TITLE_CHARS
        assert value.status == "draft" or (value.measure and value.target_date)  # no active goal misses them


@FAST
@given(title=texts, cadence=st.one_of(st.sampled_from(actions.CADENCES), texts), times=anything,
       days=st.lists(st.integers(-2, 9), max_size=8), start=dates, due=dates)
def test_check_action(title, cadence, times, days, start, due):
    count("check_action")
    entered = actions.ActionInput(title, cadence, times, tuple(days), start, due)
    value, error = refused_or_done(lambda: actions.check_action(entered, TODAY))
    if value is not None:
        assert value.due_date is None or value.due_date >= value.start_date
        assert value.cadence != "weekly" or 1 <= value.times_per_week <= 7
        assert value.cadence != "weekdays" or (value.weekdays and set(value.weekdays) <= set(range(1, 8)))


@FAST
@given(label=st.one_of(texts, st.from_regex(r"\A\d{4}-W\d{2}\Z")))
def test_week_labels(label):
    count("week_label")
    try:
        monday = weeks.from_label(label)
    except ValueError:
        return
    assert monday.weekday() == 0 and weeks.week_label(monday) == weeks.week_label(weeks.from_label(weeks.week_label(monday)))


@FAST
@given(text=st.text())
def test_plain_text(text):
    count("plain")
    assert "\n" not in plain(text)


@DB_BACKED
@given(behaviour=ids, score=anything)
def test_rate(world, behaviour, score):
    count("rate")
    db, me, draft, _, _ = world
    before = rows(db)
    _, error = refused_or_done(lambda: assessments.rate(db, me, FRAMEWORK, draft.id, behaviour, score))
    if error:
        assert rows(db) == before
    else:
        assert assessments.answers(db, me, draft.id).ratings[behaviour] == score


@DB_BACKED
@given(competency=ids, comment=anything, target=anything)
def test_comment_and_target(world, competency, comment, target):
    count("comment_and_target")
    db, me, draft, _, _ = world
    before = rows(db)
    _, error = refused_or_done(lambda: assessments.set_comment(db, me, FRAMEWORK, draft.id, competency, comment))
    if error:
        assert rows(db) == before
    _, error = refused_or_done(lambda: assessments.set_target(db, me, FRAMEWORK, draft.id, competency, target))
    if error is None:
        assert assessments.answers(db, me, draft.id).targets.get(competency) == target


@DB_BACKED
@given(ratings=st.dictionaries(ids, st.one_of(st.none(), st.integers(-1, 7)), max_size=30), when=dates)
def test_record_round_is_all_or_nothing(world, ratings, when):
    count("record_round")
    db, me, _, _, _ = world
    before = rows(db)
    value, error = refused_or_done(lambda: assessments.record_round(db, me, FRAMEWORK, when, ratings, today=TODAY))
    after = rows(db)
    if error:
        assert after == before
    else:
        assert after[0] == before[0] + 1 and after[1] == before[1] + len(FRAMEWORK.behaviours)


@DB_BACKED
@given(title=texts, measure=anything, target=dates, percent=anything)
def test_create_goal_and_progress(world, title, measure, target, percent):
    count("goal_and_progress")
    db, me, _, goal, _ = world
    before = rows(db)
    _, error = refused_or_done(lambda: goals.create_goal(db, me, FRAMEWORK, goals.GoalInput(title, measure=measure, target_date=target)))
    if error:
        assert rows(db) == before
    before = rows(db)
    _, error = refused_or_done(lambda: goals.record_progress(db, me, goal.id, percent))
    assert rows(db)[4] == before[4] + (0 if error else 1)


@DB_BACKED
@given(monday=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 6, 1)), day=anything, done=st.booleans())
def test_set_day(world, monday, day, done):
    count("set_day")
    db, me, _, _, action = world
    before = rows(db)
    value, error = refused_or_done(lambda: tracker.set_day(db, me, action.id, monday, day, done, TODAY))
    if error:
        assert rows(db) == before
    else:
        assert monday.weekday() == 0 and monday + dt.timedelta(days=day - 1) <= TODAY
        assert (day in value) == done


@DB_BACKED
@given(monday=st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 1, 1)), went_well=anything,
       energy=anything, stress=anything, for_coach=texts)
def test_save_reflection(world, monday, went_well, energy, stress, for_coach):
    count("save_reflection")
    db, me, _, _, _ = world
    monday = weeks.week_start(monday)
    before = tracker.reflection(db, me, monday)
    entry = tracker.Reflection(went_well=went_well, energy=energy, stress=stress, for_coach=for_coach)
    value, error = refused_or_done(lambda: tracker.save_reflection(db, me, monday, entry, TODAY))
    stored = tracker.reflection(db, me, monday)
    assert stored == (before if error else value)


@DB_BACKED
@given(language=anything)
def test_set_language(world, language):
    count("set_language")
    db, me, _, _, _ = world
    value, error = refused_or_done(lambda: people.set_language(db, me, language))
    assert people.local_leader(db).language == (me.language if error else language)
    if not error:
        people.set_language(db, me, me.language)
