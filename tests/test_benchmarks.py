"""The benchmark runs end to end on a small generated database.

No timing is asserted here (PRODUCT.md §9: performance is measured by the
benchmark, not by timed tests); only that every measure is taken and printed.
"""

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.measures import Measure
from benchmarks.run import cells, growth

REPO = Path(__file__).resolve().parents[1]
MEASURES = [
    "surprises, event with a",
    "dashboard data (load_dashboard), in-process",
    "TUI start → dashboard figures on screen",
    "TUI start → stakeholders screen rows on screen",
    "filter keystroke → repainted",
    "TUI resident memory, peak",
    "stakeholders --help",
    "stakeholders list --json, demo database",
    "stakeholders list --json, this database",
    "commands that load Textual",
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    # benchmarks/ is not an installed package: run from the repository root.
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=900)


@pytest.mark.slow
def test_generate_then_run_prints_every_measure(tmp_path: Path) -> None:
    db = tmp_path / "bench.db"
    made = run("benchmarks.generate", "--db", str(db), "--people", "300", "--seed", "3")
    assert made.returncode == 0, made.stderr
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM stakeholder").fetchone()[0] == 300
        assert conn.execute("SELECT count(*) FROM touchpoint").fetchone()[0] == 6000
        (audience,) = conn.execute(
            "SELECT count(*) FROM stakeholder_tag JOIN event_audience USING (tag_id) "
            "WHERE event_id = (SELECT max(id) FROM event)"
        ).fetchone()
        assert audience == 60  # the benchmark announcement reaches a fifth of everyone
    finally:
        conn.close()

    again = run("benchmarks.generate", "--db", str(db), "--people", "300")
    assert again.returncode != 0 and "already holds stakeholders" in again.stderr

    done = run("benchmarks.run", "--db", str(db), "--repeat", "1", "--cache", str(tmp_path / "cache"))
    assert done.returncode == 0, done.stderr
    table = [cells(line) for line in done.stdout.splitlines() if line.startswith("| ")]
    assert table[0][:4] == ["measure", "figure", "reference", "ratio"]
    for name in MEASURES:
        rows = [row for row in table if row[0].startswith(name)]
        assert len(rows) == 1, f"no row for {name!r} in:\n{done.stdout}"
        assert rows[0][1] not in ("", "—")
    assert "Machine: " in done.stdout


def test_growth_lines_up_the_two_databases(tmp_path: Path) -> None:
    paths = []
    for people in (2, 20):
        path = tmp_path / f"{people}.db"
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE stakeholder (id INTEGER)")
        conn.executemany("INSERT INTO stakeholder VALUES (?)", [(i,) for i in range(people)])
        conn.commit()
        conn.close()
        paths.append(str(path))
    small = [Measure("surprises, event with a 1-person audience", 0.010, 0.005)]
    large = [Measure("surprises, event with a 10-person audience", 0.040, 0.010)]
    text = growth((paths[0], small), (paths[1], large))
    assert "2 → 20 stakeholders" in text
    rows = [cells(line) for line in text.splitlines() if line.startswith("| ")]
    assert rows[0] == ["measure", "2 people", "20 people", "growth"]
    assert ["surprises", "10.0 ms", "40.0 ms", "4.00×"] in rows
