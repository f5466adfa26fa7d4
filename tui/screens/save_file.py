"""Brief and export from the TUI: a small form asking where to write."""

from textual import on, work
from textual.widgets import Input

from stakeholders.formats.export import FORMATS
from tui.data.files import brief_to_file, export_to_file, slug
from tui.data.writing import attempt_file
from tui.screens.form import Field, FormScreen


class ExportScreen(FormScreen):
    """`stakeholders export --format F -o FILE [--plan P] [--include-notes]` as a form."""

    HEADING = "Export the status to a file"

    def fields(self) -> list[Field]:
        return [
            Field("format", "Format", "md", placeholder=" | ".join(FORMATS), suggestions=tuple(FORMATS)),
            Field("path", "File", "status.md", placeholder="where to write (~ and relative paths work)"),
            Field("plan", "Plan", placeholder="blank: every plan"),
            Field("notes", "Private notes", "no", placeholder="yes to include the team's notes (do not circulate)",
                  suggestions=("no", "yes")),
        ]

    def on_mount(self) -> None:
        self.field("format").focus()

    @on(Input.Changed, "#f-format")
    def format_changed(self, event: Input.Changed) -> None:
        # Follow the format with the default file name, unless the user typed one.
        path = self.field("path")
        stem, _, ext = path.value.rpartition(".")
        if stem == "status" and ext in FORMATS and event.value.strip().lower() in FORMATS:
            path.value = f"status.{event.value.strip().lower()}"

    @work(thread=True, group="export", exit_on_error=False)
    def save(self, values: dict[str, str]) -> None:
        app = self.app
        notes = values["notes"].strip().lower() in ("y", "yes", "true", "1")
        outcome = attempt_file(app.store, lambda session: export_to_file(  # type: ignore[attr-defined]
            session, values["format"], values["path"], values["plan"], notes, app.now(), app.stale_days))  # type: ignore[attr-defined]
        app.call_from_thread(self.finish, outcome)


class BriefScreen(FormScreen):
    """`stakeholders brief EVENT -o FILE` as a form: the pre-meeting brief (§3.4) in markdown."""

    def __init__(self, event_id: int, title: str) -> None:
        super().__init__()
        self.event_id = event_id
        self.title_text = title
        self.HEADING = f"Brief for {title} (includes private notes: it is for you)"

    def fields(self) -> list[Field]:
        return [Field("path", "File", f"brief-{slug(self.title_text)}.md", placeholder="where to write")]

    def on_mount(self) -> None:
        self.field("path").focus()

    @work(thread=True, group="brief", exit_on_error=False)
    def save(self, values: dict[str, str]) -> None:
        app = self.app
        outcome = attempt_file(app.store, lambda session: brief_to_file(  # type: ignore[attr-defined]
            session, self.event_id, values["path"], app.now(), app.stale_days))  # type: ignore[attr-defined]
        app.call_from_thread(self.finish, outcome)
