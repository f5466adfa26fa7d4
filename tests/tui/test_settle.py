"""The "it happened" step takes a stance, a concern and a follow-up like the log form; a dropped call's
toast names the people, not an id."""

import re

from sqlmodel import select

from db.enums import TouchpointStatus
from db.models import Concern, FollowUp, Stance, Touchpoint
from tests.tui.conftest import SIZE, person_id, pilot_test, settle
from tui.screens.change_form import ConfirmScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.settle import HeldScreen


async def on_the_pending_call(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    assert isinstance(pilot.app.screen, DashboardScreen)
    pilot.app.screen.query_one("#dash-pending").focus()
    await pilot.pause()


@pilot_test
async def test_it_happened_records_stance_concern_and_follow_up(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    ben = person_id(demo_store, "Ben Ward")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_the_pending_call(pilot)
        await pilot.press("h")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, HeldScreen)
        form.field("stance").value = "sup"
        form.field("concerns").value = "Budget for the survey tool"
        form.field("follow_up").value = "Send Ben the survey FAQ"
        form.field("due").value = "friday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen), str(form.query_one("#form-error").render())
        shown = [n.message for n in app._notifications]
        assert any("Ben Ward" in m and "held" in m for m in shown), shown
    with demo_store.session() as session:
        tp = session.exec(select(Touchpoint).where(Touchpoint.summary.startswith("Brief Ben on v2"))).one()  # type: ignore[attr-defined]
        assert tp is not None and tp.status == TouchpointStatus.HELD
        stance = session.exec(select(Stance).where(Stance.touchpoint_id == tp.id)).one()
        assert (stance.stakeholder_id, stance.level.value) == (ben, "supportive")
        concern = session.exec(select(Concern).where(Concern.touchpoint_id == tp.id)).one()
        assert (concern.stakeholder_id, concern.text) == (ben, "Budget for the survey tool")
        follow_up = session.exec(select(FollowUp).where(FollowUp.touchpoint_id == tp.id)).one()
        assert follow_up.text == "Send Ben the survey FAQ" and follow_up.due_at is not None


@pilot_test
async def test_it_happened_lists_every_error(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_the_pending_call(pilot)
        await pilot.press("h")
        await settle(pilot)
        form = app.screen
        form.field("stance").value = "ecstatic"
        form.field("due").value = "friday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = str(form.query_one("#form-error").render())
        assert "Stance heard:" in shown and "Follow-up:" in shown, shown
        assert form.focused is form.field("stance")


@pilot_test
async def test_a_dropped_call_is_named_by_its_people(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_the_pending_call(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # asked first, undoable after
        await pilot.press("y")
        await settle(pilot)
        shown = [n.message for n in app._notifications]
        assert any("Ben Ward" in m for m in shown), shown
        assert not any(re.search(r"touchpoint \d", m) for m in shown), shown
