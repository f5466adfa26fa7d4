"""SVG snapshots of the work forms and lists (issue 14) on the demo story, frozen at Sunday 2026-11-22
10:00 UTC: each at 100×32 and at 80×24, and the lists and a form without colour.

Regenerate with `pytest tests/tui/test_snapshots_work.py --snapshot-update`, then look at the SVGs.
"""

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.tui.conftest import settle
from tests.tui.test_snapshots import shoot

SIZES = {"wide": (100, 32), "small": (80, 24)}
CONTACTS = (
    "Name,Email,Title,Company,Team\nAda Lovelace,ada@analytical.example,CTO,Analytical,finance\n"
    ",nobody@example.com,,,\n"
)


def action(name: str, *keys: str, **values: str) -> Callable[[Pilot], Awaitable[None]]:
    """Run the action of that §7 name, fill fields, press keys."""

    async def run(pilot: Pilot) -> None:
        await pilot.app.action_do(name)  # type: ignore[attr-defined]
        await settle(pilot)
        for key, value in values.items():
            pilot.app.screen.query_one(f"#f-{key}", Input).value = value
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    return run


FORMS = {
    "add_plan": action("Add plan"),
    "revise_plan": action("Revise plan", plan="CX programme"),
    "approve_version": action("Approve version", plan="CX programme", version="2"),
    "compare_versions": action("Compare versions", "ctrl+s", plan="CX programme"),
    "resolve_concern": action("Open concerns", "enter"),
    "add_follow_up": action("Add follow-up", who="Tom Becker", text="Send the FAQ", due="tuesday"),
    "add_event_refused": action("Add event", "ctrl+s", title="Town hall", plan="CX programme"),
    "edit_event": action("Edit event", event="Steering committee"),
    "cancel_event": action("Cancel event", event="Steering committee"),
    "edit_touchpoint_picker": action("Edit touchpoint"),
    "edit_touchpoint": action("Edit touchpoint", "enter"),
    "drop_question": action("Did this happen?", "D"),
    "brief": action("Brief"),
    "import_calendar": action("Import calendar or mail"),
}
LISTS = {
    "concerns": action("Open concerns"),
    "follow_ups": action("Follow-ups"),
    "did_this_happen": action("Did this happen?"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", FORMS)
def test_form(snap_compare, app_factory, name: str, size: str) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), before=FORMS[name], size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", LISTS)
def test_list(snap_compare, app_factory, name: str, size: str) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), before=LISTS[name], size=SIZES[size])


@pytest.mark.parametrize("size", SIZES)
def test_import_contacts_preview(
    snap_compare,
    app_factory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
    size: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # a relative path: the same picture wherever the test runs
    (tmp_path / "team.csv").write_text(CONTACTS)
    assert shoot(
        snap_compare, app_factory(), before=action("Import contacts", "ctrl+s", path="team.csv"), size=SIZES[size]
    )


@pytest.mark.parametrize("name", [*LISTS, "resolve_concern"])
def test_without_colour(snap_compare, app_factory, monkeypatch: pytest.MonkeyPatch, name: str) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory()
    assert app.no_color
    assert shoot(snap_compare, app, before={**LISTS, **FORMS}[name], size=SIZES["small"])
