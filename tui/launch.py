"""What the bare `stakeholders` command runs: the TUI, on a store or on a SQLite file.

This module imports no Textual at load time. On a file that is ours and
current, what the first screen shows is read without SQLAlchemy: the
stakeholders screen's first page (db/first_page.py, ~5-10 ms at 50,000
people) before Textual is imported, the dashboard's figures
(db/first_figures.py, ~0.2 s) in a child process while it is
(tui/opening.py, ReadAhead); the store itself opens behind the first frame.
§9 sets the targets: within 1.5× (first rows) and 2× (the dashboard's
figures) of a minimal Textual app.
"""

import gc
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from db.first_page import FIRST_PAGE_ROWS, FirstPage, read_first_page
from tui.opening import ReadAhead

if TYPE_CHECKING:
    from db.store import Store
    from stakeholders.settings import Settings
    from tui.data.dashboard_lines import FirstLines


def run_tui(store: "Store", *, start: str = "dashboard", settings: "Settings") -> None:
    """The TUI on a store the command had to open first (a URL, a new file, one to upgrade)."""
    from tui.app import make_app

    make_app(store, start=start, settings=settings).run()


def read_dashboard_ahead(path: Path, now: datetime, stale_days: int) -> "ReadAhead[FirstLines]":
    """The dashboard's figures, read in a child process: the read and its Python work (~0.2 s at 50,000
    people) then run beside Textual's import and the building of the screen instead of taking turns
    with them for the GIL, which made both twice as slow in a thread. Not waited for: the screen shows
    the figures when they come (in its first frame if they are in by then)."""
    from db.first_figures import read_first_figures
    from tui.data.dashboard_lines import EVENTS_SHOWN, Plain, first_lines, plain

    def read() -> Plain | None:  # in the child
        figures = read_first_figures(path, now, events=EVENTS_SHOWN, stale_days=stale_days)
        return None if figures is None else plain(figures)

    def lines(read: Plain | None) -> "FirstLines | None":  # back here
        return None if read is None else first_lines(read)

    return ReadAhead(read, "first figures", then=lines, in_process=False)


def run_tui_on_file(path: Path, *, start: str = "dashboard", settings: "Settings") -> None:
    """The TUI on a SQLite file that is ours and current (`db.first_page.sqlite_file`): the first frame
    comes first, the store opens behind it. Raises what opening the store raised."""
    # No collections until the first frame: importing Textual and building the screen make objects that
    # live as long as the process, and the collector walked them again and again (~20 ms of a ~400 ms
    # start, median of interleaved starts at 50,000 people). Back on at the first frame, or on the way out.
    gc.disable()
    try:
        _run_on_file(path, start, settings)
    finally:
        gc.enable()


def _run_on_file(path: Path, start: str, settings: "Settings") -> None:
    first: FirstPage | None = None
    figures = None
    now = datetime.now(UTC)
    if start == "people":
        # Read here, not in a thread beside Textual's import: the same start either way (medians of 12
        # interleaved starts at 50,000 people, beside one busy core and beside two), and no turns
        # taken for the GIL.
        first = read_first_page(path, now, rows=FIRST_PAGE_ROWS, cell_rows=shutil.get_terminal_size().lines)
    elif start == "dashboard":
        figures = read_dashboard_ahead(path, now, settings.stale_days)

    from tui.app import make_app
    from tui.opening import StoreOpening

    def open_file() -> "Store":
        from db.store import open_store

        return open_store(path)

    # Everything imported so far lives as long as the process: out of the collector's sight for good,
    # so the collections after the first frame do not walk it again (one full pass cost ~40 ms here).
    gc.freeze()
    opening = StoreOpening(open_file)
    app = make_app(opening, start=start, first_page=first, first_figures=figures, settings=settings)
    app.after_first_frame(gc.enable)
    try:
        app.run()
    finally:
        opening.close()
    if app.opening_error is not None:
        raise app.opening_error
