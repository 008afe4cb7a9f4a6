from pathlib import Path

import pytest

from coaching.settings import SettingsError, check_files, shown_name


def test_settings_files_that_parse_are_returned_and_absent_ones_skipped(tmp_path):
    good = tmp_path / "secrets.toml"
    good.write_text('db = "md:koers"\n[auth]\nclient_id = "x"\n', encoding="utf-8")
    assert check_files([tmp_path / "absent.toml", good, tmp_path], project=tmp_path) == [good]


@pytest.mark.parametrize(
    "content, line",
    [('db = "x"\n[auth\n', 2), ('db = "x\n', 1), ('a = 1\na = 2\n', 2), (b"\xff\xfe", "?")],
)
def test_a_settings_file_that_does_not_parse_names_the_file_and_the_line(tmp_path, content, line):
    broken = tmp_path / ".streamlit" / "secrets.toml"
    broken.parent.mkdir()
    broken.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SettingsError) as raised:
        check_files([broken], project=tmp_path)
    assert raised.value.params == {"file": ".streamlit/secrets.toml", "line": str(line)}


def test_settings_files_are_named_without_their_full_path(tmp_path):
    assert shown_name(tmp_path / ".streamlit" / "secrets.toml", tmp_path) == ".streamlit/secrets.toml"
    assert shown_name(Path.home() / ".streamlit" / "secrets.toml", tmp_path / "elsewhere") == "~/.streamlit/secrets.toml"
    assert shown_name(Path("/etc/koers/secrets.toml"), tmp_path) == "secrets.toml"
