"""Time moves (§7): the screens re-evaluate when time crosses a line that matters — a planned call's
time passes, an event starts, a follow-up falls due — not only when the data changes.

The watcher asks the data for the next such moment (tui.data.common.next_moment) and, once the app's
clock has reached it, counts it as a change: the visible screen reloads, the others when shown again,
exactly as for a write seen by the change watcher. It compares with the app's clock every second
rather than arming a timer for the moment itself, so a clock that jumps (a laptop waking up, a test
advancing its injected clock) is followed too. Asking again after every change keeps the moment
current: a call just planned "in 2 minutes" is the next one.
"""

from datetime import datetime
from typing import TYPE_CHECKING

from tui.messages import DataChanged

if TYPE_CHECKING:
    from tui.app import StakeholdersApp

CHECK_SECONDS = 1.0


class TimeWatcher:
    """Started once by the app after its first frame (`start`)."""

    def __init__(self, app: "StakeholdersApp") -> None:
        self.app = app
        self.next_at: datetime | None = None
        """The next moment that matters, as last read; None while reading or when nothing is ahead."""
        self.read_for = -1
        """The app's change count the moment was read at: a change (here or elsewhere) reads it again."""

    def start(self) -> None:
        self.read_next()
        self.app.set_interval(CHECK_SECONDS, self.tick, name="time watcher")

    def read_next(self) -> None:
        self.read_for = self.app.generation
        self.app.run_worker(
            self._read,
            thread=True,
            group="time",
            exclusive=True,
            exit_on_error=False,
            name="reading the next moment that matters",
        )

    def _read(self) -> None:
        from tui.data.common import next_moment

        app = self.app
        with app.store.session() as session:
            moment = next_moment(session, app.now())
        app.call_from_thread(self._seen, moment, app.generation)

    def _seen(self, moment: datetime | None, generation: int) -> None:
        if generation == self.app.generation:
            self.next_at = moment

    def tick(self) -> None:
        app = self.app
        if self.next_at is not None and app.now() >= self.next_at:
            self.next_at = None
            app.generation += 1  # time crossed a line: what every screen shows may have changed
            app.post_message(DataChanged(app.generation))
        if self.read_for != app.generation:
            self.read_next()
