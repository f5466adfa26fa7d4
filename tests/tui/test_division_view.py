"""Seeing people by division in the TUI (issue 17): the stakeholders table's Division column and
filter, and the map's `g` grouping each cell by division."""

from db.store import Store
from stakeholders.people import add_person
from tests.tui.conftest import SIZE, person_id, pilot_test, settle, type_text
from tests.tui.test_people import names, open_people, table
from tui.screens.map import MapScreen
from tui.screens.person import PersonScreen
from tui.widgets.lazy_table import LazyTable
from tui.widgets.mendelow import MapGrid


@pilot_test
async def test_the_table_shows_and_filters_by_division(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot)
        assert [column.label for column in table(app).columns][:3] == ["Name", "Organization", "Division"]
        row = app.screen.index[0]
        assert (row.name, row.division) == ("Aisha Okafor", "Customer Support")
        await pilot.press("slash")
        await type_text(pilot, "sales emea")
        await settle(pilot)
        assert names(app) == ["Luis Ortega", "Marcus Webb", "Tom Becker"]


@pilot_test
async def test_the_map_groups_each_cell_by_division(app_factory, demo_store: Store) -> None:  # type: ignore[no-untyped-def]
    with demo_store.write() as session:  # first by name in the cell, second by division
        add_person(session, {"name": "Aaron Zed", "division": "Sales EMEA", "influence": 4, "interest": 4})
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MapScreen)
        grid = app.screen.query_one(MapGrid)
        assert "U Aaron Zed" in str(app.screen.query_one("#cell-4-4").render())  # names, as before
        await pilot.press("g")
        await settle(pilot)
        grid = app.screen.query_one(MapGrid)
        assert grid.by_division
        cell = str(app.screen.query_one("#cell-4-4").render())
        assert " 2 Sales EMEA U N\n 1 Sales Americas R" in cell and "Aaron" not in cell
        assert "by division" in str(app.screen.query_one("#map-title").render())
        await pilot.press("down", "left", "enter")  # influence 4, interest 4: its people, by division
        await settle(pilot)
        rows = app.screen.query_one("#map-people", LazyTable)
        assert rows.row_count == 3
        await pilot.press("enter")  # the first row is Elena (Sales Americas), not Aaron (first by name)
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.person_id == person_id(demo_store, "Elena Rossi")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape", "g")  # back to the grid, back to names
        await settle(pilot)
        assert not app.screen.query_one(MapGrid).by_division
        assert "U Aaron Zed" in str(app.screen.query_one("#cell-4-4").render())
