"""The stakeholder actions of §7 in the TUI (issue 14): each does what its CLI command does, through the
same use cases; each change is undone by ctrl+z; destructive ones ask first."""

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import select
from textual.pilot import Pilot

from db.enums import StanceLevel
from db.models import AuditEntry, DesiredStance, InfluenceLink, Plan, Stakeholder, Stance
from db.store import Store
from stakeholders.people import tags_of
from tests.tui.conftest import SIZE, person_id, pilot_test, settle, type_text
from tui.app import StakeholdersApp
from tui.screens.change_form import ConfirmScreen
from tui.screens.form import FormScreen
from tui.screens.history import BackupForm, HistoryScreen
from tui.screens.people import PeopleScreen
from tui.screens.people_forms import ArchiveForm, ForgetForm, MergeForm
from tui.screens.person import PersonScreen
from tui.screens.person_form import PersonFormScreen


async def run_action(pilot: Pilot, name: str) -> None:
    """As the palette does: the action by its §7 name."""
    await pilot.app.run_action(f"do({name!r})")
    await settle(pilot)


async def on_person(pilot: Pilot, store: Store, name: str) -> None:
    await settle(pilot)
    await pilot.app.open_person(person_id(store, name))  # type: ignore[attr-defined]
    await settle(pilot)


def error_of(app: StakeholdersApp) -> str:
    return str(app.screen.query_one("#form-error").render())


def person(store: Store, name: str) -> Stakeholder | None:
    with store.session() as session:
        return session.exec(select(Stakeholder).where(Stakeholder.name == name)).first()


def toasts(app: StakeholdersApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def undo(pilot: Pilot) -> None:
    await pilot.press("ctrl+z")
    await settle(pilot)


@pilot_test
async def test_every_action_is_in_the_palette_under_its_name(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = {command.title for command in app.get_system_commands(app.screen)}
    for name in (
        "Add stakeholder",
        "Edit stakeholder",
        "Archive stakeholder",
        "Unarchive stakeholder",
        "Merge stakeholders",
        "Forget stakeholder",
        "Set stance",
        "Add influence link",
        "Remove influence link",
        "History",
        "Back up",
        "Undo",
    ):
        assert name in titles


@pilot_test
async def test_add_then_undo_removes_them(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_action(pilot, "Add stakeholder")
        assert isinstance(app.screen, PersonFormScreen)
        await type_text(pilot, "Dana Reyes")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
        assert person(demo_store, "Dana Reyes") is not None
        assert any("Added Dana Reyes" in t and "ctrl+z undoes" in t for t in toasts(app))
        await undo(pilot)
        assert person(demo_store, "Dana Reyes") is None
        assert any("Removed Dana Reyes again" in t for t in toasts(app))


@pilot_test
async def test_edit_every_field_then_undo_restores_them(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, demo_store, "Tom Becker")
        await pilot.press("E")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, PersonFormScreen)
        assert form.field("title").value == "VP Sales"
        before = {
            key: form.field(key).value
            for key in ("title", "division", "phone", "tags", "owner", "cadence_days", "notes")
        }
        cx = _plan_id(demo_store, "CX programme")
        for key, value in (
            ("title", "Chief Revenue Officer"),
            ("division", "Revenue"),
            ("phone", "+49 30 1234"),
            ("tags", before["tags"] + ", board"),
            ("owner", "anna"),
            ("cadence_days", "10"),
            ("notes", "prefers mornings"),
            (f"desired-{cx}", "lead"),
        ):
            form.field(key).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        tom = person(demo_store, "Tom Becker")
        assert tom is not None
        assert (tom.title, tom.division, tom.phone, tom.owner, tom.cadence_days, tom.notes) == (
            "Chief Revenue Officer",
            "Revenue",
            "+49 30 1234",
            "anna",
            10,
            "prefers mornings",
        )
        with demo_store.session() as session:
            assert "board" in tags_of(session, tom.id)  # type: ignore[arg-type]
            assert session.get(DesiredStance, (tom.id, cx)).level == StanceLevel.LEADING  # type: ignore[union-attr]
        await undo(pilot)
        tom = person(demo_store, "Tom Becker")
        assert tom is not None
        assert (tom.title, tom.division, tom.phone, tom.owner, tom.notes) == tuple(
            before[key] or None for key in ("title", "division", "phone", "owner", "notes")
        )
        assert str(tom.cadence_days or "") == before["cadence_days"]
        with demo_store.session() as session:
            assert "board" not in tags_of(session, tom.id)  # type: ignore[arg-type]
            desired = session.get(DesiredStance, (tom.id, cx))
            assert desired is None or desired.level != StanceLevel.LEADING


@pilot_test
async def test_archive_asks_then_undo_brings_them_back(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, demo_store, "Tom Becker")
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveForm)  # one key opens the question, it does not archive
        assert person(demo_store, "Tom Becker").archived_at is None  # type: ignore[union-attr]
        assert app.screen.field("person").value == "Tom Becker"
        await pilot.press("enter")
        await settle(pilot)
        assert person(demo_store, "Tom Becker").archived_at is not None  # type: ignore[union-attr]
        assert any("Archived Tom Becker" in t for t in toasts(app))
        await undo(pilot)
        assert person(demo_store, "Tom Becker").archived_at is None  # type: ignore[union-attr]


@pilot_test
async def test_unarchive_from_the_palette_with_completion(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    with demo_store.write() as session:
        session.execute(
            sa.update(Stakeholder)
            .where(Stakeholder.name == "Hannah Weber")
            .values(archived_at=sa.func.current_timestamp())
        )
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_action(pilot, "Unarchive stakeholder")
        await type_text(pilot, "Hann")
        await pilot.press("right")  # accepts the grey suggestion
        assert app.screen.field("person").value == "Hannah Weber"
        await pilot.press("enter")
        await settle(pilot)
        assert person(demo_store, "Hannah Weber").archived_at is None  # type: ignore[union-attr]


@pilot_test
async def test_set_stance_then_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    elena = person_id(demo_store, "Elena Rossi")
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, demo_store, "Elena Rossi")
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.field("person").value == "Elena Rossi"
        assert app.screen.field("plan").value == "CX programme"  # the plan of her latest stance
        await type_text(pilot, "lead")  # the focus waits on the stance; a unique prefix is enough
        await pilot.press("enter")
        await settle(pilot)
        with demo_store.session() as session:
            latest = session.exec(
                select(Stance).where(Stance.stakeholder_id == elena).order_by(Stance.id.desc())
            ).first()  # type: ignore[union-attr]
            assert latest is not None and latest.level == StanceLevel.LEADING and latest.touchpoint_id is None
            added = latest.id
        assert any("Elena Rossi is leading on CX programme" in t for t in toasts(app))
        await undo(pilot)
        with demo_store.session() as session:
            assert session.get(Stance, added) is None


@pilot_test
async def test_set_stance_asks_for_what_is_missing_or_wrong(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, demo_store, "Tom Becker")  # no stance yet and two plans: no plan guessed
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.field("plan").value == ""
        app.screen.field("level").value = "furious"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "which plan?" in error_of(app)
        app.screen.field("plan").value = "CX programme"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "unknown stance 'furious'" in error_of(app)


@pilot_test
async def test_add_and_remove_an_influence_link_with_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    tom, hannah = person_id(demo_store, "Tom Becker"), person_id(demo_store, "Hannah Weber")

    def linked() -> bool:
        with demo_store.session() as session:
            return session.get(InfluenceLink, (tom, hannah)) is not None

    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, demo_store, "Tom Becker")
        await pilot.press("i")
        await settle(pilot)
        await type_text(pilot, "Hannah Weber")
        await pilot.press("enter")
        await settle(pilot)
        assert linked()
        assert any("Tom Becker influences Hannah Weber" in t for t in toasts(app))
        await pilot.press("I")
        await settle(pilot)
        await type_text(pilot, "Hannah Weber")
        await pilot.press("enter")
        await settle(pilot)
        assert not linked()
        await undo(pilot)  # the removal taken back
        assert linked()
        await undo(pilot)  # and the link itself
        assert not linked()


@pilot_test
async def test_merge_asks_before_it_runs_and_cannot_be_undone(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    with demo_store.write() as session:
        session.add(Stakeholder(name="T. Becker", name_key="t. becker", phone="+49 30 999"))
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, demo_store, "T. Becker")
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, MergeForm)
        assert "cannot be undone" in str(app.screen.query_one(".form-heading").render())
        assert app.screen.field("duplicate").value == "T. Becker"
        await type_text(pilot, "Tom Becker")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # a merge cannot be undone: asked before it runs
        assert "Merge T. Becker into Tom Becker <tom.becker@northwind.example>?" in app.screen.question
        assert person(demo_store, "T. Becker") is not None
        await pilot.press("y")
        await settle(pilot)
        assert person(demo_store, "T. Becker") is None
        assert person(demo_store, "Tom Becker").phone == "+49 30 999"  # type: ignore[union-attr]
        assert any("Merged T. Becker into Tom Becker" in t for t in toasts(app))
        assert "ctrl+z" not in toasts(app)[-1]
        assert len(app.undo_stack) == 0


@pilot_test
async def test_forget_needs_the_name_typed(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, demo_store, "Hannah Weber")
        await run_action(pilot, "Forget stakeholder")
        assert isinstance(app.screen, ForgetForm)
        await type_text(pilot, "Hannah")
        await pilot.press("enter")
        await settle(pilot)
        assert "type Hannah Weber's name in full" in error_of(app)
        assert person(demo_store, "Hannah Weber") is not None
        app.screen.field("confirm").value = "hannah weber"
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert person(demo_store, "Hannah Weber") is None
    assert toasts(app)[-1] == "Forgot Hannah Weber: every record about them is erased"  # the file purged too
    with demo_store.session() as session:
        texts = " ".join(e.summary for e in session.exec(select(AuditEntry)))
    assert "Hannah Weber" not in texts
    assert len(app.undo_stack) == 0


@pilot_test
async def test_history_lists_the_trail_newest_first(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, demo_store, "Tom Becker")
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        heading = str(app.screen.query_one("#history-heading").render())
        assert heading.startswith("History of Tom Becker")
        table = app.screen.query_one("DataTable")
        assert table.row_count > 1  # type: ignore[attr-defined]
        last = table.get_row_at(table.row_count - 1)  # type: ignore[attr-defined]
        assert "added Tom Becker" in last[2]  # the oldest, at the bottom
        await pilot.press("escape")
        assert isinstance(app.screen, PersonScreen)


@pilot_test
async def test_history_from_the_palette_asks_whose(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_action(pilot, "History")
        await type_text(pilot, "Elena")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "Elena Rossi" in str(app.screen.query_one("#history-heading").render())


@pilot_test
async def test_back_up_asks_before_replacing_a_file(app_factory, demo_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "copy.db"
    target.write_text("an older file")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_action(pilot, "Back up")
        assert isinstance(app.screen, BackupForm)
        assert app.screen.field("path").value.endswith(".backup.db")  # beside the database, dated
        app.screen.field("path").value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert target.read_text() == "an older file"
        assert "exists and was kept" in error_of(app)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert target.read_bytes().startswith(b"SQLite format 3")
    assert any(f"Backed up to {target}" in t for t in toasts(app))


@pilot_test
async def test_the_people_table_archives_the_row_under_the_cursor(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveForm)
        assert app.screen.field("person").value == "Aisha Okafor"  # the first row, sorted by name
        await pilot.press("escape")  # changes nothing
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
    assert person(demo_store, "Aisha Okafor").archived_at is None  # type: ignore[union-attr]


@pilot_test
async def test_edit_from_the_palette_asks_whom_first(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")  # the plans: nobody in focus
        await settle(pilot)
        await run_action(pilot, "Edit stakeholder")
        assert not isinstance(app.screen, PersonFormScreen)
        await type_text(pilot, "nobody-here")
        await pilot.press("enter")
        await settle(pilot)
        assert "no stakeholder 'nobody-here'" in error_of(app)
        assert "stakeholders list" not in error_of(app)  # no CLI commands inside the TUI
        app.screen.field("person").value = "Priya"  # part of a name that names one person
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonFormScreen)
        assert app.screen.field("name").value == "Priya Shah"


@pilot_test
async def test_add_with_a_desired_stance_is_undone_as_a_whole(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    ideas = _plan_id(demo_store, "Ideas platform")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await run_action(pilot, "Add stakeholder")
        app.screen.field("name").value = "Dana Reyes"
        app.screen.field(f"desired-{ideas}").value = "neu"  # a unique prefix
        await pilot.press("ctrl+s")
        await settle(pilot)
        dana = person(demo_store, "Dana Reyes")
        assert dana is not None
        with demo_store.session() as session:
            assert session.get(DesiredStance, (dana.id, ideas)).level == StanceLevel.NEUTRAL  # type: ignore[union-attr]
        await undo(pilot)
        assert person(demo_store, "Dana Reyes") is None
        with demo_store.session() as session:
            assert session.get(DesiredStance, (dana.id, ideas)) is None


@pilot_test
async def test_removing_a_link_that_is_not_there_says_so(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await on_person(pilot, demo_store, "Tom Becker")
        await pilot.press("I")
        await settle(pilot)
        await type_text(pilot, "Hannah Weber")
        await pilot.press("enter")
        await settle(pilot)
        assert "Tom Becker did not influence Hannah Weber: nothing to change" in error_of(app)
        assert len(app.undo_stack) == 0


def _plan_id(store: Store, name: str) -> int:
    with store.session() as session:
        return int(session.exec(select(Plan.id).where(Plan.name == name)).one())  # type: ignore[arg-type]
