import pytest

from coaching import people
from coaching.errors import AccessDenied, ValidationError


def test_personal_mode_has_one_local_leader(db):
    first = people.local_leader(db)
    assert first.role == "leader" and first.kind == "local"
    assert people.local_leader(db) == first
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM people").fetchone()[0] == 1


def test_language_is_remembered_per_person(db):
    me = people.set_language(db, people.local_leader(db), "nl")
    assert me.language == "nl"
    assert people.local_leader(db).language == "nl"
    with pytest.raises(ValidationError):
        people.set_language(db, me, "fr")


def test_team_members_are_matched_by_email_and_only_admins_add_people(db):
    admin = people.add_person(db, None, "Admin@Example.com", "Ada", "admin")
    assert people.by_email(db, "admin@example.com") == admin
    leader = people.add_person(db, admin, "kate@example.com", "Kate", "leader")
    with pytest.raises(AccessDenied):
        people.add_person(db, leader, "x@example.com", "X", "leader")
    with pytest.raises(AccessDenied):
        people.add_person(db, None, "y@example.com", "Y", "admin")
    with pytest.raises(ValidationError):
        people.add_person(db, admin, "not-an-address", "Z", "leader")
    with pytest.raises(ValidationError):
        people.add_person(db, admin, "z@example.com", "Z", "emperor")
    assert people.by_email(db, "nobody@example.com") is None
