import pytest

from coaching import people
from coaching.errors import AccessDenied, NotFound, ValidationError
from coaching.people import COMMAND_LINE


def test_personal_mode_has_one_local_leader(db):
    first = people.local_leader(db)
    assert first.roles == {"leader"} and first.kind == "local" and first.has("leader")
    assert people.local_leader(db) == first
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM people").fetchone()[0] == 1


def test_language_is_remembered_per_person(db):
    me = people.set_language(db, people.local_leader(db), "nl")
    assert me.language == "nl"
    assert people.local_leader(db).language == "nl"
    with pytest.raises(ValidationError):
        people.set_language(db, me, "fr")


def test_the_first_person_is_an_administrator_and_only_administrators_add_people(db):
    with pytest.raises(ValidationError, match="first_is_admin"):
        people.add_person(db, None, "kate@example.com", "Kate", "leader")
    admin = people.add_person(db, None, "Ada@Example.com ", "Ada", ["admin", "leader"])
    assert admin.roles == {"admin", "leader"} and admin.email == "ada@example.com"
    leader = people.add_person(db, admin, "kate@example.com", "Kate", ["leader"], "nl")
    assert leader.language == "nl"
    with pytest.raises(AccessDenied):
        people.add_person(db, leader, "x@example.com", "X", "leader")
    with pytest.raises(AccessDenied):
        people.add_person(db, None, "y@example.com", "Y", "admin")


@pytest.mark.parametrize(
    "email, name, roles, key",
    [
        ("not-an-address", "Z", ["leader"], "error.invalid_email"),
        ("a b@example.com", "Z", ["leader"], "error.invalid_email"),
        ("z@example", "Z", ["leader"], "error.invalid_email"),
        ("z@example.com", "Z", ["emperor"], "error.unknown_role"),
        ("z@example.com", "Z", [], "people.error_no_role"),
        ("z@example.com", "x" * 300, ["leader"], "error.too_long"),
        ("KATE@example.com", "Kate again", ["leader"], "error.email_taken"),  # matched case-insensitively
    ],
)
def test_bad_registrations_are_refused_and_change_nothing(db, email, name, roles, key):
    admin = people.add_person(db, None, "ada@example.com", "Ada", "admin")
    people.add_person(db, admin, "kate@example.com", "Kate", "leader")
    before = people.list_people(db, admin)
    with pytest.raises(ValidationError) as refused:
        people.add_person(db, admin, email, name, roles)
    assert refused.value.key == key
    assert people.list_people(db, admin) == before


def test_signing_in_matches_the_address_case_insensitively_and_knows_who_is_deactivated(db):
    admin = people.add_person(db, None, "ada@example.com", "Ada", "admin")
    kate = people.add_person(db, admin, "kate@example.com", "Kate", ["leader", "coach"])
    assert people.sign_in(db, " KATE@Example.com").identity == kate
    people.set_active(db, admin, kate.person_id, False)
    assert people.sign_in(db, "kate@example.com").status == "deactivated"
    people.set_active(db, admin, kate.person_id, True)
    assert people.sign_in(db, "kate@example.com").status == "active"
    assert people.sign_in(db, "nobody@example.com") == people.SignIn(None, "unknown")


def test_administrators_named_in_the_settings_are_registered_on_their_first_sign_in(db):
    found = people.sign_in(db, "Boss@Example.org", admins=["boss@example.org"], name="The Boss")
    assert found.status == "active" and found.identity.roles == {"admin"} and found.identity.display_name == "The Boss"
    assert people.sign_in(db, "boss@example.org", admins=["boss@example.org"]).identity == found.identity  # once
    assert people.sign_in(db, "other@example.org", admins=["boss@example.org"]).status == "unknown"
    assert people.administrators(db) == [("The Boss", "boss@example.org")]


def test_the_last_administrator_keeps_the_role_and_stays_active(db):
    ada = people.add_person(db, None, "ada@example.com", "Ada", "admin")
    with pytest.raises(ValidationError, match="last_admin"):
        people.set_roles(db, ada, ada.person_id, ["leader"])
    with pytest.raises(ValidationError, match="deactivate_self"):
        people.set_active(db, ada, ada.person_id, False)
    with pytest.raises(ValidationError, match="last_admin"):
        people.set_active(db, COMMAND_LINE, ada.person_id, False)
    bob = people.add_person(db, ada, "bob@example.com", "Bob", "admin")
    people.set_roles(db, bob, ada.person_id, ["leader", "coach"])  # now someone else is admin
    assert people.sign_in(db, "ada@example.com").identity.roles == {"leader", "coach"}
    with pytest.raises(AccessDenied):
        people.set_roles(db, people.sign_in(db, "ada@example.com").identity, bob.person_id, ["leader"])


def test_the_register_is_for_administrators_and_holds_no_content(db):
    ada = people.add_person(db, None, "ada@example.com", "Ada", "admin")
    kate = people.add_person(db, ada, "kate@example.com", "Kate", "leader")
    listed = people.list_people(db, ada)
    assert [(p.email, p.roles, p.active) for p in listed] == [("ada@example.com", {"admin"}, True), ("kate@example.com", {"leader"}, True)]
    assert set(vars(listed[0])) == {"id", "email", "display_name", "roles", "language", "active", "kind", "cohorts"}
    with pytest.raises(AccessDenied):
        people.list_people(db, kate)
    with pytest.raises(NotFound):
        people.set_roles(db, ada, 999, ["leader"])
    with pytest.raises(NotFound):
        people.set_active(db, ada, "1", False)
    assert people.find(db, ada, "KATE@example.com").id == kate.person_id
    with pytest.raises(ValidationError, match="unknown_email"):
        people.find(db, ada, "nobody@example.com")
