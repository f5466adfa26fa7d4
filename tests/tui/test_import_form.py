"""What the two imports share (tui/screens/import_form.py): completion of the path, the preview as the
confirmation, and a failed import asking for a new preview rather than importing on the next Enter."""

from pathlib import Path

from tests.tui.conftest import SIZE, pilot_test, settle
from tests.tui.work_helpers import do, fill, form_error
from tui.screens.form import ItemSuggester
from tui.screens.import_calendar import ImportCalendarScreen
from tui.screens.import_contacts import ImportContactsScreen
from tui.screens.import_form import ImportForm, PathSuggester

CONTACTS = "Name,Email\nAda Lovelace,ada@analytical.example\n"


def hint(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(".form-hint").render())


@pilot_test
async def test_contacts_import_of_a_file_gone_since_the_preview_asks_for_a_new_preview(  # type: ignore[no-untyped-def]
    app_factory, tmp_path: Path
) -> None:
    source = tmp_path / "team.csv"
    source.write_text(CONTACTS)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Import contacts")
        screen = app.screen
        assert isinstance(screen, ImportContactsScreen)
        await fill(pilot, path=str(source))
        assert screen.previewed is not None and "ctrl+z undoes it" in hint(app)
        source.unlink()
        await pilot.press("ctrl+s")  # the same values: the import, which reads the file again
        await settle(pilot)
        assert app.screen is screen and "there is no file" in form_error(pilot)
        assert screen.previewed is None  # the next Enter previews: the counts shown no longer hold
        assert not screen.query_one("#import-progress").has_class("-running")


@pilot_test
async def test_calendar_form_completes_files_and_plans(app_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "calls-2026.ics").write_text("")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Import calendar or mail")
        screen = app.screen
        assert isinstance(screen, ImportCalendarScreen) and isinstance(screen, ImportForm)
        assert app.focused is screen.field("paths")
        paths = screen.field("paths").suggester
        assert isinstance(paths, PathSuggester)
        assert await paths.get_suggestion(str(tmp_path / "calls")) == str(tmp_path / "calls-2026.ics")
        plans = screen.field("plan").suggester
        assert isinstance(plans, ItemSuggester) and await plans.get_suggestion("CX") == "CX programme"


@pilot_test
async def test_a_refused_preview_keeps_the_form_open_and_previews_again(app_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Import calendar or mail")
        screen = app.screen
        await fill(pilot, paths=str(tmp_path / "missing.ics"))
        assert app.screen is screen and "there is no file" in form_error(pilot)
        assert screen.previewed is None and "Enter previews" in hint(app)  # type: ignore[attr-defined]
