"""Commands that move data in and out: import, backup, restore, dump, load, forget, demo."""

import sys
from pathlib import Path
from typing import Any

import click

from stakeholders.cli.boundary import OutputPath
from stakeholders.cli.common import AppContext, emit_json, info, json_option, pass_app
from stakeholders.cli.complete import complete_person

IMPORT_FORMATS = ["auto", "csv", "outlook", "google", "linkedin", "thunderbird", "vcard"]
# A progress bar is worth drawing only for files that take a moment.
PROGRESS_FROM_ROWS = 500


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(IMPORT_FORMATS), default="auto", show_default=True)
@click.option("--tag", "tags", multiple=True, help="Tag every imported person (repeatable).")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Map a column to a field (name, email, title, organization, division, phone, influence, "
    "interest, owner, tags, notes) or `ignore`.",
)
@click.option("--update", is_flag=True, help="Also overwrite fields that changed (default: only fill empty ones).")
@click.option("--dry-run", is_flag=True, help="Report what would happen; write nothing.")
@click.option("--strict", is_flag=True, help="Refuse the whole file if any row is bad.")
@json_option
@pass_app
def import_(
    app: AppContext,
    file: Path,
    fmt: str,
    tags: tuple[str, ...],
    maps: tuple[str, ...],
    update: bool,
    dry_run: bool,
    strict: bool,
    as_json: bool,
) -> None:
    """Import stakeholders from CSV, Outlook, Google Contacts, LinkedIn, Thunderbird or vCard files.

    People match by e-mail, else by exact name: a match fills empty fields and is never duplicated.

    \b
    Example:
      stakeholders import contacts.csv --tag cx-team
      stakeholders import Connections.csv --dry-run
      stakeholders import export.csv --map "Full Name=name" --map Team=tags --strict
    """
    from stakeholders.errors import InputError
    from stakeholders.formats.importing import ImportFileError, parse_file
    from stakeholders.importer import import_rows

    mapping = {}
    for item in maps:
        column, sep, target = item.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise click.BadParameter(f"'{item}' is not COLUMN=FIELD", param_hint="--map")
        mapping[column.strip()] = target.strip()
    try:
        parsed = parse_file(file.read_bytes(), format=fmt, filename=file.name, mapping=mapping)
    except ImportFileError as exc:
        raise InputError(str(exc)) from None
    bad = [r for r in parsed.rows if r.errors]
    if strict and bad:
        for row in bad:
            info(f"{file.name}:{row.line}: {'; '.join(row.errors)}")
        raise InputError(f"{len(bad)} bad row(s) and --strict: nothing was imported")
    store = app.store
    session_cm = store.session() if dry_run else store.write()
    with session_cm as session:
        with _progress(len(parsed.rows)) as advance:
            report = import_rows(session, parsed, tags=list(tags), update=update, progress=advance)
        if dry_run:
            session.rollback()
    for line, reasons in report.skipped:
        info(f"{file.name}:{line}: skipped: {'; '.join(reasons)}")
    for line, note in report.second_person_notes():
        info(f"{file.name}:{line}: {note}")
    if as_json:
        emit_json(
            {
                "format": report.format,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "dry_run": dry_run,
                "skipped": [{"line": line, "reasons": reasons} for line, reasons in report.skipped],
                "possible_second_people": [
                    {"line": line, "earlier_line": earlier, "name": name}
                    for earlier, line, name in report.second_people
                ],
            }
        )
    else:
        info(report.summary(dry_run) + (" — dry run, nothing written" if dry_run else ""))


class _progress:
    """click's progress bar on a TTY for long files; a no-op otherwise."""

    def __init__(self, total: int) -> None:
        self.bar = None
        if total >= PROGRESS_FROM_ROWS and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="importing", file=sys.stderr)
        self.seen = 0

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.bar is None:
            return None
        self.bar.__enter__()

        def advance(done: int) -> None:
            self.bar.update(done - self.seen)  # type: ignore[union-attr]
            self.seen = done

        return advance

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@click.command()
@click.argument("file", type=OutputPath(replaces="backup"))
@pass_app
def backup(app: AppContext, file: Path) -> None:
    """A consistent copy of the live SQLite database (safe while the TUI is open), owner-only.

    \b
    Example:
      stakeholders backup ~/backups/stakeholders-2026-11-22.db
    """
    from db.backup import backup_to

    dest = backup_to(app.store, file)
    info(f"backed up {app.store.describe()} to {dest}")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the current database without asking.")
@pass_app
def restore(app: AppContext, file: Path, yes: bool) -> None:
    """Replace the database with a backup (the current one is backed up first).

    \b
    Example:
      stakeholders restore ~/backups/stakeholders-2026-11-22.db --yes
    """
    from db.restore import restore_from

    if not yes and not click.confirm(f"Replace {app.db or 'the default database'} with {file}?", err=True):
        raise click.Abort()
    app.close()
    saved = restore_from(app.db, file)
    info(f"restored {file}" + (f"; the previous database was saved as {saved}" if saved else ""))


@click.command()
@click.argument("file", type=OutputPath(replaces="dump"))
@pass_app
def dump(app: AppContext, file: Path) -> None:
    """Write every record as portable JSON lines (owner-only): to move to PostgreSQL, or back up.

    \b
    Example:
      stakeholders dump team.jsonl && stakeholders --db postgresql://team@db/stakeholders load team.jsonl
    """
    from stakeholders.dumps import dump_store

    store = app.store  # a database that cannot be opened leaves no file behind
    count = dump_store(store, file)
    info(f"dumped {count} records to {file}")


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_app
def load(app: AppContext, file: Path) -> None:
    """Load a `dump` file into an empty database, all or nothing.

    \b
    Example:
      stakeholders --db postgresql+psycopg://team@db.example.com/stakeholders load team.jsonl
    """
    from db.portable import load as load_records

    # Bytes, decoded line by line: a line that is not UTF-8 is refused with its number, nothing written.
    with file.open("rb") as lines, app.store.engine.connect() as conn:
        with conn.execution_options(write=True).begin():
            counts = load_records(conn.execution_options(write=True), lines)
    info(f"loaded {sum(counts.values())} records from {file}")


@click.command()
@click.argument("person", shell_complete=complete_person)
@click.option("--yes", is_flag=True, help="Confirm: this cannot be undone.")
@pass_app
def forget(app: AppContext, person: str, yes: bool) -> None:
    """Erase a person completely: records, notes that name them, audit content (§8).

    \b
    Example:
      stakeholders forget dana@example.com --yes
    """
    from stakeholders.forget import ErasedButLogHeld
    from stakeholders.forget import forget as forget_person

    if not yes:
        raise click.UsageError("forget cannot be undone: add --yes to confirm")
    try:
        done = forget_person(app.store, person)
    except ErasedButLogHeld as exc:
        for path in exc.older_backups:  # stdout, so that stderr stays the one-line error
            click.echo(str(path))
        raise exc.cause from None
    info(f"forgot {done.name}: every record about them is erased from {done.where}")
    if done.older_backups:
        info("these backups made earlier still hold them; delete them too if required:")
        for path in done.older_backups:
            click.echo(str(path))
    if done.on_server:
        info("PostgreSQL may still hold them in WAL, replicas and base backups: see docs/reliability.md")


@click.command()
@click.option("--open", "open_tui", is_flag=True, help="Open the TUI on it afterwards.")
@pass_app
def demo(app: AppContext, open_tui: bool) -> None:
    """Load the demo story: a customer-experience programme, dated relative to today.

    Without --db it goes to a dedicated demo database (replaced each time, never yours);
    with --db only into an empty database.

    \b
    Example:
      stakeholders demo --open
    """
    from db.paths import demo_database_path
    from stakeholders.demo import load_demo
    from stakeholders.demo_calendar import add_demo_calendar
    from stakeholders.errors import InputError

    if app.db is None:
        path = demo_database_path()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        app.db = str(path)
    with app.store.write() as session:
        if app.db != str(demo_database_path()) and not _is_empty(session):
            raise InputError(
                f"{app.store.describe()} is not empty: demo loads only into an empty database "
                "(leave out --db to use the dedicated demo database)"
            )
        counts = load_demo(session)
        counts["calendar touchpoints"] = add_demo_calendar(session)  # §10: the campaign in a calendar too
    info(f"demo loaded into {app.store.describe()}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if open_tui:
        from stakeholders.cli import open_tui as run

        run(app)
    else:
        info(f"open it with: stakeholders --db {app.store.describe()}")


def _is_empty(session) -> bool:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from db.models import Event, Plan, Stakeholder

    return all(session.exec(select(model.id).limit(1)).first() is None for model in (Stakeholder, Plan, Event))


# `import_` is registered by stakeholders/cli/importing.py, which also takes calendars and mail.
COMMANDS = [backup, restore, dump, load, forget, demo]
