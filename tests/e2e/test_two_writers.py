"""Several OS processes write at once (PRODUCT.md §8): every write lands, none fails with "database is locked".

Writers are real processes: `writer.py log-store` keeps one store open as the
TUI does, `writer.py log-cli` runs the `log` command over and over (each run
opens the database afresh, as a shell loop would), and a few runs of the
installed `stakeholders log` executable join in. Each touchpoint carries two
attendees, their stances, a concern and a follow-up, so every write is a
multi-row transaction.
"""

import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import Worker, cli, counts, integrity
from tests.e2e.writer import FIVE, log_args

# Per touchpoint: one attendee row and audit entry per attendee, a stance and
# its audit entry per attendee, a concern and its entry, a follow-up owed to both.
AUDIT_PER_TOUCHPOINT = 2 + 2 + 1 + 2
EXE_RUNS_PER_LANE = 3


def exe_lane(exe: str, db: str, lane: int, results: list[subprocess.CompletedProcess[str]]) -> None:
    for k in range(EXE_RUNS_PER_LANE):
        results.append(cli(exe, db, *log_args(f"exe{lane}", k)))


@pytest.mark.slow
@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_writer_processes_all_land(
    target: str, writers: int, tmp_path: Path, exe: str, workers: list[Worker], figures
) -> None:  # type: ignore[no-untyped-def]
    backend = "postgres" if "://" in target else "sqlite"
    per_writer = 150 if writers == 2 else 90
    before = counts(target)
    for w in range(writers):
        kind = "log-store" if w % 2 == 0 else "log-cli"
        workers.append(Worker(kind, target, str(per_writer), f"w{w}", stderr_path=tmp_path / f"w{w}.err"))
    for worker in workers:
        worker.expect("ready")
    started = time.monotonic()
    for worker in workers:
        worker.go()
    exe_results: list[subprocess.CompletedProcess[str]] = []
    lanes = [threading.Thread(target=exe_lane, args=(exe, target, lane, exe_results)) for lane in range(writers)]
    for lane in lanes:
        lane.start()
    codes = [worker.wait(timeout=170) for worker in workers]
    for lane in lanes:
        lane.join(timeout=170)
    elapsed = time.monotonic() - started

    stderrs = [worker.stderr() for worker in workers] + [r.stderr for r in exe_results]
    assert [s for s in stderrs if "locked" in s.lower()] == []
    assert codes == [0] * writers, stderrs
    assert [(r.returncode, r.stderr) for r in exe_results if r.returncode != 0] == []
    assert all("Traceback" not in s for s in stderrs)

    total = writers * per_writer + writers * EXE_RUNS_PER_LANE
    after = counts(target)
    grown = {k: after[k] - before[k] for k in after}
    assert grown == {
        "touchpoint": total,
        "touchpoint_attendee": 2 * total,
        "stance": 2 * total,
        "concern": total,
        "follow_up": total,
        "follow_up_stakeholder": 2 * total,
        "audit_entry": AUDIT_PER_TOUCHPOINT * total,
        "stakeholder": 0,
        "distinct notes": total,
    }
    if backend == "sqlite":
        assert integrity(target) == "ok"
    figures(
        f"{backend}: {writers} writer processes + {writers * EXE_RUNS_PER_LANE} runs of `stakeholders log` "
        f"wrote {total} touchpoints ({AUDIT_PER_TOUCHPOINT * total + 8 * total} rows) in {elapsed:.1f} s; "
        f"all {total} counted, 0 'database is locked', every exit 0"
    )


def test_a_long_write_transaction_makes_cli_log_wait_not_fail(
    target: str, tmp_path: Path, exe: str, workers: list[Worker], figures
) -> None:  # type: ignore[no-untyped-def]
    backend = "postgres" if "://" in target else "sqlite"
    hold_for = 3.0
    holder = Worker("hold", target, str(hold_for), stderr_path=tmp_path / "holder.err")
    workers.append(holder)
    held_at = float(holder.expect("holding").split()[1])
    result = cli(exe, target, "log", "Alex Ames", "--note", "logged while another process held a write")
    done_at = time.time()
    committed_at = float(holder.expect("committed").split()[1])
    assert holder.wait() == 0, holder.stderr()
    assert result.returncode == 0, result.stderr
    assert "locked" not in result.stderr.lower()
    if backend == "sqlite":
        # The log could only write once the holder had committed: it waited rather than failing.
        assert done_at >= committed_at
    after = counts(target)
    assert after["touchpoint"] == 1 and after["stakeholder"] == len(FIVE) + 1
    figures(
        f"{backend}: `stakeholders log` started while another process held a write transaction for "
        f"{hold_for:.0f} s; it finished {done_at - held_at:.1f} s after the hold began, exit 0"
    )


def test_a_reader_is_never_blocked_by_a_writer(target: str, tmp_path: Path, exe: str, workers: list[Worker]) -> None:
    """`list` while a write transaction is held reads the last committed state at once.

    The holder keeps its write transaction open until told to commit, so
    `list` can only finish while the write is still held: however slow the
    machine, a reader that waited for the writer would time out here.
    """
    holder = Worker("hold", target, "-1", stderr_path=tmp_path / "holder.err")
    workers.append(holder)
    holder.expect("holding")
    try:
        result = cli(exe, target, "list", "--json", timeout=50)  # the busy timeout is 60 s: a blocked read times out
    except subprocess.TimeoutExpired:
        raise AssertionError("list waited for the writer") from None
    assert holder.proc.poll() is None, "the writer ended before list was done"
    holder.go()
    holder.expect("committed")
    assert holder.wait() == 0
    assert result.returncode == 0, result.stderr
    assert "Held Writer" not in result.stdout  # read the last committed state
    assert "Held Writer" in cli(exe, target, "list", "--json").stdout  # and the write did land afterwards
