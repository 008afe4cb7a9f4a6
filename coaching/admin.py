"""People, roles and pairings from the command line, for scripts and the first set-up:

    python -m coaching.admin add-person --email E --name N --role R [--role R2] [--language nl]
    python -m coaching.admin set-roles --email E --role R [--role R2]
    python -m coaching.admin pair --coach E --leader E [--from DATE] [--until DATE]
    python -m coaching.admin deactivate --email E
    python -m coaching.admin reactivate --email E
    python -m coaching.admin list

It works on the database KOERS_DB names (default data/koers.duckdb), as an administrator
called "command line", through the same services and checks as the admin screen. The
first person added must be an administrator. Exit codes: 0 done, 1 refused (the message
says why, nothing was changed), 2 wrong usage."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from coaching import pairings, people
from coaching.db import Database, resolve_path
from coaching.errors import KoersError
from coaching.framework import LANGUAGES
from coaching.i18n import t
from coaching.people import COMMAND_LINE, ROLES

DONE, REFUSED, USAGE = 0, 1, 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date of the form YYYY-MM-DD: {text!r}") from None


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="python -m coaching.admin", description=__doc__.split("\n\n")[0])
    commands = main.add_subparsers(dest="command", required=True, metavar="command")

    add = commands.add_parser("add-person", help="register someone for team mode",
                              description="Register someone: they can sign in with this e-mail address.")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True, help="how they are called in Koers")
    add.add_argument("--role", required=True, action="append", choices=ROLES, help="repeat for several roles")
    add.add_argument("--language", choices=LANGUAGES, default="en")

    roles = commands.add_parser("set-roles", help="give someone exactly these roles",
                                description="Give someone exactly these roles (the last administrator keeps theirs).")
    roles.add_argument("--email", required=True)
    roles.add_argument("--role", required=True, action="append", choices=ROLES, help="repeat for several roles")

    pair = commands.add_parser("pair", help="pair a coach with a leader", description="Pair a coach with a leader.")
    pair.add_argument("--coach", required=True, help="the coach's e-mail address")
    pair.add_argument("--leader", required=True, help="the leader's e-mail address")
    pair.add_argument("--from", dest="starts_on", type=_date, default=None, help="YYYY-MM-DD (default: today)")
    pair.add_argument("--until", dest="ends_on", type=_date, default=None, help="YYYY-MM-DD (default: ongoing)")

    for name, what in (("deactivate", "they cannot sign in; their data stays"), ("reactivate", "they can sign in again")):
        command = commands.add_parser(name, help=what, description=f"{name.capitalize()} someone: {what}.")
        command.add_argument("--email", required=True)

    commands.add_parser("list", help="everyone registered, with roles and pairings",
                        description="List everyone registered: e-mail, name, roles, active, pairings.")
    return main


def run(args: argparse.Namespace, db: Database, today: dt.date) -> str:
    """Carry out one command; what to print."""
    if args.command == "add-person":
        added = people.add_person(db, COMMAND_LINE, args.email, args.name, args.role, args.language)
        return f"added {added.email} ({', '.join(sorted(added.roles))})"
    if args.command == "list":
        lines = []
        ongoing = [p for p in pairings.list_pairings(db, COMMAND_LINE) if p.active_on(today)]
        for person in people.list_people(db, COMMAND_LINE):
            coaches = sorted(p.coach_name for p in ongoing if p.leader_id == person.id)
            state = "active" if person.active else "deactivated"
            line = f"{person.email}\t{person.display_name}\t{','.join(sorted(person.roles))}\t{state}"
            lines.append(line + (f"\tcoached by {', '.join(coaches)}" if coaches else ""))
        return "\n".join(lines) or "nobody is registered yet"
    if args.command == "pair":
        coach = people.find(db, COMMAND_LINE, args.coach)
        leader = people.find(db, COMMAND_LINE, args.leader)
        pairings.pair(db, COMMAND_LINE, coach.id, leader.id, args.starts_on or today, args.ends_on)
        return f"paired {coach.email} (coach) with {leader.email} (leader)"
    person = people.find(db, COMMAND_LINE, args.email)
    if args.command == "set-roles":
        people.set_roles(db, COMMAND_LINE, person.id, args.role)
        return f"{person.email} now has the roles {', '.join(sorted(set(args.role)))}"
    people.set_active(db, COMMAND_LINE, person.id, args.command == "reactivate")
    return f"{person.email} is {args.command}d"


def main(argv: list[str] | None = None, today: dt.date | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as exit_:
        return USAGE if exit_.code else DONE  # --help exits with 0
    try:
        db = Database(resolve_path())
    except KoersError as error:
        print(f"koers: {t('en', error.key, **error.params)} ({error.params.get('path', '')})", file=sys.stderr)
        return REFUSED
    try:
        print(run(args, db, today or dt.date.today()))
    except KoersError as error:
        params = dict(error.params)
        if isinstance(params.get("field"), str):
            params["field"] = t("en", params["field"])
        print(f"koers: {t('en', error.key, **params)} Nothing was changed.", file=sys.stderr)
        return REFUSED
    finally:
        db.close()
    return DONE


if __name__ == "__main__":
    sys.exit(main())
