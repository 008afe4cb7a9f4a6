import datetime as dt

import pytest

from coaching.errors import ValidationError
from coaching.validation import MAX_TEXT_CHARS, check_date, clean_text


def test_clean_text_strips_and_names_the_field_it_refuses():
    assert clean_text("  Listen first \x00 ", MAX_TEXT_CHARS, "goals.field_why") == "Listen first"
    assert clean_text(None, 10, "goals.field_why") == ""
    for value, key in ((42, "error.text_type"), ("", "error.required"), ("x" * 11, "error.too_long")):
        with pytest.raises(ValidationError) as raised:
            clean_text(value, 10, "goals.field_title", required=True)
        assert (raised.value.key, raised.value.params["field"]) == (key, "goals.field_title")


def test_check_date_takes_real_dates_between_2000_and_2100():
    assert check_date(None, "actions.field_due") is None
    assert check_date(dt.date(2026, 11, 27), "actions.field_due") == dt.date(2026, 11, 27)
    for value in (dt.date(1999, 12, 31), dt.date(2101, 1, 1), dt.datetime(2026, 1, 1), "2026-01-01"):
        with pytest.raises(ValidationError, match="error.date"):
            check_date(value, "actions.field_due")
