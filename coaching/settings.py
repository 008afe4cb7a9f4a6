"""The deployment's settings files (Streamlit's secrets.toml): checked before anything is read
from them, so that a file that does not parse stops Koers with a message instead of
quietly starting it in personal mode without its settings."""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from coaching.errors import KoersError

log = logging.getLogger("koers.settings")


class SettingsError(KoersError):
    """A settings file that cannot be read. `file` is the name a person recognises
    (.streamlit/secrets.toml, or ~/… for one in the home folder), never a full path."""

    key = "error.settings"


def shown_name(path: Path, project: Path) -> str:
    """How a settings file is named on screen: relative to the project or the home folder."""
    path = path.expanduser().resolve()
    for base, prefix in ((project.resolve(), ""), (Path.home().resolve(), "~/")):
        if path.is_relative_to(base):
            return prefix + path.relative_to(base).as_posix()
    return path.name


def check_files(paths: Iterable[str | Path], project: Path) -> list[Path]:
    """The settings files that exist among `paths`, each parsed once as TOML; SettingsError
    (with the file's shown name and the line of the fault) for the first that does not parse."""
    found = []
    for entry in paths:
        path = Path(entry).expanduser()
        if not path.is_file():
            continue  # absent, or a folder of secrets that Streamlit reads itself
        found.append(path)
        try:
            tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as error:
            where = re.search(r"line (\d+)", str(error))
            line = where.group(1) if where else "?"
            log.error("the settings file %s cannot be read: %s", path, error)
            raise SettingsError(file=shown_name(path, project), line=line) from None
    return found
