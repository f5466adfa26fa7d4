"""A list to work through (§7): a table of rows, keys that act on the row under the cursor.

Concerns, follow-ups and "did this happen?" each subclass it (tui/screens/concerns.py,
followups.py, unsettled.py); the rows are read in a thread and read again after every change.
"""

from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.screens.base import DataScreen

Row = TypeVar("Row")


class WorkList(DataScreen, Generic[Row]):
    """Subclasses give `HEADING`, `EMPTY`, `COLUMNS`, `read(session, now)` and `cells(row, now)`."""

    DEFAULT_CSS = """
    WorkList #work-heading { padding: 0 1; text-style: bold; height: auto; }
    WorkList DataTable { height: 1fr; }
    WorkList #work-hint { padding: 0 1; height: auto; }
    """
    NAV = "dashboard"
    HEADING = ""
    EMPTY = ""
    HINT = ""
    COLUMNS: tuple[str, ...] = ()
    LONG = -1
    """The column of free text (a concern, a promise): cut to the room the others leave, so that at 80
    columns every column stays on screen (it is the last one, and ends with … when cut)."""
    ENTER_ACTION = ""
    """What Enter on a row does (the table takes Enter itself and says a row was selected)."""
    BINDINGS = [Binding("escape", "back", "Back", id="work-list.back", tooltip="Back to where you came from")]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(self.HEADING, id="work-heading")
        yield DataTable(id="work-table", cursor_type="row")
        yield Static(self.HINT, id="work-hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*self.COLUMNS)
        table.focus()
        self.footer_after_first_frame()
        self.reload()

    def load(self) -> None:
        self._read()

    @work(thread=True, exclusive=True, group="work-list", exit_on_error=False)
    def _read(self) -> None:
        now = self.app.now()  # type: ignore[attr-defined]
        with self.app.store.session() as session:  # type: ignore[attr-defined]
            rows = self.read(session, now)
        self.app.call_from_thread(self._show, rows, now)

    def read(self, session: Any, now: Any) -> list[Row]:
        raise NotImplementedError

    def cells(self, row: Row, now: Any) -> tuple[str | Text, ...]:
        raise NotImplementedError

    def _show(self, rows: list[Row], now: Any) -> None:
        table = self.query_one(DataTable)
        at = table.cursor_row
        table.clear()
        self.rows = rows
        cells = [list(self.cells(row, now)) for row in rows]
        others = [max((len(line[i]) for line in cells), default=0) for i in range(len(self.COLUMNS) - 1)]
        used = sum(max(width, len(title)) + 2 for width, title in zip(others, self.COLUMNS, strict=False))
        room = max(16, self.size.width - 4 - used)
        for line in cells:
            text = line[self.LONG]
            if len(text) > room:
                line[self.LONG] = text[: room - 1] + "…"  # a Text keeps its style when cut
            table.add_row(*line)
        if rows:
            table.move_cursor(row=min(at, len(rows) - 1))
        heading = f"{self.HEADING} ({len(rows)})" if rows else f"{self.HEADING}: {self.EMPTY}"
        self.query_one("#work-heading", Static).update(heading)

    @property
    def current(self) -> Row | None:
        """The row under the cursor, if any."""
        table = self.query_one(DataTable)
        if not self.rows or table.cursor_row < 0 or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    async def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.ENTER_ACTION:
            await self.run_action(self.ENTER_ACTION)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
