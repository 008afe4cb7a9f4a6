"""The NL and EN catalogs, and formatting of dates and numbers for a locale.

Every string a user reads comes from `coaching/locales/<language>.toml` (the competency
framework carries its own texts). Keys are dotted: `[profile] title = "..."` is
`profile.title`.
"""

from __future__ import annotations

import datetime as dt
import logging
import tomllib
from functools import cache
from pathlib import Path

from babel.dates import format_date as _babel_format_date
from babel.dates import format_datetime as _babel_format_datetime
from babel.numbers import format_decimal

from coaching.framework import LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DEFAULT_LANGUAGE = "en"
_BABEL_LOCALE = {"en": "en_GB", "nl": "nl_NL"}

log = logging.getLogger("koers.i18n")
_logged: set[tuple[str, str, str]] = set()  # (language, key, problem)


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


def _log_once(level: int, language: str, key: str, problem: str) -> None:
    """Streamlit reruns the page on every click: log each problem once, not on every rerun."""
    if (language, key, problem) not in _logged:
        _logged.add((language, key, problem))
        log.log(level, "catalog key %r (%s): %s", key, language, problem)


def _lookup(language: str, key: str) -> str:
    """A gap in a catalog costs a line in the log, not the page: English instead, else the key itself."""
    if key in catalog(language):
        return catalog(language)[key]
    if key in catalog(DEFAULT_LANGUAGE):
        _log_once(logging.WARNING, language, key, f"missing in {language}.toml; showing the English text")
        return catalog(DEFAULT_LANGUAGE)[key]
    _log_once(logging.ERROR, language, key, "missing in every catalog; showing the key")
    return key


def has_key(language: str, key: str) -> bool:
    return key in catalog(language if language in LANGUAGES else DEFAULT_LANGUAGE)


def t(language: str, key: str, **params: object) -> str:
    """The text for `key` in `language`, with `{name}` placeholders filled in."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    text = _lookup(language, key)
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError) as error:  # a placeholder not passed, or a malformed one
        _log_once(logging.ERROR, language, key, f"cannot fill in {error!r}; showing the text unfilled")
        return text


def t_count(language: str, key: str, count: int, **params: object) -> str:
    """`key_one` for a count of 1, `key` otherwise (Dutch and English share that rule)."""
    return t(language, f"{key}_one" if count == 1 else key, count=count, **params)


def format_date(day: dt.date, language: str, length: str = "long") -> str:
    return _babel_format_date(day, format=length, locale=_BABEL_LOCALE.get(language, "en_GB"))


def format_datetime(moment: dt.datetime, language: str) -> str:
    """A moment as a date and a time of day, for the locale (23 Nov 2026, 14:05)."""
    return _babel_format_datetime(moment, format="d MMM y, HH:mm", locale=_BABEL_LOCALE.get(language, "en_GB"))


def format_number(value: float, language: str, digits: int = 1) -> str:
    return format_decimal(
        round(value, digits), format=f"0.{'0' * digits}" if digits else "0", locale=_BABEL_LOCALE.get(language, "en_GB")
    )
