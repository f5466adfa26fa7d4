"""The stakeholders table and the person view: filter, sort, open, add, edit, archive."""

from sqlmodel import select

from db.models import Stakeholder
from tests.tui.conftest import SIZE, person_id, pilot_test, settle, type_text
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen
from tui.screens.person_form import PersonFormScreen
from tui.widgets.lazy_table import LazyTable


def table(app) -> LazyTable:  # type: ignore[no-untyped-def]
    return app.screen.query_one("#people-table", LazyTable)


def names(app) -> list[str]:  # type: ignore[no-untyped-def]
    by_id = {row.id: row.name for row in app.screen.index}
    return [by_id[i] for i in table(app).row_ids]


async def open_people(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, PeopleScreen)


@pilot_test
async def test_every_non_archived_stakeholder_by_name(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot)
        assert len(names(app)) == 14  # Nadia is archived
        assert names(app)[:3] == ["Aisha Okafor", "Ben Ward", "Chris Morgan"]
        await pilot.press("a")  # archived too
        await settle(pilot)
        assert "Nadia Haddad" in names(app)


@pilot_test
async def test_filter_as_you_type(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot)
        await pilot.press("slash")
        await type_text(pilot, "ro")
        assert "Elena Rossi" in names(app) and "Priya Shah" in names(app)  # Rossi; Product
        await type_text(pilot, "ss")
        assert names(app) == ["Elena Rossi"]
        await pilot.press("enter")  # back to the table: Enter there opens her
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "Elena Rossi" in str(app.screen.query_one("#person-profile").render())


@pilot_test
async def test_filter_matches_organization_and_email(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot)
        await pilot.press("slash")
        await type_text(pilot, "americas")
        assert names(app) == ["Elena Rossi", "Sofia Lind"]
        await pilot.press("escape")  # clears the filter
        assert len(names(app)) == 14


@pilot_test
async def test_sort_by_each_column(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot)
        await pilot.press("o")  # organization
        await settle(pilot)
        assert table(app).sort_column == "organization"
        assert names(app)[0] == "Elena Rossi"  # Americas
        await pilot.press("o")  # division (§2): Customer Support first
        await settle(pilot)
        assert table(app).sort_column == "division"
        assert names(app)[0] == "Aisha Okafor"
        await pilot.press("o")  # quadrant: manage closely first, most influential first
        await settle(pilot)
        assert names(app)[0] == "Chris Morgan"
        await pilot.press("o")  # stance on the CX programme: unaware first
        await settle(pilot)
        assert table(app).sort_column == "stance"
        assert set(names(app)[:2]) == {"Hannah Weber", "Tom Becker"}
        await pilot.press("r")
        assert names(app)[0] == "Priya Shah"  # leading
        await pilot.press("o", "o")  # last contact
        await settle(pilot)
        assert table(app).sort_column == "contact"
        assert names(app)[0] == "Hannah Weber"  # never
        await pilot.press("r")
        assert names(app)[0] in ("Aisha Okafor", "Mei Chen")  # the Ideas platform meeting two days ago


@pilot_test
async def test_add_a_stakeholder(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, PersonFormScreen)
        await type_text(pilot, "Dana Reyes")
        await pilot.press("tab")
        await type_text(pilot, "dana@example.com")
        await pilot.press("tab", "tab")
        await type_text(pilot, "Sales")
        await pilot.press("tab", "tab", "backspace")
        await type_text(pilot, "4")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert "Dana Reyes" in names(app)
    with demo_store.session() as session:
        dana = session.exec(select(Stakeholder).where(Stakeholder.name == "Dana Reyes")).one()
        assert (dana.email, dana.organization, dana.influence, dana.interest) == ("dana@example.com", "Sales", 4, 2)


@pilot_test
async def test_a_bad_field_is_shown_in_the_form(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot)
        await pilot.press("n")
        await type_text(pilot, "Dana Reyes")
        await pilot.press("tab")
        await type_text(pilot, "chris.morgan@northwind.example")  # Chris's address
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PersonFormScreen)
        error = str(app.screen.query_one("#form-error").render())
        assert "already belongs to Chris Morgan" in error
        await pilot.press("escape")
        assert isinstance(app.screen, PeopleScreen)
    with demo_store.session() as session:
        assert session.exec(select(Stakeholder).where(Stakeholder.name == "Dana Reyes")).first() is None


@pilot_test
async def test_edit_and_archive_from_the_person_view(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    tom = person_id(demo_store, "Tom Becker")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_person(tom)
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert app.screen.field("title").value == "VP Sales"
        await pilot.press("tab", "tab")
        await pilot.press("ctrl+u")  # Input: delete to the start
        await type_text(pilot, "Chief Revenue Officer")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert "Chief Revenue Officer" in str(app.screen.query_one("#person-profile").render())
        await pilot.press("A")  # asks first (issue 14): Enter archives
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert "(archived)" in str(app.screen.query_one("#person-profile").render())
    with demo_store.session() as session:
        person = session.get(Stakeholder, tom)
        assert person.title == "Chief Revenue Officer"
        assert person.archived_at is not None


@pilot_test
async def test_person_view_shows_everything_held(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_person(person_id(demo_store, "Elena Rossi"))
        await settle(pilot)
        text = {
            key: str(app.screen.query_one(f"#person-{key}").render())
            for key in ("profile", "concerns", "follow-ups", "influence")
        }
        assert "Felt ambushed by v1" in text["profile"]
        assert "It's my customer" in text["concerns"]
        assert "OVERDUE" in text["follow-ups"]
        assert "influenced by: Marcus Webb" in text["influence"]
        assert "influences: Sofia Lind" in text["influence"]
