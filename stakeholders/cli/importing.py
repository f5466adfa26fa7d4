"""`import` (address books, calendars, mail) and `sync caldav` (§4, §5, §5.1).

`import` looks at the files first: calendars and mail go to
stakeholders.calendar_import; an address book goes to the address-book
command in stakeholders/cli/data.py, whose options are reused here as they
are, so the two stay one command with one `--help`.
"""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from stakeholders.cli.common import AppContext, emit_json, info, json_option, pass_app
from stakeholders.cli.data import IMPORT_FORMATS, PROGRESS_FROM_ROWS
from stakeholders.cli.data import import_ as address_book_import

CALENDAR_FORMATS = ["ics", "mbox", "eml"]
# The address-book command's own options (--tag, --map, --update, --strict), as it defines them.
ADDRESS_BOOK_OPTIONS = [p for p in address_book_import.params if p.name not in ("file", "fmt", "dry_run", "as_json")]
CALENDAR_OPTIONS = ("plan", "since", "until", "add_people", "me")


def _calendar_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for decorator in reversed(
        [
            click.option("--plan", help="Make every touchpoint about this plan (mail: only then a briefing)."),
            click.option(
                "--since",
                metavar="WHEN",
                help="Start of the window (default: 90 days ago; a date alone: the start of that day).",
            ),
            click.option(
                "--until",
                metavar="WHEN",
                help="End of the window (default: in 30 days; a date alone: the end of that day).",
            ),
            click.option(
                "--add-people",
                is_flag=True,
                help="Create the people not in the database (only those on entries with a stakeholder).",
            ),
            click.option(
                "--me",
                "me",
                multiple=True,
                metavar="ADDR",
                help="Your own address, never an attendee (repeatable; env STAKEHOLDERS_ME).",
            ),
        ]
    ):
        func = decorator(func)
    return func


@click.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS + CALENDAR_FORMATS),
    default="auto",
    show_default=True,
    help="Force the format (default: recognised by content).",
)
@_calendar_options
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@json_option
@click.pass_context
def import_(
    ctx: click.Context, files: tuple[Path, ...], fmt: str, dry_run: bool, as_json: bool, **options: Any
) -> None:
    """Import stakeholders from an address book, or touchpoints from a calendar or mail.

    Address books (CSV, Outlook, Google, LinkedIn, vCard): people match by e-mail, else by exact
    name, and are never duplicated. Calendars (.ics) and mail (.mbox, .eml): meetings become planned
    touchpoints (confirm them in "did this happen?"), messages held ones; see docs/import.md.

    \b
    Example:
      stakeholders import contacts.csv --tag cx-team
      stakeholders import calendar.ics --plan "CX programme" --dry-run
      stakeholders import Sent.mbox --me sam@example.com --since 2026-10-01
    """
    app: AppContext = ctx.find_object(AppContext)  # type: ignore[assignment]
    given = {name for name in options if ctx.get_parameter_source(name) != ParameterSource.DEFAULT}
    kind = _kind_of(files, fmt)
    if kind == "address book":
        if wrong := given & set(CALENDAR_OPTIONS):
            raise click.UsageError(f"{_flag(sorted(wrong)[0])} is for calendars and mail, not for an address book")
        if len(files) > 1:
            raise click.UsageError("import one address book at a time (several files are for .eml messages)")
        book = {name: value for name, value in options.items() if name not in CALENDAR_OPTIONS}
        ctx.invoke(address_book_import, file=files[0], fmt=fmt, dry_run=dry_run, as_json=as_json, **book)
        return
    if wrong := given - set(CALENDAR_OPTIONS):
        raise click.UsageError(f"{_flag(sorted(wrong)[0])} is for address books, not for a calendar or mail")
    run_calendar_import(
        app,
        lambda since, until, member: _read(files, fmt, since, until, member),
        dry_run=dry_run,
        as_json=as_json,
        **{k: options[k] for k in CALENDAR_OPTIONS},
    )


for _option in ADDRESS_BOOK_OPTIONS:  # after the calendar options, before --dry-run, as in `--help`
    import_.params.insert(len(import_.params) - 2, _option)


def _flag(name: str) -> str:
    """The option as typed: `--map` for the parameter `maps`."""
    for param in import_.params:
        if param.name == name and param.opts:
            return max(param.opts, key=len)
    return "--" + name.replace("_", "-")


def _kind_of(files: tuple[Path, ...], fmt: str) -> str:
    """`calendar` when every file is a calendar or mail, `address book` when none is; a mix is refused."""
    from stakeholders.formats.calendar import detect_kind

    if fmt in CALENDAR_FORMATS:
        return "calendar"
    if fmt != "auto":
        return "address book"
    kinds = set()
    for path in files:
        with path.open("rb") as handle:
            kinds.add("calendar" if detect_kind(handle.read(8192), path.name) else "address book")
    if len(kinds) > 1:
        raise click.UsageError("import calendars and mail apart from address books: one kind per command")
    return kinds.pop()


def _read(files: tuple[Path, ...], fmt: str, since: datetime, until: datetime, member: str) -> list[Any]:
    from stakeholders.calendar_import import read_files

    return read_files(list(files), fmt, since, until, member)


def run_calendar_import(
    app: AppContext,
    read: Callable[[datetime, datetime, str], list[Any]],
    *,
    plan: str | None,
    since: str | None,
    until: str | None,
    add_people: bool,
    me: tuple[str, ...],
    dry_run: bool,
    as_json: bool,
) -> None:
    """Read the sources (before the write transaction), apply them, report: shared by import and sync."""
    from stakeholders import audit
    from stakeholders.calendar_import import apply_sources, default_window, my_addresses, window_bound
    from stakeholders.errors import InputError

    start, end = default_window()
    since_at = window_bound(since, end=False, dayfirst=app.dayfirst) if since else start
    until_at = window_bound(until, end=True, dayfirst=app.dayfirst) if until else end
    if since_at > until_at:
        raise InputError("--since is after --until: nothing lies in that window")
    member = audit.default_actor()
    if sys.stderr.isatty():  # a large calendar takes a while to parse before the bar can start
        info("reading…")
    sources = read(since_at, until_at, member)
    store = app.store
    total = sum(len(source.entries) for source, _ in sources)
    with store.session() if dry_run else store.write() as session, _progress(total) as progress:
        report = apply_sources(
            session,
            sources,
            since=since_at,
            until=until_at,
            plan=plan,
            add_people=add_people,
            me=my_addresses(me),
            member=member,
            progress=progress,
        )
        if dry_run:
            session.rollback()
    for where, reason in report.skipped:
        info(f"{where}: skipped: {reason}")
    if report.unknown:
        count = len(report.unknown)
        info(f"{count} {'person' if count == 1 else 'people'} not in the database (--add-people creates them):")
        for line in report.unknown_lines():
            info(f"  {line}")
    if as_json:
        emit_json(report.as_json(dry_run))
    else:
        info(report.summary(dry_run) + (" — dry run, nothing written" if dry_run else ""))


@contextmanager
def _progress(total: int) -> Iterator[Callable[[int, int], None] | None]:
    """click's progress bar on a TTY for a long import; nothing otherwise."""
    if total < PROGRESS_FROM_ROWS or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="importing", file=sys.stderr) as bar:
        seen = 0

        def advance(done: int, _total: int) -> None:
            nonlocal seen
            bar.update(done - seen)
            seen = done

        yield advance


@click.group()
def sync() -> None:
    """Bring touchpoints in straight from a server.

    \b
    Example:
      stakeholders sync caldav https://cloud.example.com/remote.php/dav --user sam --calendar Work
    """


@sync.command(name="caldav")
@click.argument("url")
@click.option("--user", help="The account name (the password: env STAKEHOLDERS_CALDAV_PASSWORD, else asked).")
@click.option(
    "--calendar",
    "calendar_name",
    metavar="NAME",
    help="With a server's or principal's URL: the calendar with this display name.",
)
@_calendar_options
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@json_option
@pass_app
def caldav_(
    app: AppContext, url: str, user: str | None, calendar_name: str | None, dry_run: bool, as_json: bool, **options: Any
) -> None:
    """Import a CalDAV calendar's meetings as planned touchpoints (Nextcloud, Fastmail, iCloud, Radicale).

    The same rules as importing an .ics export; syncing again updates, never duplicates. The password
    is never an argument: STAKEHOLDERS_CALDAV_PASSWORD, else a prompt.

    \b
    Example:
      STAKEHOLDERS_CALDAV_PASSWORD=app-password stakeholders sync caldav \\
          https://caldav.fastmail.com/dav/ --user sam@fastmail.com --calendar Work --dry-run
    """
    from stakeholders.caldav_sync import fetch_calendar

    password = os.environ.get("STAKEHOLDERS_CALDAV_PASSWORD")
    if user and password is None:
        password = click.prompt(f"CalDAV password for {user}", hide_input=True, err=True)

    def read(since: datetime, until: datetime, member: str) -> list[Any]:
        return [
            fetch_calendar(url, user=user, password=password, calendar_name=calendar_name, since=since, until=until)
        ]

    run_calendar_import(app, read, dry_run=dry_run, as_json=as_json, **options)


COMMANDS = [import_, sync]
