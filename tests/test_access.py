import pytest

from coaching import access, actions, assessments, goals
from coaching.errors import AccessDenied, NotFound


def test_unknown_ids_are_not_found_and_others_rows_are_refused(db, framework, leader, other_leader):
    with pytest.raises(NotFound):
        goals.get_goal(db, leader, 999)
    with pytest.raises(NotFound):
        assessments.answers(db, leader, 999)
    with db.read() as cursor, pytest.raises(NotFound):
        actions.owned_action(cursor, leader, 999)
    theirs = goals.create_goal(db, other_leader, framework, goals.GoalInput("Theirs"))
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
