"""The `stakeholders` command: a group whose bare call opens the TUI."""

import sys
from typing import Any

import click

from stakeholders.cli.common import AppContext

EXAMPLE = """
\b
Examples:
  stakeholders add "Dana Reyes" --email dana@example.com --influence 4 --tag cx-team
  stakeholders log dana@example.com --plan "CX programme" --stance supportive
  stakeholders surprises
  stakeholders            (opens the TUI)
"""


class StakeholdersGroup(click.Group):
    """Turns the errors we expect into one line on stderr and an exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # classified below; anything else is a bug and re-raised
            code, message = _classify(exc)
            if code is None:
                raise
            click.echo(f"error: {one_line(message)}", err=True)
            ctx.exit(code)
        except KeyboardInterrupt:
            click.echo("interrupted: nothing was written by the unfinished command", err=True)
            ctx.exit(130)


def one_line(message: str) -> str:
    """The message with line breaks and control characters shown as escapes: it often quotes user input."""
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in message)


def _escape(ch: str) -> str:
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or ch.encode("unicode_escape").decode("ascii")


def _classify(exc: Exception) -> tuple[int | None, str]:
    from sqlalchemy import exc as sa_exc

    from db.engine import StoreError
    from stakeholders.dates import DateError
    from stakeholders.errors import StakeholdersError

    if isinstance(exc, StakeholdersError):
        return exc.exit_code, str(exc)
    if isinstance(exc, DateError):
        return 2, str(exc)
    if isinstance(exc, StoreError):
        return getattr(exc, "exit_code", 2), str(exc)
    if isinstance(exc, sa_exc.OperationalError):
        first = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        if "readonly" in first or "read-only" in first:
            return 1, "the database is read-only for you (check the file's permissions): nothing was written"
        return 1, f"database error: {first}: nothing was written; try again"
    if isinstance(exc, sa_exc.DataError):
        # PostgreSQL refuses some values SQLite stores (a NUL character in a text).
        first = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        return 2, f"the database cannot store a value given ({first}): nothing was written"
    if isinstance(exc, sa_exc.IntegrityError):
        first = str(exc.orig).splitlines()[0] if exc.orig else str(exc).splitlines()[0]
        return 1, f"the database refused the change ({first}): nothing was written"
    if isinstance(exc, OverflowError):  # SQLite's driver refuses an int beyond 64 bits before SQLAlchemy sees it
        return 2, "a number given is too large: nothing was written"
    if isinstance(exc, OSError):
        return 1, f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    return None, ""


@click.group(cls=StakeholdersGroup, invoke_without_command=True, epilog=EXAMPLE)
@click.option("--db", envvar="STAKEHOLDERS_DB", metavar="TARGET",
              help="SQLite file or SQLAlchemy URL (env STAKEHOLDERS_DB). Default: stakeholders.db in the user data directory.")
@click.option("--dayfirst", is_flag=True, envvar="STAKEHOLDERS_DAYFIRST",
              help="Read 27/11/2026 as day first (env STAKEHOLDERS_DAYFIRST=1).")
@click.version_option(package_name="stakeholders")
@click.pass_context
def main(ctx: click.Context, db: str | None, dayfirst: bool) -> None:
    """Track stakeholders, their buy-in and which plan version each has heard.

    With no command, opens the TUI on the selected database.
    """
    ctx.obj = AppContext(db, dayfirst)
    if ctx.invoked_subcommand is None:
        open_tui(ctx.obj)


def open_tui(app: AppContext) -> None:
    # The one sanctioned upward import: only the bare command loads Textual.
    try:
        from tui.app import run_tui
    except ImportError as exc:  # pragma: no cover - only without the tui extra
        click.echo(f"error: the TUI is not available ({exc})", err=True)
        sys.exit(1)
    run_tui(app.store)


def _register() -> None:
    import importlib

    for name in ("people", "plans", "touchpoints", "notes", "events", "data", "rules", "export"):
        module = importlib.import_module(f"stakeholders.cli.{name}")
        for command in module.COMMANDS:
            main.add_command(command)


_register()
