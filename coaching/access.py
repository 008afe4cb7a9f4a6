"""Who may see what: the one place where a leader's content is handed to the identity that
asks. Every read of a leader's content goes through `require` (or `fetch_visible`), lists
and aggregates included; only the leader changes their own (`fetch_owned`).

| who asks                                   | what of a leader's content                        |
|--------------------------------------------|---------------------------------------------------|
| the leader                                 | all of it                                         |
| their coach, during an active pairing      | the kinds the leader shares with their coach       |
| HR                                         | aggregates over at least MIN_GROUP leaders, never content |
| an administrator                           | names, e-mails, roles, pairings (coaching.people, .pairings); no content |
| anyone else (other coaches, other leaders) | nothing                                           |

What a coach and a leader share as a pair (the agreement, the sessions, their agendas and
notes) is the pairing's: `party_of` lets its leader see it always and its coach while the
pairing is active; a private note stays its writer's (coaching.sessions).

The kinds a leader can share: their profile and assessment scores, their goals and action
plan, their weekly completion, their reflections, and the comments of their assessments. The
first three are shared by default. Every time someone other than the leader is shown a
leader's content, `record` writes who, what and when to the access log the leader reads."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

import duckdb

from coaching.db import Database
from coaching.errors import AccessDenied, NotFound, ValidationError
from coaching.people import Identity

KINDS = ("profile", "goals", "completion", "reflections", "comments")
SHARED_BY_DEFAULT = frozenset({"profile", "goals", "completion"})
MIN_GROUP = 5  # HR sees nothing about fewer leaders than this
RECORD_AGAIN_AFTER = dt.timedelta(minutes=10)  # a page redrawn meanwhile is one view

log = logging.getLogger("koers.access")


class Owned(Protocol):
    person_id: int


T = TypeVar("T", bound=Owned)


def _found(cursor: duckdb.DuckDBPyConnection, select: str, key: object, build: Callable[[tuple], T]) -> T:
    if isinstance(key, bool) or not isinstance(key, int) or not -(2**31) <= key < 2**31:
        raise NotFound()  # a key from a form or a URL that is no whole number finds nothing
    row = cursor.execute(select, [key]).fetchone()
    if row is None:
        raise NotFound()
    return build(row)


def fetch_owned(cursor: duckdb.DuckDBPyConnection, asking: Identity, select: str, key: int, build: Callable[[tuple], T]) -> T:
    """The row `select` finds for `key` (one `?` parameter), built into a value, if it
    belongs to the asking person, who may change it; NotFound or AccessDenied otherwise."""
    found = _found(cursor, select, key, build)
    if found.person_id != asking.person_id:
        raise AccessDenied()
    return found


def fetch_visible(cursor: duckdb.DuckDBPyConnection, asking: Identity, select: str, key: int, build: Callable[[tuple], T],
                  kind: str) -> T:
    """As fetch_owned, for reading: the row if the asking person may see its owner's `kind`."""
    found = _found(cursor, select, key, build)
    require(cursor, asking, found.person_id, kind)
    return found


# -- the policy ------------------------------------------------------------------------------


def active_pairing(cursor: duckdb.DuckDBPyConnection, coach_id: int, leader_id: int, today: dt.date | None = None) -> bool:
    """Whether the coach and the leader are paired today."""
    today = today or dt.date.today()
    return bool(cursor.execute(
        "SELECT count(*) FROM pairings WHERE coach_id = ? AND leader_id = ? AND starts_on <= ? "
        "AND (ends_on IS NULL OR ends_on >= ?)", [coach_id, leader_id, today, today]
    ).fetchone()[0])


def shared_kinds(cursor: duckdb.DuckDBPyConnection, leader_id: int) -> frozenset[str]:
    """What the leader shares with their coach: their choices over the defaults."""
    chosen = dict(cursor.execute("SELECT kind, shared FROM sharing WHERE leader_id = ?", [leader_id]).fetchall())
    return frozenset(kind for kind in KINDS if chosen.get(kind, kind in SHARED_BY_DEFAULT))


def shared_kinds_of(cursor: duckdb.DuckDBPyConnection, leader_ids: Sequence[int]) -> dict[int, frozenset[str]]:
    """shared_kinds for many leaders, in one statement."""
    chosen: dict[int, dict[str, bool]] = {leader: {} for leader in leader_ids}
    for leader, kind, shared in cursor.execute(
        "SELECT leader_id, kind, shared FROM sharing WHERE leader_id IN (SELECT unnest(?::INTEGER[]))", [list(leader_ids)]
    ).fetchall():
        chosen[leader][kind] = shared
    return {leader: frozenset(k for k in KINDS if found.get(k, k in SHARED_BY_DEFAULT)) for leader, found in chosen.items()}


def visible_kinds(cursor: duckdb.DuckDBPyConnection, asking: Identity, leader_id: int, today: dt.date | None = None) -> frozenset[str]:
    """The kinds of this leader's content the asking person may see (see the table above)."""
    if asking.person_id == leader_id and asking.kind != "system":
        return frozenset(KINDS)
    if asking.has("coach") and active_pairing(cursor, asking.person_id, leader_id, today):
        return shared_kinds(cursor, leader_id)
    return frozenset()


def require(cursor: duckdb.DuckDBPyConnection, asking: Identity, leader_id: int, kind: str, today: dt.date | None = None) -> None:
    """Refuse (AccessDenied) unless the asking person may see this leader's `kind`."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind of content: {kind!r}")
    if kind not in visible_kinds(cursor, asking, leader_id, today):
        raise AccessDenied()


def leader_of(cursor: duckdb.DuckDBPyConnection, asking: Identity, of: int | None, kind: str) -> int:
    """Whose content a read is for (`of`, or the asking person's own), once the policy allows
    the asking person to see that leader's `kind`."""
    leader = asking.person_id if of is None else of
    if isinstance(leader, bool) or not isinstance(leader, int):
        raise NotFound()
    require(cursor, asking, leader, kind)
    return leader


@dataclass(frozen=True)
class Party:
    """The asking person's place in a pairing: its coach or its leader."""

    pairing_id: int
    coach_id: int
    leader_id: int
    starts_on: dt.date
    ends_on: dt.date | None
    role: str  # "coach" or "leader"

    @property
    def other_id(self) -> int:
        return self.leader_id if self.role == "coach" else self.coach_id


def party_of(cursor: duckdb.DuckDBPyConnection, asking: Identity, pairing_id: object, today: dt.date | None = None) -> Party:
    """What a pairing's sessions, agenda, notes and agreement are to the asking person: its
    leader always sees them; its coach only while the pairing is active (a coach no longer
    paired sees nothing, and the attempt goes to the server log); anyone else nothing."""
    today = today or dt.date.today()
    if isinstance(pairing_id, bool) or not isinstance(pairing_id, int) or not -(2**31) <= pairing_id < 2**31:
        raise NotFound()
    row = cursor.execute("SELECT coach_id, leader_id, starts_on, ends_on FROM pairings WHERE id = ?", [pairing_id]).fetchone()
    if row is None:
        raise NotFound()
    coach_id, leader_id, starts_on, ends_on = row
    if asking.person_id == leader_id and asking.kind != "system":
        return Party(pairing_id, coach_id, leader_id, starts_on, ends_on, "leader")
    if asking.person_id == coach_id and asking.has("coach") and starts_on <= today and (ends_on is None or today <= ends_on):
        return Party(pairing_id, coach_id, leader_id, starts_on, ends_on, "coach")
    log.warning("person %s was refused pairing %s (not its leader, nor its coach while active)", asking.person_id, pairing_id)
    raise AccessDenied()


def require_group(asking: Identity, leader_ids: Iterable[int]) -> list[int]:
    """HR's aggregates: only for HR, and only over at least MIN_GROUP leaders."""
    leaders = sorted(set(leader_ids))
    if not asking.has("hr"):
        raise AccessDenied()
    if len(leaders) < MIN_GROUP:
        raise AccessDenied("error.group_too_small", minimum=MIN_GROUP)
    return leaders


# -- what a leader shares, and who saw it ----------------------------------------------------


def sharing(db: Database, asking: Identity) -> dict[str, bool]:
    """The asking leader's own choices: per kind, shared with their coach or not."""
    with db.read() as cursor:
        shared = shared_kinds(cursor, asking.person_id)
    return {kind: kind in shared for kind in KINDS}


def set_sharing(db: Database, asking: Identity, kind: str, shared: bool) -> None:
    """The leader shares (or stops sharing) one kind with their coach, from the next run on."""
    if kind not in KINDS or not isinstance(shared, bool):
        raise ValidationError("privacy.error_kind")
    with db.write() as cursor:
        cursor.execute(
            "INSERT INTO sharing (leader_id, kind, shared) VALUES (?, ?, ?) "
            "ON CONFLICT (leader_id, kind) DO UPDATE SET shared = excluded.shared, updated_at = now()",
            [asking.person_id, kind, shared],
        )


def shown_many(db: Database, asking: Identity, shown: Mapping[str, Sequence[int]]) -> None:
    """`shown` for many leaders and kinds at once (a coach's glance at their coachees): one
    read to find which views were logged recently, one write for the others."""
    viewer = None if asking.kind == "system" else asking.person_id
    wanted = {(leader, f"log.saw_{kind}") for kind, leaders in shown.items() for leader in leaders if leader != asking.person_id}
    if not wanted:
        return
    with db.read() as cursor:
        recent = set(cursor.execute(
            "SELECT DISTINCT leader_id, what FROM access_log WHERE leader_id IN (SELECT unnest(?::INTEGER[])) "
            "AND viewer_id IS NOT DISTINCT FROM ? AND what IN (SELECT unnest(?::VARCHAR[])) AND seen_at >= current_timestamp - ?::INTERVAL",
            [sorted({leader for leader, _ in wanted}), viewer, sorted({what for _, what in wanted}),
             f"{int(RECORD_AGAIN_AFTER.total_seconds())} seconds"],
        ).fetchall())
    missing = sorted(wanted - recent)
    if missing:
        with db.write() as cursor:
            cursor.executemany(
                "INSERT INTO access_log (leader_id, viewer_id, viewer_name, what) VALUES (?, ?, ?, ?)",
                [[leader, viewer, asking.display_name, what] for leader, what in missing],
            )


def record(cursor: duckdb.DuckDBPyConnection, asking: Identity, leader_id: int, what: str) -> None:
    """Log, inside the caller's write, that the asking person was shown (or changed) `what`
    of this leader; nothing when it is the leader themself, or when the same view was logged
    for the same person within RECORD_AGAIN_AFTER (a page redrawn is one view; a change is
    always logged)."""
    if asking.person_id == leader_id and asking.kind != "system":
        return
    if what.startswith("log.saw_") and _logged_recently(cursor, asking, leader_id, what):
        return
    cursor.execute(
        "INSERT INTO access_log (leader_id, viewer_id, viewer_name, what) VALUES (?, ?, ?, ?)",
        [leader_id, None if asking.kind == "system" else asking.person_id, asking.display_name, what],
    )


def _logged_recently(cursor: duckdb.DuckDBPyConnection, asking: Identity, leader_id: int, what: str) -> bool:
    return bool(cursor.execute(
        "SELECT count(*) FROM access_log WHERE leader_id = ? AND viewer_id IS NOT DISTINCT FROM ? AND what = ? "
        "AND seen_at >= current_timestamp - ?::INTERVAL",
        [leader_id, None if asking.kind == "system" else asking.person_id, what,
         f"{int(RECORD_AGAIN_AFTER.total_seconds())} seconds"],
    ).fetchone()[0])


def shown(db: Database, asking: Identity, leader_id: int, kind: str) -> None:
    """Record that the asking person was shown this leader's `kind` (see `record`); every
    read service that hands out someone else's content calls it."""
    if asking.person_id == leader_id:
        return
    # A redrawn page is read, not written: a write would count as a change of the data
    # (Database.generation) and empty every cached history on this file.
    with db.read() as cursor:
        if _logged_recently(cursor, asking, leader_id, f"log.saw_{kind}"):
            return
    with db.write() as cursor:
        record(cursor, asking, leader_id, f"log.saw_{kind}")


@dataclass(frozen=True)
class Seen:
    at: dt.datetime
    viewer: str
    what: str  # a catalog key


def who_saw(db: Database, asking: Identity) -> list[Seen]:
    """The asking leader's access log, newest first: who was shown their content, when."""
    with db.read() as cursor:
        rows = cursor.execute(
            "SELECT seen_at, viewer_name, what FROM access_log WHERE leader_id = ? ORDER BY seen_at DESC, id DESC LIMIT 500",
            [asking.person_id],
        ).fetchall()
    return [Seen(*row) for row in rows]


# -- personal mode serves this machine only ----------------------------------------------

_PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")


def from_this_machine(peer: str | None, headers: Mapping[str, str]) -> bool:
    """Whether a browser sits on the machine that runs Koers. Personal mode has no sign-in,
    so it shows a leader's data to nobody else.

    `peer` is the connection's address as Streamlit gives it (None for a loopback address);
    `headers` are the request's. All must agree: a loopback peer, no proxy in between (a
    proxy on this machine would make every visitor look local), and a Host (and Origin, when
    sent) that names this machine, which also stops a web page elsewhere from reaching in
    through a name that resolves to 127.0.0.1."""
    if peer is not None and not _is_loopback(peer):
        return False
    named = {key.lower(): value for key, value in headers.items()}
    if any(header in named for header in _PROXY_HEADERS):
        return False
    host, origin = named.get("host"), named.get("origin")
    if host is not None and not _is_loopback(urlsplit("//" + host).hostname):
        return False
    return origin is None or _is_loopback(urlsplit(origin).hostname)


def _is_loopback(name: str | None) -> bool:
    if not name:
        return False
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False
