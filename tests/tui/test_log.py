"""Logging a touchpoint from anywhere: by keyboard alone, pre-filled, errors shown in the form."""

from datetime import UTC, datetime

from sqlmodel import select

from db.enums import StanceLevel, TouchpointStatus
from db.models import FollowUp, Stance, Touchpoint, TouchpointAttendee
from tests.tui.conftest import SIZE, person_id, pilot_test, settle, type_text
from tui.screens.dashboard import DashboardScreen
from tui.screens.event_forms import EventStatusScreen
from tui.screens.events import EventsScreen
from tui.screens.log_form import LogScreen


@pilot_test
async def test_log_a_call_by_keyboard_and_the_surprise_count_drops(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.board.events[0].surprised == 5
        await pilot.press("tab")  # the call list: Tom Becker first
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        assert app.screen.field("who").value == "Tom Becker, "
        assert app.screen.field("plan").value == "CX programme"
        await pilot.press("tab", "tab", "tab", "tab", "tab")  # to Stance
        await type_text(pilot, "sup")  # a unique prefix is enough
        await pilot.press("tab")
        await type_text(pilot, "Fine with v2")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.board.events[0].surprised == 4
        assert "Tom Becker" not in [c.name for c in app.screen.board.calls]
    tom = person_id(demo_store, "Tom Becker")
    with demo_store.session() as session:
        stance = session.exec(
            select(Stance).where(Stance.stakeholder_id == tom).order_by(Stance.observed_at.desc())
        ).first()  # type: ignore[attr-defined]
        assert stance.level == StanceLevel.SUPPORTIVE
        tp = session.get(Touchpoint, stance.touchpoint_id)
        assert (tp.version, tp.summary, tp.status) == (2, "Fine with v2", TouchpointStatus.HELD)
        assert tp.occurred_at == datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # "now" is the app's clock


@pilot_test
async def test_several_attendees_concerns_and_a_follow_up(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        form.field("who").value = "Elena Rossi, sofia.lind@northwind.example"
        form.field("plan").value = "CX programme"
        form.field("when").value = "yesterday 15:00"
        form.field("channel").value = "meet"
        form.field("stance").value = "Elena=neutral; Sofia=supportive"
        form.field("concerns").value = "Elena=Who owns renewals?"
        form.field("follow_up").value = "Send the renewals RACI"
        form.field("due").value = "friday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    elena, sofia = person_id(demo_store, "Elena Rossi"), person_id(demo_store, "Sofia Lind")
    with demo_store.session() as session:
        follow_up = session.exec(select(FollowUp).where(FollowUp.text == "Send the renewals RACI")).one()
        tp = session.get(Touchpoint, follow_up.touchpoint_id)
        assert tp.channel.value == "meeting"
        attendees = set(
            session.exec(select(TouchpointAttendee.stakeholder_id).where(TouchpointAttendee.touchpoint_id == tp.id))
        )
        assert attendees == {elena, sofia}
        levels = dict(
            session.exec(select(Stance.stakeholder_id, Stance.level).where(Stance.touchpoint_id == tp.id)).all()
        )
        assert levels == {elena: StanceLevel.NEUTRAL, sofia: StanceLevel.SUPPORTIVE}


@pilot_test
async def test_errors_stay_in_the_form_and_nothing_is_written(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    with demo_store.session() as session:
        before = len(session.exec(select(Touchpoint.id)).all())
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        for field, value, message in [
            ("who", "", "name at least one stakeholder"),
            ("who", "Nobody Atall", "no stakeholder 'Nobody Atall'"),
            ("when", "the day after the thing", "cannot read date"),
            ("version", "7", "has no version 7"),
            ("stance", "ecstatic", "unknown stance 'ecstatic'"),
        ]:
            form.field("who").value = "Tom Becker"
            form.field("plan").value = "CX programme"
            form.field("version").value = ""
            form.field("when").value = "now"
            form.field("stance").value = ""
            form.field(field).value = value
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is form
            assert message in str(form.query_one("#form-error").render())
        form.field("when").value = "tomorrow 11:00"  # planned: a stance makes no sense yet
        form.field("stance").value = "supportive"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "planned touchpoint" in str(form.query_one("#form-error").render())
    with demo_store.session() as session:
        assert len(session.exec(select(Touchpoint.id)).all()) == before


@pilot_test
async def test_plan_a_call_from_a_flagged_person(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        assert app.screen.current.title == "Note to the wider CX team"
        await pilot.press("tab", "down")  # flagged: Tom, then Elena (heard only v1)
        await pilot.press("c")
        await settle(pilot)
        form = app.screen
        assert form.field("who").value == "Elena Rossi, "
        assert form.field("when").value == "Mon 23 Nov 10:00"  # tomorrow morning, before Tuesday's note
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        elena = next(f for f in app.screen.detail.flagged if f.name == "Elena Rossi")
        assert elena.planned_at is not None  # still flagged: a planned call briefs nobody yet
    with demo_store.session() as session:
        tp = session.exec(
            select(Touchpoint)
            .join(TouchpointAttendee)
            .where(
                TouchpointAttendee.stakeholder_id == person_id(demo_store, "Elena Rossi"),
                Touchpoint.status == TouchpointStatus.PLANNED,
            )
        ).one()
        assert tp.version == 2


@pilot_test
async def test_log_a_call_now_from_a_flagged_person(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("tab", "down", "l")
        await settle(pilot)
        assert app.screen.field("who").value == "Elena Rossi, "
        assert app.screen.field("when").value == "now"
        await pilot.press("enter")
        await settle(pilot)
        assert "Elena Rossi" not in [f.name for f in app.screen.detail.flagged if f.flag == "surprised"]


@pilot_test
async def test_an_event_held_offers_to_log_the_meeting(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("down")  # the steering committee (audience: tag steering)
        await settle(pilot)
        assert app.screen.current.title == "Steering committee"
        await pilot.press("H")  # asked first: nothing destructive on one unconfirmed key
        await settle(pilot)
        assert isinstance(app.screen, EventStatusScreen)
        await pilot.press("enter")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogScreen)
        attendees = {name.strip() for name in form.field("who").value.split(",") if name.strip()}
        assert attendees == {"Chris Morgan", "Elena Rossi", "James O'Neill", "Priya Shah", "Tom Becker"}
        assert (form.field("when").value, form.field("channel").value) == ("Fri 27 Nov 10:00", "meeting")
        await pilot.press("escape")  # logging is offered, not forced
        await settle(pilot)
        assert app.screen.current.status == "held"
