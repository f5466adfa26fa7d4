"""`Import contacts` (§7): a path with completion, the format detected, a preview of the counts and the
skipped lines (a dry run), a mapping for unknown columns, then the import with a progress bar.

Enter previews; Enter again, with nothing changed since, imports (the preview is the confirmation).
The whole import is one change: ctrl+z removes the people it created and puts back what it filled.
"""

from textual import on, work
from textual.app import ComposeResult
from textual.suggester import Suggester
from textual.widgets import Input, ProgressBar, Static

from stakeholders.errors import StakeholdersError
from tui.data.import_contacts import (
    IMPORT_FORMATS,
    describe_preview,
    path_completion,
    preview,
    read_request,
    run_import,
)
from tui.data.plan_forms import Done
from tui.data.writing import Outcome, attempt_write
from tui.screens.change_form import keep_change
from tui.screens.form import Field, FormScreen


class PathSuggester(Suggester):
    """Completes file and folder names as a shell would (→ accepts; a folder ends with `/`)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return path_completion(value)


class ImportContactsScreen(FormScreen):
    HEADING = "Import contacts: CSV, Outlook, Google, LinkedIn or vCard"
    HINT = "Enter previews (nothing written) · Enter again imports · Esc cancels · → completes"
    DEFAULT_CSS = """
    ImportContactsScreen #import-preview { height: auto; margin-top: 1; }
    ImportContactsScreen ProgressBar { display: none; }
    ImportContactsScreen ProgressBar.-running { display: block; }
    """

    def finish(self, outcome: Outcome[str]) -> None:
        from tui.data.words import in_tui_words

        super().finish(Outcome(error=in_tui_words(outcome.error)) if outcome.error else outcome)

    def __init__(self) -> None:
        super().__init__()
        self.previewed: dict[str, str] | None = None
        """The values the preview on screen was made from: Enter with the same values imports."""

    def fields(self) -> list[Field]:
        return [
            Field("path", "File", placeholder="contacts.csv, ~/Downloads/Connections.csv… (→ completes)"),
            Field("format", "Format", "auto", placeholder=" | ".join(IMPORT_FORMATS), suggestions=IMPORT_FORMATS),
            Field("map", "Map", placeholder="COLUMN=FIELD, e.g. Team=tags, Region=ignore (after the preview)"),
            Field("tags", "Tag everyone", placeholder="tags for every imported person, comma-separated"),
            Field(
                "update",
                "Overwrite",
                "no",
                placeholder="yes also overwrites fields that changed",
                suggestions=("no", "yes"),
            ),
        ]

    def compose_extra(self) -> ComposeResult:
        yield Static("", id="import-preview")
        yield ProgressBar(id="import-progress", show_eta=False)

    def on_mount(self) -> None:
        self.field("path").suggester = PathSuggester()
        self.field("path").focus()

    @on(Input.Changed)
    def changed(self) -> None:
        if self.previewed is not None and self.values() != self.previewed:
            self.previewed = None
            self.query_one(".form-hint", Static).update(self.HINT)

    def save(self, values: dict[str, str]) -> None:
        if self.previewed == values:
            self._import(values)
        else:
            self._preview(values)

    @work(thread=True, exclusive=True, group="import-preview", exit_on_error=False)
    def _preview(self, values: dict[str, str]) -> None:
        try:
            request = read_request(values)
            with self.app.store.session() as session:  # type: ignore[attr-defined]
                text = describe_preview(request, preview(session, request))
        except StakeholdersError as exc:
            self.app.call_from_thread(self.finish, Outcome(error=str(exc)))
            return
        self.app.call_from_thread(self._previewed, values, text)

    def _previewed(self, values: dict[str, str], text: str) -> None:
        self.saving = False
        self.previewed = values
        self.query_one("#form-error", Static).update("")
        self.query_one("#import-preview", Static).update(text)
        self.query_one(".form-hint", Static).update(
            "Enter imports this (one change: ctrl+z undoes it) · edit a field to preview again · Esc cancels"
        )

    @work(thread=True, exclusive=True, group="import-run", exit_on_error=False)
    def _import(self, values: dict[str, str]) -> None:
        try:
            request = read_request(values)  # read again: the file may have changed since the preview
        except StakeholdersError as exc:
            self.app.call_from_thread(self.finish, Outcome(error=str(exc)))
            return
        total = len(request.parsed.rows)
        self.app.call_from_thread(self._start_progress, total)
        step = max(1, total // 100)

        def advance(done: int) -> None:
            if done % step == 0 or done == total:
                self.app.call_from_thread(self.query_one(ProgressBar).update, progress=done)

        outcome = attempt_write(self.app.store, lambda session: run_import(session, request, advance))  # type: ignore[attr-defined]
        self.app.call_from_thread(self._imported, outcome)

    def _start_progress(self, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(total, 1), progress=0)
        bar.add_class("-running")
        self.query_one("#form-error", Static).update("importing…")

    def _imported(self, outcome: Outcome[Done]) -> None:
        self.query_one(ProgressBar).remove_class("-running")
        if outcome.error is not None or outcome.value is None:
            self.previewed = None
            self.finish(Outcome(error=outcome.error or "nothing was imported"))
            return
        self.saving = False
        keep_change(self.app, outcome.value)
        self.dismiss(None)
