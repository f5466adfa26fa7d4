"""Time moves (§7): the screens re-evaluate when a planned call's time passes, an event starts or a
follow-up falls due — with no write and no `r`. The app's clock is moved on; the screens follow."""

from datetime import timedelta

from db.models import Stakeholder
from db.store import Store
from stakeholders.followups import promise
from stakeholders.touchpoints import TouchpointDraft, log_touchpoint
from tests.conftest import FROZEN_NOW
from tests.tui.conftest import SIZE, MovingClock, person_id, pilot_test, settle
from tui.data.common import next_moment
from tui.screens.dashboard import DashboardScreen
from tui.screens.events import EventsScreen


async def wait_until(pilot, done, seconds: float = 10.0) -> bool:  # type: ignore[no-untyped-def]
    """Let the app's once-a-second check run until `done()` (no timing asserted: only that it happens)."""
    for _ in range(int(seconds / 0.1)):
        if done():
            return True
        await pilot.pause(0.1)
        await pilot.app.workers.wait_for_complete()
    return bool(done())


def plan_call_with(store: Store, name: str, in_: timedelta) -> None:
    with store.write() as session:
        person = session.get(Stakeholder, person_id(store, name))
        log_touchpoint(
            session, TouchpointDraft(attendees=[person], occurred_at=FROZEN_NOW + in_, plan=None), now=FROZEN_NOW
        )


def test_next_moment_is_the_nearest_of_calls_events_and_due_dates(demo_store: Store) -> None:
    with demo_store.session() as session:
        before = next_moment(session, FROZEN_NOW)
    plan_call_with(demo_store, "Priya Shah", timedelta(minutes=2))
    with demo_store.session() as session:
        assert next_moment(session, FROZEN_NOW) == FROZEN_NOW + timedelta(minutes=2)
        assert before is None or before > FROZEN_NOW + timedelta(minutes=2)
    with demo_store.write() as session:
        promise(
            session,
            [session.get(Stakeholder, person_id(demo_store, "Priya Shah"))],
            "Send the deck",
            FROZEN_NOW + timedelta(minutes=1),
            None,
        )
    with demo_store.session() as session:
        assert next_moment(session, FROZEN_NOW) == FROZEN_NOW + timedelta(minutes=1)


@pilot_test
async def test_a_call_planned_in_two_minutes_reaches_did_this_happen_by_itself(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    plan_call_with(demo_store, "Priya Shah", timedelta(minutes=2))
    clock = MovingClock()
    app = app_factory(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert not any("Priya Shah" in p.names for p in screen.board.pending)
        clock.advance(timedelta(minutes=3))
        assert await wait_until(pilot, lambda: any("Priya Shah" in p.names for p in screen.board.pending)), (
            "the planned call never reached 'Did this happen?'"
        )


@pilot_test
async def test_an_event_that_starts_leaves_the_upcoming_ones(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    clock = MovingClock()
    app = app_factory(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        first = next(e for e in screen.events if e.surprised is not None)
        clock.advance(first.starts_at - FROZEN_NOW + timedelta(minutes=1))
        assert await wait_until(pilot, lambda: next(e for e in screen.events if e.id == first.id).surprised is None), (
            "the event that started is still counted as upcoming"
        )
