"""`Import calendar or mail` (§7, §5.1): files with completion, a preview of the counts (a dry run), then
the import with a progress bar. Imported calls wait in "did this happen?" until the lead confirms them.

Enter previews; Enter again, with nothing changed since, imports: that is its confirmation, since a
calendar import is not undone (tui/data/import_calendar.py says why).
"""

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Input, ProgressBar, Static

from stakeholders.errors import StakeholdersError
from tui.data.import_calendar import describe_calendar, read_calendar_request, run_calendar
from tui.data.plan_forms import plan_names
from tui.data.words import in_tui_words
from tui.data.writing import Outcome
from tui.screens.form import Field, FormScreen, ItemSuggester
from tui.screens.import_contacts import PathSuggester


class ImportCalendarScreen(FormScreen):
    HEADING = "Import calendar or mail: .ics, .mbox, .eml — meetings and mail become touchpoints"
    HINT = "Enter previews (nothing written) · Enter again imports · Esc cancels · → completes"
    DEFAULT_CSS = """
    ImportCalendarScreen #import-preview { height: auto; margin-top: 1; }
    ImportCalendarScreen ProgressBar { display: none; }
    ImportCalendarScreen ProgressBar.-running { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.previewed: dict[str, str] | None = None

    def fields(self) -> list[Field]:
        return [
            Field("paths", "Files", placeholder="calendar.ics, ~/Mail/sent.mbox… (; between several)"),
            Field("plan", "Plan", placeholder="blank: a title naming one plan, else none (mail: none)"),
            Field("since", "Since", placeholder="blank: 90 days back"),
            Field("until", "Until", placeholder="blank: 30 days ahead"),
            Field(
                "add_people",
                "Add people",
                "no",
                placeholder="yes creates the people not yet stakeholders",
                suggestions=("no", "yes"),
            ),
        ]

    def compose_extra(self) -> ComposeResult:
        yield Static("", id="import-preview")
        yield ProgressBar(id="import-progress", show_eta=False)

    def on_mount(self) -> None:
        self.field("paths").suggester = PathSuggester()
        self.field("paths").focus()
        self._plans()

    @work(thread=True, group="calendar-plans", exit_on_error=False)
    def _plans(self) -> None:
        with self.app.store.session() as session:  # type: ignore[attr-defined]
            names = plan_names(session)
        self.app.call_from_thread(setattr, self.field("plan"), "suggester", ItemSuggester(names, False))

    def finish(self, outcome: Outcome[str]) -> None:
        super().finish(Outcome(error=in_tui_words(outcome.error)) if outcome.error else outcome)

    @on(Input.Changed)
    def changed(self) -> None:
        if self.previewed is not None and self.values() != self.previewed:
            self.previewed = None
            self.query_one(".form-hint", Static).update(self.HINT)

    def save(self, values: dict[str, str]) -> None:
        self._run(values, dry_run=self.previewed != values)

    @work(thread=True, exclusive=True, group="calendar-import", exit_on_error=False)
    def _run(self, values: dict[str, str], dry_run: bool) -> None:
        app: Any = self.app
        now = app.now()
        progress = None
        if not dry_run:
            app.call_from_thread(self._start_progress)

            def progress(done: int, total: int) -> None:
                if done % max(1, total // 100) == 0 or done == total:  # a hundred repaints, not one per entry
                    app.call_from_thread(self.query_one(ProgressBar).update, total=max(total, 1), progress=done)

        try:
            request = read_calendar_request(values, now)
            report = run_calendar(app.store, request, now, dry_run=dry_run, progress=progress)
        except StakeholdersError as exc:
            app.call_from_thread(self._failed, str(exc))
            return
        text = describe_calendar(report, dry_run)
        app.call_from_thread(self._previewed if dry_run else self._imported, values, text)

    def _start_progress(self) -> None:
        self.query_one(ProgressBar).add_class("-running")
        self.query_one("#form-error", Static).update("importing…")

    def _failed(self, error: str) -> None:
        self.query_one(ProgressBar).remove_class("-running")
        self.previewed = None
        self.finish(Outcome(error=error))

    def _previewed(self, values: dict[str, str], text: str) -> None:
        self.saving = False
        self.previewed = values
        self.query_one("#form-error", Static).update("")
        self.query_one("#import-preview", Static).update(text)
        self.query_one(".form-hint", Static).update(
            "Enter imports this (it cannot be undone: check the counts) · edit a field to preview again · Esc"
        )

    def _imported(self, values: dict[str, str], text: str) -> None:
        self.saving = False
        self.query_one(ProgressBar).remove_class("-running")
        self.dismiss(f"Imported: {text.splitlines()[0]} — imported calls wait in Did this happen?")
