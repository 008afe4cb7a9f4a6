"""Every earlier schema version upgrades to the current one with nothing lost.

For each migration N there is tests/fixtures/schema_00N.sql: data as a database at version N
held it. A database is made at each version (migration 1, fixture 1, migration 2, fixture 2,
... up to N, as a database lives through the versions), and then opened by the current
code, which applies the rest."""

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from coaching import assessments, goals, people, profile, tracker
from coaching.db import Database, migrations
from coaching.framework import load_framework

FIXTURES = Path(__file__).resolve().parent / "fixtures"
OURS = load_framework(FIXTURES / "framework_ours.toml")
VERSIONS = [version for version, _, _ in migrations()]


def test_every_migration_has_a_fixture():
    assert sorted(int(f.stem.split("_")[1]) for f in FIXTURES.glob("schema_*.sql")) == VERSIONS


def database_at(path: Path, version: int) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    for number, name, sql in migrations()[:version]:
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [number, name])
        con.execute((FIXTURES / f"schema_{number:03d}.sql").read_text())
    con.close()


@pytest.mark.parametrize("version", VERSIONS)
def test_a_database_of_every_version_upgrades_with_nothing_lost(tmp_path, version):
    path = tmp_path / f"v{version}.duckdb"
    database_at(path, version)
    db = Database(path)
    assert db.schema_version() == VERSIONS[-1]
    framework = load_framework()
    me = people.local_leader(db)
    assert (me.person_id, me.language) == (1, "nl")
    [round_] = profile.profiles(db, me, framework)
    assert round_.round.assessed_on == dt.date(2026, 3, 2)
    assert round_.scores["communication"] == 3.5 and round_.targets == {"strategic_thinking": 4}
    # the stored means (filled by migration 4 for older rounds) are the means of the ratings
    # of fixture 1, worked out by hand ("not observed" left out)
    assert round_.scores == pytest.approx({
        "communication": 3.5, "emotional_intelligence": 8 / 3, "decision_making": 13 / 3, "strategic_thinking": 7 / 3,
        "influence": 3.0, "collaboration": 8 / 3, "change_management": 8 / 3, "coaching_mentoring": 2.0, "innovation": 10 / 3,
    })
    assert profile.round_comments(db, me, round_.round.id) == {"strategic_thinking": "Still firefighting <b>every</b> week"}
    draft = assessments.current_draft(db, me)
    assert assessments.answers(db, me, draft.id).ratings == {"empathy": 5}
    if version >= 2:
        [active, old] = goals.list_goals(db, me)
        assert (active.title, active.progress, old.status) == ("Delegate instead of doing it myself", 45, "draft")
        history = tracker.history(db, me, dt.date(2026, 9, 20))
        assert tracker.completion(history) == tracker.Completion(done=4, target=8)
        assert tracker.reflection(db, me, dt.date(2026, 9, 7)).for_coach == "Saying no"
    if version >= 3:
        with db.read() as cursor:
            assert cursor.execute("SELECT coach_id, leader_id, starts_on, ends_on FROM pairings ORDER BY id").fetchall()[0] == (
                3, 1, dt.date(2026, 1, 5), None)
            # roles became a set; e-mail addresses lower case and unique, the later of two that
            # differed only in case deactivated, with nothing lost
            assert cursor.execute("SELECT id, email, active FROM people WHERE id IN (3, 5) ORDER BY id").fetchall() == [
                (3, "coach@example.org", True), (5, "coach@example.org#duplicate-5", False)]
        coach = people.sign_in(db, "COACH@example.org").identity
        assert coach.person_id == 3 and coach.roles == ({"coach", "leader"} if version >= 8 else {"coach"})
        assert people.sign_in(db, "own@example.org").identity.roles == {"leader"}
        from coaching import access

        assert access.sharing(db, me)["reflections"] == (version >= 8) and access.sharing(db, me)["goals"] == (version < 8)
    if version >= 3:
        # A round of an organisation's own framework gets its means from that framework, also
        # where the first migration 4 had stored the default framework's (fixture 4).
        own = people.sign_in(db, "own@example.org").identity
        assessments.fill_missing_scores(db, framework)  # the default framework leaves it alone
        assessments.fill_missing_scores(db, OURS)  # as Koers does at start with KOERS_FRAMEWORK
        by_round = {p.round.id: p.scores for p in profile.profiles(db, own, OURS)}
        assert by_round[3] == {"people": 3.0, "thinking": 5.0}
        if version >= 5:
            assert by_round[4] == {"people": 4.5, "thinking": 3.0}
    if version >= 6:
        assert tracker.away_days(db, me, dt.date(2026, 9, 14)) == (5,)
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM installation").fetchone()[0] == 1
        revisions = dict(cursor.execute("SELECT id, revision FROM actions").fetchall()) if version >= 2 else {}
    if version >= 2:
        assert revisions == ({1: 2, 2: 0} if version >= 7 else {1: 0, 2: 0})
    if version >= 9:
        from coaching import agreements, sessions

        today = dt.date(2026, 11, 27)
        assert agreements.current(db, me, 1, today).accepted
        [session] = sessions.logbook(db, me, 1, today)
        assert (session.phase, session.goal) == (2, "Agree how we work")
        assert [n.text for n in sessions.notes(db, me, [session.id], today)[session.id]] == ["Shared by the leader"]  # not the coach's own
        assert [a.id for a in sessions.agreed_actions(db, me, 1, today)[session.id]] == [1]
    # new rows still get fresh ids after the fixtures' explicit ones
    new_round = assessments.start_draft(db, people.demo_leader(db), framework, dt.date(2026, 11, 1))
    assert new_round.id == (5 if version >= 5 else 4 if version >= 3 else 3)
    assert people.local_leader(db).roles == {"leader"}


def test_a_database_exported_by_duckdb_2_imports_and_upgrades(tmp_path):
    """Koers 0.1 ran on DuckDB 2.0, whose files DuckDB 1.5 cannot read. The README's way over:
    EXPORT DATABASE with DuckDB 2.0 (this folder is such an export, of a database at schema
    version 4 with the fixtures of versions 1-4), IMPORT DATABASE with this Koers's DuckDB."""
    path = tmp_path / "carried-over.duckdb"
    con = duckdb.connect(str(path))
    folder = str(FIXTURES / "exported_by_duckdb_2_0_1").replace("'", "''")
    con.execute("IMPORT DATABASE '" + folder + "'")  # IMPORT takes no parameters; the path is ours
    con.close()
    db = Database(path)
    assert db.schema_version() == VERSIONS[-1]
    me = people.local_leader(db)
    assert (me.person_id, me.language) == (1, "nl")
    [round_] = profile.profiles(db, me, load_framework())
    assert round_.scores["communication"] == 3.5
    assert tracker.completion(tracker.history(db, me, dt.date(2026, 9, 20))) == tracker.Completion(done=4, target=8)
    assert assessments.start_draft(db, people.demo_leader(db), load_framework(), dt.date(2026, 11, 1)).id == 4


@pytest.mark.parametrize("version", [0, 6])
def test_a_process_that_dies_right_after_migrating_leaves_a_file_that_opens(tmp_path, version):
    """DuckDB 1.5 cannot replay some schema changes from its write-ahead log (duckdb issues
    18259 and 22124): migrating must end in a checkpoint, or a process killed before the next
    one leaves a file that no longer opens. A new file (version 0) and an upgrade from 6."""
    import subprocess
    import sys

    path = tmp_path / "koers.duckdb"
    if version:
        database_at(path, version)
    subprocess.run(
        # `db` keeps the connection open: a dropped Database closes it, which checkpoints.
        [sys.executable, "-c", f"import os; from coaching.db import Database; db = Database({str(path)!r}); os._exit(0)"],
        check=True, cwd=Path(__file__).resolve().parents[1],
    )
    db = Database(path)
    assert db.schema_version() == VERSIONS[-1]
    assert people.local_leader(db).roles == {"leader"}
