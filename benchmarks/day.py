"""§9's "whole day at team scale": every command and export on the large data, each as a whole process
beside its hand-written reference process (benchmarks/day_reference.py), the ratio, and the peak
resident memory of each (`os.wait4`'s rusage of that one child: ru_maxrss).

    python -m benchmarks.day --db /tmp/team.db                  # SQLite
    python -m benchmarks.day --db postgresql+psycopg://…/bench  # PostgreSQL (the same measures)
    python -m benchmarks.day --db FILE --only export            # the measures whose name holds 'export'
    python -m benchmarks.day --growth SMALL.md LARGE.md         # how each figure grew between two runs' outputs

Imports are measured by the helpers who own them: a module named in IMPORT_HOOKS that exists and
defines `day_measures(target: str, repeat: int) -> list[benchmarks.measures.Measure]` adds its rows
to this table (see `hooked_measures`).
"""

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import reference
from benchmarks.generate import BENCHMARK_EVENT
from benchmarks.measures import MB, Measure, stakeholders_command

# Bulk address-book import (issue 17) and calendar import (issue 18): their owners' modules.
IMPORT_HOOKS = ("benchmarks.import_measure", "benchmarks.calendar_measure")
TIMEOUT = float(os.environ.get("STAKEHOLDERS_BENCH_TIMEOUT", "1200"))
"""Seconds a process may run before it is killed (and its figure shown as unknown, never as met)."""
MEMORY_LIMIT = 250 * MB


@dataclass
class Run:
    seconds: float
    peak: int  # bytes, ru_maxrss of the child
    failed: str = ""


def run(command: list[str], stdout: str = os.devnull) -> Run:
    """One process to its end: wall time and its own peak resident memory."""
    started = time.perf_counter()
    with open(stdout, "wb") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE, env=dict(os.environ, NO_COLOR="1"))
        deadline = started + TIMEOUT
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                return Run(TIMEOUT, usage.ru_maxrss * 1024, f"killed after {TIMEOUT:.0f} s")
            time.sleep(0.01)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode(errors="replace").strip().splitlines()[-1:] if child.returncode else []  # type: ignore[union-attr]
    return Run(
        seconds,
        usage.ru_maxrss * 1024,
        f"exit {child.returncode}: {' '.join(error)}" if error or child.returncode else "",
    )


@dataclass
class Case:
    name: str
    command: list[str]  # after `stakeholders --db TARGET`
    reference: list[str]  # after `python -m benchmarks.day_reference`: NAME [ARG]; TARGET is inserted
    output: str | None = None  # a file the command and the reference write (xlsx): both go there


def choose(target: str) -> dict[str, int]:
    """The people and events the measures name: the busiest person, a meeting of about ten named
    attendees, and the benchmark's 10,000-person announcement."""
    conn = reference.connect(target)
    marker = "?" if not reference.is_postgresql(target) else "%s"
    try:
        (person,) = conn.execute(
            "SELECT stakeholder_id FROM touchpoint_attendee GROUP BY stakeholder_id "
            "ORDER BY count(*) DESC, stakeholder_id LIMIT 1"
        ).fetchone()
        (meeting,) = conn.execute(
            "SELECT e.id FROM event e JOIN event_audience ea ON ea.event_id = e.id AND ea.stakeholder_id IS NOT NULL "
            "WHERE e.status = 'planned' GROUP BY e.id ORDER BY abs(count(*) - 10), e.id LIMIT 1"
        ).fetchone()
        (announcement,) = conn.execute(
            f"SELECT id FROM event WHERE title LIKE {marker} ORDER BY id DESC LIMIT 1", (BENCHMARK_EVENT + "%",)
        ).fetchone()
    finally:
        conn.close()
    return {"person": int(person), "meeting": int(meeting), "announcement": int(announcement)}


def cases(target: str, work: Path) -> list[Case]:
    ids = choose(target)
    xlsx, ref_xlsx = str(work / "status.xlsx"), str(work / "reference.xlsx")
    return [
        Case("surprises --json (every upcoming event)", ["surprises", "--json"], ["surprises"]),
        Case("calls --json", ["calls", "--json"], ["calls"]),
        Case("event list --json", ["event", "list", "--json"], ["event-list"]),
        Case("list --json", ["list", "--json"], ["list"]),
        Case(
            "show PERSON --json (busiest person)", ["show", str(ids["person"]), "--json"], ["show", str(ids["person"])]
        ),
        Case(
            "brief, a meeting of ~10 named people",
            ["brief", str(ids["meeting"]), "--format", "json"],
            ["brief", str(ids["meeting"])],
        ),
        Case(
            "brief, the 10,000-person announcement",
            ["brief", str(ids["announcement"]), "--format", "json"],
            ["brief", str(ids["announcement"])],
        ),
        Case("export --format md", ["export", "--format", "md"], ["export-page"]),
        Case("export --format html", ["export", "--format", "html"], ["export-page"]),
        Case("export --format csv", ["export", "--format", "csv"], ["export-csv"]),
        Case("export --format json", ["export", "--format", "json"], ["export-json"]),
        Case("export --format xlsx", ["export", "--format", "xlsx", "-o", xlsx], ["export-xlsx", ref_xlsx]),
    ]


def measure_case(case: Case, target: str, repeat: int) -> list[Measure]:
    ours = [*stakeholders_command(), "--db", target, *case.command]
    name, *arg = case.reference
    theirs = [sys.executable, "-m", "benchmarks.day_reference", name, target, *arg]
    runs: list[Run] = []
    refs: list[Run] = []
    for _ in range(repeat):  # interleaved: a machine that slows down slows both
        runs.append(run(ours))
        refs.append(run(theirs))
    failed = next((r.failed for r in runs + refs if r.failed), "")
    # A killed run's time is only a lower bound: its ratio would read as met when it is not known.
    figure = None if any(r.failed.startswith("killed") for r in runs) else statistics.median(r.seconds for r in runs)
    ref = None if any(r.failed.startswith("killed") for r in refs) else statistics.median(r.seconds for r in refs)
    peak = max(r.peak for r in runs)
    return [
        Measure(
            case.name,
            None if runs[0].failed.startswith("exit") else figure,
            ref,
            "day_reference " + " ".join(case.reference),
            "≤ 2×",
            2.0,
            samples=[r.seconds for r in runs],
            note=(failed + "; " if failed else "") + f"peak memory {peak / MB:.0f} MB "
            f"(reference {max(r.peak for r in refs) / MB:.0f} MB); median of {repeat}",
        ),
        Measure(f"{case.name}: peak memory", float(peak), target="< 250 MB", limit=MEMORY_LIMIT, unit="MB"),
    ]


def dashboard(target: str, repeat: int) -> list[Measure]:
    """The dashboard's complete data in-process (`load_dashboard`: every panel, the whole call list)
    beside its hand-written reference in the same process (benchmarks/dashboard_reference.py),
    interleaved after one warm-up run of each."""
    from benchmarks.dashboard_reference import dashboard_sets
    from benchmarks.day_reference import Db
    from benchmarks.measures import median_of, timed
    from db.store import open_store
    from tui.data.dashboard import load_dashboard

    store = open_store(target)
    db = Db(target)
    try:

        def ours() -> Any:
            with store.session() as session:
                return load_dashboard(session, datetime.now(UTC), 30)

        def theirs() -> Any:
            db.now = datetime.now(UTC)
            return dashboard_sets(db)

        board, sets = ours(), theirs()  # also warms the caches
        figures, references = median_of(repeat, lambda: timed(ours), lambda: timed(theirs))
    finally:
        store.close()
        db.conn.close()
    return [
        Measure(
            "dashboard complete data (load_dashboard), in-process",
            statistics.median(figures),
            statistics.median(references),
            "benchmarks.dashboard_reference",
            "≤ 2×",
            2.0,
            samples=figures,
            note=f"{len(board.events)} events shown, {len(board.calls):,} calls ({len(sets.calls):,} in the "
            f"reference), {len(board.cadence):,} past cadence, {len(board.readiness)} plans' readiness; "
            f"median of {repeat} after a warm-up run of each",
        )
    ]


def hooked_measures(target: str, repeat: int) -> list[Measure]:
    """The rows of the import measures' owners (IMPORT_HOOKS), where their module has `day_measures`."""
    out: list[Measure] = []
    for name in IMPORT_HOOKS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        hook: Callable[[str, int], list[Measure]] | None = getattr(module, "day_measures", None)
        if hook is not None:
            out.extend(hook(target, repeat))
    return out


def growth(small: str, large: str) -> str:
    """A table of how each figure grew from one run's output (a smaller database) to another's."""
    from benchmarks.run import cells, table

    def figures(path: str) -> tuple[str, dict[str, str]]:
        lines = Path(path).read_text().splitlines()
        size = next((line.split(" stakeholders")[0].lstrip("# ") for line in lines if line.startswith("## ")), "?")
        rows = [cells(line) for line in lines if line.startswith("| ") and not line.startswith("| measure")]
        return size, {row[0]: row[1] for row in rows}

    def seconds(text: str) -> float | None:
        number = text.split()[0] if text and text[0].isdigit() else ""
        if not number:
            return None
        value = float(number)
        return value / 1000 if text.endswith(" ms") else value

    (small_size, before), (large_size, after) = figures(small), figures(large)
    rows: list[tuple[str, ...]] = []
    for name, figure in after.items():
        was = before.get(name)
        a, b = seconds(was or ""), seconds(figure)
        factor = f"{b / a:.1f}×" if a and b is not None else "—"
        rows.append((name, was or "—", figure, factor))
    return table(("measure", f"{small_size} people", f"{large_size} people", "growth"), rows)


def main(argv: list[str] | None = None) -> int:
    from benchmarks.run import HEADERS, database_summary, machine, rows_of, table

    parser = argparse.ArgumentParser(prog="python -m benchmarks.day", description=__doc__.splitlines()[0])
    parser.add_argument("--growth", nargs=2, metavar=("SMALL", "LARGE"), help="two outputs of this benchmark")
    parser.add_argument("--db", help="a database made by benchmarks.generate (file or URL)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each command and reference (default 1)")
    parser.add_argument("--only", default="", help="only the measures whose name contains this")
    parser.add_argument(
        "--skip", action="append", default=[], metavar="TEXT", help="leave out the measures whose name contains this"
    )
    parser.add_argument("--no-dashboard", action="store_true")
    parser.add_argument("--no-imports", action="store_true")
    args = parser.parse_args(argv)
    if args.growth:
        print(growth(*args.growth))
        return 0
    if not args.db:
        parser.error("--db is required")
    print(
        f"# stakeholders, the whole day at team scale, {time.strftime('%Y-%m-%d %H:%M %Z')}\n\n"
        f"Machine: {machine()}\n\n## {database_summary(args.db)}\n",
        flush=True,
    )
    results: list[Measure] = []
    with tempfile.TemporaryDirectory() as work:
        for case in cases(args.db, Path(work)):
            if args.only in case.name and not any(skip in case.name for skip in args.skip):
                print(f"measuring {case.name} …", file=sys.stderr, flush=True)
                results += measure_case(case, args.db, args.repeat)
    if not args.no_dashboard and args.only in "dashboard":
        results += dashboard(args.db, args.repeat)
    if not args.no_imports:
        results += hooked_measures(args.db, args.repeat)
    print(table(HEADERS, rows_of(results)))
    print("\nNotes:\n\n" + "\n".join(f"- {m.name}: {m.note}" for m in results if m.note))
    return 0


if __name__ == "__main__":
    sys.exit(main())
