import pytest

from coaching import access, actions, assessments, goals
from coaching.errors import AccessDenied, NotFound, ValidationError


def test_unknown_ids_are_not_found_and_others_rows_are_refused(db, framework, leader, other_leader):
    with pytest.raises(NotFound):
        goals.get_goal(db, leader, 999)
    with pytest.raises(NotFound):
        assessments.answers(db, leader, 999)
    with db.read() as cursor, pytest.raises(NotFound):
        actions.owned_action(cursor, leader, 999)
    theirs = goals.create_goal(db, other_leader, framework, goals.GoalInput("Theirs", status="draft"))
    with pytest.raises(AccessDenied):
        goals.get_goal(db, leader, theirs.id)


def test_fetch_owned_hands_out_only_the_askers_rows(db, leader, other_leader):
    select = "SELECT id, ? AS person_id FROM range(1) t(id) WHERE id = 0"
    # The one `?` is the key; here it stands for the owner, to test both outcomes.
    assert access.fetch_owned(db._connection.cursor(), leader, select, leader.person_id, lambda row: _Row(*row)).person_id == leader.person_id
    with pytest.raises(AccessDenied):
        access.fetch_owned(db._connection.cursor(), leader, select, other_leader.person_id, lambda row: _Row(*row))


class _Row:
    def __init__(self, id, person_id):
        self.id, self.person_id = id, person_id


@pytest.mark.parametrize(
    "peer, headers, allowed",
    [
        (None, {"Host": "localhost:8501", "Origin": "http://localhost:8501"}, True),
        (None, {"Host": "127.0.0.1:8501"}, True),
        (None, {"host": "[::1]:8501", "origin": "http://[::1]:8501"}, True),
        (None, {}, True),  # no browser connection at all (AppTest)
        ("192.168.1.20", {"Host": "192.168.1.5:8501"}, False),  # a laptop on the same Wi-Fi
        ("192.168.1.20", {"Host": "localhost:8501"}, False),  # a forged Host does not help
        ("10.0.0.7", {}, False),
        ("::ffff:192.168.1.20", {"Host": "localhost"}, False),
        (None, {"Host": "koers.example.org"}, False),  # a proxy on this machine, public name
        (None, {"Host": "localhost:8501", "X-Forwarded-For": "203.0.113.9"}, False),  # a proxy passing it on
        (None, {"Host": "localhost:8501", "Forwarded": "for=203.0.113.9"}, False),
        (None, {"Host": "localhost:8501", "X-Real-IP": "203.0.113.9"}, False),
        (None, {"Host": "localhost:8501", "Origin": "http://evil.example"}, False),  # another site's page
        (None, {"Host": "attacker.example:8501"}, False),  # DNS rebinding to 127.0.0.1
        (None, {"Host": "localhost.attacker.example"}, False),
        (None, {"Host": "localhost", "Origin": "null"}, False),
        ("not an address", {"Host": "localhost"}, False),
    ],
)
def test_personal_mode_serves_only_this_machine(peer, headers, allowed):
    assert access.from_this_machine(peer, headers) is allowed


# -- the policy, as a table of cases ------------------------------------------------------------

import datetime as dt  # noqa: E402

from coaching import pairings, people  # noqa: E402
from coaching.people import COMMAND_LINE  # noqa: E402
from tests.conftest import register  # noqa: E402

TODAY = dt.date(2026, 11, 27)
ALL = set(access.KINDS)
DEFAULT = {"profile", "goals", "completion"}


@pytest.fixture
def cast(db):
    """A leader, their coach (paired), a coach paired once but no longer, a coach paired
    from next month, another leader, HR and an administrator; and a person with every role."""
    names = {}
    for key, roles in (("leader", ("leader",)), ("coach", ("coach",)), ("past_coach", ("coach",)), ("future_coach", ("coach",)),
                       ("other_leader", ("leader",)), ("hr", ("hr",)), ("admin", ("admin",)), ("everything", ("leader", "coach", "hr", "admin")),
                       ("leader_not_coach", ("leader",))):
        names[key] = register(db, f"{key}@example.org", key, *roles)
    pairings.pair(db, COMMAND_LINE, names["coach"].person_id, names["leader"].person_id, dt.date(2026, 1, 5))
    pairings.pair(db, COMMAND_LINE, names["past_coach"].person_id, names["leader"].person_id, dt.date(2025, 1, 6), dt.date(2026, 6, 30))
    pairings.pair(db, COMMAND_LINE, names["future_coach"].person_id, names["leader"].person_id, dt.date(2026, 12, 7))
    return names


@pytest.mark.parametrize(
    "viewer, sharing, expected",
    [
        ("leader", {}, ALL),  # the leader: all of their own
        ("coach", {}, DEFAULT),  # their coach, during the pairing: what is shared (the defaults)
        ("coach", {"reflections": True, "goals": False}, DEFAULT - {"goals"} | {"reflections"}),
        ("coach", {kind: False for kind in access.KINDS}, set()),
        ("past_coach", {}, set()),  # the pairing ended
        ("future_coach", {}, set()),  # not yet begun
        ("other_leader", {}, set()),
        ("leader_not_coach", {}, set()),
        ("hr", {}, set()),  # HR: aggregates only, never content
        ("admin", {}, set()),  # administrators: the register, never content
        ("everything", {}, set()),  # every role, but not paired with this leader
    ],
)
def test_who_may_see_what_of_a_leader(db, cast, viewer, sharing, expected):
    for kind, shared in sharing.items():
        access.set_sharing(db, cast["leader"], kind, shared)
    with db.read() as cursor:
        assert access.visible_kinds(cursor, cast[viewer], cast["leader"].person_id, TODAY) == expected
        for kind in access.KINDS:
            if kind in expected:
                access.require(cursor, cast[viewer], cast["leader"].person_id, kind, TODAY)
            else:
                with pytest.raises(AccessDenied):
                    access.require(cursor, cast[viewer], cast["leader"].person_id, kind, TODAY)


def test_a_coach_paired_with_a_leader_who_has_no_leader_role_sees_nothing_of_a_stranger(db, cast):
    with db.read() as cursor:
        assert access.visible_kinds(cursor, cast["coach"], cast["other_leader"].person_id, TODAY) == set()


def test_hr_sees_aggregates_over_enough_leaders_only(cast):
    five = list(range(1, access.MIN_GROUP + 1))
    assert access.require_group(cast["hr"], five) == five
    with pytest.raises(AccessDenied):
        access.require_group(cast["hr"], five[:-1])
    with pytest.raises(AccessDenied):
        access.require_group(cast["hr"], five[:-1] * 2)  # four leaders named twice are still four
    with pytest.raises(AccessDenied):
        access.require_group(cast["coach"], five)


def test_sharing_is_the_leaders_to_change_and_every_view_by_someone_else_is_logged(db, framework, cast):
    from coaching import goals

    leader, coach = cast["leader"], cast["coach"]
    assert access.sharing(db, leader) == {k: k in DEFAULT for k in access.KINDS}
    goals.create_goal(db, leader, framework, goals.GoalInput("Delegate", measure="m", target_date=TODAY))
    assert [g.title for g in goals.list_goals(db, coach, of=leader.person_id)] == ["Delegate"]
    generation = db.generation
    goals.list_goals(db, coach, of=leader.person_id)  # the same view again, within minutes: one line ...
    assert db.generation == generation  # ... and no write, which would empty the cached histories
    goals.list_goals(db, leader)  # the leader's own view is nobody else's
    seen = [(s.viewer, s.what) for s in access.who_saw(db, leader)]
    assert seen == [("coach", "log.saw_goals")] + [("command line", "log.paired")] * 3  # newest first
    access.set_sharing(db, leader, "goals", False)
    with pytest.raises(AccessDenied):
        goals.list_goals(db, coach, of=leader.person_id)
    with pytest.raises(ValidationError):
        access.set_sharing(db, leader, "everything", True)
    assert access.who_saw(db, coach) == []  # the coach's own log: nobody saw the coach's content
