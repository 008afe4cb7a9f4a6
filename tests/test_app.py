"""The entry point: opening the database, the framework, and who is looking."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from coaching import people
from coaching.db import Database
from coaching.ui import gate
from tests.conftest import APP, held_by_another_process


def test_personal_mode_opens_on_a_fresh_database_with_one_leader(app, db_path):
    at = app()
    assert at.title[0].value == "Koers"
    db = Database(db_path)
    with db.read() as cursor:
        assert cursor.execute(
            "SELECT r.role, p.kind FROM people p JOIN person_roles r ON r.person_id = p.id").fetchall() == [("leader", "local")]


def test_a_database_held_by_another_process_gives_a_clear_message(db_path, caplog):
    with held_by_another_process(db_path) as holder:
        at = AppTest.from_file(str(APP), default_timeout=15)
        at.run()
        assert not at.exception
        message = at.error[0].value
        assert "in use by another program" in message
        # Nobody has signed in: no path and no process id on screen; they are in the server log.
        assert str(db_path.parent) not in message and str(holder.pid) not in message
        assert f"{db_path} is locked by another process (PID {holder.pid})" in caplog.text


def test_a_broken_framework_file_stops_the_start_and_names_it(db_path, tmp_path, monkeypatch, caplog):
    broken = tmp_path / "ours.toml"
    broken.write_text('id = "ours"\nversion = "1"\n', encoding="utf-8")
    monkeypatch.setenv("KOERS_FRAMEWORK", str(broken))
    at = AppTest.from_file(str(APP), default_timeout=15)
    at.run()
    assert not at.exception
    assert "ours.toml" in at.error[0].value and "[[scale]] is missing" in at.error[0].value
    assert str(tmp_path) not in at.error[0].value and str(broken) in caplog.text
    assert not at.title  # nothing else is drawn


@pytest.mark.parametrize("content", ['db = "/somewhere/else.duckdb"\n[auth\nclient_id = "x"\n', 'db = "unterminated\n'])
def test_a_settings_file_that_does_not_parse_stops_koers(db_path, tmp_path, monkeypatch, content, caplog):
    """Fail closed: never personal mode (one shared leader for every visitor) without the
    settings, and no data from a database the settings did not name."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(content, encoding="utf-8")
    monkeypatch.setattr(gate, "secrets_files", lambda: [str(tmp_path / "absent.toml"), str(secrets)])
    at = AppTest.from_file(str(APP), default_timeout=15)
    at.run()
    assert not at.exception
    [error] = at.error
    shown = re.sub(r"\\(.)", r"\1", error.value)  # as markdown draws it: the file name is escaped
    line = 2 if content.startswith("db") and "[auth" in content else 1
    assert "secrets.toml" in shown and f"line {line}" in shown
    assert str(tmp_path) not in shown
    assert not at.title and not at.sidebar.segmented_control  # nothing of personal mode
    assert not db_path.exists()  # not even the default database was opened
    assert str(secrets) in caplog.text



def test_a_database_on_a_disk_that_does_not_persist_is_pointed_out(app, monkeypatch):
    monkeypatch.setenv("KOERS_EPHEMERAL_DISK", "1")
    at = app()
    assert any("does not persist" in w.value for w in at.sidebar.warning)
    monkeypatch.setenv("KOERS_EPHEMERAL_DISK", "0")
    at.run()
    assert not any("does not persist" in w.value for w in at.sidebar.warning)
