"""Small pieces shared by the pages."""

from __future__ import annotations

# The radio option that stands for "not observed" (stored as a NULL score).
NOT_OBSERVED = "not_observed"


def answer_value(option: int | str) -> int | None:
    """The score to store for a chosen radio option."""
    return None if option == NOT_OBSERVED else int(option)
