"""Settling a planned touchpoint whose time has passed: it was held (with the stance heard), or drop it."""

from sqlmodel import Session
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from db.enums import StanceLevel
from stakeholders.touchpoints import delete_touchpoint
from tui.app import StakeholdersApp
from tui.data.log_form import check_held_form, held_from_form
from tui.data.writing import Outcome, attempt_write
from tui.screens.form import Field, FormScreen


class HeldScreen(FormScreen):
    """It happened: `touchpoint held ID --stance LEVEL --note TEXT`, and the concerns raised and the
    follow-up promised in it, as the log form takes them (tui/data/log_form.py, the same use cases)."""

    app = getters.app(StakeholdersApp)

    HINT = "Enter or ctrl+s saves · Esc cancels · Name=level / Name=text for one of several people"

    def __init__(self, touchpoint_id: int, names: str, has_plan: bool) -> None:
        super().__init__()
        self.touchpoint_id = touchpoint_id
        self.has_plan = has_plan
        self.HEADING = f"It happened: the call with {names}"

    def fields(self) -> list[Field]:
        levels = tuple(level.value for level in StanceLevel)
        about_plan = (
            [
                Field(
                    "stance",
                    "Stance heard",
                    placeholder="blank: none recorded; or Name=level; Name=level",
                    suggestions=levels,
                ),
                Field("concerns", "Concerns", placeholder="text, or Name=text; Name=text"),
            ]
            if self.has_plan
            else []
        )
        return about_plan + [
            Field("note", "Note", placeholder="what was said"),
            Field("follow_up", "Follow-up", placeholder="a promise we made"),
            Field("due", "Due", placeholder="when the follow-up is due: friday, in 3 days…"),
        ]

    def on_mount(self) -> None:
        self.query(".form-row Input").first().focus()

    def save(self, values: dict[str, str]) -> None:
        self._write_held(values)

    @work(thread=True, group="held", exit_on_error=False)
    def _write_held(self, values: dict[str, str]) -> None:
        now = self.app.now()
        with self.app.store.session() as session:
            problems = check_held_form(session, values, now, dayfirst=self.app.settings.dayfirst)
        if problems:
            self.app.call_from_thread(self.refuse, problems)
            return
        outcome = attempt_write(
            self.app.store,
            lambda session: held_from_form(
                session, self.touchpoint_id, values, now, dayfirst=self.app.settings.dayfirst
            ),
        )
        self.app.call_from_thread(self.finish, outcome)


class DropScreen(ModalScreen[str | None]):
    """Dropping deletes the planned touchpoint (recorded in the audit log): ask first."""

    app = getters.app(StakeholdersApp)

    BINDINGS = [
        Binding("y", "drop", "Yes, drop it", id="drop.yes"),
        Binding("n,escape", "cancel", "No", id="drop.no"),
    ]

    def __init__(self, touchpoint_id: int, names: str, when: str) -> None:
        super().__init__()
        self.touchpoint_id = touchpoint_id
        self.names, self.when = names, when
        self.question = f"Drop the planned touchpoint with {names} ({when})? It did not happen."

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.question, classes="form-heading")
            yield Static("", id="form-error", classes="form-error")
            yield Static("y drops it · n or Esc keeps it", classes="form-hint")
        yield Footer()

    @work(thread=True, group="drop", exit_on_error=False)
    def action_drop(self) -> None:
        def drop(session: Session) -> str:
            delete_touchpoint(session, self.touchpoint_id, planned_only=True)
            return "dropped"

        outcome = attempt_write(self.app.store, drop)
        self.app.call_from_thread(self._finish, outcome)

    def _finish(self, outcome: Outcome[str]) -> None:
        if outcome.error:
            self.query_one("#form-error", Static).update(f"✗ {outcome.error}")
        else:
            self.dismiss(f"dropped the planned touchpoint with {self.names} ({self.when})")

    def action_cancel(self) -> None:
        if not getattr(self, "leaving", False):  # once: a second Esc typed ahead would pop the screen beneath
            self.leaving = True
            self.dismiss(None)
