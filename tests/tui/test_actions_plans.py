"""Add plan, Revise plan, Approve version, Compare versions: the DB effect, and undo."""

from sqlmodel import select

from db.models import Plan, PlanVersion
from tests.tui.conftest import SIZE, pilot_test, settle
from tests.tui.work_helpers import do, fill, form_error, toasts, undo
from tui.screens.change_form import TextScreen
from tui.screens.plan_forms import AddPlanScreen, ApproveScreen, CompareScreen, RevisePlanScreen


def versions(store, name: str) -> list[tuple[int, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    with store.session() as session:
        plan = session.exec(select(Plan).where(Plan.name == name)).first()
        if plan is None:
            return []
        rows = session.exec(select(PlanVersion).where(PlanVersion.plan_id == plan.id).order_by(PlanVersion.number))
        return [(v.number, v.summary, v.body, v.approved_by) for v in rows]


@pilot_test
async def test_add_plan_with_a_body_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Add plan")
        assert isinstance(app.screen, AddPlanScreen)
        from textual.widgets import TextArea

        app.screen.query_one("#f-body-area", TextArea).load_text("# Why\n\nOne view of the customer.")
        await fill(pilot, name="Onboarding revamp", summary="Everyone can propose an idea")
        assert not isinstance(app.screen, AddPlanScreen), form_error(pilot)
        assert versions(demo_store, "Onboarding revamp") == [
            (1, "Everyone can propose an idea", "# Why\n\nOne view of the customer.", None)
        ]
        assert any("Added plan Onboarding revamp" in t and "ctrl+z" in t for t in toasts(app))
        await undo(pilot)
        assert versions(demo_store, "Onboarding revamp") == []


@pilot_test
async def test_add_plan_refuses_a_duplicate_in_the_form(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Add plan")
        await fill(pilot, name="cx PROGRAMME", summary="again")
        assert isinstance(app.screen, AddPlanScreen)
        assert "already exists: use Revise plan" in form_error(pilot)  # the form's words, not the CLI's


@pilot_test
async def test_revise_from_the_plans_screen_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("R")  # the key of Revise plan on the plans screen
        await settle(pilot)
        assert isinstance(app.screen, RevisePlanScreen)
        assert app.screen.field("plan").value == "CX programme"
        await fill(pilot, summary="Divisions keep renewals", changes="Renewals stay with the divisions")
        got = versions(demo_store, "CX programme")
        assert [v[0] for v in got] == [1, 2, 3]
        assert got[-1][1] == "Divisions keep renewals"
        await undo(pilot)
        assert [v[0] for v in versions(demo_store, "CX programme")] == [1, 2]


@pilot_test
async def test_approve_then_undo_restores_the_earlier_sign_off(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    before = versions(demo_store, "CX programme")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Approve version")
        assert isinstance(app.screen, ApproveScreen)
        await fill(pilot, plan="CX programme", version="1", by="Dana (COO)")
        assert versions(demo_store, "CX programme")[0][3] == "Dana (COO)"
        await undo(pilot)
    assert versions(demo_store, "CX programme") == before


@pilot_test
async def test_undo_is_refused_when_someone_changed_it_since(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    from stakeholders.plans import approve_version
    from stakeholders.resolve import resolve_plan

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Approve version")
        await fill(pilot, plan="CX programme", version="1", by="Dana (COO)")
        with demo_store.write() as session:  # a colleague, through the CLI's own use case
            approve_version(session, resolve_plan(session, "CX programme"), 1, "Chris (CMO)", app.now())
        await undo(pilot)
        assert any("changed since" in t for t in toasts(app))
    assert versions(demo_store, "CX programme")[0][3] == "Chris (CMO)"


@pilot_test
async def test_compare_versions_shows_the_diff(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Compare versions")
        assert isinstance(app.screen, CompareScreen)
        await fill(pilot, plan="CX programme")
        assert isinstance(app.screen, TextScreen)
        body = str(app.screen.query_one("#text-body").render())
        assert "+++ CX programme v2" in body and "--- CX programme v1" in body


@pilot_test
async def test_the_palette_runs_an_action_whose_key_belongs_to_another_screen(app_factory) -> None:  # type: ignore[no-untyped-def]
    from tests.tui.conftest import type_text

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # on the dashboard; Add plan's key `a` is the plans screen's
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "Add plan")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AddPlanScreen)
