"""Log touchpoint, Plan a call, Mark held, Drop touchpoint, Edit touchpoint, Delete touchpoint: DB effect, undo."""

from datetime import UTC, datetime

from sqlmodel import select

from db.enums import StanceLevel, TouchpointStatus
from db.models import Concern, FollowUp, Stance, Touchpoint, TouchpointAttendee
from tests.tui.conftest import SIZE, person_id, pilot_test, settle
from tests.tui.work_helpers import do, fill, form_error, toasts, undo
from tui.screens.change_form import ConfirmScreen
from tui.screens.settle import HeldScreen
from tui.screens.touchpoint_forms import EditTouchpointScreen, TouchpointPicker, UndoableLogScreen
from tui.screens.unsettled import UnsettledScreen

BEN_CALL = 14  # the demo's planned call with Ben Ward, yesterday 15:00: "did this happen?"


def touchpoint(store, tid: int):  # type: ignore[no-untyped-def]
    with store.session() as session:
        tp = session.get(Touchpoint, tid)
        if tp is None:
            return None
        people = sorted(
            session.exec(select(TouchpointAttendee.stakeholder_id).where(TouchpointAttendee.touchpoint_id == tid))
        )
        stances = [s.level for s in session.exec(select(Stance).where(Stance.touchpoint_id == tid))]
        return tp.status, tp.occurred_at, tp.channel.value, tp.summary, people, stances


def count(store, model) -> int:  # type: ignore[no-untyped-def]
    with store.session() as session:
        return len(session.exec(select(model)).all())


@pilot_test
async def test_log_with_a_concern_and_a_follow_up_then_undo_removes_all_of_it(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    counts = [count(demo_store, m) for m in (Touchpoint, Stance, Concern, FollowUp)]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Log touchpoint")
        assert isinstance(app.screen, UndoableLogScreen)
        await fill(
            pilot,
            who="Tom Becker",
            plan="CX programme",
            stance="sup",
            concerns="Who pays?",
            follow_up="Send the costs",
            due="friday",
        )
        assert not isinstance(app.screen, UndoableLogScreen), form_error(pilot)
        assert [count(demo_store, m) for m in (Touchpoint, Stance, Concern, FollowUp)] == [c + 1 for c in counts]
        assert any("ctrl+z" in t for t in toasts(app))
        await undo(pilot)
    assert [count(demo_store, m) for m in (Touchpoint, Stance, Concern, FollowUp)] == counts


@pilot_test
async def test_plan_a_call_is_dated_in_the_future_and_planned(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Plan a call")
        assert isinstance(app.screen, UndoableLogScreen)
        assert app.screen.field("when").value == "Mon 23 Nov 10:00"  # tomorrow 10:00, London time
        await fill(pilot, who="Ben Ward", plan="CX programme")
    with demo_store.session() as session:
        tp = session.exec(select(Touchpoint).order_by(Touchpoint.id.desc())).first()  # type: ignore[union-attr]
        assert tp.status == TouchpointStatus.PLANNED
        assert tp.occurred_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


@pilot_test
async def test_mark_held_from_the_did_this_happen_list_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    before = touchpoint(demo_store, BEN_CALL)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Mark held")  # nothing in focus: the list to choose from
        assert isinstance(app.screen, UnsettledScreen)
        assert len(app.screen.rows) == 1 and app.screen.rows[0].names == ["Ben Ward"]
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HeldScreen)
        await fill(pilot, stance="neutral")
        await settle(pilot)
        status, _, _, _, _, stances = touchpoint(demo_store, BEN_CALL)
        assert (status, stances) == (TouchpointStatus.HELD, [StanceLevel.NEUTRAL])
        assert isinstance(app.screen, UnsettledScreen) and app.screen.rows == []
        await undo(pilot)
        assert len(app.screen.rows) == 1  # back in the list
    assert touchpoint(demo_store, BEN_CALL) == before


@pilot_test
async def test_drop_asks_first_and_undo_puts_it_back(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Did this happen?")
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # No: nothing happens
        await settle(pilot)
        assert touchpoint(demo_store, BEN_CALL) is not None
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert touchpoint(demo_store, BEN_CALL) is None
        assert any("Dropped the call with Ben Ward" in t for t in toasts(app))
        await undo(pilot)
        assert [r.names for r in app.screen.rows] == [["Ben Ward"]]  # type: ignore[attr-defined]
    with demo_store.session() as session:
        back = session.exec(
            select(Touchpoint).where(Touchpoint.status == TouchpointStatus.PLANNED, Touchpoint.occurred_at < app.now())
        ).all()
        assert len(back) == 1 and back[0].occurred_at == datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


@pilot_test
async def test_edit_from_the_picker_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    before = touchpoint(demo_store, BEN_CALL)
    sofia = person_id(demo_store, "Sofia Lind")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Edit touchpoint")
        assert isinstance(app.screen, TouchpointPicker)
        await pilot.press("enter")  # the latest first
        await settle(pilot)
        assert isinstance(app.screen, EditTouchpointScreen)
        latest = app.screen.touchpoint_id
        await fill(pilot, who=app.screen.field("who").value + ", Sofia Lind", channel="meet", notes="moved")
        _, _, channel, summary, people, _ = touchpoint(demo_store, latest)
        assert (channel, summary, sofia in people) == ("meeting", "moved", True)
        await undo(pilot)
    if latest == BEN_CALL:
        assert touchpoint(demo_store, BEN_CALL) == before
    assert sofia not in touchpoint(demo_store, latest)[4]


@pilot_test
async def test_delete_from_the_did_this_happen_row_asks_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    before = touchpoint(demo_store, BEN_CALL)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Did this happen?")
        await do(pilot, "Delete touchpoint")  # the row under the cursor
        assert isinstance(app.screen, ConfirmScreen)
        assert "Ben Ward" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert touchpoint(demo_store, BEN_CALL) is None
        await undo(pilot)
    with demo_store.session() as session:
        newest = session.exec(select(Touchpoint.id).order_by(Touchpoint.id.desc())).first()  # type: ignore[union-attr]
    assert touchpoint(demo_store, newest) == before  # the same call, under a new number
