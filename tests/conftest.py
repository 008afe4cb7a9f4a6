"""Shared fixtures: a real DuckDB file per test, the framework, identities, and AppTest."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from coaching import people
from coaching.db import Database
from coaching.framework import load_framework

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
TODAY = dt.date(2026, 11, 27)


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "koers.duckdb"
    monkeypatch.setenv("KOERS_DB", str(path))
    return path


@pytest.fixture
def db(db_path: Path) -> Database:
    database = Database(db_path)
    yield database
    database.close()


@pytest.fixture
def framework():
    return load_framework()


@pytest.fixture
def leader(db: Database) -> people.Identity:
    return people.local_leader(db)


def register(db: Database, email: str, name: str, *roles: str) -> people.Identity:
    """A person of team mode, written straight into the register (tests of people.py go
    through its services)."""
    with db.write() as cursor:
        person_id = cursor.execute(
            "INSERT INTO people (email, display_name) VALUES (?, ?) RETURNING id", [email, name]
        ).fetchone()[0]
        for role in roles:
            cursor.execute("INSERT INTO person_roles (person_id, role) VALUES (?, ?)", [person_id, role])
    return people.Identity(person_id, name, frozenset(roles), "en", "person", email)


@pytest.fixture
def pair(db: Database) -> tuple:
    """A coach paired with a leader from 1 Sep 2026 to 31 Aug 2027, another coach, and the
    administrator who paired them: (pairing, coach, leader, other coach, administrator)."""
    from coaching import pairings

    admin = register(db, "admin@example.org", "Admin", "admin")
    coach = register(db, "coach@example.org", "Coach", "coach")
    leader = register(db, "leader@example.org", "Leader", "leader")
    other_coach = register(db, "other@example.org", "Other coach", "coach")
    pairing = pairings.pair(db, admin, coach.person_id, leader.person_id, dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    return pairing, coach, leader, other_coach, admin


@pytest.fixture
def other_leader(db: Database) -> people.Identity:
    return register(db, "other@example.com", "Other", "leader")


@contextmanager
def held_by_another_process(path: Path) -> Iterator[subprocess.Popen]:
    """Another process holding the DuckDB file open, as a second Koers would."""
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, time
            con = duckdb.connect({str(path)!r})
            print("ready", flush=True)
            time.sleep(60)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def all_answered(framework, score: int | None = 3) -> dict[str, int | None]:
    return {b.id: score for b in framework.behaviours}


@pytest.fixture(autouse=True)
def _entrypoint_runs_on_every_rerun(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work around an AppTest quirk (streamlit 1.67): before every run AppTest resets
    PagesManager.uses_pages_directory, and since our screens live in `pages/` each rerun
    after the first then executes the page alone, the old v1 way, skipping app.py (and so the
    identity gate and the sidebar). `streamlit run` sets the flag once and keeps it; do the
    same here."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture
def app(db_path: Path):
    """An AppTest of the whole app on this test's database, not yet run."""

    def make(page: str | None = None) -> AppTest:
        return opened(AppTest.from_file(str(APP), default_timeout=15), page)

    return make


def opened(at: AppTest, page: str | None) -> AppTest:
    """`at` run once, then on `page` if given, with no exception either time."""
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def everything_shown(at: AppTest) -> str:
    """Every element the run sent the browser, in full, as text (str(at._tree) abbreviates)."""
    parts = []

    def walk(node) -> None:
        parts.append(str(getattr(node, "proto", "")))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


AUTH = {"client_id": "x", "client_secret": "y", "redirect_uri": "http://127.0.0.1/oauth2callback",
        "cookie_secret": "0" * 64, "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}


def team_app(email: str | None, *, verified: bool | None = True, admins: tuple[str, ...] = (), name: str = "",
             page: str | None = None) -> AppTest:
    """Koers in team mode (an [auth] section in its settings) as seen by someone signed in
    with `email` (None: nobody signed in yet), run once, on `page` if given."""
    at = AppTest.from_file(str(APP), default_timeout=15)
    at.secrets["auth"] = AUTH
    if admins:
        at.secrets["koers"] = {"admins": list(admins)}
    user = {"is_logged_in": False} if email is None else {"is_logged_in": True, "email": email, "name": name}
    if email is not None and verified is not None:
        user["email_verified"] = verified
    at.user = user
    return opened(at, page)


# -- figures ------------------------------------------------------------------------------
# Fault and property tests report what they measured (writes per second, inputs tried);
# the lines are printed at the end of the run, also without `-s`.

FIGURES: list[str] = []


def report(line: str) -> None:
    FIGURES.append(line)


def pytest_terminal_summary(terminalreporter) -> None:
    if FIGURES:
        terminalreporter.section("figures")
        for line in FIGURES:
            terminalreporter.write_line(line)
