"""The app on a store still opening (tui/opening.py): rows from the first page first, the store after.

The bare command starts this way on a current SQLite file, so the first frame does not wait for
SQLAlchemy (§9). Here the opening is held back by hand: whatever the screen shows before it is
released came from the first page alone.
"""

import threading

from db.engine import StoreError
from db.first_page import read_first_page
from db.store import Store
from tests.conftest import FROZEN_NOW
from tests.tui.conftest import SIZE, frozen_clock, pilot_test, settle, type_text
from tui.app import make_app
from tui.opening import StoreOpening
from tui.screens.people import PeopleScreen


def held_opening(store: Store) -> tuple[StoreOpening, threading.Event]:
    release = threading.Event()

    def open_store() -> Store:
        assert release.wait(30), "the test never released the store"
        return store

    return StoreOpening(open_store), release


def visible_cells(screen: PeopleScreen) -> list[tuple[str, ...]]:
    table = screen.table
    return [tuple(str(cell) for cell in table._rows[i]) for i in table.row_ids[:table._body_height]
            if i in table._rows]


@pilot_test
async def test_first_rows_show_before_the_store_opens(demo_store: Store) -> None:
    assert demo_store.path is not None
    first = read_first_page(demo_store.path, FROZEN_NOW, rows=200, cell_rows=SIZE[1])
    opening, release = held_opening(demo_store)
    app = make_app(opening, clock=frozen_clock, start="people", first_page=first)
    try:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(5):
                await pilot.pause(0.05)
            screen = app.screen
            assert isinstance(screen, PeopleScreen)
            assert opening.store is None  # still held: everything below came from the first page
            before = visible_cells(screen)
            assert len(before) == screen.table.row_count  # the demo fits on one screen: every row filled
            tom = next(cells for cells in before if cells[0] == "Tom Becker")
            # The demo: not spoken to in 40 days, never briefed, no stance recorded.
            assert tom[2:] == ("manage closely", "U unaware", "—", "2026-10-13")

            release.set()
            await settle(pilot)
            assert opening.store is demo_store and screen.complete
            assert visible_cells(screen) == before  # the store's reads agree with the first page

            await pilot.press("slash")
            await type_text(pilot, "becker")
            await settle(pilot)
            assert [cells[0] for cells in visible_cells(screen)] == ["Tom Becker"]
    finally:
        release.set()
        opening.close()


@pilot_test
async def test_the_dashboard_waits_for_the_store_then_loads(demo_store: Store) -> None:
    opening, release = held_opening(demo_store)
    app = make_app(opening, clock=frozen_clock)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.1)
            assert not app.screen.complete  # type: ignore[attr-defined]
            release.set()
            await settle(pilot)
            assert app.screen.complete  # type: ignore[attr-defined]
            assert "would be surprised" in str(app.screen.query_one("#dash-summary").render())
    finally:
        release.set()
        opening.close()


@pilot_test
async def test_a_store_that_fails_to_open_ends_the_app_with_its_error() -> None:
    def refuse() -> Store:
        raise StoreError("/tmp/x.db is damaged (database disk image is malformed): restore it from a backup")

    opening = StoreOpening(refuse)
    app = make_app(opening, clock=frozen_clock, start="people")
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(40):
            if app.opening_error is not None:
                break
            await pilot.pause(0.05)
    assert isinstance(app.opening_error, StoreError)
    assert app.return_code == 1
    opening.close()


@pilot_test
async def test_end_pressed_before_everyone_is_read_lands_on_the_last_row(demo_store: Store) -> None:
    assert demo_store.path is not None
    first = read_first_page(demo_store.path, FROZEN_NOW, rows=5, cell_rows=5)  # 5 of the demo's 14
    assert first is not None and not first.complete
    opening, release = held_opening(demo_store)
    app = make_app(opening, clock=frozen_clock, start="people", first_page=first)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.1)
            screen = app.screen
            assert isinstance(screen, PeopleScreen) and screen.table.row_count == 5
            await pilot.press("end")
            assert screen.table.cursor == 4
            release.set()
            await settle(pilot)
            assert screen.complete and screen.table.row_count == 14
            assert screen.table.cursor == 13  # the last of everyone, where End was meant to go
    finally:
        release.set()
        opening.close()
