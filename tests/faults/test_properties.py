"""Property-based tests of every validator and service that takes user input: whatever
comes in, the answer is a value or a KoersError (a message for the user), never another
exception, and a refused write leaves nothing behind.

Hypothesis generates the inputs; the counts are reported at the end of the run."""

import datetime as dt
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coaching import actions, agreements, assessments, goals, pairings, people, sessions, tracker, weeks
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
DB_BACKED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


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


TABLES = ("assessment_rounds", "ratings", "competency_notes", "goals", "goal_progress", "actions", "checkins", "reflections",
          "people", "away_days", "agreements", "coaching_sessions", "agenda_items", "session_notes", "agreed_actions")


def rows(db) -> tuple:
    with db.read() as cursor:
        return tuple(cursor.execute("SELECT count(*) FROM " + table).fetchone()[0] for table in TABLES)


def contents(db) -> tuple:
    """Everything stored (row counts and the rows themselves): a refused change leaves it equal."""
    with db.read() as cursor:
        return tuple(sorted(map(repr, cursor.execute("SELECT * FROM " + table).fetchall())) for table in TABLES)


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
    """A label names a week exactly when it is YYYY-Www with a week that year has; then it
    gives that week's Monday, which names the label back. Anything else is a ValueError."""
    count("week_label")
    form = re.fullmatch(r"([0-9]{4})-W([0-9]{2})", label)
    real = bool(form) and 1 <= int(form.group(1)) and 1 <= int(form.group(2)) <= weeks.weeks_in_year(int(form.group(1)))
    if not real:
        with pytest.raises(ValueError):
            weeks.from_label(label)
        return
    monday = weeks.from_label(label)
    assert monday.weekday() == 0 and weeks.week_label(monday) == label


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


# -- every other service that takes a leader's input ------------------------------------------


def submitter(db) -> people.Identity:
    with db.write() as cursor:
        row = cursor.execute("SELECT id FROM people WHERE display_name = 'Submitter'").fetchone() or cursor.execute(
            "INSERT INTO people (email, display_name) VALUES ('submitter@example.org', 'Submitter') RETURNING id"
        ).fetchone()
    return people.Identity(row[0], "Submitter", "leader", "en", "person", "submitter@example.org")

ids_or_junk = st.one_of(st.integers(-3, 50), anything)


@DB_BACKED
@given(when=st.one_of(dates, anything))
def test_set_date(world, when):
    count("set_date")
    db, me, draft, _, _ = world
    before = assessments.answers(db, me, draft.id).round.assessed_on
    _, error = refused_or_done(lambda: assessments.set_date(db, me, draft.id, when, TODAY))
    stored = assessments.answers(db, me, draft.id).round.assessed_on
    assert stored == (before if error else when)
    if not error:
        assert assessments.EARLIEST_DATE <= when <= TODAY


@DB_BACKED
@given(answers=st.dictionaries(st.sampled_from(sorted(FRAMEWORK.behaviour_ids)), st.one_of(st.none(), st.integers(1, 5)), max_size=25),
       other=st.booleans())
def test_submit_is_all_or_nothing(world, answers, other):
    count("submit")
    db, _, _, _, _ = world
    me = submitter(db)  # a leader of their own, so that every example starts from an empty draft
    found = assessments.current_draft(db, me)
    if found:
        assessments.discard_draft(db, me, found.id)
    draft = assessments.start_draft(db, me, FRAMEWORK, TODAY)
    for behaviour_id, score in answers.items():
        assessments.rate(db, me, FRAMEWORK, draft.id, behaviour_id, score)
    asking = people.Identity(999, "Nobody", "leader", "en", "person") if other else me
    before = contents(db)
    value, error = refused_or_done(lambda: assessments.submit(db, asking, FRAMEWORK, draft.id))
    if error:
        assert contents(db) == before
        assert other or len(answers) < len(FRAMEWORK.behaviours)
    else:
        assert value.status == "submitted" and len(answers) == len(FRAMEWORK.behaviours) and not other
        assert assessments.current_draft(db, me) is None


@DB_BACKED
@given(goal_id=ids_or_junk, title=texts, why=anything, measure=anything, target=dates,
       status=st.one_of(st.sampled_from(goals.STATUSES), texts), competencies=st.lists(ids, max_size=3))
def test_update_goal(world, goal_id, title, why, measure, target, status, competencies):
    count("update_goal")
    db, me, _, goal, _ = world
    chosen = goal.id if goal_id == 0 else goal_id
    before = contents(db)
    entered = goals.GoalInput(title, why, "short", measure, target, tuple(competencies), (), status)
    value, error = refused_or_done(lambda: goals.update_goal(db, me, FRAMEWORK, chosen, entered))
    if error:
        assert contents(db) == before
    else:
        assert goals.get_goal(db, me, chosen) == value and value.title == title.replace("\x00", "").strip()


@DB_BACKED
@given(goal_id=ids_or_junk, title=texts, cadence=st.one_of(st.sampled_from(actions.CADENCES), texts), times=anything,
       days=st.lists(st.integers(-1, 8), max_size=8), start=dates, due=dates, obstacles=anything)
def test_create_and_update_action(world, goal_id, title, cadence, times, days, start, due, obstacles):
    count("create_and_update_action")
    db, me, _, goal, action = world
    entered = actions.ActionInput(title, cadence, times, tuple(days), start, due, obstacles)
    before = contents(db)
    created, error = refused_or_done(lambda: actions.create_action(db, me, goal.id if goal_id == 0 else goal_id, entered, TODAY))
    if error:
        assert contents(db) == before
    else:
        assert created in actions.list_actions(db, me, created.goal_id)
        assert created.title == title.replace("\x00", "").strip()
    before = contents(db)
    updated, error = refused_or_done(lambda: actions.update_action(db, me, action.id, entered, TODAY))
    if error:
        assert contents(db) == before
    else:
        assert updated in actions.list_actions(db, me, action.goal_id)
        assert (updated.title, updated.cadence) == (title.replace("\x00", "").strip(), cadence)
        actions.update_action(db, me, action.id, actions.ActionInput("Act", "weekly", 3, (), dt.date(2026, 1, 5)), TODAY)


@settings(DB_BACKED, max_examples=60)
@given(target=st.sampled_from(["goal", "action", "junk"]),
       junk=st.one_of(st.integers(min_value=10_000), st.integers(max_value=0), texts, st.none(), st.floats()),
       then_restore=st.booleans())
def test_remove_and_restore(world, target, junk, then_restore):
    """Removing deletes what has no history and archives what has, the goal and its actions
    together; restoring brings both back. A refused call changes nothing."""
    count("remove_and_restore")
    db, me, _, _, _ = world
    goal = goals.create_goal(db, me, FRAMEWORK, goals.GoalInput("Removable", measure="m", target_date=TODAY))
    action = actions.create_action(db, me, goal.id, actions.ActionInput("Ticked", "weekly", 1, (), dt.date(2026, 11, 2)), TODAY)
    tracker.set_day(db, me, action.id, dt.date(2026, 11, 23), 1, True, TODAY)
    before = contents(db)
    if target == "junk":
        _, error = refused_or_done(lambda: goals.remove_goal(db, me, junk))
        _, error2 = refused_or_done(lambda: actions.remove_action(db, me, junk))
        assert error and error2 and contents(db) == before
        return
    remove = goals.remove_goal if target == "goal" else actions.remove_action
    assert remove(db, me, goal.id if target == "goal" else action.id) == "archived"
    live_goals = {g.id for g in goals.list_goals(db, me)}
    live_actions = {a.id for a in actions.list_actions(db, me)}
    assert (goal.id in live_goals) == (target == "action") and action.id not in live_actions
    if then_restore and target == "goal":
        goals.restore_goal(db, me, goal.id)
        assert goal.id in {g.id for g in goals.list_goals(db, me)} and action.id in {a.id for a in actions.list_actions(db, me)}


@DB_BACKED
@given(situation=st.one_of(st.sampled_from([s.id for s in goals.situations()]), texts, anything), language=st.sampled_from(["en", "nl", "xx"]))
def test_start_from_situation(world, situation, language):
    count("start_from_situation")
    db, me, _, _, _ = world
    before = rows(db)
    made, error = refused_or_done(lambda: goals.start_from_situation(db, me, FRAMEWORK, situation, language, TODAY))
    if error:
        assert rows(db) == before
    else:
        expected = next(len(s.goals) for s in goals.situations() if s.id == situation)
        assert len(made) == expected and all(g.status == "draft" for g in made)
        assert rows(db)[3] == before[3] + expected


@DB_BACKED
@given(email=st.one_of(texts, st.emails()), name=anything, role=st.one_of(st.sampled_from(people.ROLES), texts),
       as_admin=st.booleans())
def test_add_person(world, email, name, role, as_admin):
    count("add_person")
    db, me, _, _, _ = world
    admin = people.Identity(0, "Admin", "admin", "en", "person")
    before = contents(db)
    made, error = refused_or_done(lambda: people.add_person(db, admin if as_admin else me, email, name, role))
    if error:
        assert contents(db) == before
    else:
        assert made.roles == {role} and people.sign_in(db, made.email).identity == made


@DB_BACKED
@given(monday=st.one_of(st.dates(min_value=dt.date(1999, 12, 1), max_value=dt.date(2028, 3, 1)), anything),
       days=st.one_of(st.lists(st.one_of(st.integers(-1, 9), st.booleans()), max_size=9), anything))
def test_set_away(world, monday, days):
    count("set_away")
    db, me, _, _, _ = world
    before = contents(db)
    value, error = refused_or_done(lambda: tracker.set_away(db, me, monday, days, TODAY))
    if error:
        assert contents(db) == before
    else:
        assert tracker.away_days(db, me, monday) == value == tuple(sorted(set(days)))


# -- the coach's workspace -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def pairing_world():
    """One database for these: a coach paired with a leader (from 1 Sep 2026 to 31 Aug 2027),
    and a planned session."""
    folder = tempfile.mkdtemp()
    db = Database(Path(folder) / "coaching.duckdb")
    admin = people.add_person(db, None, "admin@example.org", "Admin", ["admin"])
    coach = people.add_person(db, admin, "coach@example.org", "Coach", ["coach"])
    leader = people.add_person(db, admin, "leader@example.org", "Leader", ["leader"])
    pairing = pairings.pair(db, admin, coach.person_id, leader.person_id, dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    session = sessions.plan(db, coach, pairing.id, sessions.SessionInput(dt.date(2026, 12, 4)), TODAY)
    yield db, coach, leader, pairing, session
    db.close()


@DB_BACKED
@given(starts=dates, ends=dates, every=anything, minutes=anything, meeting=st.one_of(st.sampled_from(agreements.MEETINGS), texts),
       expects=texts, confidentiality=anything)
def test_propose_agreement(pairing_world, starts, ends, every, minutes, meeting, expects, confidentiality):
    count("propose_agreement")
    db, coach, leader, pairing, _ = pairing_world
    before = contents(db)
    terms = agreements.Terms(starts, ends, every, minutes, meeting, expects, "", confidentiality, "")
    made, error = refused_or_done(lambda: agreements.propose(db, coach, pairing.id, terms, TODAY))
    if error:
        assert contents(db) == before
    else:
        assert made == agreements.current(db, leader, pairing.id, TODAY) and made.terms.coach_expects == expects.replace("\x00", "").strip()


@DB_BACKED
@given(held_on=dates, phase=anything, goal=texts, success=anything, status=st.one_of(st.sampled_from(sessions.STATUSES), texts))
def test_plan_session(pairing_world, held_on, phase, goal, success, status):
    count("plan_session")
    db, coach, leader, pairing, _ = pairing_world
    before = contents(db)
    made, error = refused_or_done(lambda: sessions.plan(db, coach, pairing.id, sessions.SessionInput(held_on, phase, goal, success, status), TODAY))
    if error:
        assert contents(db) == before
    else:
        assert made in sessions.logbook(db, leader, pairing.id, TODAY) and pairing.starts_on <= made.held_on <= pairing.ends_on


@DB_BACKED
@given(text=st.one_of(texts, anything), shared=anything, by_coach=st.booleans())
def test_add_note(pairing_world, text, shared, by_coach):
    count("add_note")
    db, coach, leader, _, session = pairing_world
    writer, other = (coach, leader) if by_coach else (leader, coach)
    before = contents(db)
    made, error = refused_or_done(lambda: sessions.add_note(db, writer, session.id, text, shared, TODAY))
    if error:
        assert contents(db) == before
    else:
        assert made in sessions.notes(db, writer, [session.id], TODAY)[session.id]
        assert (made in sessions.notes(db, other, [session.id], TODAY)[session.id]) == shared  # a private note: never the other side


@DB_BACKED
@given(items=st.lists(st.tuples(st.one_of(st.none(), st.integers(-3, 10_000)), st.one_of(texts, anything)), max_size=35),
       extra=st.one_of(texts, anything))
def test_agenda_edits_are_all_or_nothing(pairing_world, items, extra):
    count("agenda")
    db, coach, leader, _, session = pairing_world
    before = contents(db)
    _, error = refused_or_done(lambda: sessions.add_item(db, leader, session.id, extra, TODAY))
    if error:
        assert contents(db) == before
    before = contents(db)
    done, error = refused_or_done(lambda: sessions.set_agenda(db, coach, session.id, items, TODAY))
    if error:
        assert contents(db) == before
    else:
        assert [i.text for i in done] == [str(text).replace("\x00", "").strip() for _, text in items]
