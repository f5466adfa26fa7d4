"""Settling a planned touchpoint whose time has passed: it was held (with the stance heard), or drop it."""

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from db.enums import StanceLevel
from stakeholders.stances import parse_level
from stakeholders.touchpoints import delete_touchpoint, mark_held
from tui.data.log_form import complete
from tui.data.writing import Outcome, attempt_write
from tui.screens.form import Field, FormScreen


class HeldScreen(FormScreen):
    """`touchpoint held ID [--stance LEVEL] [--note TEXT]` as a form."""

    def __init__(self, touchpoint_id: int, names: str, has_plan: bool) -> None:
        super().__init__()
        self.touchpoint_id = touchpoint_id
        self.has_plan = has_plan
        self.HEADING = f"It happened: the call with {names}"

    def fields(self) -> list[Field]:
        levels = tuple(level.value for level in StanceLevel)
        stance = Field("stance", "Stance heard", placeholder="blank: none recorded", suggestions=levels)
        return ([stance] if self.has_plan else []) + [Field("note", "Note", placeholder="what was said")]

    def on_mount(self) -> None:
        self.query(".form-row Input").first().focus()

    @work(thread=True, group="held", exit_on_error=False)
    def save(self, values: dict[str, str]) -> None:
        now = self.app.now()  # type: ignore[attr-defined]

        def held(session):  # type: ignore[no-untyped-def]
            stance = complete(values.get("stance", ""), [level.value for level in StanceLevel])
            level = parse_level(stance) if stance else None
            mark_held(session, self.touchpoint_id, level, values.get("note"), now=now)
            return "marked held" + (f" ({level.value})" if level else "")

        self.app.call_from_thread(self.finish, attempt_write(self.app.store, held))  # type: ignore[attr-defined]


class DropScreen(ModalScreen[str | None]):
    """Dropping deletes the planned touchpoint (recorded in the audit log): ask first."""

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
        outcome = attempt_write(self.app.store,  # type: ignore[attr-defined]
                                lambda s: delete_touchpoint(s, self.touchpoint_id, planned_only=True) or "dropped")
        self.app.call_from_thread(self._finish, outcome)

    def _finish(self, outcome: Outcome[str]) -> None:
        if outcome.error:
            self.query_one("#form-error", Static).update(f"✗ {outcome.error}")
        else:
            self.dismiss(f"dropped the planned touchpoint with {self.names} ({self.when})")

    def action_cancel(self) -> None:
        self.dismiss(None)
