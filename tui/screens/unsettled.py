""" "Did this happen?": planned touchpoints whose time has passed (§2). Mark held, drop or edit from the row."""

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.binding import Binding

from tui.data.dashboard_lines import PendingLine
from tui.data.touchpoint_forms import remove_touchpoint
from tui.data.work_lists import unsettled
from tui.screens.base import LogDefaults
from tui.screens.change_form import confirm_then
from tui.screens.work_list import WorkList
from tui.widgets.styles import when


class UnsettledScreen(WorkList[PendingLine]):
    HEADING = "Did this happen? Planned calls whose time has passed"
    EMPTY = "nothing to settle — every planned call is still ahead"
    HINT = "h it happened (mark held) · D did not happen (drop) · e edits it · Esc back · they brief nobody until held"
    COLUMNS = ("When", "With", "Plan", "Channel", "Notes")
    ENTER_ACTION = "held"
    BINDINGS = [
        Binding("h", "held", "Held", id="unsettled.held", tooltip="It happened: mark it held (Enter too)"),
        Binding("D", "drop", "Drop", id="unsettled.drop", tooltip="It did not happen: drop it (asked first; Shift+d)"),
        Binding("e", "edit", "Edit", id="unsettled.edit", tooltip="Edit it (a new time, other people)"),
    ]

    def read(self, session: Any, now: datetime) -> list[PendingLine]:
        return unsettled(session, now)

    def cells(self, row: PendingLine, now: datetime) -> tuple[str | Text, ...]:
        plan = f"{row.plan} v{row.version}" if row.plan else "—"
        return when(row.occurred_at, now), ", ".join(row.names), plan, row.channel, (row.summary or "").split("\n")[0]

    def action_held(self) -> None:
        from tui.screens.touchpoint_forms import hold_with_undo

        row = self.current
        if row is not None:
            hold_with_undo(self.app, row.id, ", ".join(row.names), row.plan is not None)

    def action_drop(self) -> None:
        row = self.current
        if row is not None:
            drop(self.app, row.id, ", ".join(row.names), when(row.occurred_at, self.app.now()))  # type: ignore[attr-defined]

    def action_edit(self) -> None:
        from tui.screens.touchpoint_forms import EditTouchpointScreen

        row = self.current
        if row is not None:
            self.app.push_screen(EditTouchpointScreen(row.id, f"{row.channel} with {', '.join(row.names)}"))

    def log_defaults(self) -> LogDefaults:
        return LogDefaults(person_ids=self.current.person_ids) if self.current else LogDefaults()


def drop(app: Any, touchpoint_id: int, names: str, at: str) -> None:
    """Dropping deletes the planned touchpoint: asked first, undoable after."""
    confirm_then(
        app,
        f"Drop the planned touchpoint with {names} ({at})? It did not happen.",
        lambda session: remove_touchpoint(session, touchpoint_id, app.now(), planned_only=True),
        "y drops it",
    )
