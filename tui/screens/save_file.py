"""Brief and export from the TUI: a small form asking where to write; an existing file is replaced only
once the user says so (§7: saving over an existing file asks first)."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import Session
from textual import on, work
from textual.widgets import Input

from stakeholders.errors import StakeholdersError
from stakeholders.formats.export import FORMATS
from tui.data.event_forms import event_titles
from tui.data.files import FileExists, brief_to_file, export_to_file, slug
from tui.data.plan_forms import person_names, plan_names
from tui.data.writing import Outcome
from tui.screens.change_form import Prepared
from tui.screens.form import Field
from tui.screens.replace_file import FileForm


class SaveFileForm(FileForm):
    """A form that writes a file from what it reads in the database."""

    def write_file(self, write: Callable[[Session, bool], str], path_text: str) -> None:
        self._write_file(write, path_text)

    @work(thread=True, group="save-file", exit_on_error=False)
    def _write_file(self, write: Callable[[Session, bool], str], path_text: str) -> None:
        store: Any = self.app.store
        agreed = self.overwrite is not None and Path(path_text.strip()).expanduser().resolve() == self.overwrite
        try:
            with store.session() as session:
                outcome: Outcome[str] = Outcome(value=write(session, agreed))
        except FileExists as exists:
            self.app.call_from_thread(self.ask_to_replace, exists.path)
            return
        except StakeholdersError as exc:
            outcome = Outcome(error=str(exc))
        except OSError as exc:
            outcome = Outcome(error=f"cannot write {exc.filename or 'the file'}: {exc.strerror or exc}")
        self.app.call_from_thread(self.finish, outcome)

    def database(self) -> Path | None:
        return getattr(self.app.store, "path", None)


class ExportScreen(SaveFileForm):
    """`stakeholders export --format F -o FILE [--plan P] [--include-notes]` as a form."""

    HEADING = "Export the status to a file"

    def fields(self) -> list[Field]:
        return [
            Field("format", "Format", "md", placeholder=" | ".join(FORMATS), suggestions=tuple(FORMATS)),
            Field("path", "File", "status.md", placeholder="where to write (~ and relative paths work)"),
            Field("plan", "Plan", placeholder="blank: every plan"),
            Field(
                "notes",
                "Private notes",
                "no",
                placeholder="yes to include the team's notes (do not circulate)",
                suggestions=("no", "yes"),
            ),
        ]

    def first_field(self) -> Input:
        return self.field("format")

    def prepare(self, session: Session) -> Prepared:
        return {}, {"plan": (plan_names(session), False)}

    @on(Input.Changed, "#f-format")
    def format_changed(self, event: Input.Changed) -> None:
        # Follow the format with the default file name, unless the user typed one.
        path = self.field("path")
        stem, _, ext = path.value.rpartition(".")
        if stem == "status" and ext in FORMATS and event.value.strip().lower() in FORMATS:
            path.value = f"status.{event.value.strip().lower()}"

    def save(self, values: dict[str, str]) -> None:
        app: Any = self.app
        notes = values["notes"].strip().lower() in ("y", "yes", "true", "1")
        database = self.database()
        self.write_file(
            lambda session, agreed: export_to_file(
                session,
                values["format"],
                values["path"],
                values["plan"],
                notes,
                app.now(),
                app.stale_days,
                database,
                agreed,
            ),
            values["path"],
        )


class BriefScreen(SaveFileForm):
    """`stakeholders brief EVENT -o FILE` or `brief --with PERSON… --plan P -o FILE` as a form (§3.4)."""

    def __init__(self, event_id: int | None = None, title: str = "", people: str = "", plan: str = "") -> None:
        super().__init__()
        self.event_id, self.title_text, self.people, self.plan = event_id, title, people, plan
        about = title or people or "an event, or people"
        self.HEADING = f"Brief for {about} (includes private notes: it is for you)"

    def fields(self) -> list[Field]:
        name = slug(self.title_text or self.people.split(",")[0] if (self.title_text or self.people) else "brief")
        return [
            Field("event", "Event", self.title_text, placeholder="its title; or leave blank and name people"),
            Field("people", "Or people", self.people, placeholder="names, comma-separated (as of now)", multi=True),
            Field("plan", "Plan", self.plan, placeholder="for people: the plan the brief is about"),
            Field("format", "Format", "md", placeholder="md | json", suggestions=("md", "json")),
            Field("path", "File", f"brief-{name}.md", placeholder="where to write"),
        ]

    def first_field(self) -> Input:
        return self.field("path" if (self.title_text or self.people) else "event")

    def prepare(self, session: Session) -> Prepared:
        return {}, {
            "event": (event_titles(session), False),
            "people": (person_names(session), True),
            "plan": (plan_names(session), False),
        }

    def save(self, values: dict[str, str]) -> None:
        app: Any = self.app
        database = self.database()
        if self.event_id is not None and values["event"].strip() == self.title_text:
            values = values | {"event": str(self.event_id)}  # the very event chosen, even if titles repeat
        self.write_file(
            lambda session, agreed: brief_to_file(session, values, app.now(), app.stale_days, database, agreed),
            values["path"],
        )
