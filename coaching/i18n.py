"""The NL and EN catalogs, and formatting of dates and numbers for a locale.

Every string a user reads comes from `coaching/locales/<language>.toml` (the competency
framework carries its own texts). Keys are dotted: `[profile] title = "..."` is
`profile.title`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from pathlib import Path

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal

from coaching.framework import LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"
_BABEL_LOCALE = {"en": "en_GB", "nl": "nl_NL"}


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@cache
def catalog(language: str) -> dict[str, str]:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return _flatten(tomllib.loads((LOCALES_DIR / f"{language}.toml").read_text(encoding="utf-8")))


def t(language: str, key: str, **params: object) -> str:
    """The text for `key` in `language`, with `{name}` placeholders filled in."""
    text = catalog(language if language in LANGUAGES else DEFAULT_LANGUAGE)[key]
    return text.format(**params) if params else text


def t_count(language: str, key: str, count: int, **params: object) -> str:
    """`key_one` for a count of 1, `key` otherwise (Dutch and English share that rule)."""
    return t(language, f"{key}_one" if count == 1 else key, count=count, **params)


def format_date(day: dt.date, language: str, length: str = "long") -> str:
    return _babel_format_date(day, format=length, locale=_BABEL_LOCALE.get(language, "en_GB"))


def format_number(value: float, language: str, digits: int = 1) -> str:
    return format_decimal(
        round(value, digits), format=f"0.{'0' * digits}" if digits else "0", locale=_BABEL_LOCALE.get(language, "en_GB")
    )
