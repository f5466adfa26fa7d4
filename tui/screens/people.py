"""Stakeholders: everyone, filtered as you type, sorted by any column, never all rows at once."""

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from db.first_page import FIRST_PAGE_ROWS, FirstPage
from tui.data.common import PlanChoice
from tui.data.people_rows import IndexRow, PersonRow, index_row, index_sort_key, matching, person_row, ranked
from tui.screens.base import DataScreen, LogDefaults
from tui.widgets.lazy_table import Column, LazyTable
from tui.widgets.styles import look, on_day, stance_text

COLUMNS = [
    Column("name", "Name", 16, flex=3),
    Column("organization", "Organization", 10, flex=2),
    Column("division", "Division", 10, flex=2),
    Column("quadrant", "Quadrant", 14),
    Column("stance", "Stance", 12),
    Column("briefed", "Briefed", 7),
    Column("contact", "Last contact", 12),
]
SORTS = [c.key for c in COLUMNS]


class FilterInput(Input):
    """The filter field. It filters the table as its value changes, in the same step as the keystroke:
    waiting for its Changed message drew the keystroke's echo as a frame of its own first, and the
    filtered rows only a frame (~30-40 ms) later (§9 wants a keystroke repainted within 50 ms).
    Down moves into the results; Enter opens the top one (§7)."""

    BINDINGS = [Binding("down", "results", "To the results", show=False, id="people.results")]

    def action_results(self) -> None:
        screen = self.screen
        if isinstance(screen, PeopleScreen):
            screen.table.cursor = 0
            screen.table.focus()

    def watch_value(self, value: str) -> None:
        screen = self.screen
        if isinstance(screen, PeopleScreen):
            screen.filter_changed()


class PeopleScreen(DataScreen):
    """The table of stakeholders; Enter opens a person."""

    CSS_PATH = "people.tcss"

    NAV = "people"
    BINDINGS = [
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            id="people.filter",
            tooltip="Filter as you type: every word must appear in the name, e-mail, organisation or title",
        ),
        Binding("n", "new", "New", id="people.new", tooltip="Add a stakeholder"),
        Binding("o", "sort", "Sort", id="people.sort", tooltip="Sort by the next column (or click a column header)"),
        Binding("r", "reverse", "Reverse", show=False, id="people.reverse", tooltip="Reverse the sort order"),
        Binding("c", "plan", "Plan", id="people.plan", tooltip="Show stance and briefing on the next plan"),
        Binding(
            "a",
            "archived",
            "Show archived",
            show=False,
            id="people.archived",
            tooltip="Show or hide archived stakeholders",
        ),
        Binding(
            "escape",
            "clear",
            "Clear filter",
            show=False,
            id="people.clear",
            tooltip="Clear the filter and go back to the table",
        ),
    ]

    @dataclass
    class IndexLoaded(Message):
        index: list[IndexRow]
        plans: list[PlanChoice]
        plan_id: int | None
        complete: bool = True
        """False for the first screenful of a first load; the whole index follows."""

    @dataclass
    class RowsLoaded(Message):
        rows: dict[int, PersonRow]
        plan_id: int | None

    @dataclass
    class KeysLoaded(Message):
        column: str
        keys: dict[int, object]

    def __init__(self) -> None:
        super().__init__()
        self.index: list[IndexRow] = []
        self.ordered: list[IndexRow] = []
        self.plans: list[PlanChoice] = []
        self.plan_id: int | None = None
        self.include_archived = False
        self.complete = True
        """False while only the first screenful of the index is in."""
        self._matches: dict[str, list[IndexRow]] = {}
        """Rows matching each filter typed on the current order: typing on narrows the longest
        match so far, backspace finds its earlier answer."""

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        with Horizontal(id="people-bar"):
            yield FilterInput(placeholder="/ filter: name, e-mail, organization", id="people-filter")
            yield Static(id="people-status")
        table = LazyTable(COLUMNS, empty_text="No stakeholders match", id="people-table")
        table.sort_column = "name"
        first = getattr(self.app, "first_page", None)
        if first is not None:
            self.app.first_page = None  # type: ignore[attr-defined]  # once: later loads read the store
            self._take_first_page(first, table)
        yield table

    def _take_first_page(self, first: FirstPage, table: LazyTable) -> None:
        """Rows read before the store opened (db/first_page.py), in the table before it is mounted, so
        the first frame written shows them."""
        self.plans = [PlanChoice(pid, name, version) for pid, name, version in first.plans]
        self.plan_id = first.plan_id
        self.index = self.ordered = [index_row(values) for values in first.index]
        self.complete = first.complete
        by_id = {row.id: row for row in self.index}
        table.preload(
            list(by_id),
            {
                pid: self._cells(
                    person_row(
                        pid,
                        by_id[pid].name,
                        by_id[pid].organization,
                        by_id[pid].influence,
                        by_id[pid].interest,
                        by_id[pid].archived,
                        *shown,
                        by_id[pid].division,
                    )
                )
                for pid, shown in first.cells.items()
            },
        )

    @property
    def table(self) -> LazyTable:
        return self.query_one(LazyTable)

    def on_mount(self) -> None:
        self.table.focus()
        if self.index:
            self._status()
        self.footer_after_first_frame()

    # -- loading --------------------------------------------------------------------------

    def load(self) -> None:
        self.load_index()

    @work(thread=True, exclusive=True, group="people-index", exit_on_error=False)
    def load_index(self) -> None:
        from tui.data.common import default_plan_id, plan_choices
        from tui.data.people import load_index

        first_load = not self.index
        with self.app.store.session() as session:  # type: ignore[attr-defined]
            plans = plan_choices(session)
            plan_id = self.plan_id or default_plan_id(session, self.app.now())  # type: ignore[attr-defined]
            if first_load:
                # 50,000 names take a moment to read: show the first screenful (by name) at once.
                first = load_index(session, include_archived=self.include_archived, limit=FIRST_PAGE_ROWS)
                if len(first) < FIRST_PAGE_ROWS:
                    self.post_message(self.IndexLoaded(first, plans, plan_id))
                    return
                self.post_message(self.IndexLoaded(first, plans, plan_id, complete=False))
            index = load_index(session, include_archived=self.include_archived)
        self.post_message(self.IndexLoaded(index, plans, plan_id))

    def on_people_screen_index_loaded(self, message: IndexLoaded) -> None:
        first_of_load = self.complete
        table = self.table
        # On the last row of a first screenful when the rest comes in: End was pressed before the whole
        # index was read; the last row is where the user asked to be.
        to_the_end = not first_of_load and table.row_count > 1 and table.cursor == table.row_count - 1
        self.index, self.plans, self.plan_id = message.index, message.plans, message.plan_id
        self.complete = message.complete
        if first_of_load:  # a fresh read: the cells on screen may be stale too
            table.forget_rows()
        self._order()
        if to_the_end:
            table.action_jump(-1)

    @on(LazyTable.RowsNeeded)
    def rows_needed(self, message: LazyTable.RowsNeeded) -> None:
        # The rows around the first page's are read after the first frame (see DataScreen.reload).
        self.app.after_first_frame(lambda: self.load_rows(message.ids, self.plan_id))  # type: ignore[attr-defined]

    @work(thread=True, group="people-rows", exit_on_error=False)
    def load_rows(self, ids: list[int], plan_id: int | None) -> None:
        from tui.data.people import load_rows

        with self.app.store.session() as session:  # type: ignore[attr-defined]
            rows = load_rows(session, ids, plan_id, self.app.now())  # type: ignore[attr-defined]
        self.post_message(self.RowsLoaded(rows, plan_id))

    def on_people_screen_rows_loaded(self, message: RowsLoaded) -> None:
        if message.plan_id == self.plan_id:  # a page read for the plan shown before a switch is dropped
            self.table.set_rows({pid: self._cells(row) for pid, row in message.rows.items()})

    def _cells(self, row: PersonRow) -> tuple[str | Text, ...]:
        name = Text(row.name, style=look("quiet") if row.archived else "")
        if row.archived:
            name.append(" (archived)")
        briefed = f"v{row.briefed_version}" if row.briefed_version else "—"
        contact = on_day(row.last_contact, self.app.now()) if row.last_contact else "never"  # type: ignore[attr-defined]
        return (name, row.organization, row.division, row.quadrant, stance_text(row.stance), briefed, contact)

    # -- sorting and filtering (in memory: the index is small) ------------------------------

    def _order(self, keys: dict[int, object] | None = None) -> None:
        column, reverse = self.table.sort_column or "name", self.table.sort_reverse
        if column == "name":
            self.ordered = list(self.index)
        elif (key := index_sort_key(column)) is not None:
            self.ordered = sorted(self.index, key=key)
        elif keys is None:
            self._status("sorting…")
            self.load_sort_keys(column, self.plan_id, [r.id for r in self.index])
            return
        else:
            # Missing keys sort lowest; ties by name keep the order stable and predictable.
            self.ordered = sorted(self.index, key=lambda r: (keys.get(r.id) is not None, keys.get(r.id) or 0))
        if reverse:
            self.ordered.reverse()
        self._matches = {}
        self._filter()

    @work(thread=True, exclusive=True, group="people-sort", exit_on_error=False)
    def load_sort_keys(self, column: str, plan_id: int | None, ids: list[int]) -> None:
        from tui.data.people import sort_keys

        with self.app.store.session() as session:  # type: ignore[attr-defined]
            keys = sort_keys(session, column, plan_id, ids, self.app.now())  # type: ignore[attr-defined]
        self.post_message(self.KeysLoaded(column, keys))

    def on_people_screen_keys_loaded(self, message: KeysLoaded) -> None:
        if message.column == self.table.sort_column:
            self._order(message.keys)

    def _filter(self) -> None:
        text = self.query_one("#people-filter", Input).value.lower()
        key = " ".join(text.split()) + (" " if text[-1:].isspace() else "")
        rows = self._matches.get(key)
        if rows is None:
            # A filter that extends an earlier one matches a subset of its rows: search only those.
            base = max((k for k in self._matches if k and key.startswith(k)), key=len, default=None)
            among = self._matches[base] if base is not None else self.ordered
            ids = set(matching(among, key))
            rows = among if len(ids) == len(among) else [r for r in among if r.id in ids]
            if len(self._matches) > 32:
                self._matches = {}
            self._matches[key] = rows
        self.table.empty_text = (
            "nobody matches: Esc clears the filter"
            if key.strip()
            else "no stakeholders yet: n adds one, or ctrl+p, Import contacts"
        )
        self.table.set_ids([r.id for r in ranked(rows, key)])
        self._status()

    def _status(self, note: str = "") -> None:
        plan = next((p for p in self.plans if p.id == self.plan_id), None)
        shown = f"{self.table.row_count:,} of {len(self.index):,}" + ("" if self.complete else "+ (reading…)")
        parts = [shown, f"plan: {plan.name} v{plan.current_version}" if plan else "no plans yet"]
        if self.include_archived:
            parts.append("with archived")
        if note:
            parts.append(note)
        self.query_one("#people-status", Static).update(" · ".join(parts))

    def filter_changed(self) -> None:
        if self.is_mounted:
            self._filter()

    @on(Input.Submitted, "#people-filter")
    async def filter_done(self) -> None:
        """Enter in the filter opens the top match (the best ranked); with none, back to the table."""
        self.table.focus()
        top = (
            self.table.row_ids[0]
            if self.table.row_count and self.query_one("#people-filter", Input).value.strip()
            else None
        )
        if top is not None:
            self.table.cursor = 0
            await self.app.open_person(top)  # type: ignore[attr-defined]

    @on(LazyTable.HeaderClicked)
    def header_clicked(self, message: LazyTable.HeaderClicked) -> None:
        if message.column == self.table.sort_column:
            self.action_reverse()
        else:
            self._sort_by(message.column)

    @on(LazyTable.Selected)
    async def open_person(self, message: LazyTable.Selected) -> None:
        await self.app.open_person(message.row_id)  # type: ignore[attr-defined]

    # -- actions --------------------------------------------------------------------------------

    def action_filter(self) -> None:
        # At once, not after the queue (`focus()` waits for it): keys typed right behind the `/` while the
        # app is busy (just started, a load in progress) must reach the filter, not the table's bindings.
        self.set_focus(self.query_one("#people-filter", Input))

    def action_clear(self) -> None:
        field = self.query_one("#people-filter", Input)
        field.value = ""
        self.table.focus()

    def _sort_by(self, column: str) -> None:
        self.table.sort_column, self.table.sort_reverse = column, False
        self._order()

    def action_sort(self) -> None:
        current = SORTS.index(self.table.sort_column or "name")
        self._sort_by(SORTS[(current + 1) % len(SORTS)])

    def action_reverse(self) -> None:
        self.table.sort_reverse = not self.table.sort_reverse
        self.ordered.reverse()
        self._matches = {}
        self._filter()

    def action_plan(self) -> None:
        if not self.plans:
            return
        ids = [p.id for p in self.plans]
        self.plan_id = ids[(ids.index(self.plan_id) + 1) % len(ids)] if self.plan_id in ids else ids[0]
        self.table.forget_rows()
        self.table.refresh()
        if self.table.sort_column in ("stance", "briefed"):
            self._order()
        self._status()

    def action_archived(self) -> None:
        self.include_archived = not self.include_archived
        self.index = []  # a different set of people: read it from the start
        self.reload()

    def action_new(self) -> None:
        from tui.screens.person_form import PersonFormScreen

        self.app.push_screen(PersonFormScreen(None), self.app._after_form)  # type: ignore[attr-defined]

    def log_defaults(self) -> LogDefaults:
        person = self.table.cursor_id
        plan = next((p for p in self.plans if p.id == self.plan_id), None)
        return LogDefaults(person_ids=[person] if person is not None else [], plan_id=plan.id if plan else None)
