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
