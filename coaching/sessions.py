"""Coaching sessions (phases 3 and 5): per pairing, a log of sessions, each with its own goal
and how its success will be measured (ICF 3.1, 3.2), the phase of the coaching it worked in,
an agenda, notes, and the actions agreed in it.

- **The agenda** of a session is drafted, when the coach first opens it, from what happened
  since the session before: actions done and slipped, energy and stress and their trend,
  goals that moved, what the leader wrote under "bring to my coach". Only what the leader
  shares with the coach feeds it (each read goes through coaching.access and into the
  leader's "Who saw my data"). The coach edits it; the leader adds to it beforehand.
- **Notes** are private to their writer or shared; a private note is never handed to the
  other side, by any function here.
- **Agreed actions** land in the leader's own action plan, marked with the session; the
  leader can still edit or drop them like any other.

Everything here is for the pairing's leader, and for its coach while the pairing is active
(coaching.access.party_of)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from coaching import access, goals, tracker, weeks
from coaching.access import Party
from coaching.actions import Action, ActionInput, action_columns, action_from_row, check_action, insert_action
from coaching.db import Database
from coaching.errors import AccessDenied, NotFound, ValidationError
from coaching.i18n import format_date, format_number, t
from coaching.people import Identity
from coaching.validation import MAX_TEXT_CHARS, check_date, clean_text

PHASES = (1, 2, 3, 4, 5)
STATUSES = ("planned", "held", "cancelled")
MAX_AGENDA_ITEMS = 30
MAX_ITEM_CHARS = 500


@dataclass(frozen=True)
class SessionInput:
    held_on: dt.date
    phase: int = 1
    goal: str = ""  # what this session is for (ICF 3.1)
    success: str = ""  # how coach and leader will know it succeeded (ICF 3.2)
    status: str = "planned"


@dataclass(frozen=True)
class Session:
    id: int
    pairing_id: int
    held_on: dt.date
    phase: int
    goal: str
    success: str
    status: str
    drafted_at: dt.datetime | None


@dataclass(frozen=True)
class AgendaItem:
    id: int
    session_id: int
    author_id: int
    source: str  # drafted, coach, leader
    position: int
    text: str


@dataclass(frozen=True)
class Note:
    id: int
    session_id: int
    author_id: int
    author_name: str
    shared: bool
    text: str
    created_at: dt.datetime


_SELECT_SESSION = "SELECT id, pairing_id, held_on, phase, goal, success, status, drafted_at FROM coaching_sessions "


def _session(cursor: duckdb.DuckDBPyConnection, session_id: object) -> Session:
    if isinstance(session_id, bool) or not isinstance(session_id, int) or not -(2**31) <= session_id < 2**31:
        raise NotFound()
    row = cursor.execute(_SELECT_SESSION + "WHERE id = ?", [session_id]).fetchone()
    if row is None:
        raise NotFound()
    return Session(*row)


def _party(cursor: duckdb.DuckDBPyConnection, asking: Identity, session_id: object, today: dt.date) -> tuple[Session, Party]:
    found = _session(cursor, session_id)
    return found, access.party_of(cursor, asking, found.pairing_id, today)


def _as_coach(party: Party) -> None:
    if party.role != "coach":
        raise AccessDenied()


def check_session(entry: SessionInput, party: Party) -> SessionInput:
    held_on = check_date(entry.held_on, "sessions.field_date")
    if held_on is None:
        raise ValidationError("error.required", field="sessions.field_date")
    if held_on < party.starts_on or (party.ends_on is not None and held_on > party.ends_on):
        end = party.ends_on.isoformat() if party.ends_on else ""
        raise ValidationError("sessions.error_outside_pairing", start=party.starts_on.isoformat(), end=end)
    if isinstance(entry.phase, bool) or entry.phase not in PHASES:
        raise ValidationError("sessions.error_phase")
    if entry.status not in STATUSES:
        raise ValidationError("sessions.error_status")
    return SessionInput(
        held_on, entry.phase,
        clean_text(entry.goal, MAX_TEXT_CHARS, "sessions.field_goal"),
        clean_text(entry.success, MAX_TEXT_CHARS, "sessions.field_success"),
        entry.status,
    )


# -- the session log --------------------------------------------------------------------------


def plan(db: Database, asking: Identity, pairing_id: int, entry: SessionInput, today: dt.date) -> Session:
    """The coach adds a session to the pairing's log, dated within the pairing."""
    with db.write() as cursor:
        party = access.party_of(cursor, asking, pairing_id, today)
        _as_coach(party)
        entry = check_session(entry, party)
        session_id = cursor.execute(
            "INSERT INTO coaching_sessions (pairing_id, held_on, phase, goal, success, status) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [pairing_id, entry.held_on, entry.phase, entry.goal, entry.success, entry.status],
        ).fetchone()[0]
        return _session(cursor, session_id)


def update(db: Database, asking: Identity, session_id: int, entry: SessionInput, today: dt.date) -> Session:
    """The coach changes a session: its date, phase, goal and measure, whether it was held."""
    with db.write() as cursor:
        _, party = _party(cursor, asking, session_id, today)
        _as_coach(party)
        entry = check_session(entry, party)
        cursor.execute(
            "UPDATE coaching_sessions SET held_on = ?, phase = ?, goal = ?, success = ?, status = ? WHERE id = ?",
            [entry.held_on, entry.phase, entry.goal, entry.success, entry.status, session_id],
        )
        return _session(cursor, session_id)


def logbook(db: Database, asking: Identity, pairing_id: int, today: dt.date) -> list[Session]:
    """The pairing's sessions, the latest first."""
    with db.read() as cursor:
        access.party_of(cursor, asking, pairing_id, today)
        rows = cursor.execute(_SELECT_SESSION + "WHERE pairing_id = ? ORDER BY held_on DESC, id DESC", [pairing_id]).fetchall()
    return [Session(*row) for row in rows]


def next_session(sessions: list[Session], today: dt.date) -> Session | None:
    """The first planned session from today on."""
    ahead = [s for s in sessions if s.status == "planned" and s.held_on >= today]
    return min(ahead, key=lambda s: (s.held_on, s.id)) if ahead else None


def my_next_session(db: Database, asking: Identity, today: dt.date) -> tuple[Session, str] | None:
    """The asking leader's next planned session with any of their coaches, and that coach's name."""
    with db.read() as cursor:
        row = cursor.execute(
            "SELECT s.id, s.pairing_id, s.held_on, s.phase, s.goal, s.success, s.status, s.drafted_at, c.display_name "
            "FROM coaching_sessions s JOIN pairings x ON x.id = s.pairing_id JOIN people c ON c.id = x.coach_id "
            "WHERE x.leader_id = ? AND s.status = 'planned' AND s.held_on >= ? ORDER BY s.held_on, s.id LIMIT 1",
            [asking.person_id, today],
        ).fetchone()
    return (Session(*row[:8]), row[8]) if row else None


def get(db: Database, asking: Identity, session_id: int, today: dt.date) -> Session:
    with db.read() as cursor:
        found, _ = _party(cursor, asking, session_id, today)
    return found


# -- the agenda -------------------------------------------------------------------------------


def agenda(db: Database, asking: Identity, session_id: int, today: dt.date) -> list[AgendaItem]:
    with db.read() as cursor:
        _, party = _party(cursor, asking, session_id, today)
        items = _agenda(cursor, session_id)
    _seen_by_coach(db, asking, party)
    return items


def _agenda(cursor: duckdb.DuckDBPyConnection, session_id: int) -> list[AgendaItem]:
    rows = cursor.execute(
        "SELECT id, session_id, author_id, source, position, text FROM agenda_items WHERE session_id = ? ORDER BY position, id",
        [session_id],
    ).fetchall()
    return [AgendaItem(*row) for row in rows]


def _seen_by_coach(db: Database, asking: Identity, party: Party) -> None:
    """The coach was shown what the leader wrote in their sessions: into "Who saw my data"."""
    if party.role == "coach":
        access.shown(db, asking, party.leader_id, "sessions")


def _clean_item(text: object) -> str:
    return clean_text(text, MAX_ITEM_CHARS, "sessions.field_item", required=True)


def add_item(db: Database, asking: Identity, session_id: int, text: str, today: dt.date) -> AgendaItem:
    """The coach, or the leader beforehand, adds an item to a session that is still planned."""
    text = _clean_item(text)
    with db.write() as cursor:
        found, party = _party(cursor, asking, session_id, today)
        if found.status != "planned":
            raise ValidationError("sessions.error_not_planned")
        count, last = cursor.execute(
            "SELECT count(*), coalesce(max(position), 0) FROM agenda_items WHERE session_id = ?", [session_id]
        ).fetchone()
        if count >= MAX_AGENDA_ITEMS:
            raise ValidationError("sessions.error_too_many_items", limit=MAX_AGENDA_ITEMS)
        item_id = cursor.execute(
            "INSERT INTO agenda_items (session_id, author_id, source, position, text) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [session_id, asking.person_id, party.role, last + 1, text],
        ).fetchone()[0]
        return AgendaItem(item_id, session_id, asking.person_id, party.role, last + 1, text)


def remove_item(db: Database, asking: Identity, item_id: int, today: dt.date) -> None:
    """The coach removes any item; the leader only their own."""
    if isinstance(item_id, bool) or not isinstance(item_id, int) or not -(2**31) <= item_id < 2**31:
        raise NotFound()
    with db.write() as cursor:
        row = cursor.execute("SELECT session_id, author_id FROM agenda_items WHERE id = ?", [item_id]).fetchone()
        if row is None:
            raise NotFound()
        _, party = _party(cursor, asking, row[0], today)
        if party.role != "coach" and row[1] != asking.person_id:
            raise AccessDenied()
        cursor.execute("DELETE FROM agenda_items WHERE id = ?", [item_id])


def set_agenda(db: Database, asking: Identity, session_id: int, items: list[tuple[int | None, str]], today: dt.date) -> list[AgendaItem]:
    """The coach's edit of the whole agenda, in order: (id, text) for an item kept (its text
    may have changed), (None, text) for a new one; an item left out is removed. One write:
    the agenda is saved whole or not at all."""
    if len(items) > MAX_AGENDA_ITEMS:
        raise ValidationError("sessions.error_too_many_items", limit=MAX_AGENDA_ITEMS)
    cleaned = [(item_id, _clean_item(text)) for item_id, text in items]
    with db.write() as cursor:
        _, party = _party(cursor, asking, session_id, today)
        _as_coach(party)
        existing = dict(cursor.execute("SELECT id, text FROM agenda_items WHERE session_id = ?", [session_id]).fetchall())
        kept = {item_id for item_id, _ in cleaned if item_id is not None}
        if not kept <= set(existing):
            raise NotFound()
        for item_id in set(existing) - kept:
            cursor.execute("DELETE FROM agenda_items WHERE id = ?", [item_id])
        for position, (item_id, text) in enumerate(cleaned, start=1):
            if item_id is None:
                cursor.execute(
                    "INSERT INTO agenda_items (session_id, author_id, source, position, text) VALUES (?, ?, 'coach', ?, ?)",
                    [session_id, asking.person_id, position, text],
                )
            elif text != existing[item_id]:  # rewritten: now the coach's words
                cursor.execute("UPDATE agenda_items SET text = ?, position = ?, source = 'coach', author_id = ? WHERE id = ?",
                               [text, position, asking.person_id, item_id])
            else:
                cursor.execute("UPDATE agenda_items SET position = ? WHERE id = ?", [position, item_id])
    return agenda(db, asking, session_id, today)


def draft_agenda(db: Database, asking: Identity, session_id: int, today: dt.date, language: str) -> list[AgendaItem]:
    """Draft the agenda of a planned session from the weeks since the session before it, the
    first time its coach opens it (later calls change nothing). The drafted items come before
    whatever the leader or coach added already, in the coach's language."""
    with db.read() as cursor:
        found, party = _party(cursor, asking, session_id, today)
        _as_coach(party)
        if found.drafted_at is not None or found.status != "planned":  # as on every later opening: read it
            items = _agenda(cursor, session_id)
        else:
            items = None
            before = cursor.execute(
                "SELECT max(held_on) FROM coaching_sessions WHERE pairing_id = ? AND status = 'held' AND held_on < ?",
                [found.pairing_id, found.held_on],
            ).fetchone()[0]
    if items is not None:
        _seen_by_coach(db, asking, party)
        return items
    # The weeks after the one of the session before (whose week it largely covered), or
    # from the pairing's first week; through today.
    since = before or party.starts_on
    first = weeks.week_start(since) + (weeks.ONE_WEEK if before else dt.timedelta(0))
    texts = drafted_items(db, asking, party.leader_id, since, first, min(today, found.held_on), language)
    with db.write() as cursor:
        claimed = cursor.execute(
            "UPDATE coaching_sessions SET drafted_at = current_timestamp WHERE id = ? AND drafted_at IS NULL RETURNING id", [session_id]
        ).fetchall()
        if claimed:  # not drafted meanwhile by another tab: the draft goes first
            cursor.execute("UPDATE agenda_items SET position = position + ? WHERE session_id = ?", [len(texts), session_id])
            for position, text in enumerate(texts[:MAX_AGENDA_ITEMS], start=1):
                cursor.execute(
                    "INSERT INTO agenda_items (session_id, author_id, source, position, text) VALUES (?, ?, 'drafted', ?, ?)",
                    [session_id, asking.person_id, position, text[:MAX_ITEM_CHARS]],
                )
    return agenda(db, asking, session_id, today)


def drafted_items(db: Database, coach: Identity, leader_id: int, since: dt.date, first: dt.date, until: dt.date,
                  language: str) -> list[str]:
    """What happened in the weeks from Monday `first` through `until` (the session before
    was on `since`), as agenda lines, from what the leader shares with the coach and nothing else."""
    with db.read() as cursor:
        shared = access.visible_kinds(cursor, coach, leader_id, until)

    def say(key: str, **params: object) -> str:
        return t(language, f"agenda.{key}", **params)

    lines: list[str] = []
    titles: dict[int, str] = {}
    if "goals" in shared:
        from coaching.actions import list_actions

        titles = {a.id: a.title for a in list_actions(db, coach, of=leader_id)}
    if "completion" in shared:
        history = tracker.history(db, coach, until, of=leader_id)
        last = weeks.week_start(until)
        period = history[(history["week_start"] >= first) & (history["week_start"] <= last) & (history["target"] > 0)]
        if not period.empty:
            per_action = period.groupby("action_id")[["done", "target"]].sum()
            done = [a for a, row in per_action.iterrows() if row["done"] >= row["target"]]
            slipped = [(a, row) for a, row in per_action.iterrows() if row["done"] < row["target"]]
            lines.append(say("completion", done=int(per_action["done"].clip(upper=per_action["target"]).sum()),
                             target=int(per_action["target"].sum()), since=format_date(since, language, "medium")))
            if titles:
                if done:
                    lines.append(say("done", titles="; ".join(titles.get(int(a), "?") for a in done)))
                for action_id, row in slipped:
                    lines.append(say("slipped", title=titles.get(int(action_id), "?"), done=int(row["done"]), target=int(row["target"])))
    if "reflections" in shared:
        feelings = tracker.reflections(db, coach, of=leader_id)
        lines += _feelings(feelings, first, until, language)
        for monday, text in tracker.for_coach_since(db, coach, first, of=leader_id):
            lines.append(say("for_coach", week=monday.isocalendar()[1], text=text))
    if "goals" in shared:
        for title, was, now in goals.moved_since(db, coach, first, of=leader_id):
            lines.append(say("goal_moved", title=title, was=was if was is not None else 0, now=now))
    if not lines:
        lines.append(say("nothing_shared" if not shared else "nothing_new", since=format_date(since, language, "medium")))
    return lines


def _feelings(feelings: pd.DataFrame, first: dt.date, until: dt.date, language: str) -> list[str]:
    """Energy and stress in the weeks from Monday `first`, against as many weeks before them."""
    if feelings.empty:
        return []
    when = pd.to_datetime(feelings["week_start"]).dt.date
    now = feelings[(when >= first) & (when <= until)]
    span = max(weeks.week_start(until) - first + weeks.ONE_WEEK, weeks.ONE_WEEK)
    earlier = feelings[(when >= first - span) & (when < first)]
    lines = []
    for measure in ("energy", "stress"):
        current = now[measure].dropna()
        if current.empty:
            continue
        mean = float(current.mean())
        previous = earlier[measure].dropna()
        if previous.empty:
            trend = t(language, "agenda.trend_new")
        else:
            change = mean - float(previous.mean())
            trend = t(language, "agenda.trend_up" if change > 0.25 else "agenda.trend_down" if change < -0.25 else "agenda.trend_same",
                      was=format_number(float(previous.mean()), language))
        lines.append(t(language, f"agenda.{measure}", mean=format_number(mean, language), trend=trend))
    return lines


# -- live mode --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Live:
    pairing_id: int
    started_at: dt.datetime  # UTC


def start_live(db: Database, asking: Identity, pairing_id: int, today: dt.date) -> Live:
    """The coach shares their screen in a session with this coachee: from now on every screen
    of theirs, in every tab and after a reload, is this pairing's live workspace, until they leave."""
    with db.write() as cursor:
        _as_coach(access.party_of(cursor, asking, pairing_id, today))
        cursor.execute(
            "INSERT INTO live_sessions (coach_id, pairing_id) VALUES (?, ?) "
            "ON CONFLICT (coach_id) DO UPDATE SET pairing_id = excluded.pairing_id, started_at = now()",
            [asking.person_id, pairing_id],
        )
    found = live(db, asking)
    assert found is not None
    return found


def live(db: Database, asking: Identity) -> Live | None:
    """The pairing the asking coach is live with, or None."""
    with db.read() as cursor:
        row = cursor.execute(
            "SELECT pairing_id, timezone('UTC', started_at::TIMESTAMPTZ) FROM live_sessions WHERE coach_id = ?", [asking.person_id]
        ).fetchone()
    return Live(row[0], row[1].replace(tzinfo=dt.timezone.utc)) if row else None


def leave_live(db: Database, asking: Identity) -> None:
    with db.write() as cursor:
        cursor.execute("DELETE FROM live_sessions WHERE coach_id = ?", [asking.person_id])


# -- notes ------------------------------------------------------------------------------------


def add_note(db: Database, asking: Identity, session_id: int, text: str, shared: bool, today: dt.date) -> Note:
    """A note on a session by its coach or its leader: shared with the other side, or
    private to its writer."""
    text = clean_text(text, MAX_TEXT_CHARS, "sessions.field_note", required=True)
    if not isinstance(shared, bool):
        raise ValidationError("sessions.error_note_kind")
    with db.write() as cursor:
        found, _ = _party(cursor, asking, session_id, today)
        note_id = cursor.execute(
            "INSERT INTO session_notes (session_id, author_id, shared, text) VALUES (?, ?, ?, ?) RETURNING id",
            [session_id, asking.person_id, shared, text],
        ).fetchone()[0]
        return _notes(cursor, asking, found.pairing_id, [session_id], note_id=note_id)[0]


def notes(db: Database, asking: Identity, session_ids: list[int], today: dt.date) -> dict[int, list[Note]]:
    """Per session (of one pairing: the first one's), its shared notes and the asking
    person's own private ones, oldest first. Never a private note of the other side, and
    nothing of a session of another pairing."""
    if not session_ids:
        return {}
    with db.read() as cursor:
        first, party = _party(cursor, asking, session_ids[0], today)
        found: dict[int, list[Note]] = {session_id: [] for session_id in session_ids}
        for note in _notes(cursor, asking, first.pairing_id, list(session_ids)):
            found[note.session_id].append(note)
    _seen_by_coach(db, asking, party)
    return found


def _notes(cursor: duckdb.DuckDBPyConnection, asking: Identity, pairing_id: int, session_ids: list[int],
           note_id: int | None = None) -> list[Note]:
    # The one query that hands out notes: of this pairing's sessions, the shared ones and the
    # private ones of the asking person.
    # Callers looked the first session up, so it is this pairing's: one session (the usual
    # case) needs no join with the sessions, which costs more than the notes themselves.
    if len(session_ids) == 1:
        which, params = "n.session_id = ?", [session_ids[0]]
    else:
        which = "n.session_id IN (SELECT id FROM coaching_sessions WHERE pairing_id = ? AND id IN (SELECT unnest(?::INTEGER[])))"
        params = [pairing_id, session_ids]
    rows = cursor.execute(
        "SELECT n.id, n.session_id, n.author_id, p.display_name, n.shared, n.text, n.created_at "
        f"FROM session_notes n JOIN people p ON p.id = n.author_id WHERE {which} AND (n.shared OR n.author_id = ?) "
        "AND (? IS NULL OR n.id = ?) ORDER BY n.created_at, n.id",
        [*params, asking.person_id, note_id, note_id],
    ).fetchall()
    return [Note(*row) for row in rows]


# -- actions agreed in a session -------------------------------------------------------------


def agree_action(db: Database, asking: Identity, session_id: int, goal_id: int, action: ActionInput, today: dt.date) -> Action:
    """The coach writes an action agreed in the session into the leader's plan, under one of
    the leader's goals (which needs the leader to share their goals and plan)."""
    action = check_action(action, today)
    with db.write() as cursor:
        _, party = _party(cursor, asking, session_id, today)
        _as_coach(party)
        access.require(cursor, asking, party.leader_id, "goals", today)
        goal = cursor.execute("SELECT person_id, archived_at FROM goals WHERE id = ?", [goal_id]).fetchone()
        if goal is None or goal[0] != party.leader_id or goal[1] is not None:
            raise ValidationError("sessions.error_goal")
        action_id = insert_action(cursor, party.leader_id, goal_id, action)
        cursor.execute("INSERT INTO agreed_actions (action_id, session_id) VALUES (?, ?)", [action_id, session_id])
        access.record(cursor, asking, party.leader_id, "log.agreed_action")
        row = cursor.execute("SELECT " + action_columns() + " FROM actions WHERE id = ?", [action_id]).fetchone()
    return action_from_row(row)


def agreed_actions(db: Database, asking: Identity, pairing_id: int, today: dt.date) -> dict[int, list[Action]]:
    """Per session of the pairing, the actions agreed in it, as they stand in the leader's
    plan now: for the leader, and for the coach while the leader shares their plan."""
    with db.read() as cursor:
        party = access.party_of(cursor, asking, pairing_id, today)
        if party.role == "coach" and "goals" not in access.visible_kinds(cursor, asking, party.leader_id, today):
            return {}
        rows = cursor.execute(
            "SELECT " + action_columns("a") + ", x.session_id FROM actions a JOIN agreed_actions x ON x.action_id = a.id "
            "JOIN coaching_sessions s ON s.id = x.session_id "
            "WHERE s.pairing_id = ? AND a.archived_at IS NULL ORDER BY a.id",
            [pairing_id],
        ).fetchall()
    access.shown(db, asking, party.leader_id, "goals")
    found: dict[int, list[Action]] = {}
    for row in rows:
        found.setdefault(row[-1], []).append(action_from_row(row))
    return found

