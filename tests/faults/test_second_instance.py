"""A second Koers started on the database file another Koers is using.

DuckDB lets one process at a time hold a file for writing, and a second process cannot even
open it to read. The second Koers must say so in plain words, without a traceback and,
since nobody has signed in yet, without the file's path or the process id: those go to the
server log; the first must go on serving, writes included;
and once the first has stopped, a reload of the second must find the file free."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.koers import ARTIFACTS, Koers
from tests.e2e.server import streamlit_app

pytestmark = pytest.mark.browser


def test_a_second_instance_on_the_same_file_explains_itself(koers, page: Page, new_page, db_file, tmp_path) -> None:
    first = Koers(page, koers.url)
    first.open()  # the first script run opens the database: from now on this process holds it
    expect(page.get_by_role("heading", name="Koers", level=1)).to_be_visible()
    expect(page.get_by_text("Your course as a leader")).to_be_visible()

    # The same KOERS_DB, another port; its own log file (streamlit_app names the log after its
    # first argument, which KOERS_DB in `env` overrides as the database).
    with streamlit_app(tmp_path / "second", env={"KOERS_DB": str(db_file)}) as second_server:
        second = Koers(new_page(), second_server.url)
        second.open()
        message = second.page.get_by_test_id("stAlert")
        expect(message).to_contain_text("The database is in use by another program, probably another Koers")
        expect(message).to_contain_text("Close that one, or start this one with another database (KOERS_DB)")
        expect(message).not_to_contain_text(str(db_file.parent))
        expect(message).not_to_contain_text(str(koers.process.pid))
        expect(second.page.get_by_test_id("stException")).to_have_count(0)
        expect(second.page.get_by_text("Traceback")).to_have_count(0)
        expect(second.page.get_by_role("heading", name="Koers", level=1)).to_have_count(0)  # stopped before the page
        ARTIFACTS.mkdir(exist_ok=True)
        second.page.screenshot(path=ARTIFACTS / "second-instance.png")

        # Meanwhile the first keeps serving, and writing: the language choice is stored.
        first.reload()
        expect(page.get_by_text("Your course as a leader")).to_be_visible()
        first.switch_language("Nederlands")
        expect(page.get_by_text("Jouw koers als leider")).to_be_visible()
        first.reload()  # a new session: the choice comes back from the database
        expect(page.get_by_text("Jouw koers als leider")).to_be_visible()

        # Once the first has stopped, the second opens the file on a reload, as its message says.
        koers.process.terminate()
        koers.process.wait(timeout=10)
        second.reload()
        expect(second.page.get_by_text("Jouw koers als leider")).to_be_visible()
        expect(second.page.get_by_test_id("stAlert")).to_have_count(0)

    log = (tmp_path / "second.server.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-4000:]
    assert f"{db_file} is locked by another process (PID {koers.process.pid})" in log  # the details, for whoever runs it
