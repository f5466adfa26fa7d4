"""`Import calendar or mail` (§7, §5.1): files with completion, a preview of the counts (a dry run), then
the import with a progress bar. Imported calls wait in "did this happen?" until the lead confirms them.

Enter previews; Enter again, with nothing changed since, imports: that is its confirmation
(tui/screens/import_form.py), since a calendar import is not undone (tui/data/import_calendar.py says why).
"""

from textual import on, work
from textual.events import Mount

from stakeholders.calendar_import import CalendarReport
from tui.data.import_calendar import describe_calendar, read_calendar_request, run_calendar
from tui.data.plan_forms import plan_names
from tui.data.writing import Outcome
from tui.screens.form import Field, ItemSuggester
from tui.screens.import_form import ImportForm, Progress


class ImportCalendarScreen(ImportForm[str]):
    HEADING = "Import calendar or mail: .ics, .mbox, .eml — meetings and mail become touchpoints"
    PREVIEWED_HINT = "Enter imports this (it cannot be undone: check the counts) · edit a field to preview again · Esc"
    PATH_FIELD = "paths"

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

    @on(Mount)
    def load_plan_names(self) -> None:
        self._plans()  # besides the form's own mount (the path's completion and focus)

    @work(thread=True, group="calendar-plans", exit_on_error=False)
    def _plans(self) -> None:
        with self.app.store.session() as session:
            names = plan_names(session)
        self.app.call_from_thread(setattr, self.field("plan"), "suggester", ItemSuggester(names, False))

    def preview(self, values: dict[str, str]) -> str:
        return describe_calendar(self._import(values, dry_run=True), dry_run=True)

    def write(self, values: dict[str, str], progress: Progress) -> Outcome[str]:
        return Outcome(value=describe_calendar(self._import(values, dry_run=False, progress=progress), dry_run=False))

    def _import(self, values: dict[str, str], *, dry_run: bool, progress: Progress | None = None) -> CalendarReport:
        now = self.app.now()
        request = read_calendar_request(values, now, dayfirst=self.app.settings.dayfirst)
        return run_calendar(self.app.store, request, now, dry_run=dry_run, progress=progress)

    def imported(self, written: str) -> None:
        self.dismiss(f"Imported: {written.splitlines()[0]} — imported calls wait in Did this happen?")
