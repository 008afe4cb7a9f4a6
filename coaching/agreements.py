"""The coaching agreement (phase 2, the coaching relationship; ICF core competency 3): per
pairing, when the coaching runs, how often and how long the sessions are, how coach and
leader meet, what each expects of the other, who else is involved and what they will hear,
and how the coaching ends.

The coach proposes; the leader accepts, and the moment is kept. A change is a new version,
which the leader accepts again; every version is kept, and both sides see them all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import duckdb

from coaching import access
from coaching.access import Party
from coaching.db import Database
from coaching.errors import AccessDenied, NotFound, ValidationError
from coaching.people import Identity
from coaching.validation import MAX_TEXT_CHARS, check_date, clean_text

MEETINGS = ("in_person", "video", "phone", "mixed")
EVERY_WEEKS = range(1, 13)  # a session every 1..12 weeks
SESSION_MINUTES = range(15, 241)


@dataclass(frozen=True)
class Terms:
    """What an agreement fixes; the texts are free text of the coach's."""

    starts_on: dt.date
    ends_on: dt.date | None = None
    every_weeks: int = 2
    session_minutes: int = 60
    meeting: str = "video"
    coach_expects: str = ""  # what the coach expects of the leader
    leader_expects: str = ""  # what the leader can expect of the coach
    confidentiality: str = ""  # who else is involved (sponsor, HR) and what they will hear
    ending: str = ""  # how the coaching ends


@dataclass(frozen=True)
class Agreement:
    id: int
    pairing_id: int
    version: int
    terms: Terms
    proposed_at: dt.datetime
    accepted_at: dt.datetime | None

    @property
    def accepted(self) -> bool:
        return self.accepted_at is not None


TEXTS = ("coach_expects", "leader_expects", "confidentiality", "ending")
_TERMS = ", ".join(f.name for f in fields(Terms))
_SELECT = f"SELECT id, pairing_id, version, {_TERMS}, proposed_at, accepted_at FROM agreements "


def _agreement(row: tuple) -> Agreement:
    width = len(fields(Terms))
    return Agreement(row[0], row[1], row[2], Terms(*row[3:3 + width]), row[3 + width], row[4 + width])


def check_terms(terms: Terms, party: Party) -> Terms:
    starts_on = check_date(terms.starts_on, "agreements.field_starts")
    ends_on = check_date(terms.ends_on, "agreements.field_ends")
    if starts_on is None:
        raise ValidationError("error.required", field="agreements.field_starts")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError("agreements.error_ends_before_start")
    if starts_on < party.starts_on or (party.ends_on is not None and (ends_on is None or ends_on > party.ends_on)):
        raise ValidationError("agreements.error_outside_pairing")
    if isinstance(terms.every_weeks, bool) or not isinstance(terms.every_weeks, int) or terms.every_weeks not in EVERY_WEEKS:
        raise ValidationError("agreements.error_every_weeks", low=EVERY_WEEKS[0], high=EVERY_WEEKS[-1])
    if (isinstance(terms.session_minutes, bool) or not isinstance(terms.session_minutes, int)
            or terms.session_minutes not in SESSION_MINUTES):
        raise ValidationError("agreements.error_minutes", low=SESSION_MINUTES[0], high=SESSION_MINUTES[-1])
    if terms.meeting not in MEETINGS:
        raise ValidationError("agreements.error_meeting")
    texts = {name: clean_text(getattr(terms, name), MAX_TEXT_CHARS, f"agreements.field_{name}") for name in TEXTS}
    return Terms(starts_on, ends_on, terms.every_weeks, terms.session_minutes, terms.meeting, **texts)


def propose(db: Database, asking: Identity, pairing_id: int, terms: Terms, today: dt.date) -> Agreement:
    """The coach proposes the agreement, or a change to it: a new version, for the leader to accept."""
    with db.write() as cursor:
        party = access.party_of(cursor, asking, pairing_id, today)
        if party.role != "coach":
            raise AccessDenied()
        terms = check_terms(terms, party)
        version = cursor.execute("SELECT coalesce(max(version), 0) + 1 FROM agreements WHERE pairing_id = ?", [pairing_id]).fetchone()[0]
        agreement_id = cursor.execute(
            f"INSERT INTO agreements (pairing_id, version, {_TERMS}) VALUES (?, ?{', ?' * len(fields(Terms))}) RETURNING id",
            [pairing_id, version, *(getattr(terms, f.name) for f in fields(Terms))],
        ).fetchone()[0]
        access.record(cursor, asking, party.leader_id, "log.agreement_proposed")
        return _fetch(cursor, agreement_id)


def accept(db: Database, asking: Identity, agreement_id: int, today: dt.date) -> Agreement:
    """The leader accepts a version: only the newest one, and only once."""
    with db.write() as cursor:
        found = _fetch(cursor, agreement_id)
        party = access.party_of(cursor, asking, found.pairing_id, today)
        if party.role != "leader":
            raise AccessDenied()
        newest = cursor.execute("SELECT max(version) FROM agreements WHERE pairing_id = ?", [found.pairing_id]).fetchone()[0]
        if found.version != newest:
            raise ValidationError("agreements.error_not_newest", version=found.version, newest=newest)
        if found.accepted_at is not None:
            raise ValidationError("agreements.error_accepted_already", version=found.version)
        # The check above and this update are one statement's worth apart inside one write:
        # a second click that raced the first finds accepted_at set and changes nothing.
        cursor.execute("UPDATE agreements SET accepted_at = current_timestamp WHERE id = ? AND accepted_at IS NULL", [agreement_id])
        return _fetch(cursor, agreement_id)


def versions(db: Database, asking: Identity, pairing_id: int, today: dt.date) -> list[Agreement]:
    """Every version of a pairing's agreement, the newest first: for its leader, and for its
    coach while the pairing is active."""
    with db.read() as cursor:
        access.party_of(cursor, asking, pairing_id, today)
        rows = cursor.execute(_SELECT + "WHERE pairing_id = ? ORDER BY version DESC", [pairing_id]).fetchall()
    return [_agreement(row) for row in rows]


def current(db: Database, asking: Identity, pairing_id: int, today: dt.date) -> Agreement | None:
    """The newest version (accepted or not), or None before the coach proposed one."""
    found = versions(db, asking, pairing_id, today)
    return found[0] if found else None


def _fetch(cursor: duckdb.DuckDBPyConnection, agreement_id: object) -> Agreement:
    if isinstance(agreement_id, bool) or not isinstance(agreement_id, int) or not -(2**31) <= agreement_id < 2**31:
        raise NotFound()
    row = cursor.execute(_SELECT + "WHERE id = ?", [agreement_id]).fetchone()
    if row is None:
        raise NotFound()
    return _agreement(row)
