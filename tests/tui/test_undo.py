"""Undo in the TUI (§7): ctrl+z or `Undo` takes back the last change, several in a row, never what someone
else changed since; the confirming toast names the change and the key (and undoes when clicked)."""

import sqlalchemy as sa
from sqlmodel import select

from db.models import Stakeholder
from db.store import Store
from db.types import utcnow
from stakeholders import undo
from stakeholders.errors import Conflict
from tests.tui.conftest import SIZE, person_id, pilot_test, settle, type_text
from tui.app import StakeholdersApp
from tui.screens.people_forms import ArchiveForm
from tui.undo import DEPTH, UndoStack, toast_text


def title(store: Store, name: str = "Tom Becker") -> str | None:
    with store.session() as session:
        return session.exec(select(Stakeholder.title).where(Stakeholder.name == name)).one()


def toasts(app: StakeholdersApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def edit_title(pilot, store: Store, new: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.open_person(person_id(store, "Tom Becker"))
    await settle(pilot)
    await pilot.press("E")
    await settle(pilot)
    pilot.app.screen.field("title").value = new
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("escape")  # back from the person page
    await settle(pilot)


@pilot_test
async def test_two_changes_undone_newest_first(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_title(pilot, demo_store, "CRO")
        await edit_title(pilot, demo_store, "Chief Revenue Officer")
        assert title(demo_store) == "Chief Revenue Officer"
        assert len(app.undo_stack) == 2
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert title(demo_store) == "CRO"
        await pilot.app.run_action("do('Undo')")  # the palette's entry
        await settle(pilot)
        assert title(demo_store) == "VP Sales"
        await pilot.press("ctrl+z")  # nothing left: the key is not live, nothing happens
        await settle(pilot)
        await pilot.app.run_action("do('Undo')")
        await settle(pilot)
        assert "Nothing to undo" in toasts(app)[-1]


@pilot_test
async def test_undo_refuses_when_a_colleague_changed_it_since(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await edit_title(pilot, demo_store, "CRO")
        # A colleague (another process) edits Tom meanwhile, through the same use case.
        with demo_store.write() as session:
            tom = session.exec(select(Stakeholder).where(Stakeholder.name == "Tom Becker")).one()
            undo.edit(session, tom, {"phone": "+49 30 5555"}, [], [])
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert title(demo_store) == "CRO"  # not reverted
        message = toasts(app)[-1]
        assert "Could not undo" in message and "Tom Becker was changed since" in message
        assert "not undone, so that change is kept" in message
        assert len(app.undo_stack) == 0  # it can never succeed: dropped


@pilot_test
async def test_undo_of_an_archive_refused_after_the_person_was_merged_away(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.app.open_person(person_id(demo_store, "Hannah Weber"))
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveForm)
        await pilot.press("enter")
        await settle(pilot)
        with demo_store.write() as session:  # someone else removes her meanwhile
            session.execute(sa.delete(Stakeholder).where(Stakeholder.name == "Hannah Weber"))
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "Hannah Weber no longer exists: nothing to undo" in toasts(app)[-1]


@pilot_test
async def test_the_toast_names_the_change_and_clicking_it_undoes(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # run_test hides toasts by default
        await settle(pilot)
        await pilot.app.open_person(person_id(demo_store, "Tom Becker"))
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        pilot.app.screen.field("title").value = "CRO"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert title(demo_store) == "CRO"
        toast = app.screen.query("Toast").last()
        assert "Saved Tom Becker — ctrl+z undoes" in str(toast.render())
        await pilot.click(toast, offset=(2 + len("Saved Tom Becker — ") + 3, 1))  # on "ctrl+z undoes"
        await settle(pilot)
        assert title(demo_store) == "VP Sales"


@pilot_test
async def test_undo_key_is_in_the_footer_only_when_there_is_something_to_undo(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("key", ("Undo",)) is False
        await edit_title(pilot, demo_store, "CRO")
        assert app.check_action("key", ("Undo",)) is True
        await pilot.app.open_person(person_id(demo_store, "Tom Becker"))
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert app.check_action("key", ("Undo",)) is False  # over a form, ctrl+z belongs to the field
        await type_text(pilot, "x")
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert title(demo_store) == "CRO"


def test_the_stack_keeps_the_newest_and_skips_what_cannot_be_undone() -> None:
    stack = UndoStack()
    stack.push(undo.Change("Merged A into B"))  # no inverse: nothing to keep
    assert len(stack) == 0
    for n in range(DEPTH + 5):
        stack.push(undo.Change(f"change {n}", lambda session: "undone"))
    assert len(stack) == DEPTH
    assert stack.pop().label == f"change {DEPTH + 4}"  # type: ignore[union-attr]
    assert toast_text(undo.Change("Merged A into B")) == "Merged A into B"
    assert "ctrl+z undoes" in toast_text(undo.Change("Archived Tom", lambda session: ""))


def test_an_inverse_refuses_a_row_changed_since(demo_store) -> None:  # type: ignore[no-untyped-def]
    with demo_store.write() as session:
        tom = session.exec(select(Stakeholder).where(Stakeholder.name == "Tom Becker")).one()
        change = undo.archive(session, tom, True)
    with demo_store.write() as session:
        tom = session.exec(select(Stakeholder).where(Stakeholder.name == "Tom Becker")).one()
        tom.updated_at = utcnow()
        session.add(tom)
    with demo_store.write() as session:
        assert change.undo is not None
        try:
            change.undo(session)
        except Conflict as refused:
            assert "Tom Becker was changed since" in str(refused)
        else:
            raise AssertionError("undo went ahead over a newer change")


# -- the inverses themselves (stakeholders/undo.py), on SQLite and PostgreSQL ------------------------


def _people(store: Store) -> tuple[int, int]:
    with store.write() as session:
        dana, _ = undo.add(session, {"name": "Dana Reyes", "email": "dana@example.com", "title": "VP Sales"}, ["emea"])
        lee, _ = undo.add(session, {"name": "Lee Park"}, [])
        return dana.id, lee.id  # type: ignore[return-value]


def _run(store: Store, change: undo.Change) -> str:
    assert change.undo is not None
    with store.write() as session:
        return change.undo(session)


def test_edits_and_archive_undone_in_turn_on_both_backends(store: Store) -> None:
    from stakeholders.people import tags_of

    dana_id, _ = _people(store)
    with store.write() as session:
        dana = session.get(Stakeholder, dana_id)
        first = undo.edit(session, dana, {"title": "CRO", "division": "Revenue"}, ["board"], ["emea"])  # type: ignore[arg-type]
    with store.write() as session:
        second = undo.archive(session, session.get(Stakeholder, dana_id), True)  # type: ignore[arg-type]
    assert _run(store, second) == "Unarchived Dana Reyes again"
    assert _run(store, first) == "Restored Dana Reyes as before the edit"
    with store.session() as session:
        dana = session.get(Stakeholder, dana_id)
        assert (dana.title, dana.division, dana.archived_at) == ("VP Sales", None, None)  # type: ignore[union-attr]
        assert tags_of(session, dana_id) == ["emea"]


def test_an_add_is_not_undone_once_someone_was_linked_to_them(store: Store) -> None:
    dana_id, lee_id = _people(store)
    with store.write() as session:
        _, added = undo.add(session, {"name": "Sam Doe"}, [])
        sam = session.exec(select(Stakeholder).where(Stakeholder.name == "Sam Doe")).one()
        linked = undo.link(session, sam, session.get(Stakeholder, lee_id), True)  # type: ignore[arg-type]
    try:
        _run(store, added)
    except Conflict as refused:
        assert "Sam Doe has been logged with or linked since" in str(refused)
    else:
        raise AssertionError("the add was undone over a link made since")
    assert _run(store, linked) == "Sam Doe no longer influences Lee Park again"
    assert _run(store, added) == "Removed Sam Doe again"
    with store.session() as session:
        assert session.exec(select(Stakeholder).where(Stakeholder.name == "Sam Doe")).first() is None
