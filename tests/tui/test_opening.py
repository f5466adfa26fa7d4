"""The app on a store still opening (tui/opening.py): rows from the first page (or the dashboard's
figures read ahead) first, the store after.

The bare command starts this way on a current SQLite file, so the first frame does not wait for
SQLAlchemy (§9). Here the opening is held back by hand: whatever the screen shows before it is
released came from the first page alone.
"""

import threading

import pytest

from db.engine import StoreError
from db.first_figures import read_first_figures
from db.first_page import read_first_page
from db.store import Store
from tests.conftest import FROZEN_NOW
from tests.tui.conftest import SIZE, frozen_clock, pilot_test, settle, type_text
from tui.app import make_app
from tui.data.dashboard_lines import EVENTS_SHOWN, FirstLines, first_lines
from tui.opening import ReadAhead, StoreOpening
from tui.screens.dashboard import DashboardScreen
from tui.screens.people import PeopleScreen
from tui.widgets.lazy_table import LazyTable


def held_opening(store: Store) -> tuple[StoreOpening, threading.Event]:
    release = threading.Event()

    def open_store() -> Store:
        assert release.wait(30), "the test never released the store"
        return store

    return StoreOpening(open_store), release


def visible_cells(screen: PeopleScreen) -> list[tuple[str, ...]]:
    table = screen.table
    return [
        tuple(str(cell) for cell in table._rows[i]) for i in table.row_ids[: table._body_height] if i in table._rows
    ]


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
            assert tom[2:] == ("Sales EMEA", "manage closely", "U unaware", "—", "Tue 13 Oct")

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
    # The reads that waited for the store failed with its error: expected here, and nothing else.
    assert {str(w.error) for w in app.worker_errors} <= {str(app.opening_error)}, app.worker_errors
    app.worker_errors.clear()  # seen and checked: the fixture fails a test on any other
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


def demo_figures(store: Store, gate: threading.Event | None = None) -> ReadAhead[FirstLines]:
    """The dashboard's figures read ahead, as the bare command does (in a thread here); `gate` holds them back."""
    assert store.path is not None
    path = store.path

    def read() -> FirstLines | None:
        if gate is not None:
            assert gate.wait(30), "the test never let the figures through"
        figures = read_first_figures(path, FROZEN_NOW, events=EVENTS_SHOWN, stale_days=30)
        return None if figures is None else first_lines(figures)

    return ReadAhead(read, "test figures")


def panel(screen: DashboardScreen, key: str) -> list[tuple[str, ...]]:
    table = screen.query_one(f"#dash-{key}", LazyTable)
    return [tuple(str(cell) for cell in table._rows[i]) for i in table.row_ids if i in table._rows]


@pilot_test
@pytest.mark.parametrize("ready_before_the_screen", [True, False])
async def test_the_dashboard_shows_the_figures_read_ahead_before_the_store_opens(
    demo_store: Store, ready_before_the_screen: bool
) -> None:
    gate = threading.Event()
    if ready_before_the_screen:
        gate.set()
    figures = demo_figures(demo_store, gate)
    if ready_before_the_screen:
        figures.wait()
    opening, release = held_opening(demo_store)
    app = make_app(opening, clock=frozen_clock, first_figures=figures)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.1)
            screen = app.screen
            assert isinstance(screen, DashboardScreen)
            assert ("events" in screen.seen) is ready_before_the_screen  # in the first frame, or not yet
            # The store starts opening once the figures are on screen, not before: its import would slow them.
            assert opening._started is ready_before_the_screen
            gate.set()
            for _ in range(40):
                if "calls" in screen.seen and opening._started:
                    break
                await pilot.pause(0.05)
            assert opening._started
            assert opening.store is None  # still held: what the panels show came from the figures alone
            events, calls = panel(screen, "events"), panel(screen, "calls")
            summary = str(screen.query_one("#dash-summary").render())
            # The demo: the note to the wider team in two days surprises people, and they are on the call list.
            assert events and any(int(row[2]) > 0 for row in events) and calls
            assert "would be surprised" in summary and "… follow-ups overdue" in summary
            assert not screen.complete

            release.set()
            await settle(pilot)
            assert screen.complete
            assert panel(screen, "events") == events and panel(screen, "calls") == calls  # the store agrees
    finally:
        gate.set()
        release.set()
        opening.close()


@pytest.mark.parametrize("start", ["people", "dashboard"])
@pilot_test
async def test_the_start_screens_layout_is_read_with_the_apps(
    demo_store: Store, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read once, before the first parse: a screen that brings a file of its own makes Textual parse every
    source again, one more pass in front of the first frame. Its layout still applies."""
    from textual.css.stylesheet import Stylesheet

    events: list[str] = []
    reading, parsing = Stylesheet.read, Stylesheet.parse
    monkeypatch.setattr(
        Stylesheet, "read", lambda self, filename: (events.append(str(filename)), reading(self, filename))[1]
    )
    monkeypatch.setattr(Stylesheet, "parse", lambda self: (events.append("parse"), parsing(self))[1])
    app = make_app(demo_store, clock=frozen_clock, start=start)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        layout = str(app.screen.css_path[0])
        assert layout.endswith(f"{start}.tcss")
        assert events.count(layout) == 1 and events.index(layout) < events.index("parse")
        assert app.stylesheet.has_source(layout)
        if start == "people":  # people.tcss: the filter bar is one line, docked above the table
            assert app.screen.query_one("#people-bar").styles.height.value == 1


@pytest.mark.parametrize("start", ["people", "dashboard"])
@pilot_test
async def test_no_worker_reads_before_the_first_frame(
    demo_store: Store, start: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers import the store's modules: started before the first frame, they took the GIL from it
    (~50-100 ms at 50,000 people). They start right after it, and the screen still loads."""
    from tui.app import StakeholdersApp

    at_first_frame: list[list[str]] = []
    written = StakeholdersApp._first_frame_written

    def first_frame_written(self: StakeholdersApp) -> None:
        at_first_frame.append(sorted(worker.group for worker in self.workers))
        written(self)

    monkeypatch.setattr(StakeholdersApp, "_first_frame_written", first_frame_written)
    assert demo_store.path is not None
    first = read_first_page(demo_store.path, FROZEN_NOW, rows=200, cell_rows=SIZE[1]) if start == "people" else None
    app = make_app(demo_store, clock=frozen_clock, start=start, first_page=first)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert at_first_frame == [[]]
        assert app.screen.complete  # type: ignore[attr-defined]
        if start == "dashboard":
            assert "would be surprised" in str(app.screen.query_one("#dash-summary").render())
        else:
            assert isinstance(app.screen, PeopleScreen) and app.screen.table.row_count > 0
