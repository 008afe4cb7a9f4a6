import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coaching import weeks

D = dt.date


@pytest.mark.parametrize(
    ("day", "monday", "label"),
    [
        (D(2026, 11, 27), D(2026, 11, 23), "2026-W48"),
        (D(2027, 1, 1), D(2026, 12, 28), "2026-W53"),  # 2026 has 53 ISO weeks
        (D(2027, 1, 4), D(2027, 1, 4), "2027-W01"),
        (D(2024, 12, 30), D(2024, 12, 30), "2025-W01"),  # a Monday in December that opens next year's week 1
        (D(2021, 1, 3), D(2020, 12, 28), "2020-W53"),  # a Sunday in January still in last year's week 53
    ],
)
def test_week_start_and_label_across_year_ends(day, monday, label):
    assert weeks.week_start(day) == monday
    assert weeks.week_label(monday) == label
    assert weeks.from_label(label) == monday


def test_53_week_years():
    assert [y for y in range(2015, 2033) if weeks.weeks_in_year(y) == 53] == [2015, 2020, 2026, 2032]
    with pytest.raises(ValueError):
        weeks.from_label("2027-W53")


def test_weeks_between_and_shift():
    mondays = list(weeks.weeks_between(D(2026, 12, 24), D(2027, 1, 6)))
    assert [weeks.week_label(m) for m in mondays] == ["2026-W52", "2026-W53", "2027-W01"]
    assert weeks.shift(D(2026, 12, 28), 1) == D(2027, 1, 4)
    assert weeks.days_of(D(2026, 12, 28))[-1] == D(2027, 1, 3)


@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2999, 12, 1)))
def test_every_day_lies_in_the_week_of_its_monday(day):
    monday = weeks.week_start(day)
    assert monday.weekday() == 0 and 0 <= (day - monday).days < 7
    assert weeks.from_label(weeks.week_label(monday)) == monday
    assert monday.isocalendar()[:2] == day.isocalendar()[:2]
