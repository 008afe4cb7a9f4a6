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
    """Read and validate a framework file; raise FrameworkError naming what is wrong."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FrameworkError(path, "the file does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise FrameworkError(path, f"not valid TOML ({error})") from None
    try:
        return _parse(raw)
    except _Problem as problem:
        raise FrameworkError(path, str(problem)) from None


class _Problem(Exception):
    pass


def _text(value: object, where: str) -> Text:
    if not isinstance(value, dict):
        raise _Problem(f"{where} must be a table with a text per language ({', '.join(LANGUAGES)})")
    missing = [lang for lang in LANGUAGES if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise _Problem(f"{where} has no text for {', '.join(missing)}")
    return Text(en=value["en"].strip(), nl=value["nl"].strip())


def _identifier(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.isidentifier() or not value.islower():
        raise _Problem(f"{where} needs an id of lower-case letters, digits and underscores, got {value!r}")
    return value


def _parse(raw: dict) -> Framework:
    framework_id = _identifier(raw.get("id"), "the framework")
    version = raw.get("version")
    if not isinstance(version, str) or not version.strip():
        raise _Problem("the framework needs a version (a string such as \"2026.1\")")

    scale = raw.get("scale")
    if not isinstance(scale, list):
        raise _Problem("[[scale]] is missing")
    anchors: dict[int, Text] = {}
    for point in scale:
        level = point.get("level") if isinstance(point, dict) else None
        if level not in SCALE_LEVELS or isinstance(level, bool):
            raise _Problem(f"a [[scale]] level must be one of 1-5, got {level!r}")
        if level in anchors:
            raise _Problem(f"scale level {level} appears twice")
        anchors[level] = _text(point.get("anchor"), f"the anchor of scale level {level}")
    if sorted(anchors) != list(SCALE_LEVELS):
        missing = sorted(set(SCALE_LEVELS) - set(anchors))
        raise _Problem(f"the scale has no anchor for level {', '.join(map(str, missing))}")

    not_observed = raw.get("not_observed")
    if not isinstance(not_observed, dict):
        raise _Problem("[not_observed] is missing")

    competencies = []
    seen_competencies: set[str] = set()
    seen_behaviours: set[str] = set()
    raw_competencies = raw.get("competencies")
    if not isinstance(raw_competencies, list) or not raw_competencies:
        raise _Problem("there are no [[competencies]]")
    for entry in raw_competencies:
        competency_id = _identifier(entry.get("id"), "a competency")
        if competency_id in seen_competencies:
            raise _Problem(f"competency {competency_id!r} appears twice")
        seen_competencies.add(competency_id)
        behaviours = []
        raw_behaviours = entry.get("behaviours")
        if not isinstance(raw_behaviours, list) or not raw_behaviours:
            raise _Problem(f"competency {competency_id!r} has no behaviours")
        for item in raw_behaviours:
            behaviour_id = _identifier(item.get("id"), f"a behaviour of {competency_id!r}")
            if behaviour_id in seen_behaviours:
                raise _Problem(f"behaviour {behaviour_id!r} appears twice")
            seen_behaviours.add(behaviour_id)
            behaviours.append(
                Behaviour(behaviour_id, competency_id, _text(item.get("name"), f"behaviour {behaviour_id!r}"))
            )
        competencies.append(
            Competency(competency_id, _text(entry.get("name"), f"competency {competency_id!r}"), tuple(behaviours))
        )

    return Framework(
        id=framework_id,
        version=version.strip(),
        name=_text(raw.get("name"), "the framework name"),
        anchors=anchors,
        not_observed=_text(not_observed.get("label"), "the not-observed label"),
        not_observed_anchor=_text(not_observed.get("anchor"), "the not-observed anchor"),
        competencies=tuple(competencies),
    )
