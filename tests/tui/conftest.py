"""Fixtures for the TUI tests: the demo story on a SQLite file, a frozen clock, helpers to drive Pilot."""

import asyncio
import functools
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import select
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from db.models import PlanVersion, Stakeholder
from db.store import Store
from stakeholders.demo import load_demo
from tests.conftest import FROZEN_NOW
from tui.app import StakeholdersApp, make_app

SIZE = (100, 32)


def pilot_test(fn: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async Pilot scenario as a plain test (no asyncio plugin needed); fixtures pass through."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(fn(*args, **kwargs))  # type: ignore[arg-type]

    return wrapper


def frozen_clock():  # type: ignore[no-untyped-def]
    return FROZEN_NOW


class MovingClock:
    """The app's clock, standing still at `start` until a test moves it on (§7 "Time moves")."""

    def __init__(self, start: datetime = FROZEN_NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


@pytest.fixture
def demo_store(sqlite_store: Store) -> Store:
    """The demo story as of Sunday 2026-11-22 10:00 UTC, with every displayed date pinned to that clock."""
    with sqlite_store.write() as session:
        load_demo(session, FROZEN_NOW)
        # The demo dates what the story needs; other rows carry the real clock's creation time.
        # Pin them, so cadence ("added N days ago") and the snapshots do not depend on the day the tests run.
        session.execute(
            sa.update(Stakeholder)
            .where(Stakeholder.created_at > FROZEN_NOW - timedelta(days=1))
            .values(created_at=FROZEN_NOW - timedelta(days=7))
        )
        for version in session.exec(select(PlanVersion)):
            version.created_at = FROZEN_NOW - timedelta(days=25 - 11 * (version.number - 1))
            session.add(version)
    return sqlite_store


@pytest.fixture(autouse=True)
def _worker_errors_fail_the_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A worker that failed in any app the test built, by `app_factory` or by `make_app` itself, fails
    the test (never silently: the app keeps the failures its workers' `exit_on_error=False` hides)."""
    made: list[StakeholdersApp] = []
    init = StakeholdersApp.__init__

    def keeping(app: StakeholdersApp, *args: Any, **kwargs: Any) -> None:
        init(app, *args, **kwargs)
        made.append(app)

    monkeypatch.setattr(StakeholdersApp, "__init__", keeping)
    yield
    assert_no_worker_errors(*made)


@pytest.fixture
def app_factory(demo_store: Store) -> Callable[..., StakeholdersApp]:
    """Apps on the demo story (a worker that failed in any of them fails the test, as in any app)."""

    def factory(**kwargs: object) -> StakeholdersApp:
        kwargs.setdefault("clock", frozen_clock)
        return make_app(demo_store, **kwargs)  # type: ignore[arg-type]

    return factory


def assert_no_worker_errors(*apps: StakeholdersApp) -> None:
    failed = [f"{w.group}/{w.name}: {w.error!r}" for app in apps for w in getattr(app, "worker_errors", [])]
    assert not failed, "workers failed: " + "; ".join(failed)


async def workers_done(pilot: Pilot) -> None:
    """Wait for the running workers; one cancelled meanwhile (a newer load replaced it) is no failure."""
    try:
        await pilot.app.workers.wait_for_complete()
    except WorkerCancelled:
        pass


async def settle(pilot: Pilot, rounds: int = 4) -> None:
    """Let the thread workers finish and their messages land (loads chain: index, then rows)."""
    for _ in range(rounds):
        await pilot.pause()
        await workers_done(pilot)
    # The dashboard and the stakeholders table load in stages and say when the last one landed;
    # on a loaded machine four rounds are not always enough (a snapshot of a half-loaded board).
    for _ in range(400):
        if getattr(pilot.app.screen, "complete", True):
            break
        await pilot.pause(0.05)
        await workers_done(pilot)
    await pilot.pause()
    # No blinking cursor: a snapshot must not depend on the blink phase.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*["space" if ch == " " else ch for ch in text])


def person_id(store: Store, name: str) -> int:
    with store.session() as session:
        found = session.exec(select(Stakeholder.id).where(Stakeholder.name == name)).one()
    return int(found)
