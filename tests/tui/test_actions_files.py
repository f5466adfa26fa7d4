"""Brief, Export status (asking before replacing a file), Import contacts, Import calendar or mail."""

import os
from pathlib import Path

from sqlmodel import select

from db.enums import TouchpointStatus
from db.models import Stakeholder, Touchpoint
from tests.tui.conftest import SIZE, person_id, pilot_test, settle
from tests.tui.work_helpers import do, fill, form_error, toasts, undo
from tui.screens.change_form import ConfirmScreen
from tui.screens.import_calendar import ImportCalendarScreen
from tui.screens.import_contacts import ImportContactsScreen
from tui.screens.save_file import BriefScreen, ExportScreen

CONTACTS = """Name,Email,Title,Company,Team
Ada Lovelace,ada@analytical.example,CTO,Analytical,finance
Tom Becker,tom.becker@northwind.example,VP Sales EMEA,Northwind,sales
,nobody@example.com,,,
Grace Hopper,not-an-email,Admiral,Navy,
"""


def preview_text(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#import-preview").render())


@pilot_test
async def test_export_asks_before_replacing_a_file(app_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "status.md"
    target.write_text("keep me")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Export status")
        assert isinstance(app.screen, ExportScreen)
        await fill(pilot, path=str(target))
        assert isinstance(app.screen, ConfirmScreen) and "already exists" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen) and "was kept" in form_error(pilot)
        assert target.read_text() == "keep me"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, (ExportScreen, ConfirmScreen))
    assert "CX programme" in target.read_text()


@pilot_test
async def test_export_refuses_to_write_over_the_database(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Export status")
        await fill(pilot, path=str(demo_store.path) + "-wal")
        assert isinstance(app.screen, ExportScreen)
        assert "would destroy data" in form_error(pilot)


@pilot_test
async def test_brief_for_the_person_in_focus(app_factory, demo_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "tom.md"
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.app.open_person(person_id(demo_store, "Tom Becker"))  # type: ignore[attr-defined]
        await settle(pilot)
        await do(pilot, "Brief")
        assert isinstance(app.screen, BriefScreen)
        assert app.screen.field("people").value == "Tom Becker"
        await fill(pilot, plan="CX programme", path=str(target))
        assert not isinstance(app.screen, BriefScreen), form_error(pilot)
    text = target.read_text()
    assert "Tom Becker" in text and "Prefers a short call before 9am" in text
    assert oct(os.stat(target).st_mode & 0o777) == "0o600"


@pilot_test
async def test_import_contacts_previews_then_imports_then_undo(app_factory, demo_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "team.csv"
    source.write_text(CONTACTS)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Import contacts")
        assert isinstance(app.screen, ImportContactsScreen)
        await fill(pilot, path=str(source))
        text = preview_text(app)
        assert "csv · would create 1, update 0, leave 1 unchanged, skip 2" in text
        assert "line 4: skipped" in text and "line 5: skipped" in text
        assert "Columns not read: Team" in text
        with demo_store.session() as session:
            assert session.exec(select(Stakeholder).where(Stakeholder.name == "Ada Lovelace")).first() is None
        await fill(pilot, map="Team=tags")  # a changed field: previewed again, not imported
        assert "Columns not read" not in preview_text(app)
        await pilot.press("ctrl+s")  # the same values again: the import
        await settle(pilot)
        assert not isinstance(app.screen, ImportContactsScreen), form_error(pilot)
        assert any("Imported team.csv: created 1," in t and "ctrl+z" in t for t in toasts(app))
        with demo_store.session() as session:
            ada = session.exec(select(Stakeholder).where(Stakeholder.name == "Ada Lovelace")).one()
            assert ada.email == "ada@analytical.example"
        await undo(pilot)
    with demo_store.session() as session:
        assert session.exec(select(Stakeholder).where(Stakeholder.name == "Ada Lovelace")).first() is None
        tom = session.exec(select(Stakeholder).where(Stakeholder.name == "Tom Becker")).one()
        assert tom.title == "VP Sales"  # the demo's, not filled over (it was not empty) — and unchanged by undo


@pilot_test
async def test_import_contacts_completes_paths_and_refuses_a_folder(app_factory, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "contacts-2026.csv").write_text(CONTACTS)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Import contacts")
        suggester = app.screen.field("path").suggester
        assert await suggester.get_suggestion(str(tmp_path / "cont")) == str(tmp_path / "contacts-2026.csv")
        await fill(pilot, path=str(tmp_path))
        assert "is a folder" in form_error(pilot)


@pilot_test
async def test_import_calendar_previews_then_imports_planned_calls(app_factory, demo_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    calendar = tmp_path / "calls.ics"
    calendar.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:call-1@test\r\nDTSTART:20261120T140000Z\r\nDTEND:20261120T143000Z\r\n"
        "SUMMARY:CX programme with Ben\r\nORGANIZER:mailto:sam@example.com\r\n"
        "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ben.ward@northwind.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await do(pilot, "Import calendar or mail")
        assert isinstance(app.screen, ImportCalendarScreen)
        await fill(pilot, paths=str(calendar), since="2026-11-01", until="2026-11-30")
        assert "would create 1" in preview_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportCalendarScreen), form_error(pilot)
    with demo_store.session() as session:
        imported = session.exec(select(Touchpoint).where(Touchpoint.summary.startswith("CX programme with Ben"))).one()  # type: ignore[union-attr]
        assert imported.status == TouchpointStatus.PLANNED  # it waits in "did this happen?"
