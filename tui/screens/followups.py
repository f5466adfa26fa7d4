"""Follow-ups to work through, overdue first: mark one kept from its row, add a new one (§7)."""

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.binding import Binding

from tui.data.plan_forms import keep_promise
from tui.data.work_lists import PromiseLine, open_follow_ups
from tui.screens.base import LogDefaults
from tui.screens.change_form import run_change
from tui.screens.work_list import WorkList
from tui.widgets.styles import on_day, styled


class FollowUpsScreen(WorkList[PromiseLine]):
    HEADING = "Follow-ups not yet kept"
    EMPTY = "none — every promise is kept"
    HINT = "k marks it kept (ctrl+z undoes) · a adds one · o opens the person · Esc back"
    COLUMNS = ("Due", "Owed to", "Owner", "Promise")
    BINDINGS = [
        Binding("k", "kept", "Kept", id="followups.kept", tooltip="Mark the follow-up under the cursor kept"),
        Binding("a", "add", "Add", id="followups.add", tooltip="Add a follow-up: a promise we made"),
        Binding("o", "open_person", "Open person", id="followups.person", tooltip="Show the first person owed"),
    ]

    def read(self, session: Any, now: datetime) -> list[PromiseLine]:
        return open_follow_ups(session, now)

    def cells(self, row: PromiseLine, now: datetime) -> tuple[str | Text, ...]:
        due = on_day(row.due_at, now)
        if row.overdue:
            days = (now - row.due_at).days
            late = f"{days} day{'s' if days != 1 else ''}" if days else "today"
            due_text: str | Text = styled(f"! {due}, {late} late", "warn")
        else:
            due_text = due
        names = ", ".join(row.names[:3]) + (f" +{len(row.names) - 3}" if len(row.names) > 3 else "")
        return due_text, names, row.owner or "", row.text

    def action_kept(self) -> None:
        row = self.current
        if row is not None:
            run_change(self.app, lambda session: keep_promise(session, row.id))

    def action_add(self) -> None:
        from tui.screens.promise_forms import AddFollowUpScreen

        self.app.push_screen(AddFollowUpScreen(", ".join(self.current.names) if self.current else ""))

    async def action_open_person(self) -> None:
        if self.current is not None and self.current.person_ids:
            await self.app.open_person(self.current.person_ids[0])  # type: ignore[attr-defined]

    def log_defaults(self) -> LogDefaults:
        return LogDefaults(person_ids=self.current.person_ids[:1]) if self.current else LogDefaults()
