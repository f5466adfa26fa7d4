"""SVG snapshots of every screen on the demo story, frozen at Sunday 2026-11-22 10:00 UTC (TZ=Europe/London).

Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update`, then look at the SVGs in
`__snapshots__/` before committing them.
"""

from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot

from tests.tui.conftest import SIZE, person_id, settle
from tui.app import StakeholdersApp


def shoot(
    snap_compare,
    app: StakeholdersApp,
    *keys: str,
    size: tuple[int, int] = SIZE,  # type: ignore[no-untyped-def]
    before: Callable[[Pilot], Awaitable[None]] | None = None,
) -> bool:
    """Press `keys` one by one, letting every load finish in between, then compare."""

    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        if before is not None:
            await before(pilot)
            await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


def test_dashboard(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory())


def test_dashboard_at_80x24(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), size=(80, 24))


def test_stakeholders(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "s")


def test_stakeholders_filtered_at_80x24(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "s", "slash", *"division", size=(80, 24))


def test_person(snap_compare, app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    async def open_elena(pilot: Pilot) -> None:
        await pilot.app.open_person(person_id(demo_store, "Elena Rossi"))  # type: ignore[attr-defined]

    assert shoot(snap_compare, app_factory(), before=open_elena)


def test_plans_with_a_diff(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "p", "tab", "v")


def test_events(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "e", "tab")


def test_map(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "m", "down", "left")


def test_map_without_colour(snap_compare, app_factory, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory()
    assert app.no_color
    assert shoot(snap_compare, app, "m", size=(80, 24))


def test_log_form_from_the_call_list(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "tab", "l")


def test_log_form_shows_an_error(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "tab", "l", "tab", "tab", "tab", "ctrl+u", "x", "ctrl+s")


def test_help(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "question_mark")


def test_export_form(snap_compare, app_factory) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "x")
