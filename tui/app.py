"""The Textual app: the program lead's daily driver (PRODUCT.md §7).

`make_app(store)` is the one factory, used by the CLI (`run_tui`) and the
tests alike. The app owns the store, the clock and the change watcher;
each screen reads its own data in thread workers.

Start-up imports nothing that loads SQLAlchemy: on a current SQLite file the
first frame comes before the store opens (tui/opening.py).
"""

import inspect
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from db.first_page import FirstPage
from stakeholders.settings import Settings
from tui.actions import Action, all_actions
from tui.messages import DataChanged
from tui.opening import StoreOpening
from tui.screen_names import SCREENS
from tui.screens.base import DataScreen, LogDefaults
from tui.undo import UNDO_KEY, UndoStack, toast_text

if TYPE_CHECKING:
    from db.store import Store
    from stakeholders.undo import Change
    from tui.data.dashboard_lines import FirstLines
    from tui.opening import ReadAhead


Clock = Callable[[], datetime]
POLL_SECONDS = 2.0


def _system_now() -> datetime:
    return datetime.now(UTC)


SCREENS_OF_MODES = {screen.mode: (screen.module, screen.cls) for screen in SCREENS}


def screen_class(mode: str) -> type[Screen[Any]]:
    """The base screen of a mode, imported when first needed: start-up imports only the first screen."""
    module, name = SCREENS_OF_MODES[mode]
    return getattr(import_module(module), name)


def screen_css(mode: str) -> list[Path]:
    """The layout files of a mode's screen, resolved as Textual resolves a screen's CSS_PATH."""
    screen = screen_class(mode)
    paths = screen.CSS_PATH if isinstance(screen.CSS_PATH, list) else [screen.CSS_PATH] if screen.CSS_PATH else []
    return [(Path(inspect.getfile(screen)).parent / path).resolve() for path in paths]


def _mode_screen(mode: str) -> Callable[[], Screen[Any]]:
    return lambda: screen_class(mode)()


def _jump_provider() -> type:
    from tui.commands import JumpProvider  # reads the store: loaded when the palette first opens

    return JumpProvider


class StakeholdersApp(App[None]):
    """Dashboard, stakeholders, plans, events and map, each a mode with its own screen stack."""

    CSS_PATH = "app.tcss"
    TITLE = "stakeholders"
    MODES = {mode: _mode_screen(mode) for mode in SCREENS_OF_MODES}
    DEFAULT_MODE = "dashboard"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    COMMANDS = App.COMMANDS | {_jump_provider}
    BINDINGS = [
        *(
            Binding(screen.key, f"go('{screen.mode}')", screen.label, show=False, id=f"app.{screen.mode}")
            for screen in SCREENS
        ),
        Binding(
            "l",
            "log",
            "Log",
            id="app.log",
            tooltip="Log a touchpoint, pre-filled with the person in focus (a future date plans it)",
        ),
        Binding(
            "x",
            "export",
            "Export",
            show=False,
            id="app.export",
            tooltip="Export the status (md, html, csv, json, xlsx, ics) to a file",
        ),
        Binding("question_mark,f1", "help", "Help", key_display="?", id="app.help", tooltip="This list of keys"),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            priority=True,
            id="app.quit",
            tooltip="Quit (nothing is lost: every change is saved at once)",
        ),
        # Every action of tui/actions with a key; `check_action` keeps each to its screens.
        *(
            Binding(
                action.key,
                f"key({action.name!r})",
                action.footer or action.name,
                id=action.binding_id,
                tooltip=action.help,
                show=action.show,
            )
            for action in all_actions()
            if action.key
        ),
    ]

    def __init__(
        self,
        store: "Store | StoreOpening",
        *,
        clock: Clock | None = None,
        poll_seconds: float = POLL_SECONDS,
        start: str = "dashboard",
        first_page: FirstPage | None = None,
        first_figures: "ReadAhead[FirstLines] | None" = None,
        settings: Settings | None = None,
    ) -> None:
        # The first screen is the start mode itself: starting on the stakeholders screen must not mount
        # (and load, in threads that compete with the table's) the dashboard first.
        self.DEFAULT_MODE = start  # type: ignore[misc]  # per instance: Textual reads it at start-up
        # The start screen's layout read with the app's own: Textual parses every source again each time a
        # screen brings a file of its own, and the first frame would pay for one more such pass.
        super().__init__(css_path=[self.CSS_PATH, *screen_css(start)])
        self._opening = store if isinstance(store, StoreOpening) else None
        self._store = None if isinstance(store, StoreOpening) else store
        self.first_page = first_page
        """Read before the store opened (db/first_page.py); the stakeholders screen takes it once."""
        self.first_figures = first_figures
        """The dashboard's figures, being read before the store opens (db/first_figures.py); taken once."""
        self._figures_pending = first_figures is not None and self._opening is not None
        """Until the figures are on screen, the store waits to open (`figures_shown`)."""
        self._opening_started = False
        self.opening_error: BaseException | None = None
        self._first_frame_shown = False
        self._after_first_frame: list[Callable[[], object]] = []
        self.clock: Clock = clock or _system_now
        self.settings = settings or Settings()
        """Read once by the command line (stakeholders.settings): stale days, day first, database, screen."""
        self.stale_days = self.settings.stale_days
        self.poll_seconds = poll_seconds
        self.generation = 0
        """How many changes the watcher has seen; screens compare it with the one they loaded."""
        self._marker: tuple[int, str] | None = None
        self.worker_errors: list[Worker[Any]] = []
        """Every worker that failed, oldest first (each also shown as a message in the user's words)."""
        self._remove_worker = self.workers._remove_worker
        self.workers._remove_worker = self._worker_finished  # type: ignore[method-assign]
        self.undo_stack = UndoStack()
        """The changes made in this session, newest last (tui/undo.py)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Over a form or a dialog, the screen keys would act behind the user's back: only quit stays live.
        if isinstance(self.screen, ModalScreen) and action in ("go", "log", "export", "help", "key", "undo"):
            return False
        if action == "key" and parameters:
            found = self._action(str(parameters[0]))
            if found is None or not found.live_on(self.screen):
                return False
            if found.key == UNDO_KEY and not self.undo_stack:
                return False  # nothing to undo: the footer does not offer it
        return True

    @staticmethod
    def _action(name: str) -> Action | None:
        return next((action for action in all_actions() if action.name == name), None)

    def now(self) -> datetime:
        """Aware UTC now, from the injected clock (tests freeze it)."""
        return self.clock()

    @property
    def store(self) -> "Store":
        """The open store; while it is still opening, waits for it (workers only: they run in threads)."""
        if self._store is None:
            assert self._opening is not None
            self._store = self._opening.get()
        return self._store

    def on_mount(self) -> None:
        self.after_first_frame(self._watch_changes)

    def _watch_changes(self) -> None:
        from tui.time_moves import TimeWatcher

        self.poll_changes()
        self.set_interval(self.poll_seconds, self.poll_changes, name="change watcher")
        TimeWatcher(self).start()  # and the moments that change the screens with no write (§7 "Time moves")

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run `callback` once the first frame is on screen (now, if it already is): work that would
        delay the first rows (§9) and is not needed to show them."""
        if self._first_frame_shown:
            callback()
        else:
            self._after_first_frame.append(callback)

    def _display(self, screen: Screen[Any], renderable: Any) -> None:
        super()._display(screen, renderable)
        # The first frame actually written: Textual drops the frames of its start-up batch, and its
        # Ready event can come before the frame that follows. Work that would compete with that frame
        # for the GIL (SQLAlchemy's import) waits for it (§9). A private hook: if an upgrade of Textual
        # stopped calling it, the store would never open and tests/tui/test_opening.py would fail.
        if not self._first_frame_shown and renderable is not None and not self._batch_count:
            self._first_frame_shown = True
            self.call_later(self._first_frame_written)

    def _first_frame_written(self) -> None:
        if not self._figures_pending:
            self._open_store()  # SQLAlchemy's import, in a thread, would compete with that frame for the GIL
        for callback in self._after_first_frame:
            self.call_later(callback)
        self._after_first_frame.clear()

    def _open_store(self) -> None:
        if self._opening is not None and not self._opening_started:
            self._opening_started = True
            self._opening.start()
            self._wait_for_store()

    def figures_shown(self) -> None:
        """The dashboard's figures read ahead are on screen, or came to nothing: the store may open now.
        Until then its import would take the GIL from the read's last steps and the frame showing them."""
        if self._figures_pending:
            self._figures_pending = False
            if self._first_frame_shown:
                self._open_store()

    @work(thread=True, group="open", exit_on_error=False)
    def _wait_for_store(self) -> None:
        assert self._opening is not None
        try:
            self._opening.get()
        except Exception as exc:  # a file that looked fine but does not open: leave with the CLI's error line
            self.call_from_thread(self._could_not_open, exc)

    def _could_not_open(self, error: BaseException) -> None:
        self.opening_error = error
        self.exit(return_code=1)

    # -- live refresh ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def poll_changes(self) -> None:
        """Read the change marker off the UI thread; cheap enough to run every couple of seconds."""
        from tui.data.common import change_marker

        with self.store.session() as session:
            marker = change_marker(session)
        self.call_from_thread(self._seen_marker, marker)

    def _seen_marker(self, marker: tuple[int, str]) -> None:
        if self._marker is None:
            self._marker = marker
            return
        if marker != self._marker:
            self._marker = marker
            self.generation += 1
            self.post_message(DataChanged(self.generation))

    def on_data_changed(self, message: DataChanged) -> None:
        """Something changed: reload the visible screen now, the others when they are shown again."""
        if isinstance(self.screen, DataScreen) and self.screen.loaded_generation < message.generation:
            self.screen.reload()

    def _worker_finished(self, worker: Worker[Any]) -> None:
        """Every worker of the app, its screens and widgets ends here (the worker manager's own done
        callback, wrapped in __init__: Worker.StateChanged does not bubble, so no one handler sees
        them all). A failure is kept, so none passes silently (tests/tui/conftest.py fails on any),
        and said in the user's words."""
        self._remove_worker(worker)
        if worker.state != WorkerState.ERROR:
            return
        from tui.screens.form import FormScreen
        from tui.worker_errors import in_words

        self.worker_errors.append(worker)
        if worker.group == "watch":
            # A poll that met a busy or unreachable database: the next one, in a moment, tries again.
            self.log.warning(f"change watcher: {worker.error!r}")
            return
        if not isinstance(worker.node, FormScreen):  # a form says it in the form itself
            self.notify(in_words(worker), severity="error", timeout=10)

    def wrote(self, message: str | None = None) -> None:
        """After a write from this app: say so, and pick the change up at once rather than at the next poll."""
        if message:
            self.notify(message)
        self.poll_changes()

    # -- navigation -------------------------------------------------------------

    async def action_go(self, mode: str) -> None:
        """Show a screen; from a person view or a modal, go back to that mode's base screen."""
        if self.current_mode == mode:
            while len(self.screen_stack) > 1 and not isinstance(self.screen, screen_class(mode)):
                self.pop_screen()
            return
        # Leaving a mode leaves it at its base screen: a person page opened over Events (from the palette,
        # a flagged row) must not be what `e` shows next time, under the Stakeholders tab.
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()
        await self.switch_mode(mode)

    async def open_person(self, person_id: int) -> None:
        from tui.screens.person import PersonScreen

        await self.push_screen(PersonScreen(person_id))

    async def open_plan(self, plan_id: int) -> None:
        from tui.screens.plans import PlansScreen

        await self.action_go("plans")
        if isinstance(self.screen, PlansScreen):
            self.screen.show_plan(plan_id)

    async def open_event(self, event_id: int) -> None:
        from tui.screens.events import EventsScreen

        await self.action_go("events")
        if isinstance(self.screen, EventsScreen):
            self.screen.show_event(event_id)

    # -- actions and undo (tui/actions, tui/undo.py) -------------------------------------

    async def action_key(self, name: str) -> None:
        """An action's key: live only on its screens (`check_action`)."""
        await self.action_do(name)

    async def action_do(self, name: str) -> None:
        """Run the action of that §7 name (the palette: from anywhere)."""
        found = self._action(name)
        if found is None:
            return
        result = found.run(self)
        if inspect.isawaitable(result):
            await result

    def changed(self, change: "Change") -> None:
        """A change made in the TUI (on the UI thread): keep it for undo, say what it was, refresh at once."""
        self.undo_stack.push(change)
        self.wrote(toast_text(change))
        self.refresh_bindings()

    def action_undo(self) -> None:
        """Take back the newest change of this session; refused (and forgotten) if someone changed it since."""
        change = self.undo_stack.pop()
        if change is None:
            self.notify("Nothing to undo: no change made here since the app started")
            return
        self.refresh_bindings()
        self._undo(change)

    @work(thread=True, group="undo", exit_on_error=False)
    def _undo(self, change: "Change") -> None:
        from tui.data.writing import attempt_write

        assert change.undo is not None
        outcome = attempt_write(self.store, change.undo)
        if outcome.error is not None:
            self.call_from_thread(
                self.notify, f"Could not undo “{change.label}”: {outcome.error}", severity="warning", timeout=10
            )
        else:
            self.call_from_thread(self.wrote, outcome.value)

    # -- actions available everywhere ------------------------------------------------

    def action_log(self, defaults: LogDefaults | None = None) -> None:
        """Open the log form, pre-filled from the screen in focus."""
        # The log form saved with its undo (tui/screens/touchpoint_forms.py, helper C's minimal edit here).
        from tui.screens.touchpoint_forms import UndoableLogScreen

        if defaults is None:
            defaults = self.screen.log_defaults() if isinstance(self.screen, DataScreen) else LogDefaults()
        self.push_screen(UndoableLogScreen(defaults), self._after_form)

    def action_export(self) -> None:
        from tui.screens.save_file import ExportScreen

        self.push_screen(ExportScreen(), self._after_form)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def _after_form(self, result: str | None) -> None:
        if result:
            self.wrote(result)

    def get_system_commands(self, screen: Screen[Any]):  # type: ignore[no-untyped-def]
        yield from super().get_system_commands(screen)
        for entry in SCREENS:
            yield SystemCommand(
                f"Go to {entry.label}",
                f"Show the {entry.label.lower()} screen",
                lambda mode=entry.mode: self.run_action(f"go('{mode}')"),
            )
        actions = all_actions()
        names = {action.name for action in actions}
        for action in actions:
            # Straight to action_do, not through run_action: check_action keeps a key to its screens,
            # while the palette offers every action everywhere.
            yield SystemCommand(action.name, action.help, lambda name=action.name: self.action_do(name))
        # The older palette entries, until §7's own (tui/actions/work.py) take their place.
        if "Log touchpoint" not in names:
            yield SystemCommand("Log a touchpoint", "Record a call, meeting or message", self.action_log)
        if "Export status" not in names:
            yield SystemCommand(
                "Export", "Write the status (md, html, csv, json, xlsx, ics) to a file", self.action_export
            )
        yield SystemCommand("Keys", "Every key, screen by screen", self.action_help)


def make_app(
    store: "Store | StoreOpening",
    *,
    clock: Clock | None = None,
    poll_seconds: float = POLL_SECONDS,
    start: str = "dashboard",
    first_page: FirstPage | None = None,
    first_figures: "ReadAhead[FirstLines] | None" = None,
    settings: Settings | None = None,
) -> StakeholdersApp:
    """The app on `store` (open, or opening after the first frame). `clock` returns aware UTC now (tests
    freeze it); `start` names the first screen; `first_page` is the stakeholders screen's, read ahead."""
    return StakeholdersApp(
        store,
        clock=clock,
        poll_seconds=poll_seconds,
        start=start,
        first_page=first_page,
        first_figures=first_figures,
        settings=settings,
    )
