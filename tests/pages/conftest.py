"""Every page test runs on the same day, whatever the calendar says: Friday 27 November 2026
(tests/conftest.py's TODAY), 10:00. Time keeps moving from there, so timeouts still work."""

import datetime as dt

import pytest
import time_machine

from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def fixed_today():
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(10)), tick=True):
        assert dt.date.today() == TODAY
        yield


class Downloads:
    """What a download button serves: AppTest has no web server to fetch it from, so the
    test keeps each run's media file manager and runs the button's deferred callable itself,
    as Streamlit does when the file is requested."""

    def __init__(self):
        self.managers = []

    def served(self, button) -> tuple[bytes, str, str]:
        """(data, file name, mime type) of a download button of the last run."""
        entry = self.managers[-1]._deferred_callables[button.proto.deferred_file_id]
        return entry["callable"](), entry["filename"], entry["mimetype"]


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import app_test

    found = Downloads()

    class Recording(MediaFileManager):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            found.managers.append(self)

    monkeypatch.setattr(app_test, "MediaFileManager", Recording)
    return found
