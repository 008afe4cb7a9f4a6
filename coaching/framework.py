"""The competency framework: data in `data/frameworks/*.toml`, not code.

An organisation may reword it, add behaviours or ship its own file; every assessment round
records the framework id and version it was taken with.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "nl")
DEFAULT_FRAMEWORK_PATH = Path(__file__).resolve().parents[1] / "data" / "frameworks" / "koers.toml"
SCALE_LEVELS = (1, 2, 3, 4, 5)


class FrameworkError(ValueError):
    """A framework file that cannot be used; names the file and the problem."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class Text:
    """One user-visible text in every supported language."""

    en: str
    nl: str

    def __call__(self, language: str) -> str:
        return self.nl if language == "nl" else self.en


@dataclass(frozen=True)
class Behaviour:
    id: str
    competency_id: str
    name: Text


@dataclass(frozen=True)
class Competency:
    id: str
    name: Text
    behaviours: tuple[Behaviour, ...]
    short: Text | None = None  # for where space is scarce, such as the radar's axes

    def short_name(self, language: str) -> str:
        return (self.short or self.name)(language)


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    name: Text
    anchors: dict[int, Text]  # scale level -> anchor text
    not_observed: Text
    not_observed_anchor: Text
    competencies: tuple[Competency, ...]

    @property
    def behaviours(self) -> tuple[Behaviour, ...]:
        return tuple(b for c in self.competencies for b in c.behaviours)

    @property
    def behaviour_ids(self) -> frozenset[str]:
        return frozenset(b.id for b in self.behaviours)

    @property
    def competency_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.competencies)

    def competency(self, competency_id: str) -> Competency:
        return next(c for c in self.competencies if c.id == competency_id)

    def behaviour(self, behaviour_id: str) -> Behaviour:
        return next(b for b in self.behaviours if b.id == behaviour_id)


def resolve_framework_path(environ: Mapping[str, str] = os.environ, secrets: Mapping[str, object] | None = None) -> Path:
    """KOERS_FRAMEWORK from the environment wins, then the `framework` secret, then the shipped file."""
    if environ.get("KOERS_FRAMEWORK"):
        return Path(environ["KOERS_FRAMEWORK"])
    if secrets and secrets.get("framework"):
        return Path(str(secrets["framework"]))
    return DEFAULT_FRAMEWORK_PATH


@cache
def load_framework(path: Path = DEFAULT_FRAMEWORK_PATH) -> Framework:
    """Read and validate a framework file; raise FrameworkError naming what is wrong, and nothing else."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameworkError(path, "the file does not exist") from None
    except UnicodeDecodeError as error:
        raise FrameworkError(path, f"not UTF-8 text (byte {error.start})") from None
    except (OSError, ValueError) as error:
        raise FrameworkError(path, f"the file cannot be read ({error})") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise FrameworkError(path, f"not valid TOML ({error})") from None
    except RecursionError:
        raise FrameworkError(path, "not valid TOML (nested too deeply)") from None
    try:
        return _parse(raw)
    except _Problem as problem:
        raise FrameworkError(path, str(problem)) from None


class _Problem(Exception):
    """What is wrong and where; load_framework adds the file."""


_ID_RULE = "an id of lower-case letters, digits and underscores"


def _shown(value: object) -> str:
    """A wrong value as the administrator wrote it, kept short: `true`, `3`, `'listening'`, `a table`."""
    if value is None:  # TOML has no null: the key is absent
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else f"{value[:40]}...")
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)  # a number, date or time


def _table(value: object, where: str, what: str) -> dict:
    if value is None:
        raise _Problem(f"{where} is missing")
    if not isinstance(value, dict):
        raise _Problem(f"{where} must be {what}, got {_shown(value)}")
    return value


def _array(value: object, where: str) -> list:
    if not isinstance(value, list):
        raise _Problem(f"{where} must be an array of tables, got {_shown(value)}")
    return value


def _text(value: object, where: str) -> Text:
    table = _table(value, where, f"a table with a text per language ({', '.join(LANGUAGES)})")
    for lang in LANGUAGES:
        if lang in table and not isinstance(table[lang], str):
            raise _Problem(f"{where}: {lang} must be a string, got {_shown(table[lang])}")
    missing = [lang for lang in LANGUAGES if not table.get(lang, "").strip()]
    if missing:
        raise _Problem(f"{where} has no text for {', '.join(missing)}")
    return Text(en=table["en"].strip(), nl=table["nl"].strip())


def _identifier(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.isidentifier() or not value.islower():
        raise _Problem(f"{where} needs {_ID_RULE}, got {_shown(value)}")
    return value


def _parse(raw: dict) -> Framework:
    framework_id = _identifier(raw.get("id"), "the framework")
    version = raw.get("version")
    if not isinstance(version, str) or not version.strip():
        raise _Problem(f'the framework needs a version (a string such as "2026.1"), got {_shown(version)}')
    anchors = _scale(raw.get("scale"))
    not_observed = _table(raw.get("not_observed"), "[not_observed]", "a table with a label and an anchor")
    competencies = _competencies(raw.get("competencies"))
    return Framework(
        id=framework_id,
        version=version.strip(),
        name=_text(raw.get("name"), "the framework name"),
        anchors=anchors,
        not_observed=_text(not_observed.get("label"), "the label of [not_observed]"),
        not_observed_anchor=_text(not_observed.get("anchor"), "the anchor of [not_observed]"),
        competencies=competencies,
    )


def _scale(value: object) -> dict[int, Text]:
    if value is None:
        raise _Problem("[[scale]] is missing")
    anchors: dict[int, Text] = {}
    entry_of_level: dict[int, int] = {}
    for number, point in enumerate(_array(value, "[[scale]]"), start=1):
        where = f"[[scale]] entry {number}"
        point = _table(point, where, "a table with a level and an anchor")
        level = point.get("level")
        if type(level) is not int or level not in SCALE_LEVELS:  # not a bool, not 1.0
            raise _Problem(f"{where}: level must be one of 1-5, got {_shown(level)}")
        if level in anchors:
            raise _Problem(f"{where}: level {level} appears twice (also in entry {entry_of_level[level]})")
        entry_of_level[level] = number
        anchors[level] = _text(point.get("anchor"), f"the anchor of {where} (level {level})")
    missing = [str(level) for level in SCALE_LEVELS if level not in anchors]
    if missing:
        raise _Problem(f"[[scale]] has no entry for level {', '.join(missing)}")
    return anchors


def _competencies(value: object) -> tuple[Competency, ...]:
    if value is None or value == []:
        raise _Problem("there are no [[competencies]]")
    competencies = []
    seen_competencies: dict[str, str] = {}  # id -> where it first appeared, to name both places
    seen_behaviours: dict[str, str] = {}
    for number, entry in enumerate(_array(value, "[[competencies]]"), start=1):
        where = f"competency {number}"
        entry = _table(entry, where, "a table with an id, a name and behaviours")
        competency_id = _identifier(entry.get("id"), where)
        if competency_id in seen_competencies:
            first = seen_competencies[competency_id]
            raise _Problem(f"competency {competency_id!r} appears twice: {first} and {where}")
        seen_competencies[competency_id] = where
        where = f"competency {number} ({competency_id!r})"
        raw_behaviours = entry.get("behaviours")
        if raw_behaviours is None or raw_behaviours == []:
            raise _Problem(f"{where} has no behaviours")
        behaviours = []
        for position, item in enumerate(_array(raw_behaviours, f"{where}: behaviours"), start=1):
            place = f"{where}, behaviour {position}"
            item = _table(item, place, "a table with an id and a name")
            behaviour_id = _identifier(item.get("id"), place)
            if behaviour_id in seen_behaviours:
                first = seen_behaviours[behaviour_id]
                raise _Problem(f"behaviour {behaviour_id!r} appears twice: {first} and {place}")
            seen_behaviours[behaviour_id] = place
            name = _text(item.get("name"), f"the name of behaviour {behaviour_id!r}")
            behaviours.append(Behaviour(behaviour_id, competency_id, name))
        name = _text(entry.get("name"), f"the name of {where}")
        short = None if entry.get("short") is None else _text(entry.get("short"), f"the short name of {where}")
        competencies.append(Competency(competency_id, name, tuple(behaviours), short))
    return tuple(competencies)
