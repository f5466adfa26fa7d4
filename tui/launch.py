"""What the bare `stakeholders` command runs: the TUI, on a store or on a SQLite file.

This module imports no Textual at load time. On a file that is ours and
current, the stakeholders screen's first page is read in a thread while
Textual is imported (SQLite does its reading without the GIL), so the
first frame can show real rows; the store itself opens behind that frame
(tui/opening.py). §9 sets the target: within 1.5× of a minimal Textual app.
"""

import gc
import shutil
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from db.first_page import FIRST_PAGE_ROWS, FirstPage, read_first_page

if TYPE_CHECKING:
    from db.store import Store


def run_tui(store: "Store", *, start: str = "dashboard") -> None:
    """The TUI on a store the command had to open first (a URL, a new file, one to upgrade)."""
    from tui.app import make_app

    make_app(store, start=start).run()


def run_tui_on_file(path: Path, *, start: str = "dashboard") -> None:
    """The TUI on a SQLite file that is ours and current (`db.first_page.sqlite_file`): the first frame
    comes first, the store opens behind it. Raises what opening the store raised."""
    first: list[FirstPage | None] = [None]
    reader = None
    if start == "people":
        now, lines = datetime.now(UTC), shutil.get_terminal_size().lines

        def read() -> None:
            first[0] = read_first_page(path, now, rows=FIRST_PAGE_ROWS, cell_rows=lines)

        reader = threading.Thread(target=read, name="first page", daemon=True)
        reader.start()

    from tui.app import make_app
    from tui.opening import StoreOpening

    def open_file() -> "Store":
        from db.store import open_store

        return open_store(path)

    if reader is not None:
        reader.join()
    # Everything imported so far lives as long as the process: keep the collector from walking it again
    # and again while the first frame is built (one full pass over it cost ~40 ms here).
    gc.freeze()
    opening = StoreOpening(open_file)
    app = make_app(opening, start=start, first_page=first[0])
    try:
        app.run()
    finally:
        opening.close()
    if app.opening_error is not None:
        raise app.opening_error
