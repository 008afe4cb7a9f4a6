"""Who may see what: the one place where a row is handed to the identity that asks.

Today a leader's rounds, goals, actions and check-ins are theirs alone. When coaches and HR
arrive (see DESIGN.md), what they may see of a leader is decided here, not in each module."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

import duckdb

from coaching.errors import AccessDenied, NotFound
from coaching.people import Identity


class Owned(Protocol):
    person_id: int


T = TypeVar("T", bound=Owned)


def fetch_owned(cursor: duckdb.DuckDBPyConnection, asking: Identity, select: str, key: int, build: Callable[[tuple], T]) -> T:
    """The row `select` finds for `key` (one `?` parameter), built into a value, if it
    belongs to the asking person; NotFound or AccessDenied otherwise."""
    row = cursor.execute(select, [key]).fetchone()
    if row is None:
        raise NotFound()
    found = build(row)
    if found.person_id != asking.person_id:
        raise AccessDenied()
    return found
