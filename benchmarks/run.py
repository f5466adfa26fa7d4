"""The performance benchmark of PRODUCT.md §9: each measure, its reference from the same run, the ratio.

    python -m benchmarks.run              # 50,000 and 5,000 stakeholders: the table, then the growth
    python -m benchmarks.run --db FILE    # one database made by benchmarks.generate
    python -m benchmarks.run --small      # a 500-person database, one repetition: does it run?

Generated databases are cached in --cache (default /tmp/stakeholders-bench),
one per size, seed, schema and day, so a second run starts measuring at once.
"""

import argparse
import os
import platform
import sqlite3
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from benchmarks import measures, reference, shape
from benchmarks.generate import default_now, generate
from benchmarks.measures import MB, Measure
from db.schema import SCHEMA_HEAD

HEADERS = ("measure", "figure", "reference", "ratio", "target", "met?")
DEFAULT_CACHE = Path(os.environ.get("STAKEHOLDERS_BENCH_CACHE", "/tmp/stakeholders-bench"))


def cached_database(cache: Path, people: int, seed: int) -> str:
    """The generated database for this size and seed, made today (dates count from today) at the
    current schema. The schema is in the name: a file cached before a migration would otherwise be
    upgraded when the benchmark opens it (minutes at 50,000 people, and a backup of the whole file
    first), and measured on a database the generator no longer makes."""
    cache.mkdir(parents=True, exist_ok=True)
    stem = f"people-{people}-seed-{seed}"
    path = cache / f"{stem}-schema-{SCHEMA_HEAD}-{default_now():%Y%m%d}.db"
    done = path.with_suffix(".done")
    if path.exists() and done.exists():
        return str(path)
    for old in cache.glob(f"{stem}-*"):
        old.unlink()
    started = time.perf_counter()
    log(f"generating {people:,} stakeholders into {path} …")
    generate(str(path), people=people, seed=seed, log=log)
    done.write_text(f"{time.perf_counter() - started:.0f} s\n")
    log(f"generated in {done.read_text().strip()}")
    return str(path)


def compile_bytecode() -> None:
    """Our packages' bytecode, written now, as `pip install` writes it and as Python does on a first
    import: with PYTHONDONTWRITEBYTECODE set (it is on the machine this runs on) every measured start
    compiled our modules from source again (~35 ms of a ~400 ms start), while Textual, click and
    SQLAlchemy, the references' whole import, came with their bytecode."""
    import compileall

    root = Path(__file__).resolve().parent.parent
    for package in ("stakeholders", "tui", "db", "benchmarks"):
        if not compileall.compile_dir(root / package, quiet=1):
            log(f"warning: could not write the bytecode of {root / package}: the starts measured include compiling it")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def measure_all(path: str, cache: Path, repeat: int) -> list[Measure]:
    steps: list[tuple[str, Callable[[], Measure | list[Measure]]]] = [
        ("surprises", lambda: measures.surprises(path, repeat)),
        ("dashboard data", lambda: measures.dashboard_data(path, repeat)),
        ("TUI", lambda: measures.tui(path, max(1, repeat // 2))),
        ("command line", lambda: measures.command_line(path, cache, repeat)),
    ]
    if reference.is_postgresql(path):
        # On PostgreSQL only the in-process measures: process start and the TUI's paint are the
        # same code on either backend, and their references are SQLite-free anyway.
        steps = steps[:2]
    out: list[Measure] = []
    for name, step in steps:
        log(f"measuring {name} on {Path(path).name} …")
        got = step()
        out.extend(got if isinstance(got, list) else [got])
    return out


# -- the report --------------------------------------------------------------------------------


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "MB":
        return f"{value / MB:.0f} MB"
    if unit == "count":
        return f"{value:.0f}"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def rows_of(results: list[Measure]) -> list[tuple[str, ...]]:
    rows = []
    for m in results:
        ratio = f"{m.ratio:.2f}×" if m.ratio is not None else "—"
        met = {True: "yes", False: "NO", None: "—"}[m.met]
        rows.append((m.name, show(m.figure, m.unit), show(m.reference, m.unit), ratio, m.target or "—", met))
    return rows


def table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    """A Markdown pipe table, padded so that it also reads as plain text in a terminal;
    the first column is left-aligned, the figures right-aligned."""
    widths = [max(len(h), 3, *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: tuple[str, ...]) -> str:
        padded = [c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i else (":" + "-" * (w + 1)) for i, w in enumerate(widths)) + "|"
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def cells(line: str) -> list[str]:
    """The stripped cells of one line of `table`."""
    return [c.strip() for c in line.strip().strip("|").split("|")]


def report(path: str, results: list[Measure]) -> str:
    parts = [f"## {database_summary(path)}", "", table(HEADERS, rows_of(results)), ""]
    references = sorted({f"- reference of '{m.name}': {m.reference_name}" for m in results if m.reference_name})
    notes = [f"- {m.name}: {m.note}" for m in results if m.note]
    return "\n".join(parts + ["References:", "", *references, "", "Notes:", "", *notes, ""])


def growth(small: tuple[str, list[Measure]], large: tuple[str, list[Measure]]) -> str:
    """How each figure grows from the smaller database to the larger one."""
    small_people, large_people = people_in(small[0]), people_in(large[0])
    by_name = {_stem(m.name): m for m in small[1]}
    rows = []
    for m in large[1]:
        before = by_name.get(_stem(m.name))
        if before is None or m.unit == "count":
            continue
        factor = f"{m.figure / before.figure:.2f}×" if before.figure and m.figure is not None else "—"
        rows.append((_stem(m.name), show(before.figure, m.unit), show(m.figure, m.unit), factor))
    headers = ("measure", f"{small_people:,} people", f"{large_people:,} people", "growth")
    return f"## Growth, {small_people:,} → {large_people:,} stakeholders\n\n" + table(headers, rows) + "\n"


def _stem(name: str) -> str:
    """A measure's name without its size (audience, rows), so the two databases line up."""
    return name.split(" with a ")[0].split(", event")[0].split(" → repainted")[0]


def people_in(path: str) -> int:
    conn = reference.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM stakeholder").fetchone()[0])
    finally:
        conn.close()


def database_summary(path: str) -> str:
    conn = reference.connect(path)
    try:
        count = {
            t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in (
                "stakeholder",
                "touchpoint",
                "touchpoint_attendee",
                "plan",
                "plan_version",
                "event",
                "event_audience",
                "stance",
                "concern",
                "follow_up",
                "audit_entry",
            )
        }
        if reference.is_postgresql(path):
            size = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / MB
            where = f"PostgreSQL {conn.execute('SHOW server_version').fetchone()[0]}"
        else:
            size = sum(f.stat().st_size for f in Path(path).parent.glob(Path(path).name + "*")) / MB
            where = "SQLite"
    finally:
        conn.close()
    return (
        f"{count['stakeholder']:,} stakeholders, {count['touchpoint']:,} touchpoints "
        f"({count['touchpoint_attendee']:,} attendances), {count['plan']} plans "
        f"({count['plan_version']} versions), {count['event']:,} events "
        f"({count['event_audience']:,} audience rows), {count['stance']:,} stances, "
        f"{count['concern']:,} concerns, {count['follow_up']:,} follow-ups, "
        f"{count['audit_entry']:,} audit entries; {where}, {size:.0f} MB on disk"
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        with open("/proc/meminfo") as fh:
            memory = f", {int(fh.readline().split()[1]) / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    load = f", load {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    return (
        f"{cpu}, {os.cpu_count()} CPUs{memory}{load}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"SQLAlchemy {version('sqlalchemy')}, Textual {version('textual')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        help="a database made by benchmarks.generate: SQLite file, or PostgreSQL URL "
        "(then only the in-process measures)",
    )
    parser.add_argument("--small", action="store_true", help=f"{shape.SMALL_PEOPLE} people, one repetition")
    parser.add_argument("--repeat", type=int, default=None, help="repetitions per measure (default 5; 1 with --small)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-growth", action="store_true", help="only the 50,000-person database")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.small else 5)
    compile_bytecode()
    print(f"# stakeholders benchmark, {time.strftime('%Y-%m-%d %H:%M %Z')}\n\nMachine: {machine()}\n", flush=True)
    if args.db:
        paths = [args.db]
    elif args.small:
        paths = [cached_database(args.cache, shape.SMALL_PEOPLE, args.seed)]
    else:
        paths = [cached_database(args.cache, shape.TEAM_PEOPLE, args.seed)]
        if not args.no_growth:
            paths.insert(0, cached_database(args.cache, shape.TEAM_PEOPLE // 10, args.seed))
    results = [(path, measure_all(path, args.cache, repeat)) for path in paths]
    for path, measured in reversed(results):
        print(report(path, measured), flush=True)
    if len(results) == 2:
        print(growth(results[0], results[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
