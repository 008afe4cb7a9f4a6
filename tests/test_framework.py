from pathlib import Path

import pytest

from coaching.framework import LANGUAGES, FrameworkError, load_framework

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
