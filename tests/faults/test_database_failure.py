"""The database file fails under a running Koers: it is truncated while the server has it
open, so that the next read of data not yet in memory fails with an I/O error. The page
says so in the viewer's language, without a traceback and without half a screen of data;
the connection is not kept broken: once the file is back, the next run opens it again."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from playwright.sync_api import expect

from coaching import assessments, people
from coaching.db import Database
from coaching.framework import load_framework
from tests.e2e.koers import ARTIFACTS, Koers
from tests.e2e.server import streamlit_app

pytestmark = pytest.mark.browser


def test_a_file_truncated_under_a_running_server_gives_a_message_and_the_next_run_reopens(browser, page, db_file, tmp_path) -> None:
    db = Database(db_file)
    me = people.local_leader(db)
    framework = load_framework()
    ratings = {b.id: 3 for b in framework.behaviours}
    shown = assessments.record_round(db, me, framework, dt.date(2026, 1, 5), ratings, comments={"communication": "Clear story"})
    with db.write() as cursor:  # long comments that only the Profile page reads: Home reads the round's scores and targets
        cursor.execute("UPDATE competency_notes SET comment = repeat('Clear story. ', 8000) WHERE round_id = ?", [shown.id])
    db.close()
    backup = tmp_path / "backup.duckdb"
    shutil.copyfile(db_file, backup)

    with streamlit_app(db_file) as app:
        koers = Koers(page, app.url)
        koers.open()  # Home opens the database; the comments are not read yet
        expect(page.get_by_role("heading", name="Koers", level=1)).to_be_visible()
        os.truncate(db_file, 0)

        koers.go_to("Profile")
        alert = page.get_by_test_id("stAlert")
        expect(alert).to_contain_text("The database failed while this page was working. Nothing was half-saved.")
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_text("Traceback")).to_have_count(0)
        expect(page.get_by_text("IO Error")).to_have_count(0)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / "database-failed.png")

        # The next run does not reuse the broken connection: it opens the file again, which is
        # empty now, and says so; and once the file is back, everything works again.
        koers.reload()
        expect(page.get_by_test_id("stAlert")).to_contain_text("The database cannot be opened")
        expect(page.get_by_text("Clear story")).to_have_count(0)
        shutil.copyfile(backup, db_file)
        koers.reload()
        expect(page.get_by_role("heading", name="Profile", level=1)).to_be_visible()
        expect(page.get_by_text("Clear story").first).to_be_attached()  # in a closed expander
        expect(page.get_by_test_id("stAlert")).to_have_count(0)

    log = db_file.with_suffix(".server.log").read_text(errors="replace")
    assert "failed: IO Error" in log  # the details, for whoever runs Koers
    assert "Traceback" not in log
