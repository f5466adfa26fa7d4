"""At 50,000 stakeholders the table holds ids, not rows: only the visible window is fetched and drawn."""

import sqlalchemy as sa

from db.models import Stakeholder
from tests.conftest import FROZEN_NOW
from tests.tui.conftest import SIZE, frozen_clock, pilot_test, settle, type_text
from tui.app import make_app
from tui.screens.people import PeopleScreen
from tui.widgets.lazy_table import LazyTable

MANY = 50_000


def _fill(store) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {
            "name": f"Person {i:05d}",
            "name_key": f"person {i:05d}",
            "organization": f"Org {i % 97}",
            "influence": 1 + i % 5,
            "interest": 1 + (i // 5) % 5,
            "created_at": FROZEN_NOW,
            "updated_at": FROZEN_NOW,
        }
        for i in range(MANY)
    ]
    with store.write() as session:
        session.execute(sa.insert(Stakeholder.__table__), rows)  # type: ignore[attr-defined]


@pilot_test
async def test_fifty_thousand_rows_fetch_only_the_window(sqlite_store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fill(sqlite_store)
    fetched: list[int] = []
    import tui.data.people as people_data  # the screen's worker imports it when it runs

    real = people_data.load_rows

    def counting(session, ids, plan_id, now):  # type: ignore[no-untyped-def]
        fetched.append(len(ids))
        return real(session, ids, plan_id, now)

    monkeypatch.setattr(people_data, "load_rows", counting)
    app = make_app(sqlite_store, clock=frozen_clock, start="people")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        table = app.screen.query_one(LazyTable)
        assert table.row_count == MANY
        window = 3 * SIZE[1]  # a screen above, the screen, a screen below, at most
        assert sum(fetched) <= window
        assert len(table._rows) <= window
        await pilot.press("end")  # the last row: fetched on demand, the middle never
        await settle(pilot)
        assert table.cursor_id is not None and table._rows.get(table.cursor_id) is not None
        assert sum(fetched) <= 2 * window
        await pilot.press("slash")
        await type_text(pilot, "person 4999")
        await settle(pilot)
        assert table.row_count == 15  # every word matches: x4999 (5) and 49990…49999 (10)
        assert sum(fetched) <= 3 * window
