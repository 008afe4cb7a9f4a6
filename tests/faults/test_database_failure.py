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

from coaching import goals, people
from coaching.db import Database
from coaching.framework import load_framework
from tests.e2e.koers import ARTIFACTS, Koers
from tests.e2e.server import streamlit_app

pytestmark = pytest.mark.browser


def test_a_file_truncated_under_a_running_server_gives_a_message_and_the_next_run_reopens(browser, page, db_file, tmp_path) -> None:
    db = Database(db_file)
    me = people.local_leader(db)
    goal = goals.create_goal(db, me, load_framework(), goals.GoalInput("Delegate more", measure="m", target_date=dt.date(2027, 3, 1)))
    with db.write() as cursor:  # a long progress history: the Goals page reads it from the disk
        cursor.execute(
            "INSERT INTO goal_progress (goal_id, recorded_at, percent) "
            "SELECT ?, TIMESTAMP '2020-01-01' + INTERVAL (range) MINUTE, range % 100 FROM range(400000)",
            [goal.id],
        )
    db.close()
    backup = tmp_path / "backup.duckdb"
    shutil.copyfile(db_file, backup)

    with streamlit_app(db_file) as app:
        koers = Koers(page, app.url)
        koers.open()  # Home opens the database; the progress history is not read yet
        expect(page.get_by_role("heading", name="Koers", level=1)).to_be_visible()
        os.truncate(db_file, 0)

        koers.go_to("Goals")
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
        expect(page.get_by_text("Delegate more")).to_have_count(0)
        shutil.copyfile(backup, db_file)
        koers.reload()
        expect(page.get_by_role("heading", name="Goals", level=1)).to_be_visible()
        expect(page.get_by_text("Delegate more")).to_be_visible()
        expect(page.get_by_test_id("stAlert")).to_have_count(0)

    log = db_file.with_suffix(".server.log").read_text(errors="replace")
    assert "failed: IO Error" in log  # the details, for whoever runs Koers
    assert "Traceback" not in log
