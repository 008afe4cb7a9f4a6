from hypothesis import given
from hypothesis import strategies as st

from coaching.ui.text import plain


def test_markdown_and_html_are_escaped():
    assert plain("**bold** [x](http://e.vil) <b>") == r"\*\*bold\*\* \[x\]\(http\:\/\/e\.vil\) \<b\>".replace(r"\/", "/")
    assert plain("$x^2$") == r"\$x^2\$"
    assert plain("line\nbreak") == "line break"


@given(st.text())
def test_escaping_never_leaves_an_unescaped_markdown_character(text):
    escaped = plain(text)
    for i, char in enumerate(escaped):
        if char in "*_[]()`<>$#!|~":
            backslashes = len(escaped[:i]) - len(escaped[:i].rstrip("\\"))
            assert backslashes % 2 == 1
