from hypothesis import given
from hypothesis import strategies as st

from coaching.ui.text import plain


def test_markdown_and_html_are_escaped():
    assert plain("**bold** [x](http://e.vil) <b>") == "\\*\\*bold\\*\\* \\[x\\]\\(http\\:\u2060//e\\.vil\\) \\<b\\>"
    assert plain("$x^2$") == r"\$x^2\$"
    assert plain("line\nbreak") == "line break"


def test_bare_web_and_mail_addresses_are_not_turned_into_links():
    # GitHub-flavoured markdown links these by itself, after escapes are resolved; an
    # invisible word joiner breaks the patterns.
    assert plain("https://x.org") == "https\\:\u2060//x\\.org"
    assert plain("see WWW.example.com") == "see W\u2060WW\\.example\\.com"
    assert plain("mail me@example.com") == "mail me@\u2060example\\.com"
    assert plain("&#58; typed") == "\\&\\#58; typed"  # what the leader typed stays literal


@given(st.text())
def test_escaping_never_leaves_an_unescaped_markdown_character(text):
    escaped = plain(text)
    for i, char in enumerate(escaped):
        if char in "*_[]()`<>$#!|~":
            backslashes = len(escaped[:i]) - len(escaped[:i].rstrip("\\"))
            assert backslashes % 2 == 1

