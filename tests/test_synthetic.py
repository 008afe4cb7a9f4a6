import datetime as dt

import numpy as np
import pandas as pd
import pytest

from coaching import people, sessions, synthetic, tracker
from coaching.db import Database

TODAY = dt.date(2026, 11, 27)
TABLES = ("people", "person_roles", "cohort_members", "pairings", "assessment_rounds", "ratings", "goals", "actions", "checkins", "reflections",
          "agreements", "coaching_sessions", "agenda_items", "session_notes", "agreed_actions")


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
    assert fingerprint(other)["coaching_sessions"] != fingerprint(first)["coaching_sessions"]
    assert all(fingerprint(first)[table][0] > 0 for table in TABLES)


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
                "SELECT s.held_on, s.phase, s.status, s.goal, (SELECT list(text ORDER BY id) FROM session_notes n WHERE n.session_id = s.id)"
                " FROM coaching_sessions s JOIN pairings p ON p.id = s.pairing_id WHERE p.leader_id = ? ORDER BY s.held_on",
                "SELECT a.start_date, a.title, s.held_on FROM agreed_actions x JOIN actions a ON a.id = x.action_id"
                " JOIN coaching_sessions s ON s.id = x.session_id WHERE a.person_id = ? ORDER BY a.id",
            )])
        db.close()
    assert histories[0] == histories[1]
    assert all(len(rows) > 0 for rows in histories[0][:4])
    assert histories[0][4] == []  # no actions agreed: the heavy leader's plan stays HEAVY's 40 actions


# -- the coach's workspace ------------------------------------------------------------------


def _one(cursor, sql, params=()):
    return cursor.execute(sql, params).fetchone()[0]


def test_every_pairing_has_an_accepted_agreement_and_some_a_second_version(db, framework):
    counts = synthetic.build_org(db, framework, "S", TODAY)
    with db.read() as cursor:
        assert _one(cursor, "SELECT count(*) FROM pairings p WHERE NOT EXISTS (SELECT 1 FROM agreements a "
                            "WHERE a.pairing_id = p.id AND a.version = 1 AND a.accepted_at IS NOT NULL)") == 0
        # accepted a few days after it was proposed, in the pairing's first days, never ahead of today
        assert _one(cursor, "SELECT count(*) FROM agreements a JOIN pairings p ON p.id = a.pairing_id WHERE a.version = 1 AND "
                            "(a.accepted_at < a.proposed_at OR a.accepted_at::DATE > p.starts_on + 10 OR a.starts_on <> p.starts_on)") == 0
        assert _one(cursor, "SELECT count(*) FROM agreements WHERE accepted_at::DATE > ? OR proposed_at::DATE > ?", [TODAY, TODAY]) == 0
        versions = cursor.execute("SELECT version, count(*) FROM agreements GROUP BY ALL ORDER BY ALL").fetchall()
    assert versions[0] == (1, counts["pairings"]) and versions[1][0] == 2 and 0 < versions[1][1] < counts["pairings"] / 2
    assert len(versions) == 2 and counts["agreements"] == counts["pairings"] + versions[1][1]


def test_sessions_run_every_two_to_four_weeks_within_the_pairing_and_one_is_planned_ahead(db, framework):
    counts = synthetic.build_org(db, framework, "S", TODAY)
    with db.read() as cursor:
        outside = _one(cursor, "SELECT count(*) FROM coaching_sessions s JOIN pairings p ON p.id = s.pairing_id "
                               "WHERE s.held_on < p.starts_on OR s.held_on > coalesce(p.ends_on, DATE '9999-12-31')")
        gaps = cursor.execute(
            "SELECT min(gap), max(gap), count(*) FROM (SELECT held_on - lag(held_on) OVER (PARTITION BY pairing_id ORDER BY held_on) AS gap "
            "FROM coaching_sessions WHERE status <> 'planned') WHERE gap IS NOT NULL").fetchone()
        past = cursor.execute("SELECT status, min(held_on), max(held_on) FROM coaching_sessions GROUP BY ALL ORDER BY ALL").fetchall()
        planned = cursor.execute("SELECT pairing_id, count(*) FROM coaching_sessions WHERE status = 'planned' GROUP BY ALL").fetchall()
        phases = cursor.execute(
            "SELECT bool_and(phase >= previous), min(first), max(last) FROM (SELECT phase, lag(phase, 1, 1) OVER w AS previous, "
            "first_value(phase) OVER w AS first, last_value(phase) OVER w AS last FROM coaching_sessions "
            "WINDOW w AS (PARTITION BY pairing_id ORDER BY held_on ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING))"
        ).fetchone()
        texts = _one(cursor, "SELECT count(*) FROM coaching_sessions WHERE goal = '' OR success = ''")
    assert outside == 0 and texts == 0
    assert (gaps[0], gaps[1]) >= (14, 14) and gaps[1] <= 28 and gaps[2] > 0
    assert {status for status, _, _ in past} == {"held", "cancelled", "planned"}
    for status, first, last in past:
        if status == "planned":
            assert TODAY <= first and last < TODAY + dt.timedelta(weeks=4)
        else:
            assert last < TODAY
    assert len(planned) == counts["pairings"] and {n for _, n in planned} == {1}  # every pairing of S runs on
    assert phases == (True, 1, 5)  # rising from 1 to 5 over the year
    assert counts["coaching_sessions"] > counts["pairings"] * 13  # a year of sessions every two to four weeks


def test_ended_pairings_get_no_planned_session(db, framework):
    synthetic.build_org(db, framework, "S", TODAY)
    with db.write() as cursor:
        coach, leader = cursor.execute("SELECT coach_id, leader_id FROM pairings ORDER BY id LIMIT 1").fetchone()
        other_coach = _one(cursor, "SELECT min(person_id) FROM person_roles WHERE role = 'coach' AND person_id <> ?", [coach])
        ended = pd.DataFrame({
            "id": synthetic.reserve_ids(cursor, "pairings_id_seq", 3), "coach_id": other_coach, "leader_id": leader,
            "starts_on": [TODAY - dt.timedelta(days=400), TODAY - dt.timedelta(days=200), TODAY - dt.timedelta(days=100)],
            "ends_on": pd.to_datetime([TODAY - dt.timedelta(days=300), TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=2)]),
        })
        synthetic.insert_frame(cursor, "pairings", ended)
        synthetic.coaching_history(cursor, ended, TODAY, np.random.default_rng(7))
    with db.read() as cursor:
        rows = cursor.execute(
            "SELECT p.id, count(s.id), count(s.id) FILTER (s.status = 'planned'), max(s.held_on), p.ends_on FROM pairings p "
            "JOIN coaching_sessions s ON s.pairing_id = p.id WHERE p.id IN (SELECT unnest(?::INTEGER[])) GROUP BY ALL ORDER BY p.id",
            [ended["id"].tolist()]).fetchall()
    assert len(rows) == 3
    for _, held, planned, last, ends_on in rows:
        assert held > 0 and last <= ends_on and planned == 0  # none planned past the end, nor after it


def test_agendas_and_notes_come_from_the_two_sides_of_the_pairing(db, framework):
    counts = synthetic.build_org(db, framework, "S", TODAY)
    with db.read() as cursor:
        items = cursor.execute(
            "SELECT min(n), max(n), bool_and(positions = range(1, n + 1)) FROM (SELECT session_id, count(*) AS n, "
            "list(position ORDER BY position) AS positions FROM agenda_items GROUP BY ALL)").fetchone()
        wrong_author = _one(cursor, "SELECT count(*) FROM agenda_items i JOIN coaching_sessions s ON s.id = i.session_id "
                                    "JOIN pairings p ON p.id = s.pairing_id "
                                    "WHERE i.author_id <> CASE i.source WHEN 'leader' THEN p.leader_id ELSE p.coach_id END")
        drafted_ahead = _one(cursor, "SELECT count(*) FROM agenda_items i JOIN coaching_sessions s ON s.id = i.session_id "
                                     "WHERE s.status = 'planned' AND (i.source = 'drafted' OR s.drafted_at IS NOT NULL)")
        sources = {source for (source,) in cursor.execute("SELECT DISTINCT source FROM agenda_items").fetchall()}
        notes = cursor.execute(
            "SELECT s.status, count(DISTINCT s.id), min(k), max(k) FROM (SELECT session_id, count(*) AS k FROM session_notes GROUP BY ALL) n "
            "JOIN coaching_sessions s ON s.id = n.session_id GROUP BY ALL").fetchall()
        held = _one(cursor, "SELECT count(*) FROM coaching_sessions WHERE status = 'held'")
        kinds = cursor.execute(
            "SELECT CASE n.author_id WHEN p.coach_id THEN 'coach' WHEN p.leader_id THEN 'leader' ELSE 'someone else' END, n.shared, "
            "list(DISTINCT n.text) FROM session_notes n JOIN coaching_sessions s ON s.id = n.session_id "
            "JOIN pairings p ON p.id = s.pairing_id GROUP BY ALL").fetchall()
    assert items[:2] == (2, 4) and items[2] and wrong_author == 0 and drafted_ahead == 0
    assert sources == {"drafted", "coach", "leader"}
    assert notes == [("held", held, 1, 3)]  # one to three notes on every held session, on no other
    assert {(author, shared) for author, shared, _ in kinds} == {("coach", False), ("coach", True), ("leader", False), ("leader", True)}
    for _, shared, texts in kinds:  # a shared note reads as one, a private one as private
        assert set(texts) <= set(synthetic._SHARED_NOTES if shared else synthetic._PRIVATE_NOTES)
    assert counts["session_notes"] > held


def test_the_screens_show_each_side_its_own_private_notes_and_the_shared_ones(db, framework):
    synthetic.build_org(db, framework, "S", TODAY)
    leader = people.sign_in(db, "leader00010@example.org").identity
    with db.read() as cursor:
        pairing_id, coach_id = cursor.execute("SELECT id, coach_id FROM pairings WHERE leader_id = ?", [leader.person_id]).fetchone()
    coach = people.Identity(coach_id, "Coach", frozenset({"coach"}), "en", "person")
    log = sessions.logbook(db, leader, pairing_id, TODAY)
    upcoming = sessions.next_session(log, TODAY)
    assert upcoming is not None and upcoming.status == "planned" and len(log) > 13
    ids = [s.id for s in log]
    seen = {who: [n for found in sessions.notes(db, who, ids, TODAY).values() for n in found] for who in (leader, coach)}
    for who, other in ((leader, coach), (coach, leader)):
        assert seen[who] and all(n.shared or n.author_id == who.person_id for n in seen[who])
        assert any(not n.shared for n in seen[who]) and not any(not n.shared and n.author_id == other.person_id for n in seen[who])


def test_agreed_actions_are_the_leaders_under_their_own_goals_and_keep_the_week_rules(db, framework):
    counts = synthetic.build_org(db, framework, "S", TODAY)
    with db.read() as cursor:
        wrong = _one(cursor, "SELECT count(*) FROM agreed_actions x JOIN actions a ON a.id = x.action_id JOIN goals g ON g.id = a.goal_id "
                             "JOIN coaching_sessions s ON s.id = x.session_id JOIN pairings p ON p.id = s.pairing_id "
                             "WHERE a.person_id <> p.leader_id OR g.person_id <> p.leader_id OR s.status <> 'held' "
                             "OR a.start_date <> s.held_on OR g.created_at::DATE > s.held_on OR a.cadence <> 'weekly' "
                             "OR a.times_per_week NOT IN (1, 2) OR a.due_date < a.start_date")
        orphans = _one(cursor, "SELECT count(*) FROM agreed_actions x LEFT JOIN actions a ON a.id = x.action_id WHERE a.id IS NULL")
        held = _one(cursor, "SELECT count(*) FROM coaching_sessions WHERE status = 'held'")
        leader_id = _one(cursor, "SELECT a.person_id FROM agreed_actions x JOIN actions a ON a.id = x.action_id "
                                 "GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1")
        agreed = {a for (a,) in cursor.execute("SELECT action_id FROM agreed_actions").fetchall()}
    assert wrong == 0 and orphans == 0
    assert held / 8 < counts["agreed_actions"] < held / 2  # about one held session in four
    leader = people.Identity(leader_id, "Leader", frozenset({"leader"}), "en", "person")
    history = tracker.history(db, leader, TODAY)
    theirs = history[history["action_id"].isin(agreed)]
    assert len(theirs) > 0 and theirs["done"].sum() > 0
    assert (theirs["done"] <= theirs["target"]).all() and (theirs["extra"] == 0).all()  # ticked inside their window only
