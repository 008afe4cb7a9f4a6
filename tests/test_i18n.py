import ast
import datetime as dt
import logging
import re
import string
from pathlib import Path

import pytest

from coaching import i18n
from coaching.framework import LANGUAGES
from coaching.i18n import catalog, format_date, format_number, t

ROOT = Path(__file__).resolve().parents[1]
SCREEN_FILES = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "coaching" / "ui").glob("*.py"))]
DISPLAY_CALLS = {
    "title", "header", "subheader", "write", "markdown", "caption", "text", "info", "warning", "error",
    "success", "toast", "button", "radio", "selectbox", "multiselect", "text_area", "text_input", "number_input",
    "metric", "expander", "popover", "date_input", "segmented_control", "pills", "checkbox", "toggle",
    "page_link", "tabs", "slider", "select_slider", "form_submit_button", "download_button", "dialog",
}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_catalogs_have_the_same_keys_and_placeholders():
    english, dutch = catalog("en"), catalog("nl")
    assert set(english) == set(dutch)
    for key in english:
        assert placeholders(english[key]) == placeholders(dutch[key]), key
        assert english[key].strip() and dutch[key].strip(), key


def test_every_key_used_in_the_code_exists():
    used = set()
    for file in [*SCREEN_FILES, *sorted((ROOT / "coaching").glob("*.py"))]:
        used |= set(re.findall(r"""(?:\.t|\bt)\((?:\w+, )?["']([a-z_]+\.[a-z_.0-9]+)["']""", file.read_text()))
        used |= set(re.findall(r"""(?:key = |Error\()["']([a-z_]+\.[a-z_0-9]+)["']""", file.read_text()))
    assert used, "the scan found no keys at all"
    missing = sorted(key for key in used if key not in catalog("en"))
    assert not missing


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value for part in node.values if isinstance(part, ast.Constant))
    return None


@pytest.mark.parametrize("file", SCREEN_FILES, ids=lambda f: f.name)
def test_no_user_visible_string_outside_the_catalogs(file):
    offenders = []
    for node in ast.walk(ast.parse(file.read_text())):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr not in DISPLAY_CALLS:
            continue
        if isinstance(node.func.value, ast.Name) and node.func.value.id == "log":
            continue  # the server log is for whoever runs Koers, in English
        candidates = node.args[:1] + [k.value for k in node.keywords if k.arg in ("label", "help", "placeholder", "body")]
        for argument in candidates:
            text = _literal_text(argument)
            if text and re.search(r"[A-Za-z]{2,}", text) and not text.startswith(("pages/", ":material/")):
                offenders.append(f"line {node.lineno}: {text!r}")
    assert not offenders


def test_placeholders_are_filled():
    assert t("nl", "assessment.progress", done=3, total=25) == "3 van 25 gedragingen beantwoord"
    assert t("xx", "nav.home") == "Home"  # an unknown language falls back to English


@pytest.mark.parametrize(("language", "expected"), [("en", "3 March 2026"), ("nl", "3 maart 2026")])
def test_dates_are_formatted_for_the_locale(language, expected):
    assert format_date(dt.date(2026, 3, 3), language) == expected


def test_numbers_are_formatted_for_the_locale():
    assert format_number(3.25, "en") == "3.2" or format_number(3.25, "en") == "3.3"
    assert format_number(3.5, "nl") == "3,5"
    assert set(LANGUAGES) == {"en", "nl"}


def test_keys_built_from_values_exist_for_every_value():
    from coaching import actions, goals

    families = {
        "goals.status_": goals.STATUSES,
        "goals.horizon_": goals.HORIZONS,
        "plan.cadence_": actions.CADENCES,
        "plan.status_": actions.STATUSES,
        "weekday.": range(1, 8),
        "weekday_pill.": range(1, 8),
        "language.": LANGUAGES,
    }
    for language in LANGUAGES:
        for prefix, values in families.items():
            for value in values:
                assert f"{prefix}{value}" in catalog(language), (language, prefix, value)
        for number in range(1, 6):
            assert {f"phase.{number}.name", f"phase.{number}.about"} <= set(catalog(language))


@pytest.fixture
def small_catalogs(tmp_path, monkeypatch):
    """Two tiny catalogs in place of the real ones: the Dutch one lacks `greeting.bye`."""
    (tmp_path / "en.toml").write_text(
        '[greeting]\nhello = "Hello {name}"\nbye = "Bye"\nnumbered = "Item {0}"\nbroken = "Half {open"\n', encoding="utf-8"
    )
    (tmp_path / "nl.toml").write_text('[greeting]\nhello = "Hallo {name}"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_logged", set())
    catalog.cache_clear()
    yield
    catalog.cache_clear()


def test_a_key_missing_in_dutch_shows_english_and_warns_once(small_catalogs, caplog):
    caplog.set_level(logging.INFO, logger="koers.i18n")
    assert t("nl", "greeting.bye") == "Bye"
    assert t("nl", "greeting.bye") == "Bye"  # the next rerun of the page
    [record] = caplog.records
    assert (record.name, record.levelname) == ("koers.i18n", "WARNING")
    assert "'greeting.bye'" in record.getMessage() and "nl.toml" in record.getMessage()
    assert t("en", "greeting.bye") == "Bye" and len(caplog.records) == 1  # nothing is missing in English


def test_a_key_missing_everywhere_shows_the_key_and_logs_an_error_once(small_catalogs, caplog):
    caplog.set_level(logging.INFO, logger="koers.i18n")
    assert t("nl", "greeting.gone") == "greeting.gone"
    assert t("nl", "greeting.gone", name="x") == "greeting.gone"
    [record] = caplog.records
    assert record.levelname == "ERROR" and "'greeting.gone'" in record.getMessage()
    assert t("en", "greeting.gone") == "greeting.gone" and len(caplog.records) == 2  # once per language


@pytest.mark.parametrize(
    ("language", "key", "params", "shown"),
    [
        ("nl", "greeting.hello", {"someone": "Ann"}, "Hallo {name}"),  # a placeholder not passed
        ("nl", "greeting.numbered", {"count": 3}, "Item {0}"),  # a positional one, from English
        ("en", "greeting.broken", {"open": 1}, "Half {open"),  # a malformed one
    ],
)
def test_a_placeholder_that_cannot_be_filled_shows_the_text_unfilled(small_catalogs, caplog, language, key, params, shown):
    caplog.set_level(logging.INFO, logger="koers.i18n")
    assert t(language, key, **params) == shown
    assert t(language, key, **params) == shown
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and repr(key) in errors[0].getMessage()
    assert t("nl", "greeting.hello", name="Ann") == "Hallo Ann"


def test_an_error_names_its_fields_in_the_language_and_takes_the_singular_for_one():
    from coaching.errors import ValidationError
    from coaching.ui.gate import explain

    both = ValidationError("goals.error_missing", count=2, fields=["goals.field_measure", "goals.field_target_date"])
    assert explain("en", both).startswith("An active goal needs Measure of success and Target date.")
    assert explain("nl", both).startswith("Een actief doel heeft Succesmaatstaf en Streefdatum nodig.")
    assert explain("en", ValidationError("assessment.error_incomplete", count=1)).startswith("1 behaviour still needs")
    assert explain("nl", ValidationError("assessment.error_incomplete", count=3)).startswith("3 gedragingen hebben")


def test_a_users_words_in_a_message_are_shown_as_typed_not_as_markdown():
    from coaching.errors import ValidationError
    from coaching.ui.gate import explain

    text = explain("en", ValidationError("tracker.error_outside_window", title="[click](https://evil.example)"))
    assert "[click](https" not in text and "\\[click\\]" in text
    assert explain("en", ValidationError("error.required", field="goals.field_title")).startswith("Goal")
