"""User text inside elements that render markdown (headers, labels, captions).

Streamlit never renders HTML unless asked, but markdown still turns `[x](url)` into links,
`![](url)` into images fetched from anywhere, and `$...$` into LaTeX. Leaders' own words are
shown as they typed them: every markdown character is escaped."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=\"'])")


def plain(text: str) -> str:
    """`text` escaped so that markdown shows it literally, on one line."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))
