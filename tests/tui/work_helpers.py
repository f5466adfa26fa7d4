"""Helpers for the work actions' Pilot tests: run an action by its §7 name, fill a form, undo."""

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import settle


async def do(pilot: Pilot, name: str) -> None:
    """Run the action of that §7 name, as the palette does (straight to it, whatever screen is in view)."""
    await pilot.app.action_do(name)  # type: ignore[attr-defined]
    await settle(pilot)


async def fill(pilot: Pilot, **values: str) -> None:
    """Set form fields by key (the `f-KEY` inputs), then save with ctrl+s."""
    for key, value in values.items():
        pilot.app.screen.query_one(f"#f-{key}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


async def undo(pilot: Pilot) -> None:
    await pilot.press("ctrl+z")
    await settle(pilot)


def form_error(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#form-error").render())


def toasts(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]
