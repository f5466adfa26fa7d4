"""The real program in a real terminal (tmux): the demo's dashboard, a call logged by keys, the
dashboard updating, ctrl+q quitting with status 0.

Skipped when tmux is missing, except under CI, where it must run.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SURPRISED = re.compile(r"(\d+) would be surprised")


def _tmux() -> str:
    found = shutil.which("tmux")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI is set but tmux is missing: the end-to-end TUI test must run in CI")
        pytest.skip("tmux is not installed")
    return found


def _stakeholders() -> str:
    beside = Path(sys.executable).with_name("stakeholders")
    found = str(beside) if beside.exists() else shutil.which("stakeholders")
    assert found, "the stakeholders executable is not installed (pip install -e .)"
    return found


class Terminal:
    """One tmux server of our own (its own socket), so a developer's sessions are never touched."""

    def __init__(self, tmux: str, socket: str) -> None:
        self.tmux, self.socket = tmux, socket

    def __call__(self, *args: str) -> str:
        done = subprocess.run([self.tmux, "-L", self.socket, *args], capture_output=True, text=True, timeout=30)
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-t", "tui", "-p")

    def keys(self, *keys: str, literal: bool = False) -> None:
        for key in keys:
            self("send-keys", "-t", "tui", *(["-l"] if literal else []), key)
            time.sleep(0.15)

    def wait_for(self, pattern: str, timeout: float = 30) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            found = re.search(pattern, self.screen())
            if found:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"never saw {pattern!r}; the screen was:\n{self.screen()}")
            time.sleep(0.2)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(_tmux(), f"stakeholders-test-{os.getpid()}")
    yield term
    term("kill-server")


def open_on_the_demo(terminal: Terminal, tmp_path: Path, *options: str) -> tuple[str, Path, Path]:
    """The demo story in a new file, the program opened on it in a 100×30 pane: (exe, db, exit file)."""
    exe = _stakeholders()
    db, exit_file = tmp_path / "demo.db", tmp_path / "exit-status"
    subprocess.run([exe, "--db", str(db), "demo"], check=True, capture_output=True, timeout=120)
    # COLUMNS/LINES (set by some test runners) would pin Textual to their size instead of the pane's.
    command = f"env -u COLUMNS -u LINES {exe} --db {db} {' '.join(options)}; echo $? > {exit_file}; sleep 60"
    terminal("new-session", "-d", "-s", "tui", "-x", "100", "-y", "30", command)
    return exe, db, exit_file


def quit_with_status_0(terminal: Terminal, exit_file: Path) -> None:
    terminal.keys("C-q")
    deadline = time.monotonic() + 15
    while not exit_file.exists() or not exit_file.read_text().strip():
        assert time.monotonic() < deadline, f"ctrl+q did not quit; the screen was:\n{terminal.screen()}"
        time.sleep(0.2)
    assert exit_file.read_text().strip() == "0"


def test_log_a_call_in_the_real_program(terminal: Terminal, tmp_path: Path) -> None:
    exe, db, exit_file = open_on_the_demo(terminal, tmp_path)

    before = int(terminal.wait_for(r"(\d+) would be surprised").group(1))
    assert before >= 1
    terminal.wait_for(r"Tom Becker +never briefed")  # first on the call list: never briefed, most influential

    terminal.keys("Tab", "l")  # the call list, then the log form pre-filled with Tom
    terminal.wait_for(r"Log a touchpoint")
    terminal.wait_for(r"With\s+Tom Becker")
    terminal.keys("Tab", "Tab", "Tab", "Tab", "Tab")
    terminal.keys("sup", literal=True)
    terminal.keys("Enter")
    terminal.wait_for(rf"\b{before - 1} would be surprised")

    # Another process writes: the dashboard picks it up by itself within a few seconds.
    subprocess.run(
        [exe, "--db", str(db), "log", "Elena Rossi", "--plan", "CX programme", "--stance", "neutral"],
        check=True,
        capture_output=True,
        timeout=60,
    )
    terminal.wait_for(rf"\b{before - 2} would be surprised", timeout=15)
    quit_with_status_0(terminal, exit_file)


def test_open_on_the_stakeholders_screen(terminal: Terminal, tmp_path: Path) -> None:
    """`--screen stakeholders`: the table first (read before the store opens), then filtering as usual."""
    _, _, exit_file = open_on_the_demo(terminal, tmp_path, "--screen", "stakeholders")
    terminal.wait_for(r"Tom Becker +Sales +Sales EMEA +manage closely +U unaware +— +\w{3} \d{1,2} \w{3}")
    terminal.wait_for(r"\d+ of \d+ · plan: CX programme v\d")
    terminal.keys("/")
    terminal.keys("elena", literal=True)
    terminal.wait_for(r"1 of \d+")
    assert "Tom Becker" not in terminal.screen()
    quit_with_status_0(terminal, exit_file)
