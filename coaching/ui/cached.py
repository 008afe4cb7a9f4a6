"""Results kept across reruns for the screens that redraw often (Home, the weekly tracker).

A rerun that follows no write asks the same question of the same data, so its answer can be
kept. Every key holds the database file, its write generation (each committed write makes a
new one, so nothing stale is ever served), the person who asks, whose data it is, and the
day. The answer is computed by the service itself, access checks included, and handed only to
a request with the same key: never to another person."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from coaching import tracker
from coaching.db import Database
from coaching.people import Identity


@st.cache_data(max_entries=256, show_spinner=False)
def _history(path: str, generation: int, asking_id: int, leader_id: int, today: dt.date, _db: Database,
             _asking: Identity) -> pd.DataFrame:
    return tracker.history(_db, _asking, today, of=leader_id)


def history(db: Database, asking: Identity, today: dt.date) -> pd.DataFrame:
    """tracker.history of the asking leader's own weeks, kept until the next write. Only
    their own: a view of someone else's content must reach the access log every time, and
    a kept answer would not."""
    if not db.cacheable:
        return tracker.history(db, asking, today)
    return _history(db.path, db.generation, asking.person_id, asking.person_id, today, db, asking)
