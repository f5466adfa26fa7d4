"""SVG snapshots of the stakeholder forms of issue 14 at 100×32 and 80×24, and one without colour.

Regenerate with `pytest tests/tui/test_snapshots_people_forms.py --snapshot-update`, then look at the
SVGs in `__snapshots__/` before committing them.
"""

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from textual.pilot import Pilot

from db.models import AuditEntry
from tests.conftest import FROZEN_NOW
from tests.tui.conftest import SIZE, person_id, settle
from tests.tui.test_snapshots import shoot

SMALL = (80, 24)
SIZES = pytest.mark.parametrize("size", [SIZE, SMALL], ids=["100x32", "80x24"])


def on_person(store, name: str) -> Callable[[Pilot], Awaitable[None]]:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await pilot.app.open_person(person_id(store, name))  # type: ignore[attr-defined]
        await settle(pilot)

    return before


def palette(name: str) -> Callable[[Pilot], Awaitable[None]]:
    async def before(pilot: Pilot) -> None:
        await pilot.app.run_action(f"do({name!r})")

    return before


@SIZES
def test_add_stakeholder(snap_compare, app_factory, size) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), before=palette("Add stakeholder"), size=size)


@SIZES
def test_edit_stakeholder(snap_compare, app_factory, demo_store, size) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "E", before=on_person(demo_store, "Elena Rossi"), size=size)


@SIZES
def test_archive_stakeholder(snap_compare, app_factory, demo_store, size) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "A", before=on_person(demo_store, "Tom Becker"), size=size)


@SIZES
def test_unarchive_stakeholder_asks_whom(snap_compare, app_factory, size) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), before=palette("Unarchive stakeholder"), size=size)


@SIZES
def test_merge_stakeholders(snap_compare, app_factory, demo_store, size) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "M", before=on_person(demo_store, "Tom Becker"), size=size)


@SIZES
def test_merge_asks_before_it_runs(snap_compare, app_factory, demo_store, size) -> None:  # type: ignore[no-untyped-def]
    keys = ["space" if ch == " " else ch for ch in "Chris Morgan"]
    assert shoot(
        snap_compare, app_factory(), "M", *keys, "enter", before=on_person(demo_store, "Tom Becker"), size=size
    )


@SIZES
def test_forget_stakeholder_refuses_a_partial_name(snap_compare, app_factory, demo_store, size) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await on_person(demo_store, "Hannah Weber")(pilot)
        await pilot.app.run_action("do('Forget stakeholder')")

    assert shoot(snap_compare, app_factory(), "H", "a", "n", "n", "a", "h", "enter", before=before, size=size)


@SIZES
def test_set_stance(snap_compare, app_factory, demo_store, size) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "t", before=on_person(demo_store, "Elena Rossi"), size=size)


@SIZES
def test_add_influence_link(snap_compare, app_factory, demo_store, size) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "i", "H", "a", "n", before=on_person(demo_store, "Tom Becker"), size=size)


@SIZES
def test_remove_influence_link(snap_compare, app_factory, demo_store, size) -> None:  # type: ignore[no-untyped-def]
    assert shoot(snap_compare, app_factory(), "I", before=on_person(demo_store, "Tom Becker"), size=size)


@SIZES
def test_history(snap_compare, app_factory, demo_store, size) -> None:  # type: ignore[no-untyped-def]
    # The demo's audit entries carry the real clock's time: pin them so the snapshot does not move.
    with demo_store.write() as session:
        session.execute(sa.update(AuditEntry).values(at=FROZEN_NOW - timedelta(days=3)))
    assert shoot(snap_compare, app_factory(), "h", before=on_person(demo_store, "Elena Rossi"), size=size)


@SIZES
def test_back_up(snap_compare, app_factory, size) -> None:  # type: ignore[no-untyped-def]
    async def before(pilot: Pilot) -> None:
        await pilot.app.run_action("do('Back up')")
        await settle(pilot)
        pilot.app.screen.field("path").value = "~/backups/stakeholders.db"  # type: ignore[attr-defined]

    assert shoot(snap_compare, app_factory(), before=before, size=size)


def test_edit_stakeholder_without_colour(
    snap_compare,
    app_factory,
    demo_store,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory()
    assert app.no_color
    assert shoot(snap_compare, app, "E", before=on_person(demo_store, "Elena Rossi"), size=SMALL)


def test_merge_stakeholders_without_colour(
    snap_compare,
    app_factory,
    demo_store,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = app_factory()
    assert shoot(snap_compare, app, "M", before=on_person(demo_store, "Tom Becker"), size=SMALL)
