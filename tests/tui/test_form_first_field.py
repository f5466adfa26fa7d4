"""Where a form's cursor starts (ChangeForm.first_field): Textual runs every class's on_mount in turn,
so a form that focused its own field in on_mount (and called super's) had the base class move the cursor
back to the first field afterwards, and read its pre-fills twice."""

from tests.tui.conftest import SIZE, pilot_test, settle
from tui.screens.change_form import ChangeForm
from tui.screens.plan_forms import ApproveScreen, RevisePlanScreen
from tui.screens.promise_forms import AddFollowUpScreen


@pilot_test
async def test_a_form_opened_on_a_plan_starts_where_the_form_says(app_factory, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    prepared: list[str] = []
    prepare = ChangeForm._prepare

    def counting(self: ChangeForm) -> None:
        prepared.append(type(self).__name__)
        prepare(self)

    monkeypatch.setattr(ChangeForm, "_prepare", counting)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for screen, field in (
            (RevisePlanScreen("CX programme"), "f-summary"),
            (ApproveScreen("CX programme"), "f-by"),
            (AddFollowUpScreen(who="Tom Becker"), "f-text"),
        ):
            await app.push_screen(screen)
            await settle(pilot)
            assert app.focused is not None and app.focused.id == field, type(screen).__name__
            app.pop_screen()
            await settle(pilot)
    assert prepared == ["RevisePlanScreen", "ApproveScreen", "AddFollowUpScreen"]  # each read once
