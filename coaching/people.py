"""People and who is asking: the identity every service function takes, and the register of
team mode (e-mail, name, roles, language, active or not) that administrators keep.

A person holds a set of roles (a coach is often a leader working on their own development
too). E-mail addresses are kept trimmed and in lower case, and are unique: people are
matched by them, case-insensitively, when they sign in. A deactivated person keeps their
data but cannot sign in. There is always at least one active administrator once there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import duckdb

from coaching.db import Database
from coaching.errors import AccessDenied, NotFound, ValidationError
from coaching.framework import LANGUAGES
from coaching.validation import MAX_TITLE_CHARS, clean_text

ROLES = ("leader", "coach", "hr", "admin")


@dataclass(frozen=True)
class Identity:
    """The person on whose behalf a service function runs. `roles` may be given as one role
    name or as several."""

    person_id: int
    display_name: str
    roles: frozenset[str]
    language: str
    kind: str  # "local" (personal mode), "demo", "person" (team mode) or "system" (the command line)
    email: str | None = None

    def __post_init__(self) -> None:
        roles = frozenset({self.roles}) if isinstance(self.roles, str) else frozenset(self.roles)
        object.__setattr__(self, "roles", roles)

    def has(self, role: str) -> bool:
        return role in self.roles


# Who acts when an administrator uses the command line (python -m coaching.admin).
COMMAND_LINE = Identity(0, "command line", frozenset({"admin"}), "en", "system")


@dataclass(frozen=True)
class Person:
    """A row of the register, as an administrator sees it: no coaching content."""

    id: int
    email: str | None
    display_name: str
    roles: frozenset[str]
    language: str
    active: bool
    kind: str = "person"
    cohorts: tuple[str, ...] = field(default_factory=tuple)


_COLUMNS = (
    "p.id, p.display_name, coalesce((SELECT list(role ORDER BY role) FROM person_roles r WHERE r.person_id = p.id), []), "
    "p.language, p.kind, p.email"
)
_SELECT = "SELECT " + _COLUMNS + " FROM people p "


def _identity(row: tuple) -> Identity:
    return Identity(person_id=row[0], display_name=row[1], roles=frozenset(row[2]), language=row[3], kind=row[4], email=row[5])


def _insert(cursor: duckdb.DuckDBPyConnection, display_name: str, roles: Iterable[str], kind: str = "person",
            email: str | None = None, language: str = "en", demo_of: int | None = None) -> Identity:
    person_id = cursor.execute(
        "INSERT INTO people (email, display_name, language, kind, demo_of) VALUES (?, ?, ?, ?, ?) RETURNING id",
        [email, display_name, language, kind, demo_of],
    ).fetchone()[0]
    for role in sorted(set(roles)):
        cursor.execute("INSERT INTO person_roles (person_id, role) VALUES (?, ?)", [person_id, role])
    return _identity(cursor.execute(_SELECT + "WHERE p.id = ?", [person_id]).fetchone())


def local_leader(db: Database, default_name: str = "Leader") -> Identity:
    """The one leader of personal mode, made on first use."""
    with db.read() as cursor:
        row = cursor.execute(_SELECT + "WHERE p.kind = 'local'").fetchone()
    if row:
        return _identity(row)
    with db.write() as cursor:
        row = cursor.execute(_SELECT + "WHERE p.kind = 'local'").fetchone()
        return _identity(row) if row else _insert(cursor, default_name, ["leader"], kind="local")


def demo_leader(db: Database, owner: Identity | None = None, language: str = "en") -> Identity | None:
    """The demo leader who writes in `language`, if made: personal mode's (no owner), or in
    team mode the private one of `owner`, which nobody else sees or edits."""
    with db.read() as cursor:
        row = cursor.execute(
            _SELECT + "WHERE p.kind = 'demo' AND p.demo_of IS NOT DISTINCT FROM ? AND p.language = ? "
            "AND EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id AND r.role = 'leader') ORDER BY p.id",  # not her coach
            [owner.person_id if owner else None, language],
        ).fetchone()
    return _identity(row) if row else None


def make_demo_leader(cursor: duckdb.DuckDBPyConnection, name: str, owner: Identity | None, language: str = "en") -> Identity:
    """A new demo leader (inside the caller's transaction, which removed the old one)."""
    return _insert(cursor, name, ["leader"], kind="demo", language=language, demo_of=owner.person_id if owner else None)


@dataclass(frozen=True)
class SignIn:
    """Who a signed-in e-mail address is: a registered, active person, or why not."""

    identity: Identity | None
    status: str  # "active", "deactivated" or "unknown"


def sign_in(db: Database, email: str, admins: Iterable[str] = (), name: str = "") -> SignIn:
    """Match a signed-in address to the register, on every run. An address the settings name
    as an administrator (`admins`) is registered as one on its first sign-in."""
    address = email.strip().lower() if isinstance(email, str) else ""
    with db.read() as cursor:
        row = cursor.execute(
            "SELECT " + _COLUMNS + ", p.active FROM people p WHERE p.email = ? AND p.kind = 'person'", [address]
        ).fetchone()
    if row is not None:
        return SignIn(_identity(row[:6]), "active" if row[6] else "deactivated")
    if address and address in {a.strip().lower() for a in admins}:
        with db.write() as cursor:
            if cursor.execute("SELECT count(*) FROM people WHERE email = ?", [address]).fetchone()[0] == 0:
                _insert(cursor, clean_text(name, MAX_TITLE_CHARS, "people.field_name") or address, ["admin"], email=address)
        return sign_in(db, address)
    return SignIn(None, "unknown")


def administrators(db: Database) -> list[tuple[str, str]]:
    """(name, e-mail) of the active administrators: whom to ask for access."""
    with db.read() as cursor:
        return cursor.execute(
            "SELECT p.display_name, p.email FROM people p JOIN person_roles r ON r.person_id = p.id "
            "WHERE r.role = 'admin' AND p.active AND p.kind = 'person' ORDER BY p.display_name, p.id"
        ).fetchall()


# -- the register (administrators) -------------------------------------------------------------

_EMAIL = re.compile(r"\A[^@\s]+@[^@\s]+\.[^@\s]+\Z")


def check_email(email: object) -> str:
    """An e-mail address as people are matched by it: trimmed and in lower case, one @, a dot
    in the domain, no spaces, at most 320 characters (the limit of the standard)."""
    if not isinstance(email, str) or len(email.strip()) > 320 or not _EMAIL.match(email.strip()):
        raise ValidationError("error.invalid_email")
    return email.strip().lower()


def check_roles(roles: object) -> frozenset[str]:
    if isinstance(roles, str) or not isinstance(roles, Iterable):
        raise ValidationError("error.unknown_role", role=str(roles)[:40])
    chosen = list(roles)
    unknown = [role for role in chosen if role not in ROLES]
    if unknown or not chosen:
        raise ValidationError("error.unknown_role" if unknown else "people.error_no_role", role=str(unknown[:1])[:40])
    return frozenset(chosen)


def _require_admin(asking: Identity | None) -> Identity:
    if asking is None or not asking.has("admin"):
        raise AccessDenied()
    return asking


def add_person(db: Database, asking: Identity | None, email: str, display_name: str, roles: Iterable[str] | str,
               language: str = "en") -> Identity:
    """Register someone for team mode. Only an administrator may, except for the very first
    person, who becomes the administrator that bootstraps a deployment (asking is then None)."""
    roles = check_roles([roles] if isinstance(roles, str) else roles)
    email = check_email(email)
    display_name = clean_text(display_name, MAX_TITLE_CHARS, "people.field_name") or email
    if language not in LANGUAGES:
        raise ValidationError("error.unknown_language", language=str(language)[:10])
    with db.write() as cursor:
        registered = cursor.execute("SELECT count(*) FROM people WHERE kind = 'person'").fetchone()[0]
        if registered:
            _require_admin(asking)
        elif "admin" not in roles:
            raise ValidationError("people.error_first_is_admin")
        if cursor.execute("SELECT count(*) FROM people WHERE email = ?", [email]).fetchone()[0]:
            raise ValidationError("error.email_taken")
        return _insert(cursor, display_name, roles, email=email, language=language)


def _person_row(cursor: duckdb.DuckDBPyConnection, person_id: object) -> tuple:
    if isinstance(person_id, bool) or not isinstance(person_id, int):
        raise NotFound()
    row = cursor.execute(
        "SELECT id, active, coalesce((SELECT list(role) FROM person_roles WHERE person_id = id), []) "
        "FROM people WHERE id = ? AND kind = 'person'", [person_id]
    ).fetchone()
    if row is None:
        raise NotFound()
    return row


def _other_active_admins(cursor: duckdb.DuckDBPyConnection, person_id: int) -> int:
    return cursor.execute(
        "SELECT count(*) FROM people p JOIN person_roles r ON r.person_id = p.id "
        "WHERE r.role = 'admin' AND p.active AND p.kind = 'person' AND p.id <> ?", [person_id]
    ).fetchone()[0]


def set_roles(db: Database, asking: Identity, person_id: int, roles: Iterable[str]) -> None:
    """Give someone exactly these roles. The last active administrator keeps theirs."""
    _require_admin(asking)
    roles = check_roles(roles)
    with db.write() as cursor:
        _, active, had = _person_row(cursor, person_id)
        if "admin" in had and "admin" not in roles and active and not _other_active_admins(cursor, person_id):
            raise ValidationError("people.error_last_admin")
        cursor.execute("DELETE FROM person_roles WHERE person_id = ?", [person_id])
        for role in sorted(roles):
            cursor.execute("INSERT INTO person_roles (person_id, role) VALUES (?, ?)", [person_id, role])


def set_active(db: Database, asking: Identity, person_id: int, active: bool) -> None:
    """Deactivate someone (their data stays; they cannot sign in) or reactivate them. The last
    active administrator stays active; nobody deactivates themself."""
    _require_admin(asking)
    if not isinstance(active, bool):
        raise ValidationError("people.error_active")
    with db.write() as cursor:
        _, was_active, roles = _person_row(cursor, person_id)
        if not active and person_id == asking.person_id:
            raise ValidationError("people.error_deactivate_self")
        if not active and was_active and "admin" in roles and not _other_active_admins(cursor, person_id):
            raise ValidationError("people.error_last_admin")
        cursor.execute("UPDATE people SET active = ? WHERE id = ?", [active, person_id])


def list_people(db: Database, asking: Identity) -> list[Person]:
    """Everyone registered, with roles and cohorts: names, e-mails and roles only, for the
    administrators who keep the register."""
    _require_admin(asking)
    with db.read() as cursor:
        rows = cursor.execute(
            "SELECT p.id, p.email, p.display_name, "
            "coalesce((SELECT list(role ORDER BY role) FROM person_roles r WHERE r.person_id = p.id), []), "
            "p.language, p.active, p.kind, "
            "coalesce((SELECT list(c.name ORDER BY c.name) FROM cohort_members m JOIN cohorts c ON c.id = m.cohort_id "
            "          WHERE m.person_id = p.id), []) "
            "FROM people p WHERE p.kind = 'person' ORDER BY lower(p.display_name), p.id"
        ).fetchall()
    return [Person(r[0], r[1], r[2], frozenset(r[3]), r[4], r[5], r[6], tuple(r[7])) for r in rows]


def find(db: Database, asking: Identity, email: str) -> Person:
    """The registered person with this e-mail address (administrators)."""
    _require_admin(asking)
    address = check_email(email)
    found = [p for p in list_people(db, asking) if p.email == address]
    if not found:
        raise ValidationError("people.error_unknown_email", email=address[:80])
    return found[0]


def names(db: Database, person_ids: Iterable[int]) -> dict[int, str]:
    """Display names (no content) of these people."""
    with db.read() as cursor:
        return dict(cursor.execute(
            "SELECT id, display_name FROM people WHERE id IN (SELECT unnest(?::INTEGER[]))", [list(person_ids)]
        ).fetchall())


def set_language(db: Database, asking: Identity, language: str) -> Identity:
    """Remember the asking person's language."""
    if language not in LANGUAGES:
        raise ValidationError("error.unknown_language", language=str(language)[:10])
    with db.write() as cursor:
        cursor.execute("UPDATE people SET language = ? WHERE id = ?", [language, asking.person_id])
    return replace(asking, language=language)
