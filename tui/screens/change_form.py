"""What the work forms share: a save that returns the change's undo, a yes/no question, a text viewer.

`ChangeForm.save_with(write)` runs `write(session) -> Done` in one write
transaction off the UI thread; on success the change goes on the app's undo
stack and the form closes with its message; a refusal stays in the form.
"""

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rich.text import Text
from sqlmodel import Session
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from stakeholders.errors import StakeholdersError
from tui.data.plan_forms import Done
from tui.data.words import in_tui_words
from tui.data.writing import Outcome, attempt_write
from tui.screens.form import FormScreen, ItemSuggester


def keep_change(app: Any, done: Done) -> None:
    """Put the change on the undo stack (the app's toast names it, with the key that undoes it)."""
    app.changed(replace(done.change, label=done.message))


Prepared = tuple[dict[str, str], dict[str, tuple[list[str], bool]]]
"""Values to pre-fill (only into empty fields: the user may already be typing) and, per field, the
items it completes (and whether it holds several, comma-separated)."""


class ChangeForm(FormScreen):
    """A form whose save is one use case with its undo; `prepare` reads pre-fills and completions."""

    def prepare(self, session: Session) -> Prepared:
        return {}, {}

    def finish(self, outcome: Outcome[str]) -> None:
        super().finish(Outcome(error=in_tui_words(outcome.error)) if outcome.error else outcome)

    def on_mount(self) -> None:
        # Textual runs every class's on_mount in turn, a subclass's first and this one last: a form says
        # where the cursor starts in `first_field`, since a focus of its own in on_mount would be undone
        # here (and a `super().on_mount()` there would read the pre-fills twice).
        self.first_field().focus()
        self._prepare()

    def first_field(self) -> Input:
        """Where the cursor starts: the first field, unless the form knows better."""
        return self.query(".form-row Input").first(Input)

    @work(thread=True, group="change-form-prepare", exit_on_error=False)
    def _prepare(self) -> None:
        with self.app.store.session() as session:
            prepared = self.prepare(session)
        self.app.call_from_thread(self._prepared, prepared)

    def _prepared(self, prepared: Prepared) -> None:
        values, suggestions = prepared
        for key, value in values.items():
            found = self.query(f"#f-{key}")
            if found and not found.first(Input).value:
                found.first(Input).value = value
        for key, (items, multi) in suggestions.items():
            found = self.query(f"#f-{key}")
            if found:
                found.first(Input).suggester = ItemSuggester(items, multi)

    def field_checks(self) -> dict[str, Callable[[Session, str], object]]:
        """Each field's own check (tui/data/checks.py), run before the save: every problem listed at once."""
        return {}

    def save_with(self, write: Callable[[Session], Done], values: dict[str, str] | None = None) -> None:
        self._write(write, values or {})

    @work(thread=True, group="change-form", exit_on_error=False)
    def _write(self, write: Callable[[Session], Done], values: dict[str, str]) -> None:
        problems: list[tuple[str | None, str]] = []
        checks = {key: check for key, check in self.field_checks().items() if key in values}
        if checks:
            with self.app.store.session() as session:
                for key, check in checks.items():
                    try:
                        check(session, values[key])
                    except StakeholdersError as exc:
                        problems.append((key, in_tui_words(str(exc))))
        if problems:
            self.app.call_from_thread(self.refuse, problems)
            return
        outcome = attempt_write(self.app.store, write)
        self.app.call_from_thread(self._saved, outcome)

    def _saved(self, outcome: Outcome[Done]) -> None:
        if outcome.error is not None or outcome.value is None:
            self.finish(Outcome(error=outcome.error or "nothing was saved"))
            return
        self.saving = False
        keep_change(self.app, outcome.value)
        self.dismiss(None)
        self.app.call_later(self.after_save, outcome.value)

    def after_save(self, done: Done) -> None:
        """Hook, run once the form is closed: a form that offers a next step (log the meeting) does it here."""

    def ended(self, outcome: Outcome[str], announce: Callable[[str | None], None]) -> None:
        """The end of a save that Esc may have outlived (forget, back up: it goes on once started): a
        refusal in the form while it is open, else in a toast; what was done is announced either way."""
        if outcome.error is not None:
            if self.is_current:
                self.finish(outcome)
            else:
                self.app.notify(outcome.error, severity="error")
            return
        self.saving = False
        if self.is_current:
            self.dismiss(None)
        announce(outcome.value)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question before a destructive change: `y` goes ahead, `n` or Esc does nothing."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    """
    BINDINGS = [
        Binding("y", "yes", "Yes", id="confirm.yes"),
        Binding("n,escape", "no", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, yes: str = "y goes ahead", no: str = "n or Esc changes nothing") -> None:
        super().__init__()
        self.question = question
        self.hint = f"{yes} · {no}"

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.question, classes="form-heading")
            yield Static(self.hint, classes="form-hint")
        yield Footer()

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)


class TextScreen(ModalScreen[None]):
    """Read-only text (a diff between two versions), scrollable; Esc closes."""

    DEFAULT_CSS = """
    TextScreen { align: center middle; }
    TextScreen .form { height: 90%; }
    TextScreen VerticalScroll { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close", id="text.close")]

    def __init__(self, heading: str, body: Text | str) -> None:
        super().__init__()
        self.heading, self.body = heading, body

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.heading, classes="form-heading")
            with VerticalScroll():
                yield Static(self.body, id="text-body")
            yield Static("↑↓ PgUp PgDn scroll · Esc closes", classes="form-hint")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


def run_change(app: Any, write: Callable[[Session], Done]) -> None:
    """A step without a form (after a yes, or on a row's key): one write with its undo, off the UI thread;
    a refusal is a toast in the user's words."""

    def work_in_thread() -> None:
        outcome = attempt_write(app.store, write)
        if outcome.error is not None or outcome.value is None:
            app.call_from_thread(app.notify, in_tui_words(outcome.error or "nothing was changed"), severity="error")
        else:
            app.call_from_thread(keep_change, app, outcome.value)

    app.run_worker(work_in_thread, thread=True, group="change", exit_on_error=False)


def confirm_then(app: Any, question: str, write: Callable[[Session], Done], yes: str = "y goes ahead") -> None:
    """Ask `question`; on yes, run the change (nothing destructive on one unconfirmed key)."""

    def answered(agreed: bool | None) -> None:
        if agreed:
            run_change(app, write)

    app.push_screen(ConfirmScreen(question, yes), answered)
