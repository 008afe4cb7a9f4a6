import copy
import functools
import operator
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coaching.framework import LANGUAGES, Framework, FrameworkError, load_framework

DOMAIN_IDS = {
    "communication": 3,
    "emotional_intelligence": 3,
    "decision_making": 3,
    "strategic_thinking": 3,
    "influence": 3,
    "collaboration": 3,
    "change_management": 3,
    "coaching_mentoring": 1,
    "innovation": 3,
}


def test_shipped_framework_has_the_nine_competencies_and_25_behaviours():
    framework = load_framework()
    assert {c.id: len(c.behaviours) for c in framework.competencies} == DOMAIN_IDS
    assert len(framework.behaviours) == 25
    assert framework.version
    for language in LANGUAGES:
        assert all(c.name(language) for c in framework.competencies)
        assert all(b.name(language) for b in framework.behaviours)
        assert [framework.anchors[level](language) for level in range(1, 6)]
    assert framework.competency("strategic_thinking").name("nl") == "Strategisch denken"
    assert framework.anchors[5]("en") == "A role model for others"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "framework.toml"
    path.write_text(text, encoding="utf-8")
    return path


VALID = (Path(__file__).resolve().parents[1] / "data/frameworks/koers.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("id = [", "not valid TOML"),
        (VALID.replace('version = "2026.1"', ""), "version"),
        (VALID.replace('nl = "Empathie"', 'de = "Empathie"'), "behaviour 'empathy' has no text for nl"),
        (VALID.replace('id = "active_listening"', 'id = "self_awareness"'), "behaviour 'self_awareness' appears twice"),
        (VALID.replace("level = 5", "level = 7"), "level must be one of 1-5"),
        (VALID.replace('id = "innovation"', 'id = "Innovation X"'), "needs an id"),
        (VALID.replace("[not_observed]", "[something_else]"), "[not_observed] is missing"),
    ],
)
def test_malformed_framework_names_file_and_problem(tmp_path, text, problem):
    path = write(tmp_path, text)
    with pytest.raises(FrameworkError) as raised:
        load_framework(path)
    assert raised.value.path == path
    assert problem in raised.value.problem
    assert str(path) in str(raised.value)


def test_missing_framework_file(tmp_path):
    with pytest.raises(FrameworkError, match="does not exist"):
        load_framework(tmp_path / "nope.toml")


# --- Every unusable file is a FrameworkError that says where the fault is -----------------------

RAW = tomllib.loads(VALID)
DELETE = object()
TOML_ESCAPES = {ord('"'): '\\"', ord("\\"): "\\\\", **{c: f"\\u{c:04x}" for c in [*range(0x20), 0x7F]}}


def toml_string(text: str) -> str:
    return f'"{text.translate(TOML_ESCAPES)}"'


def toml_value(value: object) -> str:
    """tomli_w is not a dependency: a writer for what the tests build (inline tables only)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # inf and -inf are spelled the same in TOML
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return f"[{', '.join(map(toml_value, value))}]"
    if isinstance(value, dict):
        return f"{{{', '.join(f'{toml_string(k)} = {toml_value(v)}' for k, v in value.items())}}}"
    raise TypeError(value)


def dumps(table: dict) -> str:
    return "".join(f"{toml_string(key)} = {toml_value(value)}\n" for key, value in table.items())


def changed(*path: str | int, to: object = DELETE) -> str:
    """The shipped framework with the value at `path` replaced (or deleted), as TOML."""
    raw = copy.deepcopy(RAW)
    *parents, last = path
    parent = functools.reduce(operator.getitem, parents, raw)
    if to is DELETE:
        del parent[last]
    else:
        parent[last] = to
    return dumps(raw)


EMPATHY = ("competencies", 1, "behaviours", 1)

BROKEN = {
    "not TOML": ('id = "koers"\nversion = \n', "(at line 2, column 11))"),  # inside "not valid TOML (...)"
    "not TOML, nested too deeply": ("id = " + "[" * 5000 + "]" * 5000, "not valid TOML (nested too deeply)"),
    "id a number": (changed("id", to=3), "the framework needs an id of lower-case letters, digits and underscores, got 3"),
    "id missing": (changed("id"), "the framework needs an id of lower-case letters, digits and underscores, got nothing"),
    "version a float": (changed("version", to=2026.1), 'needs a version (a string such as "2026.1"), got 2026.1'),
    "version a date": (VALID.replace('version = "2026.1"', "version = 2026-01-01"), "got 2026-01-01"),
    "version blank": (changed("version", to="  "), "needs a version (a string such as \"2026.1\"), got '  '"),
    "name a string": (
        changed("name", to="plain string"),
        "the framework name must be a table with a text per language (en, nl), got 'plain string'",
    ),
    "name missing": (changed("name"), "the framework name is missing"),
    "scale missing": (changed("scale"), "[[scale]] is missing"),
    "scale a string": (changed("scale", to="x"), "[[scale]] must be an array of tables, got 'x'"),
    "scale of strings": (changed("scale", to=["x"]), "[[scale]] entry 1 must be a table with a level and an anchor, got 'x'"),
    "level true": (changed("scale", 3, "level", to=True), "[[scale]] entry 4: level must be one of 1-5, got true"),
    "level a float": (changed("scale", 3, "level", to=4.0), "[[scale]] entry 4: level must be one of 1-5, got 4.0"),
    "level a string": (changed("scale", 3, "level", to="4"), "[[scale]] entry 4: level must be one of 1-5, got '4'"),
    "level missing": (changed("scale", 3, "level"), "[[scale]] entry 4: level must be one of 1-5, got nothing"),
    "level twice": (changed("scale", 4, "level", to=4), "[[scale]] entry 5: level 4 appears twice (also in entry 4)"),
    "level 5 absent": (changed("scale", 4), "[[scale]] has no entry for level 5"),
    "anchor missing": (changed("scale", 1, "anchor"), "the anchor of [[scale]] entry 2 (level 2) is missing"),
    "not_observed a string": (
        changed("not_observed", to="x"),
        "[not_observed] must be a table with a label and an anchor, got 'x'",
    ),
    "not_observed label missing": (changed("not_observed", "label"), "the label of [not_observed] is missing"),
    "competencies missing": (changed("competencies"), "there are no [[competencies]]"),
    "competencies empty": (changed("competencies", to=[]), "there are no [[competencies]]"),
    "competencies a table": (changed("competencies", to={"a": 1}), "[[competencies]] must be an array of tables, got a table"),
    "competencies of strings": (
        changed("competencies", to=["a", "b"]),
        "competency 1 must be a table with an id, a name and behaviours, got 'a'",
    ),
    "competency id a number": (
        changed("competencies", 1, "id", to=3),
        "competency 2 needs an id of lower-case letters, digits and underscores, got 3",
    ),
    "competency id twice": (
        changed("competencies", 8, "id", to="communication"),
        "competency 'communication' appears twice: competency 1 and competency 9",
    ),
    "competency name missing": (
        changed("competencies", 3, "name"),
        "the name of competency 4 ('strategic_thinking') is missing",
    ),
    "competency without behaviours": (
        changed("competencies", 4, "behaviours"),
        "competency 5 ('influence') has no behaviours",
    ),
    "behaviours empty": (changed("competencies", 4, "behaviours", to=[]), "competency 5 ('influence') has no behaviours"),
    "behaviours a string": (
        changed("competencies", 4, "behaviours", to="listening"),
        "competency 5 ('influence'): behaviours must be an array of tables, got 'listening'",
    ),
    "behaviour a string": (
        changed("competencies", 4, "behaviours", to=["listening"]),
        "competency 5 ('influence'), behaviour 1 must be a table with an id and a name, got 'listening'",
    ),
    "behaviour id missing": (
        changed("competencies", 0, "behaviours", 2, "id"),
        "competency 1 ('communication'), behaviour 3 needs an id of lower-case letters, digits and underscores, got nothing",
    ),
    "behaviour id twice": (
        changed("competencies", 1, "behaviours", 0, "id", to="active_listening"),
        "behaviour 'active_listening' appears twice: competency 1 ('communication'), behaviour 2 "
        "and competency 2 ('emotional_intelligence'), behaviour 1",
    ),
    "behaviour name a string": (
        changed(*EMPATHY, "name", to="Empathy"),
        "the name of behaviour 'empathy' must be a table with a text per language (en, nl), got 'Empathy'",
    ),
    "no Dutch": (changed(*EMPATHY, "name", "nl"), "the name of behaviour 'empathy' has no text for nl"),
    "no language at all": (changed(*EMPATHY, "name", to={}), "the name of behaviour 'empathy' has no text for en, nl"),
    "blank Dutch": (changed(*EMPATHY, "name", "nl", to=" "), "the name of behaviour 'empathy' has no text for nl"),
    "Dutch a number": (changed(*EMPATHY, "name", "nl", to=3), "the name of behaviour 'empathy': nl must be a string, got 3"),
    "short name a string": (
        changed("competencies", 0, "short", to="Comms"),
        "the short name of competency 1 ('communication') must be a table with a text per language (en, nl), got 'Comms'",
    ),
}


@pytest.mark.parametrize(("text", "problem"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_says_where_the_fault_is(tmp_path, text, problem):
    path = write(tmp_path, text)
    with pytest.raises(FrameworkError) as raised:
        load_framework(path)
    assert problem in raised.value.problem
    assert raised.value.path == path


def test_a_short_name_is_optional_and_falls_back_to_the_name():
    framework = load_framework()
    assert framework.competency("change_management").short_name("nl") == "Verandering"
    assert framework.competency("change_management").name("nl") == "Verandermanagement"
    assert framework.competency("communication").short is None
    assert framework.competency("communication").short_name("nl") == "Communicatie"


def test_the_test_writer_round_trips_the_shipped_framework(tmp_path):
    assert load_framework(write(tmp_path, dumps(RAW))) == load_framework()


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda path: path.write_bytes(b'id = "caf\xe9"\n'), "not UTF-8 text (byte 9)"),
        (lambda path: path.mkdir(), "the file cannot be read"),
        (lambda path: None, "the file does not exist"),
    ],
    ids=["latin-1", "a folder", "missing"],
)
def test_an_unreadable_file_is_a_framework_error(tmp_path, make, problem):
    path = tmp_path / "framework.toml"
    make(path)
    with pytest.raises(FrameworkError) as raised:
        load_framework(path)
    assert problem in raised.value.problem


# Keys and strings the parser looks for, so that generated files get past the first check.
NAMES = st.sampled_from(
    ["id", "version", "name", "scale", "level", "anchor", "not_observed", "label", "competencies", "behaviours", *LANGUAGES]
)
STRINGS = NAMES | st.sampled_from(["koers", "1", " "]) | st.text(max_size=8)
INTEGERS = st.integers(0, 6) | st.integers(-(2**63), 2**63 - 1)
FLOATS = st.floats(allow_nan=False)  # NaN would defeat the round-trip check of the writer
SCALARS = STRINGS | INTEGERS | st.booleans() | FLOATS
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(STRINGS, inner, max_size=4), max_leaves=12
)
OF_TYPE = {
    str: STRINGS,
    int: INTEGERS,
    bool: st.booleans(),
    float: FLOATS,
    list: st.lists(VALUES, max_size=3),
    dict: st.dictionaries(STRINGS, VALUES, max_size=3),
}


def places(value: object, path: tuple = ()) -> list[tuple]:
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return [place for key, child in children for place in [(*path, key), *places(child, (*path, key))]]


PLACES = places(RAW)


def table_of(**fields: st.SearchStrategy) -> st.SearchStrategy[dict]:
    """Mostly a table with some of `fields`, now and then anything else."""
    return st.fixed_dictionaries({}, optional=fields) | VALUES


TEXTS = table_of(**dict.fromkeys(LANGUAGES, STRINGS))
SHAPED = {  # the shape of a framework file (often with the shipped scale) to reach the deeper checks
    "id": st.just("koers") | STRINGS,
    "version": st.just("1") | STRINGS,
    "name": TEXTS,
    "scale": st.just(RAW["scale"]) | st.lists(table_of(level=st.integers(1, 5) | INTEGERS, anchor=TEXTS), max_size=6),
    "not_observed": st.just(RAW["not_observed"]) | table_of(label=TEXTS, anchor=TEXTS),
    "competencies": st.lists(
        table_of(id=STRINGS, name=TEXTS, behaviours=st.lists(table_of(id=STRINGS, name=TEXTS), max_size=3)), max_size=3
    ) | VALUES,
}


OPTIONAL_KEYS = {"short"}  # a competency's short name


@st.composite
def mutations(draw: st.DrawFn) -> tuple[dict, bool]:
    """The shipped framework with one value anywhere given another type, or one key or item deleted;
    and whether the result must be refused (everything but an item deleted from an array, or an
    optional key deleted)."""
    raw = copy.deepcopy(RAW)
    *parents, last = draw(st.sampled_from(PLACES))
    parent = functools.reduce(operator.getitem, parents, raw)
    if draw(st.booleans()):
        del parent[last]
        return raw, isinstance(parent, dict) and last not in OPTIONAL_KEYS
    parent[last] = draw(st.sampled_from([kind for kind in OF_TYPE if kind is not type(parent[last])]).flatmap(OF_TYPE.get))
    return raw, True


def load(raw: dict, folder: Path) -> Framework | None:
    """A Framework or None for a FrameworkError; any other exception fails the test."""
    text = dumps(raw)
    assert tomllib.loads(text) == raw  # the writer is faithful, so the parser sees what was generated
    path = folder / "framework.toml"  # a new folder per example: load_framework caches by path
    path.write_text(text, encoding="utf-8")
    try:
        return load_framework(path)
    except FrameworkError as error:
        assert error.path == path and error.problem
        return None


@settings(max_examples=200, deadline=None)
@given(raw=st.dictionaries(STRINGS, VALUES, max_size=8) | st.fixed_dictionaries(SHAPED))
def test_any_toml_file_loads_or_is_a_framework_error(tmp_path_factory, raw):
    load(raw, tmp_path_factory.mktemp("any"))


@settings(max_examples=200, deadline=None)
@given(mutation=mutations())
def test_a_damaged_shipped_framework_is_refused_with_a_framework_error(tmp_path_factory, mutation):
    raw, must_fail = mutation
    framework = load(raw, tmp_path_factory.mktemp("damaged"))
    assert framework is None or not must_fail
