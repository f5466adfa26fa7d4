"""History: the audit trail of one stakeholder, newest first (`history PERSON`); and Back up (`backup FILE`)."""

from datetime import date, datetime
from pathlib import Path
from typing import Any

from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from tui.app import StakeholdersApp
from tui.data.people_forms import default_backup, history_rows
from tui.data.writing import Outcome
from tui.screens.change_form import Prepared
from tui.screens.form import Field
from tui.screens.replace_file import FileForm
from tui.widgets.styles import when


class HistoryScreen(ModalScreen[None]):
    """Every change about the person (and the events naming them): when, who, what."""

    app = getters.app(StakeholdersApp)

    DEFAULT_CSS = """
    HistoryScreen { align: center middle; }
    HistoryScreen .form { height: 90%; }
    HistoryScreen DataTable { height: 1fr; }
    """
    BINDINGS = [Binding("escape,q", "close", "Close", id="history.close")]

    def __init__(self, person_id: int) -> None:
        super().__init__()
        self.person_id = person_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("History", id="history-heading", classes="form-heading")
            yield DataTable(id="history", cursor_type="row", zebra_stripes=False)
            yield Static("↑↓ PgUp PgDn move · Esc closes", classes="form-hint")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("When", "Who", "What")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load(self) -> None:
        with self.app.store.session() as session:
            name, items = history_rows(session, self.person_id)
        self.app.call_from_thread(self._show, name, items)

    def _show(self, name: str, items: list[dict[str, Any]]) -> None:
        if not self.is_attached:
            return  # closed before the history came
        self.query_one("#history-heading", Static).update(
            f"History of {name} — {len(items)} change{'s' if len(items) != 1 else ''}, newest first"
        )
        table = self.query_one(DataTable)
        now = self.app.now()
        for item in reversed(items):
            table.add_row(when(datetime.fromisoformat(item["at"]), now), item["actor"] or "", item["summary"])
        if not items:
            table.add_row("", "", "no changes recorded")

    def action_close(self) -> None:
        self.dismiss(None)


class BackupForm(FileForm):
    """`backup FILE`: a consistent copy of the SQLite file, owner-only; replacing a file asks first."""

    app = getters.app(StakeholdersApp)

    HEADING = "Back up — a consistent copy of the database file (safe while it is in use)"
    HINT = "Enter saves the copy · Esc cancels"
    REPLACE = "{path} already exists. Replace it with this backup?"

    def fields(self) -> list[Field]:
        return [Field("path", "Save to", placeholder="a file path, e.g. ~/backups/stakeholders.db")]

    def prepare(self, session: Any) -> Prepared:
        return {"path": default_backup(self.app.store.path, date.today().isoformat())}, {}

    def save(self, values: dict[str, str]) -> None:
        self._backup(values.get("path", "").strip())

    @work(thread=True, group="backup", exit_on_error=False)
    def _backup(self, text: str) -> None:
        from db.backup import backup_to
        from db.engine import StoreError

        store = self.app.store
        if not text:
            outcome: Outcome[str] = Outcome(error="where to? type a file path")
        elif store.path is None:
            outcome = Outcome(
                error="Back up copies a SQLite file; this database is on PostgreSQL: use the server's own backups"
            )
        else:
            dest = Path(text).expanduser()
            if dest.exists() and dest.resolve() != self.overwrite:
                self.app.call_from_thread(self.ask_to_replace, dest.resolve())
                return
            try:
                backup_to(store, dest)
                outcome = Outcome(value=f"Backed up to {dest}")
            except StoreError as exc:
                outcome = Outcome(error=str(exc))
            except OSError as exc:
                outcome = Outcome(error=f"cannot write {exc.filename or dest}: {exc.strerror or exc}")
        self.app.call_from_thread(self._done, outcome)

    def _done(self, outcome: Outcome[str]) -> None:
        self.ended(outcome, lambda done: self.app.notify(done or "Backed up"))
