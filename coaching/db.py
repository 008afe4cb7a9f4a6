"""The one DuckDB file: opening it, cursors, serialised writes and migrations.

DuckDB allows one read-write process per file, and a connection must not be shared between
threads. Streamlit runs one thread per session, so a process keeps one `Database` and every
read or write gets a cursor of its own; writes also take a lock, so that they are short
transactions one after the other.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import duckdb

from coaching.errors import KoersError

DEFAULT_DB_PATH = Path(__file__).resolve().parents[1] / "data" / "koers.duckdb"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class DatabaseError(KoersError):
    key = "error.db_unavailable"


class DatabaseLocked(DatabaseError):
    key = "error.db_locked"


class DatabaseReadOnly(DatabaseError):
    key = "error.db_read_only"


class DatabaseGone(DatabaseError):
    key = "error.db_gone"


def resolve_path(environ: Mapping[str, str] = os.environ, secrets: Mapping[str, object] | None = None) -> str:
    """KOERS_DB from the environment wins, then the `db` secret, then data/koers.duckdb."""
    if environ.get("KOERS_DB"):
        return environ["KOERS_DB"]
    if secrets and secrets.get("db"):
        return str(secrets["db"])
    return str(DEFAULT_DB_PATH)


def is_motherduck(path: str) -> bool:
    return path.startswith("md:")


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration file, in order."""
    found = []
    for file in sorted(MIGRATIONS_DIR.glob("*.sql")):
        match = _MIGRATION_NAME.match(file.name)
        if not match:
            raise RuntimeError(f"migration file name not of the form 001_name.sql: {file.name}")
        found.append((int(match.group(1)), file.stem, file.read_text(encoding="utf-8")))
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migrations must be numbered 1, 2, 3 ... without gaps, found {versions}")
    return found


class Database:
    """One open DuckDB database (a file, or MotherDuck for `md:` paths)."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = str(path)
        self._write_lock = threading.Lock()
        self.read_only = False
        if not is_motherduck(self.path):
            file = Path(self.path)
            file.parent.mkdir(parents=True, exist_ok=True)
            self.read_only = file.exists() and _is_read_only(file)
        self._connection = self._connect()
        if not self.read_only:
            self.migrate()
        self._identity = self._file_identity()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(self.path, read_only=self.read_only)
        except duckdb.IOException as error:
            message = str(error)
            if "Could not set lock" in message or "Conflicting lock" in message:
                holder = re.search(r"PID (\d+)", message)
                raise DatabaseLocked(path=self.path, pid=holder.group(1) if holder else "?") from None
            raise DatabaseError(path=self.path, detail=message.splitlines()[0]) from None
        except duckdb.Error as error:
            raise DatabaseError(path=self.path, detail=str(error).splitlines()[0]) from None

    def close(self) -> None:
        self._connection.close()

    # -- reading and writing -------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for this thread."""
        cursor = self._connection.cursor()
        try:
            yield cursor
        finally:
            cursor.close()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One short transaction, serialised with every other write of this process.

        Everything inside commits together or not at all."""
        with self._write_lock:
            self._check_writable()
            cursor = self._connection.cursor()
            try:
                cursor.begin()
                try:
                    yield cursor
                except BaseException:
                    cursor.rollback()
                    raise
                cursor.commit()
            finally:
                cursor.close()

    def _file_identity(self) -> tuple[int, int] | None:
        if is_motherduck(self.path):
            return None
        stat = os.stat(self.path)
        return (stat.st_dev, stat.st_ino)

    def _check_writable(self) -> None:
        """Refuse to write into a file that was deleted, replaced or made read-only meanwhile:
        such writes would vanish with the process, or go against the owner's wish."""
        if self.read_only:
            raise DatabaseReadOnly(path=self.path)
        if self._identity is None:
            return
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            raise DatabaseGone(path=self.path) from None
        if (stat.st_dev, stat.st_ino) != self._identity:
            raise DatabaseGone(path=self.path)
        if _is_read_only(Path(self.path)):
            raise DatabaseReadOnly(path=self.path)

    # -- schema --------------------------------------------------------------------------

    def migrate(self) -> list[int]:
        """Apply every migration not yet recorded, each in its own transaction."""
        with self._write_lock:
            cursor = self._connection.cursor()
            try:
                cursor.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                    " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
                )
                applied = {row[0] for row in cursor.execute("SELECT version FROM schema_migrations").fetchall()}
                done = []
                for version, name, sql in migrations():
                    if version in applied:
                        continue
                    cursor.begin()
                    try:
                        cursor.execute(sql)
                        cursor.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
                    except BaseException:
                        cursor.rollback()
                        raise
                    cursor.commit()
                    done.append(version)
                return done
            finally:
                cursor.close()

    def schema_version(self) -> int:
        with self.read() as cursor:
            return cursor.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def _is_read_only(file: Path) -> bool:
    # Root may write anywhere, so look at the mode bits too: a file made read-only is the
    # owner saying "do not change this".
    return not os.access(file, os.W_OK) or not (file.stat().st_mode & 0o222)
