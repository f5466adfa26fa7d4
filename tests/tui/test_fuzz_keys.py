"""The TUI random-key fuzz (issue 13): thousands of seeded keys and clicks over every screen and form of the
demo story; it fails on any unhandled exception (Textual re-raises it from `run_test`) or worker error
(the app keeps every one: `StakeholdersApp.worker_errors`).

The suite runs the short profile (SHORT_KEYS). The long profile, once per release or after a change to
the TUI:

    python -m tests.tui.test_fuzz_keys --keys 10000 --seed 14

or `STAKEHOLDERS_FUZZ_KEYS=10000 pytest tests/tui/test_fuzz_keys.py`. It prints
`keys, clicks, restarts, screens seen, result`.
"""

import argparse
import asyncio
import os
import random
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from textual import events
from textual.errors import NoWidget
from textual.pilot import OutOfBounds
from textual.worker import WorkerCancelled

from db.store import Store
from tests.tui.conftest import SIZE, frozen_clock
from tui.app import StakeholdersApp, make_app

SHORT_KEYS = 2000
SEED = 14

SCREEN_KEYS = ["d", "s", "p", "e", "m"]
BINDING_KEYS = [
    "l",
    "x",
    "n",
    "o",
    "r",
    "c",
    "a",
    "b",
    "h",
    "k",
    "v",
    "u",
    "A",
    "D",
    "E",
    "H",
    "question_mark",
    "slash",
    "space",
    "ctrl+p",
    "ctrl+s",
    "ctrl+z",
    "ctrl+u",
    "f1",
]
MOVES = [
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "enter",
    "escape",
    "backspace",
]
TYPING = list("abcdefghijklmnopqrstuvwxyz0123456789 ,;=-") + ["Tom", "Elena", "now", "tomorrow 10:00", "sup"]
CHARS = {
    "space": " ",
    "slash": "/",
    "question_mark": "?",
    "comma": ",",
    "semicolon": ";",
    "equals_sign": "=",
    "minus": "-",
    "enter": "\r",
    "tab": "\t",
    "backspace": "\x7f",
    "escape": "\x1b",
}
# Never ctrl+q or ctrl+c: quitting is tested elsewhere; the palette's own Quit is met by restarting.


@dataclass
class FuzzRun:
    keys: int = 0
    clicks: int = 0
    restarts: int = 0
    screens: set[str] = field(default_factory=set)
    last: list[str] = field(default_factory=list)
    """The latest keys and clicks, to replay a failure."""

    def summary(self, seed: int, result: str) -> str:
        return (
            f"keys {self.keys}, clicks {self.clicks}, restarts {self.restarts}, seed {seed}, "
            f"screens seen {len(self.screens)} ({', '.join(sorted(self.screens))}), result: {result}"
            + ("" if result.startswith("ok") else f"; the last keys: {' '.join(self.last)}")
        )


def _next_key(rng: random.Random, count: int) -> list[str]:
    if count % 97 == 0:  # every screen, in turn, whatever the dice say
        return [SCREEN_KEYS[(count // 97) % len(SCREEN_KEYS)]]
    roll = rng.random()
    if roll < 0.30:
        return [rng.choice(MOVES)]
    if roll < 0.55:
        return [rng.choice(BINDING_KEYS)]
    if roll < 0.65:
        return [rng.choice(SCREEN_KEYS)]
    text = rng.choice(TYPING)
    names = {" ": "space", ",": "comma", ";": "semicolon", "=": "equals_sign", "-": "minus"}
    return [names.get(ch, ch) for ch in text]


async def loads_landed(app: StakeholdersApp) -> None:
    """Wait for the workers running now; one cancelled meanwhile (a newer load replaced it) is no failure."""
    try:
        await app.workers.wait_for_complete()
    except WorkerCancelled:
        pass


async def fuzz(make: Callable[[], StakeholdersApp], keys: int, seed: int, run: FuzzRun) -> None:
    """Press `keys` keys (and a click now and then) on apps from `make`, restarting one that quit (the
    palette's Quit). Raises on an unhandled exception; asserts no worker failed."""
    rng = random.Random(seed)
    while run.keys < keys:
        app = make()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            while run.keys < keys and app.is_running and app._exception is None:
                if rng.random() < 0.02:
                    x, y = rng.randrange(SIZE[0]), rng.randrange(SIZE[1])
                    try:
                        await pilot.click(offset=(x, y))
                    except (NoWidget, OutOfBounds):  # Pilot's own refusal (a screen not laid out yet)
                        pass
                    run.clicks += 1
                    run.last = [*run.last[-39:], f"click({x},{y})"]
                for key in _next_key(rng, run.keys):
                    # As a terminal's driver delivers a key (it posts the event to the app), without
                    # Pilot's wait for the app to go idle after each one: a burst of keys is what a
                    # person typing fast sends, and the long profile takes minutes, not an hour.
                    app.post_message(events.Key(key, key if len(key) == 1 else CHARS.get(key)))
                    await asyncio.sleep(0.002)
                    run.keys += 1
                    run.last = [*run.last[-39:], key]
                run.screens.add(type(app.screen).__name__)
                if run.keys % 100 < 2:  # let the loads land now and then, so their failures surface
                    await pilot.pause()
                    await loads_landed(app)
                failed = [f"{w.group}/{w.name}: {w.error!r}" for w in app.worker_errors]
                assert not failed, f"after {run.keys} keys: workers failed: {failed}"
            await loads_landed(app)
        failed = [f"{w.group}/{w.name}: {w.error!r}" for w in app.worker_errors]
        assert not failed, f"after {run.keys} keys: workers failed: {failed}"
        if run.keys < keys:
            run.restarts += 1


def test_random_keys_and_clicks_over_every_screen(
    demo_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # what an export or a brief typed at random writes, it writes here
    keys = int(os.environ.get("STAKEHOLDERS_FUZZ_KEYS", SHORT_KEYS))
    run = FuzzRun()
    try:
        asyncio.run(fuzz(lambda: make_app(demo_store, clock=frozen_clock), keys, SEED, run))
    except BaseException as exc:
        print(run.summary(SEED, f"FAILED: {type(exc).__name__}: {exc}"))
        raise
    print(run.summary(SEED, "ok"))
    assert run.keys >= keys
    assert {"DashboardScreen", "PeopleScreen", "PlansScreen", "EventsScreen", "MapScreen"} <= run.screens


def main(argv: list[str] | None = None) -> int:
    """The long profile, outside pytest: a fresh demo database in a temporary folder."""
    from datetime import timedelta

    import sqlalchemy as sa
    from sqlmodel import select

    from db.models import PlanVersion, Stakeholder
    from db.store import open_store
    from stakeholders.demo import load_demo
    from tests.conftest import FROZEN_NOW

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    os.environ["TZ"] = "Europe/London"
    os.environ["STAKEHOLDERS_USER"] = "fuzzer"
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        store = open_store(Path(folder) / "fuzz.db")
        with store.write() as session:
            load_demo(session, FROZEN_NOW)
            session.execute(sa.update(Stakeholder).values(created_at=FROZEN_NOW - timedelta(days=7)))
            for version in session.exec(select(PlanVersion)):
                version.created_at = FROZEN_NOW - timedelta(days=25 - 11 * (version.number - 1))
        run = FuzzRun()
        try:
            asyncio.run(fuzz(lambda: make_app(store, clock=frozen_clock), args.keys, args.seed, run))
        except BaseException as exc:  # the summary says what failed, then the traceback follows
            print(run.summary(args.seed, f"FAILED: {type(exc).__name__}: {exc}"))
            raise
        finally:
            store.close()
    print(run.summary(args.seed, "ok: no unhandled exception, no worker error"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
