"""What every command shares: the context object, errors as one line, output helpers.

Only click is imported at module level: the store, SQLAlchemy and the use
cases load inside commands, so `--help` and completion stay fast.
"""

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import click

from stakeholders import json_text

if TYPE_CHECKING:
    from stakeholders.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])


class AppContext:
    """Per-invocation state: where the database is, how to read dates, who is acting."""

    def __init__(self, db: str | None, dayfirst: bool, screen: str | None = None) -> None:
        self.db = db
        self.dayfirst = dayfirst
        self.screen = screen
        self._settings: Settings | None = None
        self._store: Any = None

    @property
    def settings(self) -> "Settings":
        """The run's settings (stakeholders.settings), read from the options and the environment once,
        at first use: a bad STAKEHOLDERS_STALE_DAYS fails the commands that read it, not `add --help`."""
        if self._settings is None:
            from stakeholders.settings import Settings

            self._settings = Settings.from_env(database=self.db, dayfirst=self.dayfirst, screen=self.screen)
        return self._settings

    def stale_days(self, flag: str | None) -> int:
        """§3.2's threshold: a command's `--stale-days` wins over the settings (and a bad variable is
        not read when the flag is given)."""
        if flag is None:
            return self.settings.stale_days
        from stakeholders.settings import Settings

        return Settings.from_env({}, stale_days=flag).stale_days

    @property
    def store(self) -> Any:
        if self._store is None:
            from db.store import open_store

            self._store = open_store(self.db)
            click.get_current_context().call_on_close(self.close)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def when(self, text: str, purpose: str, now: datetime | None = None) -> datetime:
        from stakeholders.dates import parse_when

        return parse_when(text, purpose=purpose, dayfirst=self.dayfirst, now=now)  # type: ignore[arg-type]


pass_app = click.make_pass_decorator(AppContext)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(func)


def emit_json(data: Any) -> None:
    """Pretty JSON on stdout, encoded in one call and written in pieces.

    One huge write to a pipe whose reader has gone (`list --json | head`)
    is cut short without an error by Python's text layer; pieces make the
    next one fail, so the command stops as every other listing does.
    Encoding in one call (not `iterencode` token by token) keeps the
    echoing out of the encoder's loop: for 50,000 people that loop cost more
    than the encoding. With `indent`, Python 3.11 encodes in Python, not in
    C: ~1.5 s of `list --json`'s ~4.5 s at 50,000 people, against ~0.25 s
    compact. The indented text is kept; it is what people read and diff.
    """
    text = json_text.dumps(data) + "\n"  # json.dumps(indent=2, ensure_ascii=False, default=str)'s text, faster
    for start in range(0, len(text), JSON_PIECE):
        click.echo(text[start : start + JSON_PIECE], nl=False)


JSON_PIECE = 16 * 1024


def use_color() -> bool:
    return "NO_COLOR" not in os.environ and sys.stdout.isatty()


def style(text: str, **kwargs: Any) -> str:
    return click.style(text, **kwargs) if use_color() else text


def info(message: str) -> None:
    """A message for the person, on stderr, so stdout stays data."""
    click.echo(message, err=True)


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], empty: str = "nothing to show") -> None:
    """A plain aligned table; wide cells are cut so a row stays on one line."""
    data = [["" if c is None else str(c).replace("\n", " ") for c in row] for row in rows]
    if not data:
        info(empty)
        return
    cap = 40
    widths = [min(cap, max(len(h), *(len(r[i]) for r in data))) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        out = []
        for cell, width in zip(cells, widths, strict=True):
            cell = cell if len(cell) <= width else cell[: width - 1] + "…"
            out.append(cell.ljust(width))
        return "  ".join(out).rstrip()

    click.echo(style(line(headers), bold=True))
    for row in data:
        click.echo(line(row))


def local(dt: datetime | None) -> str:
    from stakeholders.dates import format_local

    return format_local(dt)


def split_assignment(text: str) -> tuple[str | None, str]:
    """`PERSON=VALUE` → (PERSON, VALUE); a bare VALUE → (None, VALUE)."""
    if "=" in text:
        who, _, value = text.partition("=")
        if who.strip():
            return who.strip(), value
    return None, text
