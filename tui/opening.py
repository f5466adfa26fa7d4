"""Opening the store behind the first frame.

Importing SQLAlchemy and SQLModel and building the models takes longer than
a whole minimal Textual app takes to paint (§9). When the bare command knows
the file is ours and current (db/first_page.py), the app starts on a
`StoreOpening`: it paints first (from the first page, or a "loading" state),
then starts the opening; the screens' workers, which run in threads, wait
for it in `app.store`.
"""

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.store import Store


class StoreOpening:
    """A store opened once, in a background thread, when `start` is called."""

    def __init__(self, open_store: "Callable[[], Store]") -> None:
        self._open = open_store
        self._ready = threading.Event()
        self._lock = threading.Lock()
        self._started = False
        self.store: Store | None = None
        self.error: BaseException | None = None

    def start(self) -> None:
        """Begin opening (once); the app calls it after its first frame."""
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._run, name="open store", daemon=True).start()

    def _run(self) -> None:
        try:
            self.store = self._open()
        except BaseException as exc:  # handed to whoever waits: the app exits with it
            self.error = exc
        finally:
            self._ready.set()

    def get(self) -> "Store":
        """The open store, waiting for it; raises what the opening raised. Never starts it:
        a worker asking early must not pull SQLAlchemy's import in front of the first frame."""
        self._ready.wait()
        if self.error is not None:
            raise self.error
        assert self.store is not None
        return self.store

    def close(self) -> None:
        if self._started:
            self._ready.wait()
        if self.store is not None:
            self.store.close()
