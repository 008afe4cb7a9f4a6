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
