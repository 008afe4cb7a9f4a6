import datetime as dt

import pytest

from coaching import access, actions, caseload, goals, pairings, sessions
from coaching.sessions import SessionInput
from tests.conftest import register

D = dt.date
TODAY = D(2026, 11, 27)  # a Friday


@pytest.fixture
def coach_with_three(db, framework):
    """Ann is busy, Bob has gone quiet, Cas shares nothing; Dee's pairing ended."""
    admin = register(db, "admin@example.org", "Admin", "admin")
    coach = register(db, "coach@example.org", "Coach", "coach")
    people = {name: register(db, f"{name.lower()}@example.org", name, "leader") for name in ("Ann", "Bob", "Cas", "Dee")}
    made = {name: pairings.pair(db, admin, coach.person_id, p.person_id, D(2026, 6, 1), D(2026, 10, 1) if name == "Dee" else None)
            for name, p in people.items()}
    for name, person in people.items():
        goal = goals.create_goal(db, person, framework, goals.GoalInput("Due soon, behind", measure="m", target_date=TODAY + dt.timedelta(days=10)))
        goals.record_progress(db, person, goal.id, 20)
        on_track = goals.create_goal(db, person, framework, goals.GoalInput("Due soon, nearly there", measure="m", target_date=TODAY + dt.timedelta(days=10)))
        goals.record_progress(db, person, on_track.id, 80)
        goals.create_goal(db, person, framework, goals.GoalInput("Far off", measure="m", target_date=TODAY + dt.timedelta(days=90)))
        action = actions.create_action(db, person, goal.id, actions.ActionInput("Weekly review", "weekly", 2, (), D(2026, 11, 2)), TODAY)
        with db.write() as cursor:  # a tick a day ago for Ann, 20 days ago for Bob and Cas
            ago = 1 if name == "Ann" else 20
            cursor.execute("INSERT INTO checkins (action_id, person_id, week_start, days, updated_at) VALUES (?, ?, ?, [1], ?)",
                           [action.id, person.person_id, D(2026, 11, 23) if name == "Ann" else D(2026, 11, 2),
                            dt.datetime.combine(TODAY - dt.timedelta(days=ago), dt.time(9))])
    sessions.plan(db, coach, made["Ann"].id, SessionInput(D(2026, 11, 20), 3, status="held"), TODAY)
    sessions.plan(db, coach, made["Ann"].id, SessionInput(D(2026, 12, 4), 3), TODAY)
    sessions.plan(db, coach, made["Bob"].id, SessionInput(D(2026, 10, 1), 2, status="held"), TODAY)
    for kind in access.KINDS:
        access.set_sharing(db, people["Cas"], kind, False)
    return coach, people


def test_every_coachee_at_a_glance_with_the_rules_applied(db, coach_with_three):
    coach, people = coach_with_three
    rows = {r.name: r for r in caseload.caseload(db, coach, TODAY)}
    assert list(rows) == ["Ann", "Bob", "Cas"]  # Dee's pairing ended
    ann, bob, cas = rows["Ann"], rows["Bob"], rows["Cas"]
    assert (ann.phase, ann.last_activity, ann.stalled, ann.next_session) == (3, D(2026, 11, 26), False, D(2026, 12, 4))
    assert (ann.week_done, ann.week_target, ann.goals_at_risk) == (1, 2, 1)  # only the goal due soon and behind
    assert (bob.phase, bob.last_activity, bob.stalled, bob.next_session) == (2, D(2026, 11, 7), True, None)
    assert (bob.week_done, bob.week_target) == (0, 2)
    assert (cas.phase, cas.stalled, cas.week_done, cas.week_target, cas.goals_at_risk) == (1, True, None, None, None)  # shares nothing


def test_the_glance_is_in_the_leaders_log_once_per_kind_and_only_what_they_share(db, coach_with_three):
    coach, people = coach_with_three
    caseload.caseload(db, coach, TODAY)
    caseload.caseload(db, coach, TODAY)  # the screen redrawn: one view
    logged = {name: sorted(s.what for s in access.who_saw(db, person)) for name, person in people.items()}
    assert logged["Ann"] == ["log.paired", "log.saw_completion", "log.saw_goals"]
    assert logged["Cas"] == ["log.paired"]  # nothing shown, nothing logged


def test_a_person_who_is_no_coach_has_no_caseload(db, coach_with_three):
    _, people = coach_with_three
    assert caseload.caseload(db, people["Ann"], TODAY) == []
