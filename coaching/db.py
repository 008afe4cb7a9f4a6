"""The one DuckDB file: opening it, cursors, serialised writes and migrations.

DuckDB allows one read-write process per file, and a connection must not be shared between
threads. Streamlit runs one thread per session, so a process keeps one `Database` and every
read or write gets a cursor of its own; writes also take a lock, so that they are short
transactions one after the other.

A database is opened only when this code can read it: a file written by a newer DuckDB or a
newer Koers (a migration this code does not know), or an older schema on a read-only file,
is refused with a message, and the file is left as it was. Errors carry catalog keys whose
messages name no file paths or process ids (people who have not signed in read them); the
details go to the server log.
"""

from __future__ import annotations

import logging
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
WRITE_WAIT_SECONDS = 5.0  # how long a write waits for the one before it, then gives up

# The DuckDB clients MotherDuck accepts (its version lifecycle page, November 2026).
MOTHERDUCK_CLIENTS = ((1, 4, 0), (1, 5, 6))

log = logging.getLogger("koers.db")


class DatabaseError(KoersError):
    key = "error.db_unavailable"


class DatabaseLocked(DatabaseError):
    key = "error.db_locked"


class DatabaseReadOnly(DatabaseError):
    key = "error.db_read_only"


class DatabaseGone(DatabaseError):
    key = "error.db_gone"


class DatabaseTooNew(DatabaseError):
    """The file's schema has migrations this code does not know: a newer Koers wrote it."""

    key = "error.db_newer_schema"


class DuckDBFileTooNew(DatabaseError):
    """The file was written by a newer DuckDB than the one Koers runs on."""

    key = "error.db_newer_duckdb"


class DatabaseNeedsUpgrade(DatabaseError):
    """A read-only file with an older schema: it cannot be upgraded, so it is not served."""

    key = "error.db_needs_upgrade"


class MigrationFailed(DatabaseError):
    key = "error.db_migration_failed"


class MotherDuckClientRefused(DatabaseError):
    key = "error.motherduck_client"


class DatabaseBusy(DatabaseError):
    """A write waited longer than WRITE_WAIT_SECONDS for the one before it."""

    key = "error.db_busy"


class DatabaseFailed(DatabaseError):
    """The database failed in the middle of a run (I/O, corruption, a lost connection). The
    Database is marked broken; the next run opens it again."""

    key = "error.db_failed"


def resolve_path(environ: Mapping[str, str] = os.environ, secrets: Mapping[str, object] | None = None) -> str:
    """KOERS_DB from the environment wins, then the `db` secret, then data/koers.duckdb."""
    if environ.get("KOERS_DB"):
        return environ["KOERS_DB"]
    if secrets and secrets.get("db"):
        return str(secrets["db"])
    return str(DEFAULT_DB_PATH)


def is_motherduck(path: str) -> bool:
    return path.startswith("md:")


def on_ephemeral_disk(path: Path, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a database file sits on a disk that does not outlive the app, so that a
    reboot or a redeploy loses it. KOERS_EPHEMERAL_DISK=1 (or 0) says so; without it, Streamlit
    Community Cloud is recognised by where it runs apps from (/mount/src)."""
    flag = environ.get("KOERS_EPHEMERAL_DISK")
    if flag is not None:
        return flag.strip().lower() in ("1", "true", "yes")
    return Path(path).resolve().is_relative_to("/mount/src")


def client_version(version: str | None = None) -> tuple[int, ...]:
    """The DuckDB client's version as numbers: "1.5.6" -> (1, 5, 6)."""
    return tuple(int(part) for part in re.findall(r"\d+", version or duckdb.__version__)[:3])


def check_motherduck_client(version: str | None = None) -> None:
    """Refuse an `md:` database when this DuckDB client is one MotherDuck does not accept."""
    lowest, highest = MOTHERDUCK_CLIENTS
    found = client_version(version)
    if not lowest <= found <= highest:
        raise MotherDuckClientRefused(
            version=".".join(map(str, found)), lowest=".".join(map(str, lowest)), highest=".".join(map(str, highest))
        )


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


# Per database path, in this process: how often it was opened or written to (see
# Database.generation).
_GENERATIONS: dict[str, int] = {}

# Errors that mean the database itself failed, not the statement: the next run reopens it.
_FAILURES = (duckdb.IOException, duckdb.FatalException, duckdb.InternalException, duckdb.ConnectionException)


class Database:
    """One open DuckDB database (a file, or MotherDuck for `md:` paths)."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = str(path)
        self._write_lock = threading.Lock()
        self.read_only = False
        self.broken = False
        # MotherDuck may have writers in other processes: nothing is cached there (generation).
        self.cacheable = not is_motherduck(self.path)
        _GENERATIONS[self.path] = _GENERATIONS.get(self.path, 0) + 1  # opened anew: kept results are off
        self._identity: tuple[int, int] | None = None
        if is_motherduck(self.path):
            check_motherduck_client()
            self._connection = self._connect(read_only=False)
            self._upgrade(self._applied(self._connection), created=False)
            return
        file = Path(self.path)
        file.parent.mkdir(parents=True, exist_ok=True)
        existed = file.exists()
        self.read_only = existed and _is_read_only(file)
        # Opening and closing a DuckDB file leaves it byte for byte as it was (tested), so the
        # schema is checked on the connection itself, before anything is written.
        self._connection = self._connect(read_only=self.read_only)
        applied = self._applied(self._connection)
        if self.read_only:
            if self._pending(applied, self._connection):
                self.close()
                log.error("%s is read-only and its schema is at version %s; it needs upgrading", self.path, max(applied, default=0))
                raise DatabaseNeedsUpgrade(path=self.path)
        else:
            self._upgrade(applied, created=not existed)
        self._identity = _file_identity(file)

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as error:
            message = str(error)
            if "Could not set lock" in message or "Conflicting lock" in message:
                holder = re.search(r"PID (\d+)", message)
                pid = holder.group(1) if holder else "?"
                log.error("%s is locked by another process (PID %s): %s", self.path, pid, message.splitlines()[0])
                raise DatabaseLocked(path=self.path, pid=pid) from None
            if "newer version of DuckDB" in message:
                log.error("%s was written by a newer DuckDB than %s: %s", self.path, duckdb.__version__, message.splitlines()[0])
                raise DuckDBFileTooNew(path=self.path, version=duckdb.__version__) from None
            log.error("%s cannot be opened: %s", self.path, message)
            raise DatabaseError(path=self.path, detail=message.splitlines()[0]) from None
        except duckdb.Error as error:
            log.error("%s cannot be opened: %s", self.path, error)
            raise DatabaseError(path=self.path, detail=str(error).splitlines()[0]) from None

    def close(self) -> None:
        try:
            self._connection.close()
        except duckdb.Error as error:  # closing a connection that already failed
            log.warning("closing %s: %s", self.path, error)

    # -- reading and writing -------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for this thread."""
        with self._failures():
            cursor = self._connection.cursor()
            try:
                yield cursor
            finally:
                cursor.close()

    @contextmanager
    def write(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One short transaction, serialised with every other write of this process.

        Everything inside commits together or not at all. A write that waits longer than
        WRITE_WAIT_SECONDS for the one before it gives up with DatabaseBusy, writing nothing."""
        if not self._write_lock.acquire(timeout=WRITE_WAIT_SECONDS):
            log.error("a write to %s waited more than %s s for the one before it", self.path, WRITE_WAIT_SECONDS)
            raise DatabaseBusy()
        try:
            self._check_writable()
            with self._failures():
                cursor = self._connection.cursor()
                try:
                    cursor.begin()
                    try:
                        yield cursor
                    except BaseException:
                        cursor.rollback()
                        raise
                    cursor.commit()
                    _GENERATIONS[self.path] = _GENERATIONS.get(self.path, 0) + 1
                finally:
                    cursor.close()
        finally:
            self._write_lock.release()

    @contextmanager
    def _failures(self) -> Iterator[None]:
        """Turn a failure of the database itself into DatabaseFailed and mark this Database
        broken, so that the next run opens it again; other errors pass unchanged."""
        try:
            yield
        except duckdb.Error as error:
            if not isinstance(error, _FAILURES) and "invalidated" not in str(error):
                raise
            self.broken = True
            log.error("the database %s failed: %s", self.path, error)
            raise DatabaseFailed(path=self.path) from error

    @property
    def generation(self) -> int:
        """How often this process has opened this database or committed a write to it. A file
        has one writing process (DuckDB's lock), and every Database of this process on the file
        counts here, so an unchanged generation means unchanged data: the key for results kept
        across reruns (coaching.ui.cached)."""
        return _GENERATIONS.get(self.path, 0)

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
            log.error("%s was deleted while Koers runs; writes are refused", self.path)
            raise DatabaseGone(path=self.path) from None
        if (stat.st_dev, stat.st_ino) != self._identity:
            log.error("%s was replaced while Koers runs; writes are refused", self.path)
            raise DatabaseGone(path=self.path)
        if _is_read_only(Path(self.path)):
            raise DatabaseReadOnly(path=self.path)

    # -- schema --------------------------------------------------------------------------

    @staticmethod
    def _applied(connection: duckdb.DuckDBPyConnection) -> set[int]:
        try:
            return {row[0] for row in connection.execute("SELECT version FROM schema_migrations").fetchall()}
        except duckdb.CatalogException:
            return set()  # a new, empty database

    def _pending(self, applied: set[int], connection: duckdb.DuckDBPyConnection) -> list[tuple[int, str, str]]:
        """The migrations still to apply; DatabaseTooNew when the file has one this code
        does not know (it was written by a newer Koers)."""
        known = migrations()
        unknown = applied - {version for version, _, _ in known}
        if unknown:
            connection.close()
            log.error("%s has schema version %s; this Koers knows up to %s", self.path, max(unknown), len(known))
            raise DatabaseTooNew(path=self.path, found=max(unknown), known=len(known))
        return [m for m in known if m[0] not in applied]

    def _upgrade(self, applied: set[int], created: bool) -> None:
        """Apply every pending migration in one transaction: all of them or, when one fails,
        none, with the connection closed (and a file made just now removed again)."""
        pending = self._pending(applied, self._connection)
        if not pending:
            return
        with self._write_lock:
            cursor = self._connection.cursor()
            version = pending[0][0]
            try:
                cursor.begin()
                cursor.execute(
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                    " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
                )
                for version, name, sql in pending:
                    cursor.execute(sql)
                    cursor.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
                cursor.commit()
                # Into the file at once, not left in the write-ahead log: DuckDB 1.5 cannot
                # replay some schema changes from its log (ALTER TABLE ... ADD COLUMN ...
                # DEFAULT, a table rebuilt in the transaction that updates it: duckdb issues
                # 18259 and 22124), so a process that died before its next checkpoint would
                # leave a file that no longer opens. (MotherDuck keeps no local log.)
                if not is_motherduck(self.path):
                    cursor.execute("CHECKPOINT")
            except duckdb.Error as error:
                log.error("migration %s of %s failed, nothing was changed: %s", version, self.path, error)
                try:
                    cursor.rollback()
                finally:
                    self.close()
                if created:
                    for leftover in (Path(self.path), Path(self.path + ".wal")):
                        leftover.unlink(missing_ok=True)
                raise MigrationFailed(path=self.path, version=version) from error
            finally:
                cursor.close()

    def migrate(self) -> list[int]:
        """Apply what is pending (nothing, once opened); the versions applied."""
        before = self._applied(self._connection)
        self._upgrade(before, created=False)
        return sorted(self._applied(self._connection) - before)

    def schema_version(self) -> int:
        with self.read() as cursor:
            return cursor.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()[0]


def _file_identity(file: Path) -> tuple[int, int]:
    stat = file.stat()
    return (stat.st_dev, stat.st_ino)


def _is_read_only(file: Path) -> bool:
    # Root may write anywhere, so look at the mode bits too: a file made read-only is the
    # owner saying "do not change this".
    return not os.access(file, os.W_OK) or not (file.stat().st_mode & 0o222)
