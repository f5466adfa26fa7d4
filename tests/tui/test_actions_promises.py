"""Resolve concern, Add follow-up, Mark follow-up kept, and their lists: DB effect, undo."""

from sqlmodel import select

from db.enums import ConcernStatus
from db.models import Concern, FollowUp, FollowUpStakeholder
from tests.tui.conftest import SIZE, person_id, pilot_test, settle
from tests.tui.work_helpers import do, fill, form_error, toasts, undo
from tui.screens.concerns import ConcernsScreen
from tui.screens.followups import FollowUpsScreen
from tui.screens.promise_forms import AddFollowUpScreen, ResolveConcernScreen


def concern(store, text_start: str) -> Concern:  # type: ignore[no-untyped-def]
    with store.session() as session:
        return session.exec(select(Concern).where(Concern.text.startswith(text_start))).one()  # type: ignore[attr-defined]


@pilot_test
async def test_resolve_from_the_list_by_a_version_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")  # the dashboard's key for the open concerns
        await settle(pilot)
        assert isinstance(app.screen, ConcernsScreen)
        assert [r.name for r in app.screen.rows][:1] == ["Elena Rossi"]  # key stakeholders first
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ResolveConcernScreen)
        await fill(pilot, version="2")
        resolved = concern(demo_store, "It's my customer")
        assert (resolved.status, resolved.resolved_version) == (ConcernStatus.RESOLVED, 2)
        assert isinstance(app.screen, ConcernsScreen)
        assert "Elena Rossi" not in [r.name for r in app.screen.rows]
        await undo(pilot)
        assert "Elena Rossi" in [r.name for r in app.screen.rows]
    reopened = concern(demo_store, "It's my customer")
    assert (reopened.status, reopened.resolved_version, reopened.resolution) == (ConcernStatus.OPEN, None, None)


@pilot_test
async def test_resolve_asks_how(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Resolve concern")
        assert isinstance(app.screen, ConcernsScreen)  # nothing in focus: choose it in the list
        await pilot.press("r")
        await settle(pilot)
        await fill(pilot, version="", note="")
        assert isinstance(app.screen, ResolveConcernScreen)
        assert "how it was resolved" in form_error(pilot)
        await fill(pilot, version="9")
        assert "no version 9" in form_error(pilot)
        await fill(pilot, version="", note="Agreed on the call")
        assert not isinstance(app.screen, ResolveConcernScreen)
    assert concern(demo_store, "It's my customer").resolution == "Agreed on the call"


@pilot_test
async def test_add_follow_up_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    tom = person_id(demo_store, "Tom Becker")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Add follow-up")
        assert isinstance(app.screen, AddFollowUpScreen)
        await fill(pilot, who="Tom Becker, Ben Ward", text="Send the FAQ", due="tuesday")
        assert not isinstance(app.screen, AddFollowUpScreen), form_error(pilot)
        with demo_store.session() as session:
            row = session.exec(select(FollowUp).where(FollowUp.text == "Send the FAQ")).one()
            owed = set(
                session.exec(
                    select(FollowUpStakeholder.stakeholder_id).where(FollowUpStakeholder.follow_up_id == row.id)
                )
            )
        assert tom in owed and len(owed) == 2
        await undo(pilot)
    with demo_store.session() as session:
        assert session.exec(select(FollowUp).where(FollowUp.text == "Send the FAQ")).first() is None


@pilot_test
async def test_follow_ups_overdue_first_kept_from_the_row_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpsScreen)
        assert [r.overdue for r in app.screen.rows] == [True, False]
        assert app.screen.rows[0].text == "Send Elena the revised account-ownership model"
        await pilot.press("k")
        await settle(pilot)
        assert [r.overdue for r in app.screen.rows] == [False]
        assert any("Kept" in t and "ctrl+z" in t for t in toasts(app))
        await undo(pilot)
        assert [r.overdue for r in app.screen.rows] == [True, False]
    with demo_store.session() as session:
        elena = session.exec(select(FollowUp).where(FollowUp.text.startswith("Send Elena"))).one()  # type: ignore[attr-defined]
        assert elena.done_at is None
