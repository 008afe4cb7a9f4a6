import gzip
import hashlib
import os
import shutil
import threading
from pathlib import Path

import duckdb
import pytest

from coaching import db as db_module
from coaching.db import (
    Database,
    DatabaseBusy,
    DatabaseError,
    DatabaseFailed,
    DatabaseGone,
    DatabaseLocked,
    DatabaseNeedsUpgrade,
    DatabaseReadOnly,
    DatabaseTooNew,
    DuckDBFileTooNew,
    MigrationFailed,
    MotherDuckClientRefused,
    check_motherduck_client,
    migrations,
    on_ephemeral_disk,
    resolve_path,
)
from tests.conftest import held_by_another_process

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migrations_from_empty_are_recorded(db):
    assert db.schema_version() == len(migrations())
    with db.read() as cursor:
        recorded = cursor.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
        tables = {row[0] for row in cursor.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert [v for v, _ in recorded] == list(range(1, len(migrations()) + 1))
    assert {"people", "assessment_rounds", "ratings", "competency_notes", "away_days", "installation"} <= tables


def test_reopening_applies_nothing_twice(db_path):
    first = Database(db_path)
    first.close()
    again = Database(db_path)
    assert again.migrate() == []
    again.close()


def test_opening_and_closing_leaves_the_file_byte_for_byte(db_path):
    Database(db_path).close()
    before = sha256(db_path)
    Database(db_path).close()
    assert sha256(db_path) == before


def test_a_failing_write_rolls_back_everything(db):
    with pytest.raises(RuntimeError):
        with db.write() as cursor:
            cursor.execute("INSERT INTO people (display_name) VALUES ('a')")
            raise RuntimeError("boom")
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM people").fetchone()[0] == 0


def migration_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "migrations"
    folder.mkdir(exist_ok=True)
    for name, sql in files.items():
        (folder / name).write_text(sql)
    return folder


def test_a_failing_migration_on_a_new_file_leaves_no_file(db_path, monkeypatch, tmp_path):
    folder = migration_folder(tmp_path, {"001_good.sql": "CREATE TABLE a (x INTEGER);",
                                         "002_bad.sql": "CREATE TABLE b (x INTEGER); SELECT * FROM no_such_table;"})
    monkeypatch.setattr("coaching.db.MIGRATIONS_DIR", folder)
    with pytest.raises(MigrationFailed) as raised:
        Database(db_path)
    assert raised.value.params["version"] == 2
    assert not db_path.exists()


def test_a_failing_migration_leaves_the_file_as_it_was_and_closes_it(db_path, monkeypatch, tmp_path, caplog):
    folder = migration_folder(tmp_path, {"001_good.sql": "CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (7);"})
    monkeypatch.setattr("coaching.db.MIGRATIONS_DIR", folder)
    Database(db_path).close()
    before = sha256(db_path)
    migration_folder(tmp_path, {"002_fine.sql": "CREATE TABLE b (x INTEGER); INSERT INTO a VALUES (8);",
                                "003_bad.sql": "ALTER TABLE a ADD COLUMN y INTEGER; SELECT * FROM no_such_table;"})
    with pytest.raises(MigrationFailed) as raised:
        Database(db_path)
    assert raised.value.params["version"] == 3
    assert "migration 3" in caplog.text and "nothing was changed" in caplog.text
    assert sha256(db_path) == before  # 002 is not kept either: all or nothing
    check = duckdb.connect(str(db_path))  # closed: the file opens again in this process
    assert check.execute("SELECT version FROM schema_migrations").fetchall() == [(1,)]
    assert check.execute("SELECT * FROM a").fetchall() == [(7,)]
    check.close()


def test_a_database_from_a_newer_koers_is_never_opened_for_writing(db_path):
    Database(db_path).close()
    con = duckdb.connect(str(db_path))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (99, '099_from_the_future')")
    con.close()
    before = sha256(db_path)
    with pytest.raises(DatabaseTooNew) as raised:
        Database(db_path)
    assert raised.value.params["found"] == 99 and raised.value.params["known"] == len(migrations())
    assert sha256(db_path) == before
    duckdb.connect(str(db_path)).close()  # and it was closed again


def test_a_file_from_a_newer_duckdb_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "from-duckdb-2.duckdb"
    with gzip.open(FIXTURES / "written_by_duckdb_2_0_1.duckdb.gz") as packed, open(path, "wb") as file:
        shutil.copyfileobj(packed, file)
    before = sha256(path)
    with pytest.raises(DuckDBFileTooNew) as raised:
        Database(path)
    assert raised.value.params["version"] == duckdb.__version__
    assert sha256(path) == before


def test_a_read_only_file_with_an_older_schema_needs_upgrading(db_path, monkeypatch, tmp_path):
    old = [m for m in migrations() if m[0] <= 2]
    monkeypatch.setattr("coaching.db.migrations", lambda: old)
    Database(db_path).close()
    monkeypatch.undo()
    os.chmod(db_path, 0o444)
    before = sha256(db_path)
    with pytest.raises(DatabaseNeedsUpgrade):
        Database(db_path)
    assert sha256(db_path) == before
    os.chmod(db_path, 0o644)
    assert Database(db_path).schema_version() == len(migrations())  # writable again: upgraded


def test_path_comes_from_environment_then_secret_then_default():
    assert resolve_path({"KOERS_DB": "/x/y.duckdb"}, {"db": "md:koers"}) == "/x/y.duckdb"
    assert resolve_path({}, {"db": "md:koers"}) == "md:koers"
    assert resolve_path({}, {}).endswith(os.path.join("data", "koers.duckdb"))


def test_a_file_held_by_another_process_names_the_file_and_the_process_in_the_log(tmp_path, caplog):
    path = tmp_path / "held.duckdb"
    with held_by_another_process(path) as holder:
        with pytest.raises(DatabaseLocked) as raised:
            Database(path)
    assert raised.value.params == {"path": str(path), "pid": str(holder.pid)}
    assert f"{path} is locked by another process (PID {holder.pid})" in caplog.text


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


def test_a_file_truncated_under_a_running_koers_fails_the_read_and_marks_it_broken(db_path, leader, db):
    with db.write() as cursor:  # enough rows that reading them needs blocks from the disk
        cursor.execute("CREATE TABLE bulk AS SELECT range AS x, md5(range::VARCHAR) AS y FROM range(300000)")
    db.close()
    reopened = Database(db_path)
    os.truncate(db_path, 0)
    with pytest.raises(DatabaseFailed):
        with reopened.read() as cursor:
            cursor.execute("SELECT sum(length(y)) FROM bulk").fetchone()
    assert reopened.broken
    reopened.close()
    with pytest.raises(DatabaseError):  # and an emptied file is never taken for a new database
        Database(db_path)


def test_a_write_that_waits_too_long_gives_up_and_writes_nothing(db, monkeypatch):
    monkeypatch.setattr(db_module, "WRITE_WAIT_SECONDS", 0.2)
    held, release = threading.Event(), threading.Event()

    def hold():
        with db.write():
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    with pytest.raises(DatabaseBusy):
        with db.write() as cursor:
            cursor.execute("INSERT INTO people (display_name) VALUES ('never')")
    release.set()
    holder.join()
    with db.read() as cursor:
        assert cursor.execute("SELECT count(*) FROM people WHERE display_name = 'never'").fetchone()[0] == 0


def test_a_motherduck_path_that_cannot_be_reached_gives_a_clear_error(monkeypatch):
    # The motherduck extension cannot be downloaded here; the app must say so, not crash.
    def refuse(path, read_only=False):
        raise duckdb.IOException('IO Error: Failed to download extension "motherduck"')

    monkeypatch.setattr(duckdb, "connect", refuse)
    with pytest.raises(DatabaseError) as raised:
        Database("md:koers")
    assert raised.value.params["path"] == "md:koers"
    assert "motherduck" in raised.value.params["detail"]


@pytest.mark.parametrize("version, accepted", [("1.4.0", True), ("1.5.6", True), ("1.5.3", True), ("1.3.2", False),
                                               ("1.5.7", False), ("2.0.1", False), ("1.6.0.dev42", False)])
def test_motherduck_is_used_only_with_a_client_it_accepts(version, accepted):
    if accepted:
        check_motherduck_client(version)
    else:
        with pytest.raises(MotherDuckClientRefused) as raised:
            check_motherduck_client(version)
        assert raised.value.params["lowest"] == "1.4.0" and raised.value.params["highest"] == "1.5.6"


def test_the_pinned_duckdb_is_one_motherduck_accepts():
    check_motherduck_client()  # the installed client, as requirements.txt pins it


def test_a_motherduck_path_with_a_refused_client_never_connects(monkeypatch):
    monkeypatch.setattr(duckdb, "__version__", "2.0.1")
    monkeypatch.setattr(duckdb, "connect", lambda *a, **k: pytest.fail("connected"))
    with pytest.raises(MotherDuckClientRefused):
        Database("md:koers")


def test_a_disk_that_does_not_persist_is_recognised(tmp_path):
    assert on_ephemeral_disk(Path("/mount/src/koers/data/koers.duckdb"), {})
    assert not on_ephemeral_disk(tmp_path / "koers.duckdb", {})
    assert on_ephemeral_disk(tmp_path / "koers.duckdb", {"KOERS_EPHEMERAL_DISK": "1"})
    assert not on_ephemeral_disk(Path("/mount/src/koers/data/koers.duckdb"), {"KOERS_EPHEMERAL_DISK": "0"})


def test_the_generation_moves_with_every_write_and_every_opening_and_only_then(db_path):
    first = Database(db_path)
    opened = first.generation
    with first.read() as cursor:
        cursor.execute("SELECT count(*) FROM people").fetchall()
    assert first.generation == opened  # reading changes nothing
    with first.write() as cursor:
        cursor.execute("INSERT INTO people (display_name) VALUES ('a')")
    assert first.generation == opened + 1
    with pytest.raises(RuntimeError):
        with first.write() as cursor:
            raise RuntimeError("rolled back")
    assert first.generation == opened + 1  # nothing was committed
    second = Database(db_path)  # another Database on the file, in this process: one count
    with second.write() as cursor:
        cursor.execute("INSERT INTO people (display_name) VALUES ('b')")
    assert first.generation == second.generation == opened + 3
