"""Checks shared by every capability that takes a leader's text or dates."""

from __future__ import annotations

import datetime as dt

from coaching.errors import ValidationError

MAX_TITLE_CHARS = 200
MAX_TEXT_CHARS = 4_000
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def clean_text(value: object, limit: int, field_key: str, required: bool = False) -> str:
    """The text without NUL characters and outer white space; `field_key` names the field
    (a catalog key) in the message when it is missing, not text, or longer than `limit`."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError("error.text_type", field=field_key)
    value = value.replace("\x00", "").strip()
    if required and not value:
        raise ValidationError("error.required", field=field_key)
    if len(value) > limit:
        raise ValidationError("error.too_long", field=field_key, limit=limit, length=len(value))
    return value


def check_date(value: object, field_key: str) -> dt.date | None:
    """A real date (not a datetime) between 2000 and 2100, or None."""
    if value is None:
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime) or not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError("error.date", field=field_key)
    return value
