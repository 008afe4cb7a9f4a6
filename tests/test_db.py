import os

import duckdb
import pytest

from coaching.db import (
    Database,
    DatabaseError,
    DatabaseGone,
    DatabaseLocked,
    DatabaseReadOnly,
    migrations,
    resolve_path,
)
from tests.conftest import held_by_another_process


def test_migrations_from_empty_are_recorded(db):
    assert db.schema_version() == len(migrations())
    with db.read() as cursor:
        recorded = cursor.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
        tables = {row[0] for row in cursor.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert [v for v, _ in recorded] == list(range(1, len(migrations()) + 1))
    assert {"people", "assessment_rounds", "ratings", "competency_notes"} <= tables


def test_reopening_applies_nothing_twice(db_path):
    first = Database(db_path)
    first.close()
    again = Database(db_path)
    assert again.migrate() == []
    again.close()


def test_a_failing_write_rolls_back_everything(db):
    with pytest.raises(RuntimeError):
        with db.write() as cursor:
            cursor.execute("INSERT INTO people (display_name, role) VALUES ('a', 'leader')")
            raise RuntimeError("boom")
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def test_a_failing_migration_leaves_no_trace(db_path, monkeypatch, tmp_path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "001_good.sql").write_text("CREATE TABLE a (x INTEGER);")
    (folder / "002_bad.sql").write_text("CREATE TABLE b (x INTEGER); SELECT * FROM no_such_table;")
    monkeypatch.setattr("coaching.db.MIGRATIONS_DIR", folder)
    with pytest.raises(duckdb.Error):
        Database(db_path)
    check = duckdb.connect(str(db_path))
    assert check.execute("SELECT version FROM schema_migrations").fetchall() == [(1,)]
    assert {r[0] for r in check.execute("SELECT table_name FROM duckdb_tables()").fetchall()} == {"schema_migrations", "a"}
    check.close()


def test_path_comes_from_environment_then_secret_then_default():
    assert resolve_path({"KOERS_DB": "/x/y.duckdb"}, {"db": "md:koers"}) == "/x/y.duckdb"
    assert resolve_path({}, {"db": "md:koers"}) == "md:koers"
    assert resolve_path({}, {}).endswith(os.path.join("data", "koers.duckdb"))


def test_a_file_held_by_another_process_names_the_file_and_the_process(tmp_path):
    path = tmp_path / "held.duckdb"
    with held_by_another_process(path) as holder:
        with pytest.raises(DatabaseLocked) as raised:
            Database(path)
    assert raised.value.params == {"path": str(path), "pid": str(holder.pid)}


def test_a_file_made_read_only_refuses_writes_but_still_reads(db, db_path, leader):
    os.chmod(db_path, 0o444)
    with pytest.raises(DatabaseReadOnly):
        with db.write() as cursor:
            cursor.execute("UPDATE people SET display_name = 'x'")
    with db.read() as cursor:
        assert cursor.execute("SELECT display_name FROM people").fetchone()[0] == leader.display_name
    db.close()
    reopened = Database(db_path)  # a read-only file opens read-only
    assert reopened.read_only
    with pytest.raises(DatabaseReadOnly):
        with reopened.write():
            pass
    reopened.close()


def test_a_deleted_file_refuses_writes_that_would_vanish(db, db_path, leader):
    os.remove(db_path)
    with pytest.raises(DatabaseGone) as raised:
        with db.write() as cursor:
            cursor.execute("UPDATE people SET display_name = 'x'")
    assert raised.value.params == {"path": str(db_path)}


def test_a_replaced_file_refuses_writes(db, db_path):
    os.rename(db_path, db_path.with_suffix(".old"))
    db_path.write_bytes(b"")
    with pytest.raises(DatabaseGone):
        with db.write():
            pass


def test_a_motherduck_path_that_cannot_be_reached_gives_a_clear_error(monkeypatch):
    # The motherduck extension cannot be downloaded here; the app must say so, not crash.
    def refuse(path, read_only=False):
        raise duckdb.IOException('IO Error: Failed to download extension "motherduck"')

    monkeypatch.setattr(duckdb, "connect", refuse)
    with pytest.raises(DatabaseError) as raised:
        Database("md:koers")
    assert raised.value.params["path"] == "md:koers"
    assert "motherduck" in raised.value.params["detail"]
