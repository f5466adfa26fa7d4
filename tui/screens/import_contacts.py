"""`Import contacts` (§7): a path with completion, the format detected, a preview of the counts and the
skipped lines (a dry run), a mapping for unknown columns, then the import with a progress bar.

Enter previews; Enter again, with nothing changed since, imports (the preview is the confirmation;
tui/screens/import_form.py). The whole import is one change: ctrl+z removes the people it created and
puts back what it filled.
"""

from tui.data.import_contacts import IMPORT_FORMATS, describe_preview, preview, read_request, run_import
from tui.data.plan_forms import Done
from tui.data.writing import Outcome, attempt_write
from tui.screens.change_form import keep_change
from tui.screens.form import Field
from tui.screens.import_form import ImportForm, Progress


class ImportContactsScreen(ImportForm[Done]):
    HEADING = "Import contacts: CSV, Outlook, Google, LinkedIn or vCard"
    PREVIEWED_HINT = "Enter imports this (one change: ctrl+z undoes it) · edit a field to preview again · Esc cancels"

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

    def preview(self, values: dict[str, str]) -> str:
        request = read_request(values)
        with self.app.store.session() as session:
            return describe_preview(request, preview(session, request))

    def write(self, values: dict[str, str], progress: Progress) -> Outcome[Done]:
        request = read_request(values)
        total = len(request.parsed.rows)
        progress(0, total)  # the bar's length before the first row
        return attempt_write(
            self.app.store, lambda session: run_import(session, request, lambda done: progress(done, total))
        )

    def imported(self, written: Done) -> None:
        keep_change(self.app, written)
        self.dismiss(None)
