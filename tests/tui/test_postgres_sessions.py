"""The TUI on a shared PostgreSQL server leaves no session in an open transaction while it sits on a
screen (issue 15): such a session holds a lock on every table it read, and a colleague's migration
(ALTER TABLE) or a VACUUM FULL waits for it for as long as the app stays open."""

import pytest

from db.store import Store
from stakeholders.demo import load_demo
from tests.conftest import FROZEN_NOW, transactions_left
from tests.tui.conftest import SIZE, frozen_clock, pilot_test, settle
from tui.app import make_app

# Each screen's reads, then a person's page, the log form's names and plans, the history.
VISITS = [("d",), ("tab", "enter"), ("escape",), ("s",), ("e", "tab"), ("p", "tab", "v"), ("m",), ("l",), ("escape",)]


@pytest.mark.postgres
@pilot_test
async def test_no_read_of_the_tui_stays_open_on_postgresql(pg_store: Store) -> None:
    with pg_store.write() as session:
        load_demo(session, FROZEN_NOW)
    app = make_app(pg_store, clock=frozen_clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in VISITS:
            await pilot.press(*keys)
            await settle(pilot)
            assert not transactions_left(pg_store), f"after {keys}: {transactions_left(pg_store)}"
        await pilot.pause(2 * app.poll_seconds)  # the change watcher's polls, the time watcher's reads
        await settle(pilot)
        assert not transactions_left(pg_store)
