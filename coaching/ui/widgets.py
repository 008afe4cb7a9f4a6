"""Small pieces shared by the pages."""

from __future__ import annotations

import datetime as dt

# The radio option that stands for "not observed" (stored as a NULL score).
NOT_OBSERVED = "not_observed"


def answer_value(option: int | str) -> int | None:
    """The score to store for a chosen radio option."""
    return None if option == NOT_OBSERVED else int(option)


def done_text(ctx, done: int, target: int, extra: int = 0) -> str:
    """"2 of 3", "2 of 3 · +1 extra", "nothing asked" or "+1 extra": never "x of 0"."""
    if target:
        text = ctx.t("tracker.of", done=done, target=target)
        return ctx.t("tracker.with_extra", text=text, extra=extra) if extra else text
    return ctx.t("tracker.extra_only", extra=extra) if extra else ctx.t("tracker.nothing_asked")


def tracker_reflection_key(monday: dt.date) -> str:
    """The key of the tracker's reflection expander for a week: Home opens it by setting it."""
    return f"tracker.reflect.{monday.isoformat()}"
