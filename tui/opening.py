"""Opening the store behind the first frame.

Importing SQLAlchemy and SQLModel and building the models takes longer than
a whole minimal Textual app takes to paint (§9). When the bare command knows
the file is ours and current (db/first_page.py), the app starts on a
`StoreOpening`: it paints first (from the first page, or a "loading" state),
then starts the opening; the screens' workers, which run in threads, wait
for it in `app.store`.
"""

import os
import sys
import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from db.store import Store

T = TypeVar("T")


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


PIPE_SIZE = 1 << 20  # Linux's default most for an unprivileged process (/proc/sys/fs/pipe-max-size)


def _same(value: Any) -> Any:
    return value


class ReadAhead(Generic[T]):
    """A value read from the moment the command knows its file, while Textual is imported and the app
    is built (the dashboard's figures, db/first_figures.py). The screen shows it in its first frame if
    it is ready by then, else as soon as it is. A read that fails gives None: the screen then waits
    for the store's answer, which reports problems properly.

    `in_process=False` reads in a forked child process where the platform forks cleanly (Linux), so
    the read's Python work runs on another core instead of taking turns with start-up for the GIL;
    what `read` returns comes back pickled through a pipe (keep it to tuples: they pickle fast) and
    `then` makes the value of it in this process. Elsewhere, and with `in_process=True`, a thread.
    Fork before any thread exists: the child runs only `read` and leaves with os._exit."""

    def __init__(
        self, read: Callable[[], Any], name: str, *, then: Callable[[Any], T | None] = _same, in_process: bool = True
    ) -> None:
        self._value: T | None = None
        self._done = threading.Event()
        self._then = then
        if not in_process and sys.platform == "linux" and threading.active_count() == 1:
            target = self._forked(read)
        else:
            target = partial(self._run, read)
        threading.Thread(target=target, name=name, daemon=True).start()

    def _run(self, read: Callable[[], Any]) -> None:
        try:
            self._value = self._then(read())
        except Exception:  # noqa: BLE001  (a read ahead is an optimisation: the store's read is the answer)
            self._value = None
        finally:
            self._done.set()

    def _forked(self, read: Callable[[], Any]) -> Callable[[], None]:
        import contextlib
        import fcntl
        import pickle  # here: the stakeholders screen's start never forks, and need not load them

        out, into = os.pipe()
        with contextlib.suppress(OSError, AttributeError):
            # Room for the whole answer (~0.4 MB at 50,000 people): the child writes it at once and
            # leaves, and this side reads it in one go instead of taking the GIL back per 64 KB.
            fcntl.fcntl(into, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
        pid = os.fork()
        if pid == 0:  # the child: never returns, never writes to the terminal
            code = 1
            try:
                os.close(out)
                data = pickle.dumps(read(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(into, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(into)
        return partial(self._receive, pid, out)

    def _receive(self, pid: int, out: int) -> None:
        import pickle

        try:
            chunks = []
            while chunk := os.read(out, PIPE_SIZE):
                chunks.append(chunk)
            os.close(out)
            os.waitpid(pid, 0)
            data = b"".join(chunks)
            self._value = self._then(pickle.loads(data)) if data else None
        except Exception:  # noqa: BLE001
            self._value = None
        finally:
            self._done.set()

    def ready(self) -> bool:
        return self._done.is_set()

    def wait(self) -> T | None:
        self._done.wait()
        return self._value
