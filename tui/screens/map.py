"""Map: the power/interest grid, everyone placed by influence × interest, coloured by stance."""

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Footer, Static

from tui.data.common import PlanChoice, default_plan_id, plan_choices
from tui.data.map import Cell, load_map
from tui.screens.base import DataScreen, LogDefaults
from tui.widgets.lazy_table import Column, LazyTable
from tui.widgets.mendelow import MapGrid
from tui.widgets.styles import legend, look, stance_text


class MapScreen(DataScreen):
    CSS_PATH = "map.tcss"
    NAV = "map"
    BINDINGS = [
        Binding("c", "plan", "Plan", id="map.plan", tooltip="Colour by stance on the next plan"),
        Binding(
            "g",
            "by_division",
            "By division",
            id="map.by_division",
            tooltip="Group each cell by division (how many of each silo sit there), or back to names",
        ),
        Binding("escape", "grid", "Back to grid", show=False, id="map.grid", tooltip="From the list back to the grid"),
    ]

    @dataclass
    class Loaded(Message):
        cells: dict[tuple[int, int], Cell]
        plans: list[PlanChoice]
        plan_id: int | None

    def __init__(self) -> None:
        super().__init__()
        self.plans: list[PlanChoice] = []
        self.plan_id: int | None = None
        self.by_division = False
        self._listed: list[int] = []  # the ids of the people list's rows, in its order

    def compose(self) -> ComposeResult:
        yield from self.compose_nav()
        yield Static(id="map-title")
        yield MapGrid(id="map-grid")
        people = LazyTable(
            [Column("who", "Who", 16, flex=1), Column("stance", "Stance", 14)],
            empty_text="nobody here",
            id="map-people",
        )
        people.add_class("panel")
        yield people
        yield Footer()

    def on_mount(self) -> None:
        grid = self.query_one(MapGrid)
        grid.focus()
        self.watch(grid, "selected", lambda _: self._list_cell(), init=False)

    def load(self) -> None:
        self.load_map(self.plan_id)

    @work(thread=True, exclusive=True, group="map", exit_on_error=False)
    def load_map(self, plan_id: int | None) -> None:
        app: Any = self.app
        with app.store.session() as session:
            plans = plan_choices(session)
            plan_id = plan_id or default_plan_id(session, app.now())
            self.post_message(self.Loaded(load_map(session, plan_id), plans, plan_id))

    def on_map_screen_loaded(self, message: Loaded) -> None:
        self.plans, self.plan_id = message.plans, message.plan_id
        plan = next((p for p in self.plans if p.id == self.plan_id), None)
        title = Text()
        title.append(
            f"Power/interest · stance on {plan.name} v{plan.current_version}"
            if plan
            else "Power/interest · no plans yet (everyone unaware)",
            style="bold",
        )
        title.append(" · by division" if self.by_division else "", style="bold")
        title.append(
            "   c change plan · g " + ("names" if self.by_division else "by division") + "\n", style=look("quiet")
        )
        title.append_text(legend())
        self.query_one("#map-title", Static).update(title)
        grid = self.query_one(MapGrid)
        grid.show(message.cells, self.by_division)
        self._list_cell()

    @on(MapGrid.Chosen)
    def cell_chosen(self) -> None:
        self.query_one("#map-people").focus()

    def _list_cell(self) -> None:
        grid = self.query_one(MapGrid)
        cell = grid.cells.get(grid.selected)
        table = self.query_one("#map-people", LazyTable)
        influence, interest = grid.selected
        count = cell.count if cell else 0
        people = "1 person" if count == 1 else f"{count} people"
        table.border_title = f"Influence {influence} × interest {interest}: {people}  (Enter: list, open)"
        listed = cell.people if cell else []
        if self.by_division and cell:  # grouped as the grid is: by division (none last), then by name
            listed = sorted(
                listed, key=lambda p: (cell.division_of.get(p[0], "") == "", cell.division_of.get(p[0], "").lower())
            )
        self._listed = [pid for pid, _, _ in listed]
        rows: list[tuple[Any, ...]] = [
            (
                f"{name} · {cell.division_of.get(pid) or 'no division'}" if self.by_division and cell else name,
                stance_text(level),
            )
            for pid, name, level in listed
        ]
        if cell and cell.count > len(cell.people):
            rows.append(
                (
                    Text(
                        f"… and {cell.count - len(cell.people)} more: filter the stakeholders table",
                        style=look("quiet"),
                    ),
                    "",
                )
            )
        table.show_rows(rows)

    @on(LazyTable.Selected, "#map-people")
    async def open_person(self, event: LazyTable.Selected) -> None:
        person = self._person()
        if person is not None:
            await self.app.open_person(person)  # type: ignore[attr-defined]

    def _person(self) -> int | None:
        grid = self.query_one(MapGrid)
        cell = grid.cells.get(grid.selected)
        row = self.query_one("#map-people", LazyTable).cursor_id
        if cell is None or row is None or row >= len(self._listed):
            return None
        return self._listed[row]

    def action_plan(self) -> None:
        if self.plans:
            ids = [p.id for p in self.plans]
            self.plan_id = ids[(ids.index(self.plan_id) + 1) % len(ids)] if self.plan_id in ids else ids[0]
            self.load_map(self.plan_id)

    def action_by_division(self) -> None:
        self.by_division = not self.by_division
        self.load_map(self.plan_id)  # the title and the grid redrawn with the grouping

    def action_grid(self) -> None:
        self.query_one(MapGrid).focus()

    def log_defaults(self) -> LogDefaults:
        person = self._person() if self.focused is self.query_one("#map-people") else None
        return LogDefaults(person_ids=[person] if person else [], plan_id=self.plan_id)
