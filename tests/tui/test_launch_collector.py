"""The bare command pauses the garbage collector until the first frame (tui/launch.py), and never
leaves it paused: not after the first frame, not when the app fails to start."""

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import tui.app
from stakeholders.settings import Settings
from tui.launch import run_tui_on_file


class FakeApp:
    """Stands in for the app: records what runs after the first frame, and when it runs."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.after: list[Callable[[], object]] = []
        self.enabled_while_starting: bool | None = None
        self.enabled_after_first_frame: bool | None = None
        self.opening_error = None

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        self.after.append(callback)

    def run(self) -> None:
        self.enabled_while_starting = gc.isenabled()
        if self.fail:
            raise RuntimeError("the terminal went away")
        for callback in self.after:  # the first frame is on screen
            callback()
        self.enabled_after_first_frame = gc.isenabled()


@pytest.fixture(autouse=True)
def collector_on() -> Iterator[None]:
    assert gc.isenabled()
    yield
    gc.enable()  # whatever a failing test left


def start_with(app: FakeApp, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(tui.app, "make_app", lambda *args, **kwargs: app)
    run_tui_on_file(tmp_path / "never-opened.db", start="plans", settings=Settings())  # plans: nothing is read ahead


def test_the_collector_is_paused_until_the_first_frame(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app = FakeApp()
    start_with(app, monkeypatch, tmp_path)
    assert app.enabled_while_starting is False
    assert app.enabled_after_first_frame is True
    assert gc.isenabled()


def test_an_app_that_fails_to_start_leaves_the_collector_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    app = FakeApp(fail=True)
    with pytest.raises(RuntimeError, match="terminal went away"):
        start_with(app, monkeypatch, tmp_path)
    assert app.enabled_while_starting is False
    assert gc.isenabled()
