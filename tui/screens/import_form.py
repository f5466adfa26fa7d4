"""What the two imports of §7 share (contacts, calendar or mail): a file path that completes as a shell
does, Enter to preview the counts (a dry run: nothing written), Enter again with nothing changed since
to import, with a progress bar.

The preview is the confirmation: editing a field after it asks for a new preview. Each import says only
what differs — its fields, how it previews, how it writes, what follows once written
(tui/screens/import_contacts.py, tui/screens/import_calendar.py).
"""

from typing import Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.suggester import Suggester
from textual.widgets import Input, ProgressBar, Static

from stakeholders.calendar_import import Progress
from stakeholders.errors import StakeholdersError
from tui.data.import_contacts import path_completion
from tui.data.words import in_tui_words
from tui.data.writing import Outcome
from tui.screens.form import FormScreen

Written = TypeVar("Written")


class PathSuggester(Suggester):
    """Completes file and folder names as a shell would (→ accepts; a folder ends with `/`)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return path_completion(value)


class ImportForm(FormScreen, Generic[Written]):
    """Preview, then import: `preview` and `write` run off the UI thread, `imported` on it once written."""

    HINT = "Enter previews (nothing written) · Enter again imports · Esc cancels · → completes"
    PREVIEWED_HINT = ""
    """The hint under a preview: what Enter does now, and whether the import can be undone."""
    PATH_FIELD = "path"
    """The field of the file's path: it completes names and has the cursor first."""
    DEFAULT_CSS = """
    ImportForm #import-preview { height: auto; margin-top: 1; }
    ImportForm ProgressBar { display: none; }
    ImportForm ProgressBar.-running { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.previewed: dict[str, str] | None = None
        """The values the preview on screen was made from: Enter with the same values imports."""

    def preview(self, values: dict[str, str]) -> str:
        """The dry run's counts in words (in a thread); a `StakeholdersError` is the form's error."""
        raise NotImplementedError

    def write(self, values: dict[str, str], progress: Progress) -> Outcome[Written]:
        """The import (in a thread), calling `progress(done, total)` as it goes; a `StakeholdersError`
        is the form's error. The file is read again: it may have changed since the preview."""
        raise NotImplementedError

    def imported(self, written: Written) -> None:
        """Once written, on the UI thread: say what was imported and close."""
        raise NotImplementedError

    def compose_extra(self) -> ComposeResult:
        yield Static("", id="import-preview")
        yield ProgressBar(id="import-progress", show_eta=False)

    def on_mount(self) -> None:
        self.field(self.PATH_FIELD).suggester = PathSuggester()
        self.field(self.PATH_FIELD).focus()

    def finish(self, outcome: Outcome[str]) -> None:
        super().finish(Outcome(error=in_tui_words(outcome.error)) if outcome.error else outcome)

    @on(Input.Changed)
    def changed(self) -> None:
        if self.previewed is not None and self.values() != self.previewed:
            self.previewed = None
            self.query_one(".form-hint", Static).update(self.HINT)

    def save(self, values: dict[str, str]) -> None:
        self._run(values, dry_run=self.previewed != values)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _run(self, values: dict[str, str], dry_run: bool) -> None:
        if dry_run:
            try:
                text = self.preview(values)
            except StakeholdersError as exc:
                self.app.call_from_thread(self._failed, str(exc))
                return
            self.app.call_from_thread(self._previewed, values, text)
            return
        self.app.call_from_thread(self._start_progress)
        try:
            outcome = self.write(values, self._progress)
        except StakeholdersError as exc:
            outcome = Outcome(error=str(exc))
        self.app.call_from_thread(self._imported, outcome)

    def _progress(self, done: int, total: int) -> None:
        if done % max(1, total // 100) == 0 or done == total:  # a hundred repaints, not one per entry
            self.app.call_from_thread(self.query_one(ProgressBar).update, total=max(total, 1), progress=done)

    def _start_progress(self) -> None:
        self.query_one(ProgressBar).add_class("-running")
        self.query_one("#form-error", Static).update("importing…")

    def _previewed(self, values: dict[str, str], text: str) -> None:
        self.saving = False
        self.previewed = values
        self.query_one("#form-error", Static).update("")
        self.query_one("#import-preview", Static).update(text)
        self.query_one(".form-hint", Static).update(self.PREVIEWED_HINT)

    def _imported(self, outcome: Outcome[Written]) -> None:
        if outcome.error is not None or outcome.value is None:
            self._failed(outcome.error or "nothing was imported")
            return
        self.query_one(ProgressBar).remove_class("-running")
        self.saving = False
        self.imported(outcome.value)

    def _failed(self, error: str) -> None:
        """A preview or an import refused: said in the form, and the next Enter previews again."""
        self.query_one(ProgressBar).remove_class("-running")
        self.previewed = None
        self.finish(Outcome(error=error))
