"""ISO weeks, Monday first: the unit of the weekly tracker.

A week is named by its Monday (`week_start`); its ISO label (2026-W53) comes from
`datetime.date.isocalendar`, which gets year ends and 53-week years right."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

ONE_WEEK = dt.timedelta(weeks=1)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


_LABEL = re.compile(r"\A([0-9]{4})-W([0-9]{2})\Z")  # ASCII digits only


def week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year:04d}-W{week:02d}"


def from_label(label: str) -> dt.date:
    """The Monday of an ISO week label such as 2026-W53; ValueError if the label is not of
    that form or names no week (2027-W53)."""
    found = _LABEL.match(label) if isinstance(label, str) else None
    if not found:
        raise ValueError(f"not an ISO week label: {label!r}")
    return dt.date.fromisocalendar(int(found.group(1)), int(found.group(2)), 1)


def shift(monday: dt.date, weeks: int) -> dt.date:
    return monday + weeks * ONE_WEEK


def weeks_between(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    """The Mondays from the week of `first` to the week of `last`, both included."""
    monday, end = week_start(first), week_start(last)
    while monday <= end:
        yield monday
        monday += ONE_WEEK


def days_of(monday: dt.date) -> list[dt.date]:
    return [monday + dt.timedelta(days=i) for i in range(7)]


def weeks_in_year(year: int) -> int:
    """52 or 53: 28 December is always in the last ISO week of its year."""
    return dt.date(year, 12, 28).isocalendar()[1]
