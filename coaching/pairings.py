"""Coaches paired with leaders (phase 2, the coaching relationship), for a period.

Administrators pair and unpair; a coach sees their coachees, and through coaching.access only
what each leader shares with them, while the pairing is active. A pair may meet again after a
pairing ended, in a new period that does not overlap the old one. Every change to a leader's
pairings is written to that leader's access log."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import duckdb

from coaching import access
from coaching.db import Database
from coaching.errors import AccessDenied, NotFound, ValidationError
from coaching.people import Identity
from coaching.validation import check_date

log = logging.getLogger("koers.pairings")


@dataclass(frozen=True)
class Pairing:
    id: int
    coach_id: int
    coach_name: str
    leader_id: int
    leader_name: str
    starts_on: dt.date
    ends_on: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


_SELECT = (
    "SELECT x.id, x.coach_id, c.display_name, x.leader_id, l.display_name, x.starts_on, x.ends_on "
    "FROM pairings x JOIN people c ON c.id = x.coach_id JOIN people l ON l.id = x.leader_id "
)


def _require_admin(asking: Identity) -> None:
    if not asking.has("admin"):
        raise AccessDenied()


def _has_role(cursor: duckdb.DuckDBPyConnection, person_id: object, role: str) -> bool:
    if isinstance(person_id, bool) or not isinstance(person_id, int):
        return False
    return bool(cursor.execute(
        "SELECT count(*) FROM people p JOIN person_roles r ON r.person_id = p.id "
        "WHERE p.id = ? AND r.role = ? AND p.kind = 'person'", [person_id, role]
    ).fetchone()[0])


def pair(db: Database, asking: Identity, coach_id: int, leader_id: int, starts_on: dt.date,
         ends_on: dt.date | None = None) -> Pairing:
    """Pair a coach with a leader from `starts_on` (to `ends_on`, or open-ended)."""
    _require_admin(asking)
    starts_on = check_date(starts_on, "pairings.field_starts")
    ends_on = check_date(ends_on, "pairings.field_ends")
    if starts_on is None:
        raise ValidationError("error.required", field="pairings.field_starts")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError("pairings.error_ends_before_start")
    if coach_id == leader_id:
        raise ValidationError("pairings.error_self")
    with db.write() as cursor:
        if not _has_role(cursor, coach_id, "coach"):
            raise ValidationError("pairings.error_not_a_coach")
        if not _has_role(cursor, leader_id, "leader"):
            raise ValidationError("pairings.error_not_a_leader")
        overlapping = cursor.execute(
            "SELECT count(*) FROM pairings WHERE coach_id = ? AND leader_id = ? "
            "AND starts_on <= coalesce(?::DATE, DATE '9999-12-31') AND coalesce(ends_on, DATE '9999-12-31') >= ?",
            [coach_id, leader_id, ends_on, starts_on],
        ).fetchone()[0]
        if overlapping:
            raise ValidationError("pairings.error_twice")
        pairing_id = cursor.execute(
            "INSERT INTO pairings (coach_id, leader_id, starts_on, ends_on) VALUES (?, ?, ?, ?) RETURNING id",
            [coach_id, leader_id, starts_on, ends_on],
        ).fetchone()[0]
        access.record(cursor, asking, leader_id, "log.paired")
        return _pairing(cursor, pairing_id)


def end(db: Database, asking: Identity, pairing_id: int, ends_on: dt.date) -> Pairing:
    """End a pairing on `ends_on` (the coach sees nothing of the leader after that day)."""
    _require_admin(asking)
    ends_on = check_date(ends_on, "pairings.field_ends")
    if ends_on is None:
        raise ValidationError("error.required", field="pairings.field_ends")
    with db.write() as cursor:
        found = _pairing(cursor, pairing_id)
        if ends_on < found.starts_on:
            raise ValidationError("pairings.error_ends_before_start")
        cursor.execute("UPDATE pairings SET ends_on = ? WHERE id = ?", [ends_on, pairing_id])
        access.record(cursor, asking, found.leader_id, "log.unpaired")
        return _pairing(cursor, pairing_id)


def _pairing(cursor: duckdb.DuckDBPyConnection, pairing_id: object) -> Pairing:
    if isinstance(pairing_id, bool) or not isinstance(pairing_id, int):
        raise NotFound()
    row = cursor.execute(_SELECT + "WHERE x.id = ?", [pairing_id]).fetchone()
    if row is None:
        raise NotFound()
    return Pairing(*row)


def list_pairings(db: Database, asking: Identity, person_id: int | None = None) -> list[Pairing]:
    """Every pairing (or a person's, as coach or as leader), for administrators."""
    _require_admin(asking)
    with db.read() as cursor:
        rows = cursor.execute(
            _SELECT + "WHERE ? IS NULL OR x.coach_id = ? OR x.leader_id = ? ORDER BY x.starts_on DESC, x.id DESC",
            [person_id, person_id, person_id],
        ).fetchall()
    return [Pairing(*row) for row in rows]


@dataclass(frozen=True)
class Coachee:
    """A leader the asking coach is paired with today, and what that leader shares."""

    leader_id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date | None
    shared: frozenset[str]
    pairing_id: int


def coachees(db: Database, asking: Identity, today: dt.date) -> list[Coachee]:
    """The asking coach's coachees today, by name; nothing for someone who is no coach."""
    if not asking.has("coach"):
        return []
    with db.read() as cursor:
        rows = cursor.execute(
            _SELECT + "WHERE x.coach_id = ? AND x.starts_on <= ? AND (x.ends_on IS NULL OR x.ends_on >= ?) "
            "AND l.active ORDER BY lower(l.display_name), x.leader_id",
            [asking.person_id, today, today],
        ).fetchall()
        shared = access.shared_kinds_of(cursor, [row[3] for row in rows])
    return [Coachee(row[3], row[4], row[5], row[6], shared[row[3]], row[0]) for row in rows]


def my_coaches(db: Database, asking: Identity) -> list[Pairing]:
    """The asking leader's own pairings, the latest first (ended ones too: their sessions
    stay theirs)."""
    with db.read() as cursor:
        rows = cursor.execute(_SELECT + "WHERE x.leader_id = ? ORDER BY x.starts_on DESC, x.id DESC", [asking.person_id]).fetchall()
    return [Pairing(*row) for row in rows]


def require_coachee(db: Database, asking: Identity, leader_id: object, today: dt.date) -> Coachee:
    """The asking coach's coachee `leader_id` today; AccessDenied (and a line in the server
    log) for a leader they are not, or no longer, paired with."""
    found = next((c for c in coachees(db, asking, today) if c.leader_id == leader_id), None)
    if found is None:
        log.warning("coach %s opened leader %s without an active pairing: refused", asking.person_id, leader_id)
        raise AccessDenied()
    return found
