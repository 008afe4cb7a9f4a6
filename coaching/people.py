"""People and who is asking: the identity every service function takes."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from coaching.db import Database
from coaching.errors import AccessDenied, ValidationError
from coaching.framework import LANGUAGES
from coaching.validation import MAX_TITLE_CHARS, clean_text

ROLES = ("leader", "coach", "hr", "admin")


@dataclass(frozen=True)
class Identity:
    """The person on whose behalf a service function runs."""

    person_id: int
    display_name: str
    role: str
    language: str
    kind: str  # "local" (personal mode), "demo" (Kate) or "person" (team mode)
    email: str | None = None


_COLUMNS = "id, display_name, role, language, kind, email"
_SELECT = "SELECT " + _COLUMNS + " FROM people "
_RETURNING = " RETURNING " + _COLUMNS


def _identity(row: tuple) -> Identity:
    return Identity(person_id=row[0], display_name=row[1], role=row[2], language=row[3], kind=row[4], email=row[5])


def local_leader(db: Database, default_name: str = "Leader") -> Identity:
    """The one leader of personal mode, made on first use."""
    with db.read() as cursor:
        row = cursor.execute(_SELECT + "WHERE kind = 'local'").fetchone()
    if row:
        return _identity(row)
    with db.write() as cursor:
        row = cursor.execute(_SELECT + "WHERE kind = 'local'").fetchone()
        if row is None:
            row = cursor.execute(
                "INSERT INTO people (display_name, role, kind) VALUES (?, 'leader', 'local')" + _RETURNING,
                [default_name],
            ).fetchone()
    return _identity(row)


def demo_leader(db: Database) -> Identity | None:
    """Kate, the demo leader, if the demo has been made."""
    with db.read() as cursor:
        row = cursor.execute(_SELECT + "WHERE kind = 'demo'").fetchone()
    return _identity(row) if row else None


def by_email(db: Database, email: str) -> Identity | None:
    """The registered person with this e-mail address (team mode), matched case-insensitively."""
    with db.read() as cursor:
        row = cursor.execute(
            _SELECT + "WHERE lower(email) = lower(?) AND kind = 'person'", [email.strip()]
        ).fetchone()
    return _identity(row) if row else None


def add_person(db: Database, asking: Identity | None, email: str, display_name: str, role: str) -> Identity:
    """Register someone for team mode. Only an admin may, except for the very first person,
    who becomes the admin that bootstraps a deployment (asking is then None)."""
    if role not in ROLES:
        raise ValidationError("error.unknown_role", role=str(role)[:40])
    email = check_email(email)
    display_name = clean_text(display_name, MAX_TITLE_CHARS, "people.field_name") or email
    with db.write() as cursor:
        people = cursor.execute("SELECT count(*) FROM people WHERE kind = 'person'").fetchone()[0]
        if people and (asking is None or asking.role != "admin"):
            raise AccessDenied()
        if cursor.execute("SELECT count(*) FROM people WHERE lower(email) = lower(?)", [email]).fetchone()[0]:
            raise ValidationError("error.email_taken")
        row = cursor.execute(
            "INSERT INTO people (email, display_name, role) VALUES (?, ?, ?)" + _RETURNING,
            [email, display_name, role],
        ).fetchone()
    return _identity(row)


_EMAIL = re.compile(r"\A[^@\s]+@[^@\s]+\.[^@\s]+\Z")


def check_email(email: object) -> str:
    """An e-mail address as people are matched by it: trimmed, one @, a dot in the domain,
    no spaces, at most 320 characters (the limit of the standard)."""
    if not isinstance(email, str) or len(email.strip()) > 320 or not _EMAIL.match(email.strip()):
        raise ValidationError("error.invalid_email")
    return email.strip()


def set_language(db: Database, asking: Identity, language: str) -> Identity:
    """Remember the asking person's language."""
    if language not in LANGUAGES:
        raise ValidationError("error.unknown_language", language=language)
    with db.write() as cursor:
        cursor.execute("UPDATE people SET language = ? WHERE id = ?", [language, asking.person_id])
    return replace(asking, language=language)
