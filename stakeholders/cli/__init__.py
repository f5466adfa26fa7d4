"""The `stakeholders` command: a group whose bare call opens the TUI."""

import sys
from typing import Any

import click

from stakeholders.cli.common import AppContext
from tui.screen_names import CLI_CHOICES

EXAMPLE = """
\b
Examples:
  stakeholders add "Dana Reyes" --email dana@example.com --influence 4 --tag cx-team
  stakeholders log dana@example.com --plan "CX programme" --stance supportive
  stakeholders surprises
  stakeholders            (opens the TUI)
"""


class StakeholdersGroup(click.Group):
    """Turns the errors we expect into one line on stderr and an exit status.

    Usage errors too: click's three lines (Usage, Try, Error) become one,
    `error: no such option '--foo' (see 'stakeholders list --help')`, exit 2.
    """

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = _MODULE_OF.get(cmd_name)
        if module is not None and cmd_name not in self.commands:
            _load(module)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in COMMAND_MODULES:
            _load(module)
        return super().list_commands(ctx)

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise  # a bare group prints its help, as asked
        except click.ClickException as exc:  # an option or argument of the group itself
            _print_click_error(exc, info_name)
            raise click.exceptions.Exit(exc.exit_code) from None

    def invoke(self, ctx: click.Context) -> Any:
        words = [*getattr(ctx, "_protected_args", []), *ctx.args]  # what names the sub-command, before parsing
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.exceptions.NoArgsIsHelpError):
            raise
        except click.ClickException as exc:  # a sub-command's usage error or a click.BadParameter
            _print_click_error(exc, _command_path(ctx, words))
            ctx.exit(exc.exit_code)
        except BrokenPipeError:
            _die_of_broken_pipe(ctx)
        except Exception as exc:  # classified below; anything else is a bug and re-raised
            code, message = _classify(exc, _where(ctx))
            if code is None:
                raise
            click.echo(f"error: {one_line(message)}", err=True)
            ctx.exit(code)
        except KeyboardInterrupt:
            click.echo("interrupted: nothing was written by the unfinished command", err=True)
            ctx.exit(130)


def _print_click_error(exc: click.ClickException, fallback: str | None = None) -> None:
    """`error: what is wrong (see 'COMMAND --help')`, on one line.

    `fallback` names the command when click's error does not carry its context.
    """
    message = exc.format_message().strip()
    message = message[:1].lower() + message[1:] if message[1:2].islower() or message[1:2] == " " else message
    message = message.replace(". Did you mean", "; did you mean").rstrip(".")
    if isinstance(exc, click.UsageError):
        command = exc.ctx.command_path if exc.ctx is not None else fallback
    else:
        command = None  # not about usage (a file that cannot be opened): the message says it all
    hint = f" (see '{command} --help')" if command else ""
    click.echo(f"error: {one_line(message)}{hint}", err=True)


def _command_path(ctx: click.Context, words: list[str]) -> str:
    """`stakeholders plan add` from the words given: for click errors that do not say which command failed."""
    path, command = [ctx.command_path], ctx.command
    for word in words:
        if not isinstance(command, click.Group) or word not in command.commands:
            break
        path.append(word)
        command = command.commands[word]
    return " ".join(path)


def _die_of_broken_pipe(ctx: click.Context) -> None:
    """The reader of our output went away (`stakeholders list | head -1`): stop quietly, as git does.

    git dies of SIGPIPE (the shell shows status 141, `set -o pipefail` sees
    it) and prints nothing; so do we, after closing the database. A write
    transaction interrupted by the broken pipe has already rolled back.
    """
    import os
    import signal

    ctx.close()
    try:  # nothing more may reach the closed pipe, not even Python's flush at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (CliRunner): nothing to silence
        pass
    if hasattr(signal, "SIGPIPE") and _is_real_stdout():
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    ctx.exit(141)  # no SIGPIPE here (Windows) or stdout is not a real pipe: the same status, by hand


def _is_real_stdout() -> bool:
    try:
        return sys.stdout.fileno() == 1
    except (OSError, ValueError, AttributeError):
        return False


def _where(ctx: click.Context) -> str:
    app = ctx.obj
    if isinstance(app, AppContext):
        if app._store is not None:
            return str(app._store.describe())
        if app.db:
            return app.db
    return "the database"


def one_line(message: str) -> str:
    """The message with line breaks and control characters shown as escapes: it often quotes user input."""
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in message)


def _escape(ch: str) -> str:
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch) or ch.encode("unicode_escape").decode("ascii")


def _classify(exc: Exception, where: str = "the database") -> tuple[int | None, str]:
    import sqlite3

    from sqlalchemy import exc as sa_exc

    from db.engine import StoreError
    from db.store import damaged
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
    if isinstance(exc, sa_exc.DatabaseError) and isinstance(exc.orig, sqlite3.DatabaseError):
        exc = exc.orig  # SQLite found a damaged page while reading: handled below
    if isinstance(exc, sqlite3.DatabaseError) and _is_damage(exc):
        return 1, str(damaged(where, str(exc).splitlines()[0]))
    if isinstance(exc, UnicodeError):  # the boundary's backstop: undecodable bytes that reached a driver or a file
        reason = getattr(exc, "reason", str(exc))
        return (
            2,
            f"a value given holds bytes that cannot be stored ({reason}): nothing was written; "
            "retype it, or use a UTF-8 locale (e.g. LANG=C.UTF-8)",
        )
    if isinstance(exc, OverflowError):  # SQLite's driver refuses an int beyond 64 bits before SQLAlchemy sees it
        return 2, "a number given is too large: nothing was written"
    if isinstance(exc, OSError):
        return 1, f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    return None, ""


def _is_damage(exc: Exception) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB: the file, not the command, is at fault."""
    text = str(exc)
    return "malformed" in text or "not a database" in text or "corrupt" in text


# --screen names (as the nav bar shows them) to the app's modes: the TUI's one table of screens
# (plain data, no Textual; pyproject's import rules sanction this import).
TUI_SCREENS = CLI_CHOICES


@click.group(name="stakeholders", cls=StakeholdersGroup, invoke_without_command=True, epilog=EXAMPLE)
@click.option(
    "--db",
    envvar="STAKEHOLDERS_DB",
    metavar="TARGET",
    help="SQLite file or SQLAlchemy URL (env STAKEHOLDERS_DB). Default: stakeholders.db in the user data directory.",
)
@click.option(
    "--dayfirst",
    is_flag=True,
    envvar="STAKEHOLDERS_DAYFIRST",
    help="Read 27/11/2026 as day first (env STAKEHOLDERS_DAYFIRST=1).",
)
@click.option(
    "--screen",
    type=click.Choice(list(TUI_SCREENS)),
    default="dashboard",
    show_default=True,
    envvar="STAKEHOLDERS_SCREEN",
    help="With no command: the TUI screen to open on (env STAKEHOLDERS_SCREEN).",
)
@click.version_option(package_name="stakeholders")
@click.pass_context
def main(ctx: click.Context, db: str | None, dayfirst: bool, screen: str) -> None:
    """Track stakeholders, their buy-in and which plan version each has heard.

    With no command, opens the TUI on the selected database.
    """
    from stakeholders.untrusted import check_environment

    _streams_keep_file_names()
    check_environment()  # STAKEHOLDERS_USER and the rest, once, before anything reads them
    ctx.obj = AppContext(db, dayfirst, screen)
    if ctx.invoked_subcommand is None:
        open_tui(ctx.obj, TUI_SCREENS[screen])


def _streams_keep_file_names() -> None:
    """Print a file name with bytes the locale cannot decode as those bytes, as `ls` does.

    Text arguments holding such bytes are refused at the boundary, so only
    file names (a backup's path, say) can carry them to stdout; stderr
    already shows them escaped (Python's default there is backslashreplace).
    """
    import io

    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors == "strict":
        sys.stdout.reconfigure(errors="surrogateescape")


def open_tui(app: AppContext, start: str = "dashboard") -> None:
    # The TUI's settings, read (and a bad one refused in one line) before Textual loads; the TUI is
    # handed them and reads no variable of its own.
    settings = app.settings
    # The one sanctioned upward import: only the bare command loads Textual.
    try:
        from tui.launch import run_tui, run_tui_on_file
    except ImportError as exc:  # pragma: no cover - only without the tui extra
        click.echo(f"error: the TUI is not available ({exc})", err=True)
        sys.exit(1)
    from db.first_page import sqlite_file

    path = sqlite_file(app.db)
    if path is not None:
        # Ours and current: paint first, open the store (SQLAlchemy) behind the first frame (§9).
        run_tui_on_file(path, start=start, settings=settings)
    else:
        # A URL, a new file or one to migrate: open (create, upgrade) before the first frame.
        run_tui(app.store, start=start, settings=settings)


# Which module defines each command: a command's module is imported when the command is run (or the
# help lists them all), so the bare command, which opens the TUI, imports none of them (§9: ~20 ms of
# the TUI's start). tests/cli/test_usage_errors.py checks this map against the modules' COMMANDS.
COMMAND_MODULES = {
    "people": ("add", "edit", "archive", "unarchive", "merge", "list", "show", "history", "stance", "influence"),
    "plans": ("plan",),
    "touchpoints": ("log", "touchpoint"),
    "notes": ("concern", "followup"),
    "events": ("event",),
    "data": ("backup", "restore", "dump", "load", "forget", "demo"),
    "importing": ("import", "sync"),
    "rules": ("surprises", "brief", "calls"),
    "export": ("export",),
}
_MODULE_OF = {command: module for module, commands in COMMAND_MODULES.items() for command in commands}


def _load(module_name: str) -> None:
    import importlib

    from stakeholders.cli.boundary import harden

    module = importlib.import_module(f"stakeholders.cli.{module_name}")
    for command in module.COMMANDS:
        main.add_command(harden(command))  # the boundary (cli/boundary.py): every command, present and future
