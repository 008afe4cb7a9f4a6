"""Results kept across reruns: a leader's own data, read again on every rerun of every page.

A rerun that follows no write asks the same question of the same data, so its answer can be
kept. Every key holds the database file, its write generation (each committed write makes a
new one, so nothing stale is ever served), the person who asks, and what was asked. The answer
is computed by the service itself, access checks included, and handed only to a request with
the same key: never to another person.

Only a person's own data is kept, with one exception that logs every showing itself: a view of
someone else's content must reach their access log every time, and a kept answer alone would
not. So every function here reads the asking person's own data and takes no `of`, except
`caseload`, which writes each showing to the leaders' logs on every call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd
import streamlit as st

from coaching import assessments, caseload as coach_caseload, goals, pairings, people, profile, sessions, tracker, weeks
from coaching.actions import Action, list_actions
from coaching.actions import windows as action_windows
from coaching.assessments import Round
from coaching.db import Database
from coaching.framework import Framework
from coaching.goals import Goal
from coaching.people import Identity
from coaching.profile import RoundProfile

T = TypeVar("T")


# Every write starts a new generation, so older entries are never asked for again: they age
# out (ttl), and the room is for a few thousand people's pages (max_entries).
@st.cache_data(max_entries=4096, ttl=dt.timedelta(minutes=30), show_spinner=False)
def _kept(key: str, _compute: Callable[[], T]) -> T:
    return _compute()


# The weekly history is handed out as the kept object itself, not a copy: unpickling its
# column of dates cost 7 ms a run at org L. Nothing changes it in place (pandas 3 copies on
# write: a filter or an assign makes a new frame), and it is only ever one person's.
@st.cache_resource(max_entries=256, ttl=dt.timedelta(minutes=30), show_spinner=False)
def _kept_frame(key: str, _compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    return _compute()


def _own(db: Database, person_id: int | None, what: str, compute: Callable[[], T], *args: Hashable, keep=_kept) -> T:
    if not db.cacheable:  # MotherDuck: another process may write; nothing is kept
        return compute()
    # One string (a repr, so that no two keys run together): Streamlit hashes each argument
    # of a cached function on every call, and five of them cost four times what one does.
    return keep(repr((db.path, db.generation, person_id, what, args)), compute)


def local_leader(db: Database) -> Identity:
    """people.local_leader: personal mode's one leader, who asks on every run."""
    return _own(db, None, "local_leader", lambda: people.local_leader(db))


def sign_in(db: Database, email: str, admins: list[str], name: str) -> people.SignIn:
    """people.sign_in: team mode matches the signed-in address to the register on every run."""
    return _own(db, None, "sign_in", lambda: people.sign_in(db, email, admins, name), email, tuple(admins), name)


def history(db: Database, asking: Identity, today: dt.date) -> pd.DataFrame:
    """tracker.history of the asking leader's own weeks."""
    return _own(db, asking.person_id, "history", lambda: tracker.history(db, asking, today), today, keep=_kept_frame)


def progress(db: Database, asking: Identity, today: dt.date) -> tracker.Progress:
    """tracker.progress of the asking leader's own kept history: the figures every rerun shows."""
    return _own(db, asking.person_id, "progress",
                lambda: tracker.progress(history(db, asking, today), weeks.week_start(today)), today)


def profiles(db: Database, asking: Identity, framework: Framework) -> list[RoundProfile]:
    """profile.profiles of the asking leader's own rounds."""
    return _own(db, asking.person_id, "profiles", lambda: profile.profiles(db, asking, framework), framework.id, framework.version)


def current_draft(db: Database, asking: Identity) -> Round | None:
    return _own(db, asking.person_id, "draft", lambda: assessments.current_draft(db, asking))


def list_goals(db: Database, asking: Identity, archived: bool = False) -> list[Goal]:
    """goals.list_goals: the asking leader's own goals (the archived ones, or the others)."""
    return _own(db, asking.person_id, "goals", lambda: goals.list_goals(db, asking, archived=archived), archived)


def actions(db: Database, asking: Identity) -> list[Action]:
    """actions.list_actions: the asking leader's own actions that are not archived."""
    return _own(db, asking.person_id, "actions", lambda: list_actions(db, asking))


def week_rows(db: Database, asking: Identity, monday: dt.date, today: dt.date) -> list[tracker.WeekRow]:
    """tracker.week_rows of the asking leader's own week, read from their kept history."""
    return _own(db, asking.person_id, "week_rows", lambda: tracker.week_rows(db, asking, monday, history(db, asking, today)),
                monday, today)


def away_days(db: Database, asking: Identity, monday: dt.date) -> tuple[int, ...]:
    return _own(db, asking.person_id, "away_days", lambda: tracker.away_days(db, asking, monday), monday)


def reflection(db: Database, asking: Identity, monday: dt.date) -> tracker.Reflection:
    return _own(db, asking.person_id, "reflection", lambda: tracker.reflection(db, asking, monday), monday)


def windows(db: Database, asking: Identity) -> dict[int, tuple[dt.date, dt.date | None]]:
    """actions.windows of the asking leader's own actions."""
    return _own(db, asking.person_id, "windows", lambda: action_windows(db, asking))


def my_next_session(db: Database, asking: Identity, today: dt.date) -> tuple[sessions.Session, str] | None:
    """sessions.my_next_session: the asking leader's next coaching session."""
    return _own(db, asking.person_id, "next_session", lambda: sessions.my_next_session(db, asking, today), today)


def live(db: Database, asking: Identity) -> sessions.Live | None:
    """sessions.live: which pairing the asking coach is live with (read on every run of theirs)."""
    return _own(db, asking.person_id, "live", lambda: sessions.live(db, asking))


def coachees(db: Database, asking: Identity, today: dt.date) -> list[pairings.Coachee]:
    """pairings.coachees: the asking coach's coachees today and what each shares with them."""
    return _own(db, asking.person_id, "coachees", lambda: pairings.coachees(db, asking, today), today)


def caseload(db: Database, asking: Identity, today: dt.date) -> list[coach_caseload.CoacheeRow]:
    """caseload.caseload: the rows are kept, their showing is logged on every call (a
    sharing choice or a pairing changed is a write: the next call computes them anew)."""
    rows = _own(db, asking.person_id, "caseload", lambda: coach_caseload.glance(db, asking, today), today)
    coach_caseload.record_glance(db, asking, rows)
    return rows


# Charts: Plotly validates every property as a figure is built (the profile's radar and
# ranked view, about 15 ms each at org L). The same arguments always draw the same chart, so a
# figure is kept by its arguments, as the object itself: st.plotly_chart only reads it (it
# copies it to a dict). Kept by content, it can only be handed to a request that brings the
# same data, which that request already has.
@st.cache_resource(max_entries=256, ttl=dt.timedelta(minutes=30), show_spinner=False)
def _kept_figure(key: str, _build: Callable[[], T]) -> T:
    return _build()


def figure(build: Callable[..., T], *args: object) -> T:
    """build(*args), a chart of coaching.charts, kept for the same arguments."""
    return _kept_figure(repr((build.__module__, build.__qualname__, args)), lambda: build(*args))
