"""A held or cancelled event shows its audience as it was, never as people who would be surprised."""

from rich.text import Text

from tests.tui.conftest import SIZE, pilot_test, settle
from tui.screens.events import EventsScreen
from tui.widgets.lazy_table import LazyTable


def cell_text(table: LazyTable, row: int, column: int) -> str:
    cells = table._rows[table._ids[row]]  # what the row draws
    value = cells[column]
    return value.plain if isinstance(value, Text) else str(value)


@pilot_test
async def test_a_held_event_lists_its_frozen_audience_not_surprises(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        held = next(i for i, e in enumerate(screen.events) if e.status == "held")
        screen.query_one("#events-list", LazyTable).cursor = held
        await settle(pilot)
        listed = screen.query_one("#events-list", LazyTable)
        assert [cell_text(listed, held, c) for c in (4, 5, 6)] == ["held", "", ""]
        detail = screen.detail
        assert detail is not None and detail.settled
        assert detail.flagged, "the held event's audience is listed"
        assert all(f.flag == "" for f in detail.flagged)
        assert all(f.why.startswith(("had heard v", "had not been briefed")) for f in detail.flagged)
        flagged = screen.query_one("#event-flagged", LazyTable)
        assert flagged.border_title.startswith("Audience when it was held")
        drawn = "\n".join("".join(s.text for s in strip) for strip in screen._compositor.render_strips())
        assert "surprised" not in drawn.split("Audience when it was held")[1]
