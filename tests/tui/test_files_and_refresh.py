"""Brief and export to a file from the TUI; live refresh when another process writes."""

import os
import stat
import time

from db.store import open_store
from stakeholders.people import add_person
from stakeholders.resolve import resolve_person, resolve_plan
from stakeholders.touchpoints import TouchpointDraft, log_touchpoint
from tests.conftest import FROZEN_NOW
from tests.tui.conftest import SIZE, pilot_test, settle, type_text
from tui.screens.dashboard import DashboardScreen
from tui.screens.people import PeopleScreen
from tui.screens.save_file import BriefScreen, ExportScreen


async def _fill_path(pilot, field: str, value: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.field(field).focus()
    await pilot.press("end", "ctrl+u")
    await type_text(pilot, value)


@pilot_test
async def test_export_the_status_to_a_file(app_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    target = tmp_path / "status.html"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("ctrl+u")
        await type_text(pilot, "html")
        assert app.screen.field("path").value == "status.html"  # the default name follows the format
        await _fill_path(pilot, "path", str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    html = target.read_text()
    assert "<html" in html.lower() and "CX programme" in html
    assert "Felt ambushed" not in html  # private notes stay out unless asked for
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


@pilot_test
async def test_export_refuses_a_folder_that_does_not_exist(app_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await _fill_path(pilot, "path", str(tmp_path / "nowhere" / "status.md"))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "does not exist" in str(app.screen.query_one("#form-error").render())


@pilot_test
async def test_brief_for_the_next_event_to_a_file(app_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    target = tmp_path / "brief.md"
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("b")
        assert isinstance(app.screen, BriefScreen)
        assert app.screen.field("path").value == "brief-note-to-the-wider-cx-team.md"
        await _fill_path(pilot, "path", str(target))
        await pilot.press("enter")
        await settle(pilot)
    text = target.read_text()
    assert "Note to the wider CX team" in text
    assert "Tom Becker" in text and "Prefers a short call before 9am" in text  # the brief is for the lead


@pilot_test
async def test_screens_refresh_when_another_process_writes(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory(poll_seconds=0.3)
    other = open_store(demo_store.path)  # a second connection, as the CLI in another process would have
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.screen.board.events[0].surprised == 5
            with other.write() as session:
                tom = resolve_person(session, "Tom Becker")
                plan = resolve_plan(session, "CX programme")
                log_touchpoint(
                    session, TouchpointDraft(attendees=[tom], occurred_at=FROZEN_NOW, plan=plan), now=FROZEN_NOW
                )
            await _wait_for(pilot, lambda: app.screen.board.events[0].surprised == 4)
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, PeopleScreen)
            with other.write() as session:
                add_person(session, {"name": "Zoe Newcomer"})
            await _wait_for(pilot, lambda: "Zoe Newcomer" in [r.name for r in app.screen.index])
            await pilot.press("d")  # the dashboard saw the change while hidden: it reloads on return
            await settle(pilot)
            assert app.screen.board.events[0].surprised == 4
    finally:
        other.close()


async def _wait_for(pilot, condition, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screen did not refresh"
        await pilot.pause(0.1)
        await pilot.app.workers.wait_for_complete()
