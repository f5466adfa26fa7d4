"""Add event, Edit event, Cancel event, Mark event held (then the meeting offered for logging): DB effect, undo."""

from datetime import UTC, datetime

from sqlmodel import select

from db.enums import EventKind, EventStatus
from db.models import Event, EventAudience, Tag
from stakeholders.events import audience_labels
from tests.tui.conftest import SIZE, pilot_test, settle
from tests.tui.work_helpers import do, fill, form_error, undo
from tui.screens.event_forms import AddEventScreen, EditEventScreen, EventStatusScreen
from tui.screens.touchpoint_forms import UndoableLogScreen


def event(store, title: str) -> tuple[EventStatus, datetime, EventKind, list[str]] | None:  # type: ignore[no-untyped-def]
    with store.session() as session:
        row = session.exec(select(Event).where(Event.title == title)).first()
        if row is None:
            return None
        return row.status, row.starts_at, row.kind, sorted(audience_labels(session, row.id))  # type: ignore[arg-type]


@pilot_test
async def test_add_event_with_people_and_a_tag_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("n")  # the events screen's key for Add event
        await settle(pilot)
        assert isinstance(app.screen, AddEventScreen)
        await fill(
            pilot,
            title="Town hall",
            plan="CX programme",
            when="friday 9am",
            kind="meet",
            audience="Tom Becker, tag:cx-team",
        )
        assert not isinstance(app.screen, AddEventScreen), form_error(pilot)
        assert event(demo_store, "Town hall") == (
            EventStatus.PLANNED,
            datetime(2026, 11, 27, 9, 0, tzinfo=UTC),
            EventKind.MEETING,
            ["Tom Becker", "tag:cx-team"],
        )
        await undo(pilot)
    assert event(demo_store, "Town hall") is None


@pilot_test
async def test_add_event_lists_what_is_missing(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Add event")
        await fill(pilot, title="Town hall", plan="CX programme", when="friday 9am")
        assert isinstance(app.screen, AddEventScreen)
        assert "who will hear it" in form_error(pilot)


@pilot_test
async def test_edit_event_in_view_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    before = event(demo_store, "Steering committee")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.app.open_event(3)  # type: ignore[attr-defined]
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, EditEventScreen)
        assert app.screen.field("audience").value == "tag:steering"
        await fill(pilot, when="friday 14:00", audience="tag:steering, Ben Ward")
        assert event(demo_store, "Steering committee")[1:] == (  # type: ignore[index]
            datetime(2026, 11, 27, 14, 0, tzinfo=UTC),
            EventKind.MEETING,
            ["Ben Ward", "tag:steering"],
        )
        await undo(pilot)
    assert event(demo_store, "Steering committee") == before


@pilot_test
async def test_cancel_asks_first_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Cancel event")
        assert isinstance(app.screen, EventStatusScreen)
        await pilot.press("escape")  # keeps it
        await settle(pilot)
        assert event(demo_store, "Steering committee")[0] == EventStatus.PLANNED  # type: ignore[index]
        await do(pilot, "Cancel event")
        await fill(pilot, event="Steering committee")
        assert event(demo_store, "Steering committee")[0] == EventStatus.CANCELLED  # type: ignore[index]
        await undo(pilot)
    assert event(demo_store, "Steering committee")[0] == EventStatus.PLANNED  # type: ignore[index]


@pilot_test
async def test_mark_event_held_freezes_offers_the_meeting_log_and_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.app.open_event(3)  # type: ignore[attr-defined]
        await settle(pilot)
        await do(pilot, "Mark event held")
        assert isinstance(app.screen, EventStatusScreen)
        assert "Steering committee" in app.screen.HEADING
        await pilot.press("enter")
        await settle(pilot)
        assert event(demo_store, "Steering committee")[0] == EventStatus.HELD  # type: ignore[index]
        assert isinstance(app.screen, UndoableLogScreen)  # the offer: log the meeting
        assert app.screen.field("channel").value == "meeting"
        assert app.screen.field("plan").value == "CX programme"
        await pilot.press("escape")  # not now
        await settle(pilot)
        await undo(pilot)
    assert event(demo_store, "Steering committee")[0] == EventStatus.PLANNED  # type: ignore[index]
    with demo_store.session() as session:
        frozen = session.exec(select(EventAudience).where(EventAudience.event_id == 3, EventAudience.frozen)).all()
        assert frozen == []
        assert session.exec(select(Tag).where(Tag.name == "steering")).first() is not None


@pilot_test
async def test_the_audience_completes_and_takes_a_division(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Add event")
        suggester = app.screen.field("audience").suggester
        assert await suggester.get_suggestion("Tom Becker, division:sales e") == "Tom Becker, division:Sales EMEA"
        await fill(
            pilot, title="EMEA sales call", plan="CX programme", when="tuesday 9am", audience="division:sales emea"
        )
        assert not isinstance(app.screen, AddEventScreen), form_error(pilot)
    assert event(demo_store, "EMEA sales call")[3] == ["division:Sales EMEA"]  # type: ignore[index]
