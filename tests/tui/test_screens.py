"""Plans, events, map, the command palette, help, and quitting."""

from textual.command import CommandPalette

from tests.tui.conftest import SIZE, person_id, pilot_test, settle, type_text
from tui.screens.dashboard import DashboardScreen
from tui.screens.events import EventsScreen
from tui.screens.help import HelpScreen
from tui.screens.map import MapScreen
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen
from tui.screens.plans import PlansScreen
from tui.widgets.mendelow import MapGrid


@pilot_test
async def test_each_screen_opens_with_its_key(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key, screen in [
            ("s", PeopleScreen),
            ("p", PlansScreen),
            ("e", EventsScreen),
            ("m", MapScreen),
            ("d", DashboardScreen),
        ]:
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, screen), key


@pilot_test
async def test_plans_versions_coverage_and_diff(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert [p.name for p in screen.plans] == ["CX programme", "Ideas platform"]
        cx = screen.plans[0]
        assert [(v.number, v.briefed) for v in cx.versions] == [(1, 4), (2, 8)]
        assert cx.versions[1].approved_by == "Chris Morgan (CMO)"
        assert "Divisions keep account ownership" in str(screen.query_one("#plan-text-body").render())
        await pilot.press("tab", "v")  # v2 against the previous version
        await settle(pilot)
        diff = str(screen.query_one("#plan-text-body").render())
        assert "-One customer team for every account" in diff
        assert "+One customer view shared across divisions" in diff
        assert screen.query_one("#plan-text").border_title == "Diff CX programme: v1 → v2"


@pilot_test
async def test_a_plan_body_renders_as_markdown(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    from sqlmodel import select

    from db.models import PlanVersion

    with demo_store.write() as session:
        version = session.exec(select(PlanVersion).where(PlanVersion.number == 2)).first()
        version.body = "## Why\n\n- **one** customer view\n- the journey"
        session.add(version)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        drawn = "\n".join("".join(s.text for s in strip) for strip in app.screen._compositor.render_strips())
        assert "Why" in drawn and "one customer view" in drawn, drawn
        assert "## Why" not in drawn and "**one**" not in drawn and "- the journey" not in drawn


@pilot_test
async def test_diff_a_marked_version_against_another(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("tab", "space", "up", "v")  # mark v2, move to v1, diff
        await settle(pilot)
        assert app.screen.query_one("#plan-text").border_title == "Diff CX programme: v1 → v2"


@pilot_test
async def test_events_show_audience_and_flagged_people_with_reasons(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert [e.title for e in screen.events][0] == "All-managers kick-off"  # held, in the past, still listed
        assert screen.current.title == "Note to the wider CX team"  # the cursor starts on the next one
        assert screen.current.audience == ["tag:cx-team", "tag:division-leads"]
        flagged = {f.name: (f.flag, f.why) for f in screen.detail.flagged}
        assert flagged["Elena Rossi"] == ("surprised", "heard only v1 (Wed 4 Nov)")
        assert flagged["Daniel Kim"] == ("at risk", "resistant, open concerns")
        await pilot.press("down")  # the steering committee
        await settle(pilot)
        assert screen.detail.event.title == "Steering committee"
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)


@pilot_test
async def test_map_places_people_by_influence_and_interest(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        grid = app.screen.query_one(MapGrid)
        assert [name for _, name, _ in grid.cells[(5, 5)].people] == ["Chris Morgan"]
        assert [(n, s) for _, n, s in grid.cells[(4, 4)].people] == [
            ("Elena Rossi", "resistant"),
            ("Marcus Webb", "neutral"),
        ]
        assert sum(c.count for c in grid.cells.values()) == 14  # archived Nadia is not on the map
        cell = str(app.screen.query_one("#cell-4-4").render())
        assert "R Elena Rossi" in cell  # a letter per stance: readable without colour
        await pilot.press("down", "left", "enter")  # influence 4, interest 4
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert app.screen.person_id == person_id(demo_store, "Elena Rossi")
        await pilot.press("escape")
        await pilot.press("c")  # stance on the other plan
        await settle(pilot)
        grid = app.screen.query_one(MapGrid)
        assert [(n, s) for _, n, s in grid.cells[(3, 5)].people] == [("Aisha Okafor", "supportive")]


@pilot_test
async def test_palette_jumps_to_a_person_a_plan_and_an_event(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for query, check in [
            (
                "Elena",
                lambda: (
                    isinstance(app.screen, PersonScreen)
                    and app.screen.person_id == person_id(demo_store, "Elena Rossi")
                ),
            ),
            (
                "Ideas platform",
                lambda: isinstance(app.screen, PlansScreen) and app.screen.plan.name == "Ideas platform",
            ),
            (
                "Steering",
                lambda: isinstance(app.screen, EventsScreen) and app.screen.current.title == "Steering committee",
            ),
        ]:
            await pilot.press("ctrl+p")
            await settle(pilot)
            assert CommandPalette.is_open(app)
            await type_text(pilot, query)
            await pilot.pause(0.5)  # the palette searches as you type
            await pilot.press("enter")
            await settle(pilot)
            assert check(), query


@pilot_test
async def test_help_lists_every_key(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        from tui.screens.help import sections

        listed = {key for _, rows in sections() for key, _ in rows}
        for key in ("l", "x", "?", "^q", "^p", "h", "D", "k", "/", "n", "o", "E", "A", "v", "c", "b", "H", "^s"):
            assert key in listed or f"{key} / F1" in listed, key
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


@pilot_test
async def test_screen_keys_are_off_while_a_form_is_open(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l", "tab", "ctrl+u")  # the form's Plan field, emptied
        await type_text(pilot, "dsp")
        assert app.screen.field("plan").value == "dsp"
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)


def test_ctrl_q_quits_cleanly(app_factory) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    app = app_factory()

    async def scenario() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("s")
            await pilot.press("ctrl+q")
            await pilot.pause()

    asyncio.run(scenario())
    assert app.return_code == 0
    assert app._exit_renderables == []
