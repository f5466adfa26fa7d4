"""The child process of the TUI measures: start a screen, note when real data is on screen, exit.

    python -m benchmarks.paint --screen minimal|dashboard|people --db FILE --out RESULT.json

The parent (`benchmarks.tui`) starts this in a pseudo-terminal, so Textual
runs its real terminal driver and writes every frame, and takes the time
just before it starts the process. `time.perf_counter` is CLOCK_MONOTONIC
on Linux, the same clock in both processes, so the times written here are
comparable with the parent's.

A frame counts when Textual has written it (`App._display`) *and* the
screen's data is in it: the dashboard's tables filled, or every visible
row of the stakeholders table with its real cells (not the `…`
placeholder). Both start through the CLI, as a user does: `dashboard` as
`stakeholders --db FILE`, `people` as `stakeholders --db FILE --screen
stakeholders`.
"""

import argparse
import asyncio
import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

FILTER_KEYS = [
    "m",
    "a",
    "r",
    "i",
    "a",
    "backspace",
    "backspace",
    "backspace",
    "backspace",
    "backspace",
    "s",
    "a",
    "l",
    "e",
    "s",
    "space",
    "e",
    "m",
    "e",
    "a",
]
KEY_PAUSE = 0.12  # a fast typist; each keystroke is measured on its own
TIMEOUT = 600.0


class Recorder:
    """Resolves a waiter at the first frame written while its condition holds."""

    def __init__(self) -> None:
        self.waiting: list[tuple[Callable[[], bool], asyncio.Future[float]]] = []
        self.first: Callable[[Any], None] | None = None

    def expect(self, condition: Callable[[], bool]) -> "asyncio.Future[float]":
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting.append((condition, future))
        return future

    def frame(self, app: Any) -> None:
        now = time.perf_counter()
        if self.first is not None:
            first, self.first = self.first, None
            first(app)
            return
        for waiter in [w for w in self.waiting if w[0]()]:
            self.waiting.remove(waiter)
            waiter[1].set_result(now)


def spy_on(app_class: type, recorder: Recorder) -> None:
    original = app_class._display

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        original(self, screen, renderable)
        if renderable is not None and not self._batch_count:
            recorder.frame(self)

    app_class._display = _display


def rss_peak() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


PARTS: list[tuple[str, float]] = []
"""(part name, time) of each dashboard part as the screen received it."""


def finish(app: Any, out: str, result: dict[str, Any]) -> None:
    result["rss_peak"] = rss_peak()
    result["parts"] = PARTS
    with open(out, "w") as fh:
        json.dump(result, fh)
    app.exit()


# -- the minimal reference app ---------------------------------------------------------------


def run_minimal(out: str) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("stakeholders")

    recorder = Recorder()
    recorder.first = lambda app: finish(app, out, {"painted": time.perf_counter()})
    spy_on(Minimal, recorder)
    Minimal().run()


# -- the stakeholders app ------------------------------------------------------------------------


def visible_rows_loaded(table: Any) -> bool:
    top = round(table.scroll_y)
    return all(i in table._rows for i in table._ids[top : top + table._body_height])


def people_ready(app: Any) -> bool:
    from tui.screens.people import PeopleScreen

    screen = app.screen
    return isinstance(screen, PeopleScreen) and screen.table.row_count > 0 and visible_rows_loaded(screen.table)


FIGURES = {"events", "calls"}  # §9: "the dashboard shows its figures (surprise counts, call list)"


def dashboard_ready(app: Any) -> bool:
    """The dashboard shows the surprise counts of the next events and the call list.

    The screen fills in part by part (`seen` names the parts read); an older
    screen without parts counts once its board is no longer empty.
    """
    from tui.data.dashboard_lines import Dashboard  # not tui.data.dashboard: it loads the store
    from tui.screens.dashboard import DashboardScreen

    screen = app.screen
    if not isinstance(screen, DashboardScreen):
        return False
    seen = getattr(screen, "seen", None)
    return FIGURES <= seen if seen is not None else screen.board != Dashboard()


def dashboard_complete(app: Any) -> bool:
    return getattr(app.screen, "complete", True)


def press(app: Any, key: str) -> None:
    """Deliver a key the way the terminal driver does."""
    from textual import events

    char = " " if key == "space" else (key if len(key) == 1 else None)
    app._driver.send_message(events.Key(key, char))


async def type_filter(app: Any, recorder: Recorder) -> tuple[list[float], list[float]]:
    """Each keystroke: from the key's arrival until a frame shows the filtered rows with real cells;
    and until the first frame with the filtered rows at all (cells not yet read show `…`)."""
    table = app.screen.table
    app.screen.action_filter()
    await asyncio.sleep(KEY_PAUSE)
    complete, first = [], []
    for key in FILTER_KEYS:
        before = table._ids
        shown = recorder.expect(lambda before=before: table._ids is not before)
        filled = recorder.expect(lambda before=before: table._ids is not before and visible_rows_loaded(table))
        started = time.perf_counter()
        press(app, key)
        complete.append(await asyncio.wait_for(filled, TIMEOUT) - started)
        first.append(await shown - started)
        await asyncio.sleep(KEY_PAUSE)
    return complete, first


def whole_index_shown(app: Any) -> bool:
    """The screen may show a first screenful before the whole index is read (`complete`)."""
    return getattr(app.screen, "complete", True) and visible_rows_loaded(app.screen.table)


async def people_script(app: Any, recorder: Recorder, out: str, result: dict[str, Any]) -> None:
    if not whole_index_shown(app):
        started = time.perf_counter()
        await asyncio.wait_for(recorder.expect(lambda: whole_index_shown(app)), TIMEOUT)
        result["whole_index"] = time.perf_counter() - started
    await asyncio.sleep(KEY_PAUSE)
    result["rows"] = app.screen.table.row_count
    result["keystrokes"], result["keystrokes_first_frame"] = await type_filter(app, recorder)
    finish(app, out, result)


async def dashboard_script(app: Any, recorder: Recorder, out: str, result: dict[str, Any]) -> None:
    """After the figures: every part of the dashboard, then the stakeholders screen and its last row."""
    if not dashboard_complete(app):
        await asyncio.wait_for(recorder.expect(lambda: dashboard_complete(app)), TIMEOUT)
    result["complete"] = time.perf_counter()
    waiter = recorder.expect(lambda: people_ready(app))
    started = time.perf_counter()
    press(app, "s")
    result["switch_to_people"] = await asyncio.wait_for(waiter, TIMEOUT) - started
    if not whole_index_shown(app):  # the jump is to the last of everyone, not of the first screenful
        await asyncio.wait_for(recorder.expect(lambda: whole_index_shown(app)), TIMEOUT)
    await asyncio.sleep(KEY_PAUSE)
    table = app.screen.table
    waiter = recorder.expect(lambda: table.cursor == table.row_count - 1 and visible_rows_loaded(table))
    started = time.perf_counter()
    press(app, "end")
    result["jump_to_end"] = await asyncio.wait_for(waiter, TIMEOUT) - started
    finish(app, out, result)


async def paint_only_script(app: Any, recorder: Recorder, out: str, result: dict[str, Any]) -> None:
    finish(app, out, result)


def run_app(screen: str, db: str, out: str, *, paint_only: bool = False) -> None:
    import stakeholders.cli as cli  # what the `stakeholders` command imports before it opens the TUI

    recorder = Recorder()
    ready = dashboard_ready if screen == "dashboard" else people_ready
    script = dashboard_script if screen == "dashboard" else people_script
    if paint_only:
        script = paint_only_script

    def waiting_for_data(app: Any) -> None:
        # Frames before the data arrive ("Loading…", placeholders) do not count.
        if not ready(app):
            recorder.first = waiting_for_data
            return
        result = {"painted": time.perf_counter()}
        app.run_worker(script(app, recorder, out, result), exclusive=False)

    recorder.first = waiting_for_data
    spy_when_the_app_is_made(recorder, dashboard=screen == "dashboard")
    cli.main(["--db", db, "--screen", "dashboard" if screen == "dashboard" else "stakeholders"], standalone_mode=False)


def spy_when_the_app_is_made(recorder: Recorder, *, dashboard: bool) -> None:
    """Install the frame spy once the command has imported the app, not before: importing Textual here
    would take away what the command overlaps with it (the first page's read, tui/launch.py)."""
    import tui.launch
    import tui.opening

    def install() -> None:
        from tui.app import StakeholdersApp

        if getattr(StakeholdersApp, "_spied", False):
            return
        StakeholdersApp._spied = True  # type: ignore[attr-defined]
        spy_on(StakeholdersApp, recorder)
        if dashboard:
            from tui.screens.dashboard import DashboardScreen

            received = DashboardScreen.on_dashboard_screen_part

            def on_part(self, message) -> None:  # type: ignore[no-untyped-def]
                PARTS.append((message.name, time.perf_counter()))
                received(self, message)

            DashboardScreen.on_dashboard_screen_part = on_part  # type: ignore[method-assign]

    opening_init = tui.opening.StoreOpening.__init__

    def init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        install()  # the app on a current SQLite file: made right after this
        opening_init(self, *args, **kwargs)

    tui.opening.StoreOpening.__init__ = init  # type: ignore[method-assign]
    run_tui = tui.launch.run_tui

    def run_on_store(*args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        install()  # any other database: the store opened first
        run_tui(*args, **kwargs)

    tui.launch.run_tui = run_on_store  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--screen", choices=("minimal", "dashboard", "people"), required=True)
    parser.add_argument("--db")
    parser.add_argument("--out", required=True)
    parser.add_argument("--paint-only", action="store_true", help="exit at the first frame with data")
    args = parser.parse_args()
    if args.screen == "minimal":
        run_minimal(args.out)
    else:
        run_app(args.screen, args.db, args.out, paint_only=args.paint_only)
    sys.exit(0)


if __name__ == "__main__":
    main()
