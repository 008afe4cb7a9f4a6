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
    return tracker.history(_db, _asking, today)


def history(db: Database, asking: Identity, today: dt.date) -> pd.DataFrame:
    """tracker.history, kept until the next write."""
    if not db.cacheable:
        return tracker.history(db, asking, today)
    return _history(db.path, db.generation, asking.person_id, asking.person_id, today, db, asking)
