import datetime as dt

import pytest

from coaching import access, cohorts, pairings, people
from coaching.errors import AccessDenied, NotFound, ValidationError
from coaching.people import COMMAND_LINE
from tests.conftest import register

D = dt.date


@pytest.fixture
def team(db):
    return {key: register(db, f"{key}@example.org", key.title(), *roles) for key, roles in (
        ("admin", ("admin",)), ("coach", ("coach",)), ("leader", ("leader",)), ("both", ("coach", "leader")), ("hr", ("hr",)))}


def test_a_coach_is_paired_with_a_leader_for_a_period_and_sees_them_only_then(db, team):
    coach, leader, admin = team["coach"], team["leader"], team["admin"]
    made = pairings.pair(db, admin, coach.person_id, leader.person_id, D(2026, 1, 5), D(2026, 6, 30))
    assert (made.coach_name, made.leader_name, made.active_on(D(2026, 3, 1)), made.active_on(D(2026, 7, 1))) == ("Coach", "Leader", True, False)
    assert [c.name for c in pairings.coachees(db, coach, D(2026, 3, 1))] == ["Leader"]
    assert pairings.coachees(db, coach, D(2026, 7, 1)) == []
    again = pairings.pair(db, admin, coach.person_id, leader.person_id, D(2026, 9, 1))  # they meet again later
    assert pairings.coachees(db, coach, D(2026, 11, 27))[0].shared == access.SHARED_BY_DEFAULT
    ended = pairings.end(db, admin, again.id, D(2026, 11, 30))
    assert ended.ends_on == D(2026, 11, 30)
    assert [s.what for s in access.who_saw(db, leader)] == ["log.unpaired", "log.paired", "log.paired"]  # the leader sees it
    assert pairings.coachees(db, leader, D(2026, 11, 27)) == []  # no coach: no coachees


@pytest.mark.parametrize(
    "coach, leader, starts, ends, key",
    [
        ("both", "both", D(2026, 1, 5), None, "pairings.error_self"),
        ("leader", "leader", D(2026, 1, 5), None, "pairings.error_self"),
        ("leader", "both", D(2026, 1, 5), None, "pairings.error_not_a_coach"),
        ("coach", "hr", D(2026, 1, 5), None, "pairings.error_not_a_leader"),
        ("coach", "leader", D(2026, 1, 5), D(2026, 1, 4), "pairings.error_ends_before_start"),
        ("coach", "leader", None, None, "error.required"),
        ("coach", "leader", D(1900, 1, 1), None, "error.date"),
        ("coach", "leader", D(2026, 3, 1), None, "pairings.error_twice"),  # overlaps the one made below
    ],
)
def test_bad_pairings_are_refused_and_change_nothing(db, team, coach, leader, starts, ends, key):
    pairings.pair(db, team["admin"], team["coach"].person_id, team["leader"].person_id, D(2026, 2, 1))
    before = pairings.list_pairings(db, team["admin"])
    with pytest.raises(ValidationError) as refused:
        pairings.pair(db, team["admin"], team[coach].person_id, team[leader].person_id, starts, ends)
    assert refused.value.key == key
    assert pairings.list_pairings(db, team["admin"]) == before


def test_only_administrators_pair_and_see_the_pairings(db, team):
    for who in ("coach", "leader", "hr"):
        with pytest.raises(AccessDenied):
            pairings.pair(db, team[who], team["coach"].person_id, team["leader"].person_id, D(2026, 1, 5))
        with pytest.raises(AccessDenied):
            pairings.list_pairings(db, team[who])
    with pytest.raises(NotFound):
        pairings.end(db, team["admin"], 999, D(2026, 1, 5))
    with pytest.raises(ValidationError):
        pairings.pair(db, team["admin"], team["coach"].person_id, 999, D(2026, 1, 5))


def test_cohorts_are_made_and_filled_by_administrators(db, team):
    admin = team["admin"]
    pilot = cohorts.create_cohort(db, admin, "Pilot 2027", D(2027, 1, 4))
    with pytest.raises(ValidationError, match="name_taken"):
        cohorts.create_cohort(db, admin, "pilot 2027")
    cohorts.set_cohorts(db, admin, team["leader"].person_id, [pilot.id])
    assert [(c.name, c.members) for c in cohorts.list_cohorts(db, team["hr"])] == [("Pilot 2027", 1)]
    assert {p.email: p.cohorts for p in people.list_people(db, admin)}["leader@example.org"] == ("Pilot 2027",)
    with pytest.raises(NotFound):
        cohorts.set_cohorts(db, admin, team["leader"].person_id, [pilot.id, 999])
    with pytest.raises(AccessDenied):
        cohorts.create_cohort(db, team["hr"], "Mine")
    with pytest.raises(AccessDenied):
        cohorts.list_cohorts(db, team["coach"])
    assert cohorts.list_cohorts(db, COMMAND_LINE)[0].members == 1
