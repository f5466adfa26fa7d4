"""A compact modal form: one line per field, errors shown in the form, saving off the UI thread.

Subclasses list their fields and implement `save(values)` (a thread
worker) that ends with `self.app.call_from_thread(self.finish, outcome)`.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from tui.data.writing import Outcome


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: str = ""
    placeholder: str = ""
    suggestions: tuple[str, ...] = ()
    multi: bool = False
    """Suggest for the last of several `,`/`;`-separated values rather than the whole field."""


class ItemSuggester(Suggester):
    """Completes a whole value, or (multi) the last item after `,` or `;`: `Chris, T` -> `Chris, Tom Becker`."""

    def __init__(self, items: Iterable[str], multi: bool) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.items = list(items)
        self.lowered = [i.lower() for i in self.items]
        self.multi = multi

    async def get_suggestion(self, value: str) -> str | None:
        head, last = "", value
        if self.multi:
            cut = max(value.rfind(","), value.rfind(";")) + 1
            head, last = value[:cut], value[cut:]
        stripped = last.lstrip()
        if not stripped:
            return None
        needle = stripped.lower()
        for item, low in zip(self.items, self.lowered, strict=True):
            if low.startswith(needle) and low != needle:
                return head + last[: len(last) - len(stripped)] + item
        return None


class FormScreen(ModalScreen[str | None]):
    """Enter or ctrl+s saves, Escape cancels; the result is the line to show after saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save (Enter in any field does too)"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]
    HEADING = ""
    HINT = "Enter or ctrl+s saves · Esc cancels · Tab next field · → accepts a suggestion"

    def __init__(self) -> None:
        super().__init__()
        self.saving = False

    def fields(self) -> list[Field]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.HEADING, classes="form-heading")
            for field in self.fields():
                with Horizontal(classes="form-row"):
                    yield Label(field.label, classes="form-label")
                    suggester = ItemSuggester(field.suggestions, field.multi) if field.suggestions else None
                    yield Input(field.value, placeholder=field.placeholder, id=f"f-{field.key}",
                                suggester=suggester, select_on_focus=False)
            yield from self.compose_extra()
            yield Static("", id="form-error", classes="form-error")
            yield Static(self.HINT, classes="form-hint")
        yield Footer()

    def compose_extra(self) -> ComposeResult:
        """Room for more than text fields (a checkbox, a choice)."""
        yield from ()

    def field(self, key: str) -> Input:
        return self.query_one(f"#f-{key}", Input)

    def values(self) -> dict[str, str]:
        return {i.id[2:]: i.value for i in self.query(Input) if i.id and i.id.startswith("f-")}

    def show_error(self, text: str) -> None:
        self.query_one("#form-error", Static).update(f"✗ {text}")

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        if self.saving:
            return
        self.saving = True
        self.query_one("#form-error", Static).update("saving…")
        self.save(self.values())

    def save(self, values: dict[str, str]) -> None:
        """Start the worker that writes; it calls `finish` on the UI thread."""
        raise NotImplementedError

    def finish(self, outcome: Outcome[str]) -> None:
        self.saving = False
        if outcome.error is not None:
            self.show_error(outcome.error)
            return
        self.dismiss(outcome.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A bug in a save must not leave the form stuck on "saving…".
        if event.state == WorkerState.ERROR:
            self.saving = False
            self.show_error(f"unexpected error, nothing was saved: {event.worker.error}")
