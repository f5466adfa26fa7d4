"""Touchpoint actions with their undo (§7): `Log touchpoint`, `Plan a call`, `Edit touchpoint`, and the
picker that names a touchpoint for `Edit touchpoint` / `Delete touchpoint` when none is in focus."""

from typing import Any

from rich.text import Text
from sqlmodel import Session
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from db.enums import Channel
from stakeholders.undo_touchpoints import TouchpointState, touchpoint_back_change, touchpoint_state
from tui.app import StakeholdersApp
from tui.data import checks
from tui.data.plan_forms import Done, person_names, plan_names
from tui.data.touchpoint_forms import (
    attendee_names,
    edit_from_form,
    log_with_undo,
    recent_touchpoints,
    touchpoint_fields,
)
from tui.data.writing import Outcome, attempt_write
from tui.screens.base import LogDefaults
from tui.screens.change_form import ChangeForm, Prepared, keep_change
from tui.screens.form import Field
from tui.screens.log_form import LogScreen


class UndoableLogScreen(LogScreen):
    """The log form as it is (fields, pre-fill, reading), saved with the undo of what it recorded."""

    def finish(self, outcome: Outcome[str]) -> None:
        from tui.data.words import in_tui_words

        super().finish(Outcome(error=in_tui_words(outcome.error)) if outcome.error else outcome)

    def __init__(self, defaults: LogDefaults, heading: str | None = None) -> None:
        super().__init__(defaults)
        if heading:
            self.HEADING = heading

    def save(self, values: dict[str, str]) -> None:
        self._save_with_undo(values)

    @work(thread=True, group="log-save", exit_on_error=False)
    def _save_with_undo(self, values: dict[str, str]) -> None:
        from tui.data.log_form import check_log_form

        now = self.app.now()
        with self.app.store.session() as session:
            problems = check_log_form(session, values, now, dayfirst=self.app.settings.dayfirst)
        if problems:  # every one at once, as the log form does
            self.app.call_from_thread(self.refuse, problems)
            return
        outcome = attempt_write(
            self.app.store, lambda session: log_with_undo(session, values, now, dayfirst=self.app.settings.dayfirst)
        )
        self.app.call_from_thread(self._logged, outcome)

    def _logged(self, outcome: Outcome[Done]) -> None:
        if outcome.error is not None or outcome.value is None:
            self.finish(Outcome(error=outcome.error))
            return
        self.saving = False
        keep_change(self.app, outcome.value)
        self.dismiss(None)


class EditTouchpointScreen(ChangeForm):
    """`touchpoint edit ID` as a form: every field as it is; what is changed is saved."""

    app = getters.app(StakeholdersApp)

    HEADING = "Edit a touchpoint"

    def __init__(self, touchpoint_id: int, what: str = "") -> None:
        super().__init__()
        self.touchpoint_id = touchpoint_id
        if what:
            self.HEADING = f"Edit the {what}"

    def fields(self) -> list[Field]:
        return [
            Field("who", "With", placeholder="names or e-mails, comma-separated", multi=True),
            Field("plan", "Plan", placeholder="blank: plain relationship upkeep"),
            Field("version", "Version", placeholder="blank: the plan's current version"),
            Field("when", "When", placeholder="2026-11-20 15:00, yesterday 15:00…"),
            Field("channel", "Channel", suggestions=tuple(c.value for c in Channel)),
            Field("by", "By", placeholder="the team member who held it"),
            Field("notes", "Notes", placeholder="what was said (private to the team)"),
        ]

    def prepare(self, session: Session) -> Prepared:
        return touchpoint_fields(session, self.touchpoint_id, self.app.now()), {
            "who": (person_names(session), True),
            "plan": (plan_names(session), False),
        }

    def save(self, values: dict[str, str]) -> None:
        now = self.app.now()
        self.save_with(
            lambda session: edit_from_form(
                session, self.touchpoint_id, values, now, dayfirst=self.app.settings.dayfirst
            ),
            values,
        )

    def field_checks(self) -> dict[str, checks.Check]:
        return {
            "who": checks.people,
            "plan": checks.plan(optional=True),
            "version": checks.version,
            "when": checks.date("log", self.app.now(), dayfirst=self.app.settings.dayfirst),
        }


class TouchpointPicker(ModalScreen[int | None]):
    """The latest touchpoints, newest first: Enter chooses one (for editing or deleting)."""

    app = getters.app(StakeholdersApp)

    DEFAULT_CSS = """
    TouchpointPicker { align: center middle; }
    TouchpointPicker .form { height: 90%; }
    TouchpointPicker DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self, purpose: str) -> None:
        super().__init__()
        self.purpose = purpose

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(f"Which touchpoint to {self.purpose}? (the latest first)", classes="form-heading")
            yield DataTable(id="picker", cursor_type="row", zebra_stripes=False)
            yield Static("↑↓ choose · Enter picks it · Esc cancels", classes="form-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("When", "Status", "Channel", "With", "Notes")
        table.focus()
        self.load()

    @work(thread=True, group="picker", exit_on_error=False)
    def load(self) -> None:
        with self.app.store.session() as session:
            rows = recent_touchpoints(session, self.app.now())
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[tuple[int, str, str, str, str, str]]) -> None:
        table = self.query_one(DataTable)
        for tid, when, status, channel, people, notes in rows:
            shown = Text(status, style="bold") if status == "planned" else status
            table.add_row(when, shown, channel, people[:40], notes[:40], key=str(tid))
        if not rows:
            self.query_one(".form-heading", Static).update("No touchpoints yet: log one first (l)")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.dismiss(int(event.row_key.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


def hold_with_undo(app: Any, touchpoint_id: int, names: str, has_plan: bool) -> None:
    """The "it happened" step (the settle screen, as it is) with its undo: the touchpoint's state is read
    first, and once the step is saved, undo puts the call back on the calendar as it was."""
    from tui.screens.settle import HeldScreen

    def read_before() -> None:
        with app.store.session() as session:
            before = touchpoint_state(session, touchpoint_id)
        app.call_from_thread(
            app.push_screen, HeldScreen(touchpoint_id, names, has_plan), lambda result: _held(app, before, result)
        )

    app.run_worker(read_before, thread=True, group="held-before", exit_on_error=False)


def _held(app: Any, before: TouchpointState, result: str | None) -> None:
    if not result:
        return

    def with_undo() -> None:
        with app.store.session() as session:
            label = f"Marked the {before.channel.value} with {', '.join(attendee_names(session, before.id))} held"
            change = touchpoint_back_change(session, before, label)
        app.call_from_thread(keep_change, app, Done(result[:1].upper() + result[1:], change))

    app.run_worker(with_undo, thread=True, group="held-after", exit_on_error=False)
