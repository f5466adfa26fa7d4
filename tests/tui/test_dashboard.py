"""The dashboard: what the morning looks like, and settling planned calls whose time has passed."""

from datetime import timedelta

from sqlmodel import select

from db.enums import StanceLevel, TouchpointStatus
from db.models import FollowUp, Stance, Touchpoint
from tests.conftest import FROZEN_NOW
from tests.tui.conftest import SIZE, person_id, pilot_test, settle, type_text
from tui.screens.dashboard import DashboardScreen
from tui.widgets.lazy_table import LazyTable


def panel(app, key: str) -> LazyTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one(f"#dash-{key}", LazyTable)


def summary(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#dash-summary").render())


@pilot_test
async def test_dashboard_shows_the_morning(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        board = app.screen.board
        assert [e.title for e in board.events][:2] == ["Note to the wider CX team", "Steering committee"]
        assert board.events[0].surprised == 5
        assert board.calls[0].name == "Tom Becker"
        assert [f.text for f in board.follow_ups] == ["Send Elena the revised account-ownership model"]
        assert {c.name: c.level for c in board.cadence}["Tom Becker"] == "red"
        assert [p.names for p in board.pending] == [["Ben Ward"]]
        assert "5 would be surprised" in summary(app)
        assert panel(app, "events").row_count == 3


@pilot_test
async def test_enter_on_a_call_opens_the_person(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert app.screen.person_id == person_id(demo_store, "Tom Becker")
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


async def _focus_pending(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("tab", "tab")  # events -> call list -> did this happen?
    assert pilot.app.focused.id == "dash-pending"


@pilot_test
async def test_mark_a_planned_call_held_with_the_stance_heard(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _focus_pending(pilot)
        await pilot.press("h")
        await type_text(pilot, "neu")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.board.pending == []
    ben = person_id(demo_store, "Ben Ward")
    with demo_store.session() as session:
        tp = session.exec(select(Touchpoint).where(Touchpoint.summary == "Brief Ben on v2")).one()
        assert tp.status == TouchpointStatus.HELD
        stance = session.exec(select(Stance).where(Stance.touchpoint_id == tp.id)).one()
        assert (stance.stakeholder_id, stance.level) == (ben, StanceLevel.NEUTRAL)


@pilot_test
async def test_drop_a_planned_call_asks_first(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _focus_pending(pilot)
        await pilot.press("D", "n")  # changed my mind: nothing happens
        await settle(pilot)
        assert len(app.screen.board.pending) == 1
        await pilot.press("D", "y")
        await settle(pilot)
        assert app.screen.board.pending == []
    with demo_store.session() as session:
        assert session.exec(select(Touchpoint).where(Touchpoint.summary == "Brief Ben on v2")).first() is None


@pilot_test
async def test_held_needs_a_row_of_did_this_happen(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("h")  # the cursor is on the events panel: a hint, not a crash
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


@pilot_test
async def test_a_kept_promise_leaves_the_overdue_list(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#dash-follow_ups").focus()
        await pilot.press("k")
        await settle(pilot)
        assert app.screen.board.follow_ups == []
    with demo_store.session() as session:
        promise = session.exec(select(FollowUp).where(FollowUp.text.startswith("Send Elena"))).one()  # type: ignore[attr-defined]
        assert promise.done_at is not None


def test_the_summary_never_shows_a_count_it_has_not_read() -> None:
    """The figures come first at 50,000 people; follow-ups, "to confirm" and cadence follow: "…" until then."""
    from tui.data.dashboard import Dashboard, EventLine

    board = Dashboard(events=[EventLine(1, "Town hall", FROZEN_NOW + timedelta(days=2), 1, "CX", 2, 3, 1)])
    early = DashboardScreen._summary(board, {"events", "calls"}, FROZEN_NOW).plain
    assert "3 would be surprised, 1 at risk" in early
    assert early.endswith(" · … follow-ups overdue · … past cadence · … to confirm")
    done = DashboardScreen._summary(board, {"events", "calls", "follow_ups", "pending", "cadence"}, FROZEN_NOW).plain
    assert done.endswith(" · 0 follow-ups overdue · 0 past cadence · 0 to confirm")
