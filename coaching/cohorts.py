"""Cohorts: the groups of leaders an HR pilot follows together. Administrators make them and
put leaders in them; HR will see participation and aggregates per cohort (coaching.access:
never content, never fewer than MIN_GROUP leaders)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from coaching.db import Database
from coaching.errors import AccessDenied, NotFound, ValidationError
from coaching.people import Identity
from coaching.validation import MAX_TITLE_CHARS, check_date, clean_text


@dataclass(frozen=True)
class Cohort:
    id: int
    name: str
    starts_on: dt.date | None
    members: int


def _require(asking: Identity, *roles: str) -> None:
    if not any(asking.has(role) for role in roles):
        raise AccessDenied()


def list_cohorts(db: Database, asking: Identity) -> list[Cohort]:
    """Every cohort with its number of members (administrators and HR)."""
    _require(asking, "admin", "hr")
    with db.read() as cursor:
        rows = cursor.execute(
            "SELECT c.id, c.name, c.starts_on, (SELECT count(*) FROM cohort_members m WHERE m.cohort_id = c.id) "
            "FROM cohorts c ORDER BY lower(c.name), c.id"
        ).fetchall()
    return [Cohort(*row) for row in rows]


def create_cohort(db: Database, asking: Identity, name: str, starts_on: dt.date | None = None) -> Cohort:
    _require(asking, "admin")
    name = clean_text(name, MAX_TITLE_CHARS, "cohorts.field_name", required=True)
    starts_on = check_date(starts_on, "cohorts.field_starts")
    with db.write() as cursor:
        if cursor.execute("SELECT count(*) FROM cohorts WHERE lower(name) = lower(?)", [name]).fetchone()[0]:
            raise ValidationError("cohorts.error_name_taken")
        cohort_id = cursor.execute("INSERT INTO cohorts (name, starts_on) VALUES (?, ?) RETURNING id", [name, starts_on]).fetchone()[0]
    return Cohort(cohort_id, name, starts_on, 0)


def set_cohorts(db: Database, asking: Identity, person_id: int, cohort_ids: Iterable[int]) -> None:
    """Put a leader in exactly these cohorts."""
    _require(asking, "admin")
    chosen = list(cohort_ids)
    if any(isinstance(c, bool) or not isinstance(c, int) for c in chosen):
        raise NotFound()
    with db.write() as cursor:
        if isinstance(person_id, bool) or not isinstance(person_id, int) or not cursor.execute(
            "SELECT count(*) FROM people WHERE id = ? AND kind = 'person'", [person_id]
        ).fetchone()[0]:
            raise NotFound()
        known = {row[0] for row in cursor.execute("SELECT id FROM cohorts WHERE id IN (SELECT unnest(?::INTEGER[]))", [chosen]).fetchall()}
        if known != set(chosen):
            raise NotFound()
        cursor.execute("DELETE FROM cohort_members WHERE person_id = ?", [person_id])
        for cohort_id in sorted(known):
            cursor.execute("INSERT INTO cohort_members (cohort_id, person_id) VALUES (?, ?)", [cohort_id, person_id])
