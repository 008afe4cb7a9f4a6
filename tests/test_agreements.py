import datetime as dt

import pytest

from coaching import access, agreements
from coaching.agreements import Terms
from coaching.errors import AccessDenied, ValidationError

D = dt.date
TODAY = D(2026, 11, 27)


def terms(**changes) -> Terms:
    base = Terms(D(2026, 9, 1), D(2027, 8, 31), 3, 75, "mixed", "Come prepared", "Full attention", "HR hears the dates only", "A closing session")
    return Terms(**{**base.__dict__, **changes})


def test_the_coach_proposes_the_leader_accepts_and_a_change_is_a_new_version(db, pair):
    pairing, coach, leader, _, _ = pair
    first = agreements.propose(db, coach, pairing.id, terms(), TODAY)
    assert (first.version, first.accepted, first.terms.every_weeks, first.terms.meeting) == (1, False, 3, "mixed")
    accepted = agreements.accept(db, leader, first.id, TODAY)
    assert accepted.accepted and accepted.accepted_at is not None  # when, kept
    second = agreements.propose(db, coach, pairing.id, terms(every_weeks=4, confidentiality="HR hears nothing"), TODAY)
    assert second.version == 2 and not second.accepted  # the leader accepts again
    for who in (coach, leader):  # both see the current version and its history
        assert [(a.version, a.accepted) for a in agreements.versions(db, who, pairing.id, TODAY)] == [(2, False), (1, True)]
        assert agreements.current(db, who, pairing.id, TODAY).terms.confidentiality == "HR hears nothing"
    assert "log.agreement_proposed" in [s.what for s in access.who_saw(db, leader)]


def test_an_agreement_accepted_twice_or_an_old_version_is_refused_and_nothing_changes(db, pair):
    pairing, coach, leader, _, _ = pair
    first = agreements.propose(db, coach, pairing.id, terms(), TODAY)
    accepted = agreements.accept(db, leader, first.id, TODAY)
    with pytest.raises(ValidationError) as twice:
        agreements.accept(db, leader, first.id, TODAY)
    assert twice.value.key == "agreements.error_accepted_already"
    assert agreements.current(db, leader, pairing.id, TODAY).accepted_at == accepted.accepted_at  # the first moment stands
    agreements.propose(db, coach, pairing.id, terms(every_weeks=2), TODAY)
    with pytest.raises(ValidationError) as old:
        agreements.accept(db, leader, first.id, TODAY)
    assert old.value.key == "agreements.error_not_newest"


def test_only_the_coach_proposes_only_the_leader_accepts_and_nobody_else_sees_it(db, pair):
    pairing, coach, leader, other_coach, _ = pair
    with pytest.raises(AccessDenied):
        agreements.propose(db, leader, pairing.id, terms(), TODAY)
    first = agreements.propose(db, coach, pairing.id, terms(), TODAY)
    with pytest.raises(AccessDenied):
        agreements.accept(db, coach, first.id, TODAY)
    with pytest.raises(AccessDenied):
        agreements.versions(db, other_coach, pairing.id, TODAY)
    with pytest.raises(AccessDenied):  # the pairing over, its coach sees nothing more; its leader still does
        agreements.versions(db, coach, pairing.id, D(2027, 9, 1))
    assert len(agreements.versions(db, leader, pairing.id, D(2027, 9, 1))) == 1


@pytest.mark.parametrize("changes, key", [
    ({"starts_on": D(2026, 8, 1)}, "agreements.error_outside_pairing"),
    ({"ends_on": D(2027, 12, 31)}, "agreements.error_outside_pairing"),
    ({"ends_on": None}, "agreements.error_outside_pairing"),  # the pairing ends, so must the agreement
    ({"ends_on": D(2026, 8, 31), "starts_on": D(2026, 9, 2)}, "agreements.error_ends_before_start"),
    ({"every_weeks": 0}, "agreements.error_every_weeks"),
    ({"every_weeks": 13}, "agreements.error_every_weeks"),
    ({"every_weeks": True}, "agreements.error_every_weeks"),
    ({"session_minutes": 10}, "agreements.error_minutes"),
    ({"session_minutes": 600}, "agreements.error_minutes"),
    ({"meeting": "<script>"}, "agreements.error_meeting"),
    ({"ending": "x" * 4001}, "error.too_long"),
    ({"starts_on": None}, "error.required"),
])
def test_bad_terms_are_refused_with_their_reason_and_nothing_is_stored(db, pair, changes, key):
    pairing, coach, leader, _, _ = pair
    with pytest.raises(ValidationError) as refused:
        agreements.propose(db, coach, pairing.id, terms(**changes), TODAY)
    assert refused.value.key == key
    assert agreements.versions(db, leader, pairing.id, TODAY) == []
