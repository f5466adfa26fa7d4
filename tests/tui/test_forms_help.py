"""Forms that help (§7): pre-filled values replaced by typing, every error at once, the plan a person
was last briefed on, empty states that keep their meaning at 80×24, no CLI words inside the TUI."""

from textual.widgets import Static

from db.store import Store
from tests.conftest import FROZEN_NOW
from tests.tui.conftest import SIZE, person_id, pilot_test, settle, type_text
from tui.app import make_app
from tui.screens.form import in_form_words
from tui.screens.log_form import LogScreen


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    return "\n".join("".join(s.text for s in strip) for strip in app.screen._compositor.render_strips())


@pilot_test
async def test_typing_replaces_a_prefilled_value(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        await pilot.press("tab", "tab", "tab")  # With -> Plan -> Version -> When
        assert app.screen.focused is app.screen.field("when")
        await type_text(pilot, "yesterday")
        await pilot.press("tab")
        await type_text(pilot, "email")
        assert app.screen.field("when").value == "yesterday"
        assert app.screen.field("channel").value == "email"


@pilot_test
async def test_a_refused_save_lists_every_error_and_focuses_the_first(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        form.field("who").value = "Nobody Atall"
        form.field("when").value = "the twelfth of never"
        form.field("due").value = "friday"
        form.field("channel").focus()
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = str(form.query_one("#form-error", Static).render())
        assert "With:" in shown and "When:" in shown and "Follow-up:" in shown, shown
        assert len(shown.splitlines()) == 3, shown
        assert form.focused is form.field("who")
        assert isinstance(app.screen, LogScreen)  # nothing saved


@pilot_test
async def test_a_use_case_error_names_the_field_not_a_cli_option(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        form.field("who").value = "Elena Rossi"
        form.field("plan").value = ""
        form.field("stance").value = "supportive"
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = str(form.query_one("#form-error", Static).render())
        assert "--" not in shown and "“Plan”" in shown, shown
        assert form.focused is form.field("plan")


def test_options_are_named_as_the_form_fields() -> None:
    labels = {"due": "Due", "concerns": "Concerns", "plan": "Plan"}
    assert in_form_words("a follow-up needs a due date: --due W", labels) == "a follow-up needs a due date: “Due”"
    assert (
        in_form_words("say who raised the concern with --concern PERSON=TEXT", labels)
        == "say who raised the concern with “Concerns”"
    )
    assert in_form_words("--version needs --plan", labels) == "“Version” needs “Plan”"


@pilot_test
async def test_the_log_form_from_a_person_defaults_to_the_plan_they_were_briefed_on(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_person(person_id(demo_store, "Elena Rossi"))
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogScreen)
        assert app.screen.field("who").value == "Elena Rossi, "
        assert app.screen.field("plan").value == "CX programme"


@pilot_test
async def test_empty_states_keep_their_meaning_at_80x24(sqlite_store: Store) -> None:
    app = make_app(sqlite_store, clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "no upcoming events" in shown and "no plans yet: ctrl+p, Add plan" in shown, shown
        for key, hint in (
            ("p", "no plans yet: ctrl+p, Add plan"),
            ("e", "no events yet: ctrl+p, Add event"),
            ("s", "no stakeholders yet: n adds one, or ctrl+p, Import contacts"),
        ):
            await pilot.press(key)
            await settle(pilot)
            shown = screen_text(app)
            assert hint in shown, shown
            assert "stakeholders plan" not in shown and "`" not in shown


@pilot_test
async def test_the_stakeholders_table_keeps_every_column_at_80x24(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        shown = screen_text(app)
        assert "Last contact" in shown, shown  # was cut to "Las" once the Division column came
        assert "Elena Ros" in shown


@pilot_test
async def test_a_form_closed_while_it_saves_says_what_it_did_and_closes_nothing_else(app_factory) -> None:  # type: ignore[no-untyped-def]
    from textual import events

    from tui.screens.dashboard import DashboardScreen

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        app.screen.field("who").value = "Elena Rossi"
        app.screen.field("plan").value = "CX programme"
        app.post_message(events.Key("ctrl+s", None))  # save, and Esc typed right behind it
        app.post_message(events.Key("escape", "\x1b"))
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert len(app.screen_stack) == 1
        assert any("Elena Rossi" in str(n.message) for n in app._notifications)


@pilot_test
async def test_a_form_closed_while_it_checks_says_nothing_was_saved(app_factory) -> None:  # type: ignore[no-untyped-def]
    from textual import events

    from tui.screens.dashboard import DashboardScreen

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        app.screen.field("who").value = "Nobody Atall"
        app.post_message(events.Key("ctrl+s", None))
        app.post_message(events.Key("escape", "\x1b"))
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and len(app.screen_stack) == 1
        assert any(str(n.message).startswith("Nothing was saved: With:") for n in app._notifications)
