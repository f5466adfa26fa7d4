"""A compact modal form: one line per field, errors shown in the form, saving off the UI thread.

Subclasses list their fields and implement `save(values)` (a thread
worker) that ends with `self.app.call_from_thread(self.finish, outcome)`.
"""

import asyncio
import re
from collections.abc import Iterable
from dataclasses import dataclass

from textual import getters, on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Footer, Input, Label, Static
from textual.worker import Worker, WorkerState

from tui.app import StakeholdersApp
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


OPTION_FIELDS = {
    "with": "who",
    "concern": "concerns",
    "follow-up": "follow_up",
    "stance": "stance",
    "plan": "plan",
    "version": "version",
    "when": "when",
    "due": "due",
    "channel": "channel",
    "note": "note",
    "summary": "summary",
    "by": "by",
    "audience": "audience",
}
"""A command-line option that a use case's message names -> the form field that says the same."""
_OPTION = re.compile(r"--([a-z][a-z-]*)((?: [A-Z][A-Z_=.…]*)?)")


def named_field(message: str, labels: dict[str, str]) -> str | None:
    """The first field of the form a message names by its option (`add --plan`), if any."""
    for match in _OPTION.finditer(message):
        key = OPTION_FIELDS.get(match.group(1), match.group(1).replace("-", "_"))
        if key in labels:
            return key
    return None


def in_form_words(message: str, labels: dict[str, str]) -> str:
    """A use case's message with its command-line options named as the form's fields: no CLI inside
    the TUI (§7). `--due W` -> `“Due”`; an option the form lacks keeps its plain name."""

    def field(match: re.Match[str]) -> str:
        key = OPTION_FIELDS.get(match.group(1), match.group(1).replace("-", "_"))
        return f"“{labels.get(key, match.group(1).replace('-', ' ').capitalize())}”"

    return _OPTION.sub(field, message)


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
    app = getters.app(StakeholdersApp)

    def __init__(self) -> None:
        super().__init__()
        self.saving = False
        self.dismissed = False
        """Set by the first dismiss (see `closed`)."""

    def fields(self) -> list[Field]:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.HEADING, classes="form-heading")
            for field in self.fields():
                with Horizontal(classes="form-row"):
                    yield Label(field.label, classes="form-label")
                    suggester = ItemSuggester(field.suggestions, field.multi) if field.suggestions else None
                    # A pre-filled value ("now", "call") is selected on focus, so typing replaces it (§7);
                    # a list of names is not: typing adds the next one.
                    yield Input(
                        field.value,
                        placeholder=field.placeholder,
                        id=f"f-{field.key}",
                        suggester=suggester,
                        select_on_focus=not field.multi,
                    )
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
        if self.closed():
            return
        self.query_one("#form-error", Static).update(f"✗ {in_form_words(text, self.labels())}")

    def closed(self) -> bool:
        """Closed while a save was running (Esc right behind ctrl+s): what the save says goes to a toast.
        Closing is under way from the first dismiss: Textual pops the screen a moment later, and a
        second Esc typed ahead would dismiss it again (InvalidStateError; found by the fuzz)."""
        return self.dismissed or self not in self.app.screen_stack

    def labels(self) -> dict[str, str]:
        """Field key -> its label, for messages in the form's words."""
        return {f.key: f.label for f in self.fields()}

    def refuse(self, problems: list[tuple[str | None, str]]) -> None:
        """A refused save: every problem, one line each under its field's name, and the focus on the
        first bad field (§7: not one error at a time)."""
        self.saving = False
        labels = self.labels()
        lines = [
            f"✗ {labels[key]}: {in_form_words(text, labels)}" if key in labels else f"✗ {in_form_words(text, labels)}"
            for key, text in problems
        ]
        if self.closed():
            self.app.notify(
                "Nothing was saved: " + "; ".join(line.removeprefix("✗ ") for line in lines), severity="warning"
            )
            return
        self.query_one("#form-error", Static).update("\n".join(lines))
        first = next((key for key, _ in problems if key in labels), None)
        if first is not None:
            self.field(first).focus()

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
            # One error from the use case: shown in the form's words, the field it names focused.
            key = named_field(outcome.error, self.labels())
            self.refuse([(key, outcome.error)])
            return
        self.dismiss(outcome.value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def dismiss(self, result: str | None = None) -> AwaitComplete:
        """Close the form; once closed (Esc while a save was running), a late save only says what it
        did: Textual's dismiss pops whatever screen is on top, the screen beneath or another form
        (found by tests/tui/test_fuzz_keys.py)."""
        if self.closed():
            if result:
                self.app.notify(result)
            return AwaitComplete(asyncio.sleep(0))
        self.dismissed = True
        return super().dismiss(result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A bug in a save must not leave the form stuck on "saving…".
        if event.state == WorkerState.ERROR:
            self.saving = False
            self.show_error(f"unexpected error, nothing was saved: {event.worker.error}")
