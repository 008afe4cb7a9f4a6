"""User text inside elements that render markdown (headers, labels, captions).

Streamlit never renders HTML unless asked, but markdown still turns `[x](url)` into links,
`![](url)` into images fetched from anywhere, and `$...$` into LaTeX, and it links bare web
and e-mail addresses by itself (after parsing, so escapes and character references do not
stop it). Leaders' own words are shown as they typed them: every markdown character is
escaped, and an invisible word joiner (U+2060) is put into `://`, `www.` and `@`, which
breaks the address patterns. (Copying such an address from the screen copies the joiner too.)"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=\"'&])")
_ADDRESS = re.compile(r"(?<=:)(?=//)|(?<=w)(?=ww\.)|(?<=@)", re.IGNORECASE)  # where to put a joiner


def plain(text: str) -> str:
    """`text` escaped so that markdown shows it literally, on one line."""
    unlinked = _ADDRESS.sub(WORD_JOINER, " ".join(str(text).split()))
    return _MARKDOWN.sub(r"\\\1", unlinked)
