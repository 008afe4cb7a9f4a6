"""Personal mode serves this machine only, checked with real servers.

The README's run command listens on the loopback interface alone. A server that listens on
every interface anyway (a server flag, a container) shows a browser from another address no
personal data, only how to turn on team mode; a browser on this machine gets the screens.
"Another address" is this machine's own network interface: the browser reaches the server
through it, so the server sees a non-loopback peer and Host, as it would a laptop's."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import socket
import subprocess

import pytest
from playwright.sync_api import expect

from coaching import goals, people
from coaching.db import Database
from coaching.framework import load_framework
from tests.e2e.koers import ARTIFACTS, Koers
from tests.e2e.server import ROOT, streamlit_app

SECRET = "Confidential goal: leave the company by spring"


def network_address() -> str | None:
    """This machine's address on its network, as another machine would reach it."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the route
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def readme_run_arguments() -> list[str]:
    """The arguments the README's run command gives `streamlit run app.py`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"^python3 -m venv \.venv && .*streamlit run app\.py.*$", readme, re.M)
    assert command, "README.md has no run command"
    words = shlex.split(command.group(0).split("streamlit run app.py", 1)[1])
    return [word for word in words if word != "&&"]


def can_connect(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture
def elsewhere() -> str:
    address = network_address()
    if address is None:
        pytest.skip("this machine has no network address other than loopback")
    return address


def test_the_readme_run_command_listens_on_this_machine_only(browser, db_file, elsewhere) -> None:
    arguments = readme_run_arguments()
    assert "--server.address" in arguments
    with streamlit_app(db_file, address=None, args=tuple(arguments)) as app:
        assert can_connect("127.0.0.1", app.port)
        assert not can_connect(elsewhere, app.port)
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{app.port}"], capture_output=True, text=True).stdout
        assert listening.strip() and all(" 127.0.0.1:" in line for line in listening.strip().splitlines()), listening
    log = db_file.with_suffix(".server.log").read_text(errors="replace")
    assert "Network URL" not in log


def test_an_open_server_in_personal_mode_shows_other_addresses_no_personal_data(browser, new_page, db_file, elsewhere) -> None:
    db = Database(db_file)
    leader = people.local_leader(db)
    goals.create_goal(db, leader, load_framework(), goals.GoalInput(SECRET, measure="m", target_date=dt.date(2027, 3, 1)))
    db.close()

    with streamlit_app(db_file, address="0.0.0.0") as app:
        remote = Koers(new_page(), f"http://{elsewhere}:{app.port}")
        for path in ("", "goals", "tracker", "profile?demo=1"):
            remote.open(path)
            expect(remote.page.get_by_role("heading", name="Koers runs in personal mode here")).to_be_visible()
            expect(remote.page.get_by_text("turn on team mode")).to_be_visible()
            assert SECRET not in remote.page.content()
            expect(remote.page.get_by_test_id("stSidebarNav")).to_have_count(0)  # no pages to go to
        ARTIFACTS.mkdir(exist_ok=True)
        remote.page.screenshot(path=ARTIFACTS / "personal-mode-elsewhere.png", full_page=True)

        local = Koers(new_page(), app.url)  # 127.0.0.1: this machine
        local.open("goals")
        expect(local.page.get_by_text(SECRET)).to_be_visible()

    log = db_file.with_suffix(".server.log").read_text(errors="replace")
    assert "personal mode refused a browser that is not on this machine" in log


def test_a_settings_file_that_does_not_parse_stops_a_real_server_too(browser, page, db_file, tmp_path) -> None:
    broken = tmp_path / "secrets.toml"
    broken.write_text('db = "/elsewhere.duckdb"\n[auth\n', encoding="utf-8")
    with streamlit_app(db_file, env={"STREAMLIT_SECRETS_FILES": str(broken)}) as app:
        koers = Koers(page, app.url)
        koers.open()
        alert = page.get_by_test_id("stAlert")
        expect(alert).to_contain_text("The settings file secrets.toml cannot be read (the fault is on line 2)")
        expect(alert).not_to_contain_text(str(tmp_path))
        expect(page.get_by_role("heading", name="Koers", level=1)).to_have_count(0)
    assert not db_file.exists()
    log = db_file.with_suffix(".server.log").read_text(errors="replace")
    assert str(broken) in log and "Traceback" not in log


def test_the_run_command_is_the_first_command_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```bash\n(.*?)\n```", readme, re.S).group(1)
    assert "streamlit run app.py" in first_block and "--server.address localhost" in first_block
