import datetime as dt

import pytest

from coaching import people, synthetic, tracker
from coaching.db import Database

TODAY = dt.date(2026, 11, 27)
TABLES = ("people", "person_roles", "cohort_members", "pairings", "assessment_rounds", "ratings", "goals", "actions", "checkins", "reflections")


def fingerprint(db):
    """A checksum per table over every row, in a stable order."""
    sums = {}
    with db.read() as cursor:
        for table in TABLES:
            volatile = VOLATILE.get(table)
            rows = "SELECT * EXCLUDE (" + volatile + ") FROM " + table if volatile else "SELECT * FROM " + table
            sums[table] = cursor.execute("SELECT count(*), sum(hash(t)) FROM (" + rows + ") t").fetchone()
    return sums


# Columns stamped with the time of the build.
VOLATILE = {"people": "created_at", "pairings": "created_at", "goals": "created_at", "actions": "created_at", "checkins": "updated_at",
            "reflections": "updated_at", "assessment_rounds": "created_at"}


def test_the_same_seed_gives_the_same_organisation(tmp_path, framework):
    first, second = Database(tmp_path / "a.duckdb"), Database(tmp_path / "b.duckdb")
    synthetic.build_org(first, framework, "S", TODAY, seed=5)
    synthetic.build_org(second, framework, "S", TODAY, seed=5)
    assert fingerprint(first) == fingerprint(second)
    other = Database(tmp_path / "c.duckdb")
    synthetic.build_org(other, framework, "S", TODAY, seed=6)
    assert fingerprint(other)["checkins"] != fingerprint(first)["checkins"]


def test_an_organisation_has_its_people_cohorts_and_history(db, framework):
    counts = synthetic.build_org(db, framework, "S", TODAY)
    spec = synthetic.ORG_SIZES["S"]
    assert counts["people"] == spec.leaders + spec.coaches + 2
    assert counts["cohort_members"] == counts["pairings"] == spec.leaders
    assert counts["checkins"] > spec.leaders * 300
    with db.read() as cursor:
        roles = dict(cursor.execute("SELECT role, count(*) FROM person_roles GROUP BY role").fetchall())
        heaviest = cursor.execute("SELECT person_id FROM checkins GROUP BY person_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        first_leader = cursor.execute("SELECT min(person_id) FROM person_roles WHERE role = 'leader'").fetchone()[0]
    assert roles == {"admin": 1, "hr": 1, "coach": spec.coaches, "leader": spec.leaders}
    assert heaviest == first_leader  # the benchmark's leader has the most history
    leader = people.sign_in(db, "leader00006@example.org").identity
    history = tracker.history(db, leader, TODAY)
    assert len(history) > 50 and (history["done"] <= history["target"]).all()


def test_an_organisation_is_only_built_into_an_empty_database(db, framework):
    people.add_person(db, None, "real@example.com", "Real", "admin")
    with pytest.raises(synthetic.NotEmpty):
        synthetic.build_org(db, framework, "S", TODAY)
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM people").fetchone()[0] == 1


def test_the_heavy_leader_is_the_same_at_every_size_with_the_same_years(tmp_path, framework, monkeypatch):
    """The benchmark compares the heavy leader's pages at L and XL: only the ids may differ."""
    monkeypatch.setitem(synthetic.ORG_SIZES, "small", synthetic.OrgSize(leaders=3, cohorts=1, coaches=1, years=1))
    monkeypatch.setitem(synthetic.ORG_SIZES, "larger", synthetic.OrgSize(leaders=30, cohorts=3, coaches=5, years=1))
    histories = []
    for size in ("small", "larger"):
        db = Database(tmp_path / f"{size}.duckdb")
        synthetic.build_org(db, framework, size, TODAY)
        with db.read() as cursor:
            heavy = cursor.execute("SELECT min(person_id) FROM person_roles WHERE role = 'leader'").fetchone()[0]
            histories.append([cursor.execute(query, [heavy]).fetchall() for query in (
                "SELECT r.assessed_on, g.behaviour_id, g.score FROM assessment_rounds r JOIN ratings g ON g.round_id = r.id"
                " WHERE r.person_id = ? ORDER BY ALL",
                "SELECT cadence, times_per_week, start_date, due_date FROM actions WHERE person_id = ? ORDER BY id",
                "SELECT a.start_date, a.times_per_week, c.week_start, c.days FROM checkins c JOIN actions a ON a.id = c.action_id"
                " WHERE c.person_id = ? ORDER BY a.id, c.week_start",
            )])
        db.close()
    assert histories[0] == histories[1]
    assert all(len(rows) > 0 for rows in histories[0])
