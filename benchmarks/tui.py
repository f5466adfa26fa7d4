"""Run `benchmarks.paint` in a pseudo-terminal and time it from just before the process starts."""

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from typing import Any

COLUMNS, LINES = 120, 40
TIMEOUT = 900


def run_screen(screen: str, db: str | None = None, *, paint_only: bool = False) -> dict[str, Any]:
    """{"first_paint": s, "rss_peak": bytes, ...} for one process: the screen's first frame with data
    (`paint_only`: the process exits there, without the screen's script of keys)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    drained = threading.Thread(target=_drain, args=(master,), daemon=True)
    drained.start()
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        command = [sys.executable, "-m", "benchmarks.paint", "--screen", screen, "--out", out]
        if db is not None:
            command += ["--db", db]
        if paint_only:
            command.append("--paint-only")
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(LINES))
        env.pop("NO_COLOR", None)
        started = time.perf_counter()
        child = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=_repo_root(), start_new_session=True
        )
        os.close(slave)
        try:
            code = child.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise RuntimeError(f"the {screen} screen did not paint within {TIMEOUT} s") from None
        finally:
            drained.join(timeout=5)
            os.close(master)
        if code != 0 or not os.path.exists(out):
            raise RuntimeError(
                f"the {screen} screen process failed (exit {code}): {bytes(_tail).decode(errors='replace')[-2000:]}"
            )
        with open(out) as fh:
            result = json.load(fh)
    result["first_paint"] = result.pop("painted") - started
    if "complete" in result:
        result["complete"] -= started
    result["parts"] = [(name, at - started) for name, at in result.get("parts", [])]
    return result


_tail = bytearray()


def _drain(fd: int) -> None:
    """Read the child's terminal output so it never blocks on a full pty; keep the end for errors."""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return
        if not data:
            return
        _tail.extend(data)
        del _tail[:-20000]


def _repo_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
