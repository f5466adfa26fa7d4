"""Open concerns to work through: resolve each by a plan version or a note, from its row (§7)."""

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from tui.data.work_lists import ConcernLine, open_concerns
from tui.screens.base import LogDefaults
from tui.screens.work_list import WorkList
from tui.widgets.styles import on_day, styled


class ConcernsScreen(WorkList[ConcernLine]):
    HEADING = "Open concerns"
    EMPTY = "none open — every concern heard has been answered"
    HINT = "Enter or r resolves (by a version or a note) · o opens the person · l logs a call · Esc back"
    COLUMNS = ("Who", "Plan", "Raised", "Concern")
    ENTER_ACTION = "resolve"
    BINDINGS = [
        Binding(
            "r",
            "resolve",
            "Resolve",
            id="concerns.resolve",
            tooltip="Resolve the concern under the cursor: by the plan version that addressed it, or a note",
        ),
        Binding("o", "open_person", "Open person", id="concerns.person", tooltip="Show the person who raised it"),
    ]

    def __init__(self, on: int | None = None) -> None:
        super().__init__()
        self.wanted = on
        """A concern to put the cursor on once the list is read (the palette jumps to a concern by its text)."""

    def _show(self, rows: list[ConcernLine], now: datetime) -> None:
        super()._show(rows, now)
        ids = [row.id for row in rows]
        if self.wanted in ids:
            self.query_one(DataTable).move_cursor(row=ids.index(self.wanted))
            self.wanted = None

    def read(self, session: Any, now: datetime) -> list[ConcernLine]:
        return open_concerns(session)

    def cells(self, row: ConcernLine, now: datetime) -> tuple[str | Text, ...]:
        name = styled(row.name, "strong") if row.key else row.name
        return name, row.plan, on_day(row.raised_at, now), row.text

    def action_resolve(self) -> None:
        from tui.screens.promise_forms import ResolveConcernScreen

        row = self.current
        if row is not None:
            self.app.push_screen(ResolveConcernScreen(row.id, row.name, row.text))

    async def action_open_person(self) -> None:
        if self.current is not None:
            await self.app.open_person(self.current.person_id)  # type: ignore[attr-defined]

    def log_defaults(self) -> LogDefaults:
        return LogDefaults(person_ids=[self.current.person_id]) if self.current else LogDefaults()
