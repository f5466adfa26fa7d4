"""The filter and the palette (§7): Down moves into the results, Enter opens the top one, and matches are
ranked — name prefix, then word prefix, then other columns ("mark" puts Mark… above a Marketing title)."""

from textual.command import CommandList

from db.models import Stakeholder
from db.store import Store
from tests.tui.conftest import SIZE, pilot_test, settle, type_text
from tui.data.people_rows import IndexRow, match_rank, ranked
from tui.screens.people import PeopleScreen
from tui.screens.person import PersonScreen

NEWCOMERS = ("Amark Zed", "Zoe Markham", "Mark Ng")


def add_markers(store: Store) -> None:
    with store.write() as session:
        for name in NEWCOMERS:
            session.add(Stakeholder(name=name, name_key=name.lower(), influence=2, interest=2))


def test_match_rank_orders_name_word_then_elsewhere() -> None:
    assert [match_rank(n, "mark") for n in ("mark ng", "zoe markham", "amark zed", "chris morgan")] == [0, 1, 2, 2]
    rows = [
        IndexRow(i, n, n.lower(), n.lower(), "", 1, 1, False)
        for i, n in enumerate(("Amark Zed", "Chris Morgan", "Mark Ng", "Zoe Markham"))
    ]
    assert [r.name for r in ranked(rows, "Mark")] == ["Mark Ng", "Zoe Markham", "Amark Zed", "Chris Morgan"]


@pilot_test
async def test_filter_ranks_names_first_down_reaches_the_results_enter_opens_the_top(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    add_markers(demo_store)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        await pilot.press("slash")
        await type_text(pilot, "mark")
        await settle(pilot)
        names = {r.id: r.name for r in screen.index}
        shown = [names[i] for i in screen.table.row_ids]
        assert shown[:3] == ["Mark Ng", "Zoe Markham", "Amark Zed"], shown
        assert "Chris Morgan" in shown[3:]  # Chief Marketing Officer: a title match, ranked last
        await pilot.press("down")
        assert screen.focused is screen.table and screen.table.cursor == 0
        await pilot.press("down")
        assert screen.table.cursor == 1
        await pilot.press("slash", "enter")  # back in the filter: Enter opens the top match
        await settle(pilot)
        assert isinstance(app.screen, PersonScreen)
        assert names[app.screen.person_id] == "Mark Ng"


@pilot_test
async def test_the_palette_ranks_as_the_filter_does(app_factory, demo_store) -> None:  # type: ignore[no-untyped-def]
    add_markers(demo_store)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await type_text(pilot, "mark")
        await pilot.pause(0.5)  # the palette searches as you type
        await settle(pilot)
        options = app.screen.query_one(CommandList)
        labels = [str(options.get_option_at_index(i).prompt).split("\n")[0] for i in range(options.option_count)]
        assert [label for label in labels if label in NEWCOMERS] == ["Mark Ng", "Zoe Markham", "Amark Zed"], labels
        assert labels[0] == "Mark Ng", labels
