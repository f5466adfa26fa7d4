"""Going between screens: a page opened over a screen never sticks to it (issue 14)."""

from textual.command import CommandPalette

from tests.tui.conftest import SIZE, person_id, pilot_test, settle, type_text
from tui.screens.dashboard import DashboardScreen
from tui.screens.events import EventsScreen
from tui.screens.person import PersonScreen
from tui.widgets.navbar import NavBar


def highlighted(app) -> str:  # type: ignore[no-untyped-def]
    return app.screen.query_one(NavBar).current  # type: ignore[no-any-return]


@pilot_test
async def test_a_person_opened_from_the_palette_does_not_stick_to_events(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert CommandPalette.is_open(app)
        await type_text(pilot, "tom")
        await pilot.pause(0.5)  # the palette searches as you type
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.person_id == person_id(demo_store, "Tom Becker")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen), app.screen
        assert highlighted(app) == "events"


@pilot_test
async def test_escape_from_a_person_goes_back_where_it_was_opened(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "enter")  # the call list's first person
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert highlighted(app) == "dashboard"


@pilot_test
async def test_a_double_enter_in_the_palette_runs_the_command_once(app_factory) -> None:  # type: ignore[no-untyped-def]
    """Textual's palette took the second Enter too and popped the screen beneath (found by the fuzz)."""
    from textual import events

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Go to Plans")
        await pilot.pause(0.5)  # the palette searches as you type
        await pilot.press("down")
        for _ in range(3):  # typed ahead, as a terminal delivers them: no wait in between
            app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert not CommandPalette.is_open(app)
        assert type(app.screen).__name__ == "PlansScreen"
        assert len(app.screen_stack) == 1


@pilot_test
async def test_escape_typed_twice_closes_a_form_or_a_page_once(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    from textual import events

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        for _ in range(2):  # typed ahead: no wait in between
            app.post_message(events.Key("escape", "\x1b"))
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and len(app.screen_stack) == 1
        await app.open_person(person_id(demo_store, "Tom Becker"))
        await settle(pilot)
        for _ in range(2):
            app.post_message(events.Key("escape", "\x1b"))
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and len(app.screen_stack) == 1


@pilot_test
async def test_the_palette_jumps_to_an_open_concern_by_its_text(app_factory) -> None:  # type: ignore[no-untyped-def]
    """§7: the palette finds a concern by words of its text and opens the list of open concerns on it."""
    from tui.screens.concerns import ConcernsScreen

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "fy budget")
        await pilot.pause(0.5)  # the palette searches as you type
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConcernsScreen)
        current = app.screen.current
        assert current is not None
        assert (current.name, current.text) == ("James O'Neill", "The CX platform is not in the FY budget")
