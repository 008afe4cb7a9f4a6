"""python -m coaching.admin: people, roles and pairings from the command line."""

import datetime as dt
import subprocess
import sys

import pytest

from coaching import admin, pairings, people
from coaching.db import Database
from coaching.people import COMMAND_LINE
from tests.conftest import ROOT

TODAY = dt.date(2026, 11, 27)


def cli(*argv: str) -> int:
    return admin.main(list(argv), today=TODAY)


def test_a_deployment_is_set_up_from_the_command_line(db_path, capsys):
    assert cli("add-person", "--email", "Ada@Example.com", "--name", "Ada", "--role", "admin") == admin.DONE
    assert cli("add-person", "--email", "kate@example.com", "--name", "Kate", "--role", "leader", "--language", "nl") == 0
    assert cli("add-person", "--email", "coach@example.com", "--name", "Carl", "--role", "coach", "--role", "leader") == 0
    assert cli("pair", "--coach", "coach@example.com", "--leader", "KATE@example.com", "--from", "2026-09-01") == 0
    assert cli("set-roles", "--email", "kate@example.com", "--role", "leader", "--role", "hr") == 0
    assert cli("deactivate", "--email", "coach@example.com") == 0
    capsys.readouterr()
    assert cli("list") == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed == [
        "ada@example.com\tAda\tadmin\tactive",
        "coach@example.com\tCarl\tcoach,leader\tdeactivated",
        "kate@example.com\tKate\thr,leader\tactive\tcoached by Carl",
    ]
    assert cli("reactivate", "--email", "coach@example.com") == 0
    db = Database(db_path)
    assert people.sign_in(db, "coach@example.com").status == "active"
    assert [p.starts_on for p in pairings.list_pairings(db, COMMAND_LINE)] == [dt.date(2026, 9, 1)]


@pytest.mark.parametrize(
    "argv, says",
    [
        (("add-person", "--email", "kate@example.com", "--name", "Kate", "--role", "leader"), "The first person registered must be an administrator"),
        (("add-person", "--email", "ada@example.com", "--name", "Ada again", "--role", "admin"), "already registered"),
        (("add-person", "--email", "not-an-address", "--name", "X", "--role", "leader"), "not a valid e-mail address"),
        (("set-roles", "--email", "ada@example.com", "--role", "leader"), "last active administrator"),
        (("deactivate", "--email", "ada@example.com"), "last active administrator"),
        (("deactivate", "--email", "nobody@example.com"), "Nobody is registered with nobody@example.com"),
        (("pair", "--coach", "ada@example.com", "--leader", "ada@example.com"), "Nobody can be their own coach"),
        (("pair", "--coach", "ada@example.com", "--leader", "nobody@example.com"), "Nobody is registered"),
    ],
)
def test_bad_commands_say_why_exit_1_and_change_nothing(db_path, capsys, argv, says):
    fresh = argv[0] == "add-person" and "kate@example.com" in argv
    if not fresh:
        assert cli("add-person", "--email", "ada@example.com", "--name", "Ada", "--role", "admin") == 0
    before = Database(db_path)
    registered = people.list_people(before, COMMAND_LINE)
    before.close()
    capsys.readouterr()
    assert cli(*argv) == admin.REFUSED
    err = capsys.readouterr().err
    assert says in err and "Nothing was changed." in err
    after = Database(db_path)
    assert people.list_people(after, COMMAND_LINE) == registered
    after.close()


@pytest.mark.parametrize("argv", [(), ("fly",), ("add-person", "--email", "x@example.com"), ("add-person", "--email", "x@example.com",
                                  "--name", "X", "--role", "emperor"), ("pair", "--coach", "a@b.c", "--leader", "d@e.f", "--from", "soon")])
def test_wrong_usage_exits_2(db_path, argv):
    assert cli(*argv) == admin.USAGE


def test_every_command_has_help_and_the_database_comes_from_koers_db(db_path):
    for command in ("add-person", "set-roles", "pair", "deactivate", "reactivate", "list"):
        done = subprocess.run([sys.executable, "-m", "coaching.admin", command, "--help"], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0 and "usage: python -m coaching.admin " + command in done.stdout
    done = subprocess.run([sys.executable, "-m", "coaching.admin", "add-person", "--email", "ada@example.com", "--name", "Ada",
                           "--role", "admin"], cwd=ROOT, capture_output=True, text=True)  # KOERS_DB from the db_path fixture
    assert done.returncode == 0, done.stderr
    assert people.sign_in(Database(db_path), "ada@example.com").identity.roles == {"admin"}
