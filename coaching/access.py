"""Who may see what: the one place where a row is handed to the identity that asks.

Today a leader's rounds, goals, actions and check-ins are theirs alone. When coaches and HR
arrive (docs/architecture.md), what they may see of a leader is decided here, not in each module."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

import duckdb

from coaching.errors import AccessDenied, NotFound
from coaching.people import Identity


class Owned(Protocol):
    person_id: int


T = TypeVar("T", bound=Owned)


def fetch_owned(cursor: duckdb.DuckDBPyConnection, asking: Identity, select: str, key: int, build: Callable[[tuple], T]) -> T:
    """The row `select` finds for `key` (one `?` parameter), built into a value, if it
    belongs to the asking person; NotFound or AccessDenied otherwise. A key that is no whole
    number (from a form or a URL) finds nothing."""
    if isinstance(key, bool) or not isinstance(key, int) or not -(2**31) <= key < 2**31:
        raise NotFound()
    row = cursor.execute(select, [key]).fetchone()
    if row is None:
        raise NotFound()
    found = build(row)
    if found.person_id != asking.person_id:
        raise AccessDenied()
    return found


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
