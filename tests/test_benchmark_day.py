"""`benchmarks.day` (§9's whole day at team scale) runs end to end on a small generated database:
every command and its hand-written reference run, and the table lists each with its peak memory.
No time is asserted; the references are checked to compute the same sets as the commands."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run import cells

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = tmp_path_factory.mktemp("day") / "bench.db"
    made = run("benchmarks.generate", "--db", str(db), "--people", "300", "--seed", "3")
    assert made.returncode == 0, made.stderr
    return str(db)


@pytest.mark.slow
def test_every_case_is_measured_with_its_memory(small_db: str) -> None:
    done = run("benchmarks.day", "--db", small_db, "--no-dashboard", "--no-imports")
    assert done.returncode == 0, done.stderr
    rows = {cells(line)[0]: cells(line) for line in done.stdout.splitlines() if line.startswith("| ")}
    for name in (
        "surprises --json (every upcoming event)",
        "calls --json",
        "event list --json",
        "list --json",
        "show PERSON --json (busiest person)",
        "brief, a meeting of ~10 named people",
        "brief, the 10,000-person announcement",
        "export --format md",
        "export --format html",
        "export --format csv",
        "export --format json",
        "export --format xlsx",
    ):
        assert rows[name][3].endswith("×"), (name, rows[name])  # a figure, a reference, a ratio
        assert rows[f"{name}: peak memory"][1].endswith(" MB")
    assert "exit " not in done.stdout  # no command or reference failed


@pytest.mark.slow
@pytest.mark.parametrize(
    ("command", "reference"),
    [
        (["surprises", "--json"], ["surprises"]),
        (["event", "list", "--json"], ["event-list"]),
    ],
)
def test_references_compute_the_same_sets(small_db: str, command: list[str], reference: list[str]) -> None:
    ours = subprocess.run(
        [sys.executable, "-c", "from stakeholders.cli import main; main()", "--db", small_db, *command],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    theirs = run("benchmarks.day_reference", reference[0], small_db)
    assert ours.returncode == 0 and theirs.returncode == 0, (ours.stderr, theirs.stderr)
    mine, expected = json.loads(ours.stdout), json.loads(theirs.stdout)
    if command[0] == "surprises":

        def flagged(data: dict) -> list[tuple[int, list[int], list[int]]]:  # type: ignore[type-arg]
            return [
                (e["id"], [p["id"] for p in e["surprised"]], [p["id"] for p in e["at_risk"]]) for e in data["events"]
            ]

        assert flagged(mine) == flagged(expected)
    else:
        assert [(e["id"], e["audience"]) for e in mine] == [(e["id"], e["audience"]) for e in expected]


@pytest.mark.slow
def test_dashboard_reference_computes_the_same_sets(small_db: str) -> None:
    """Every panel of the dashboard's complete data, against benchmarks/dashboard_reference.py, as of
    one instant (the call list's influence order is the one refinement the reference leaves out)."""
    from datetime import UTC, datetime

    from db.store import open_store
    from tui.data.dashboard import load_dashboard

    now = datetime.now(UTC)
    theirs = run("benchmarks.day_reference", "dashboard", small_db, now.isoformat())
    assert theirs.returncode == 0, theirs.stderr
    expected = json.loads(theirs.stdout)
    store = open_store(small_db)
    try:
        with store.session() as session:
            board = load_dashboard(session, now, 30)
    finally:
        store.close()
    assert [[e.id, e.surprised, e.at_risk] for e in board.events] == expected["events"]
    assert sorted([c.person_id, c.event_id] for c in board.calls) == sorted(expected["calls"])
    assert [c.event_id for c in board.calls] == [event for _, event in expected["calls"]]  # grouped, soonest first
    assert [[f.id, f.person_ids] for f in board.follow_ups] == expected["follow_ups"]
    assert [[p.id, p.person_ids] for p in board.pending] == expected["pending"]
    assert [[c.person_id, c.level] for c in board.cadence] == expected["cadence"]
    assert [[r.plan_id, r.ready] for r in board.readiness] == [row[:2] for row in expected["readiness"]]
    for line, (_, _, surprised, key_at_risk) in zip(board.readiness, expected["readiness"], strict=True):
        assert (f"{surprised} {'person' if surprised == 1 else 'people'} would be surprised" in line.headline) == (
            surprised > 0
        )
        assert (f"{key_at_risk} key stakeholder" in line.headline) == (key_at_risk > 0)
    assert board.calls and board.cadence and board.readiness  # the small database exercises each panel


def assert_page_figures_match(target: str) -> int:
    """The page's reference (benchmarks/page_reference.py) against the one-page status's plans, as of
    one instant; returns how many plans were compared."""
    from datetime import UTC, datetime

    from benchmarks.day_reference import Db
    from benchmarks.page_reference import page_figures
    from db.store import open_store
    from stakeholders.formats.export.page import EVENTS_SHOWN, plan_page
    from stakeholders.formats.export.status import build_status

    now = datetime.now(UTC)
    db = Db(target)
    db.now = now
    try:
        expected = {f.plan_id: f for f in page_figures(db)}
    finally:
        db.conn.close()
    store = open_store(target)
    compared = 0
    try:
        with store.session() as session:
            for plan in build_status(session, now=now, active_only=True, events_limit=EVENTS_SHOWN).plans:
                page, figures, r = plan_page(plan), expected.pop(plan.id), plan.readiness
                assert figures.readiness == (
                    r.scope,
                    r.briefed_on_current,
                    r.briefed_older_only,
                    r.never_briefed,
                    r.below_desired,
                    r.open_concerns,
                    r.overdue_follow_ups,
                ), plan.name
                assert figures.distribution == plan.stance_distribution
                assert figures.events == [(e.id, len(e.surprised), len(e.at_risk)) for e in plan.events]
                assert figures.more_events == page.more_events
                if page.next_event is not None:
                    flagged = [entry.id for entry, _ in page.flagged.shown]
                    assert figures.next_event == (page.next_event.audience_size, r.next_event_key_at_risk, flagged)
                assert figures.risks == ([k.id for k in page.risks.shown], page.risks.hidden)
                divisions = [(d.name, d.people, d.on_side, d.surprised) for d in page.divisions.shown]
                assert figures.divisions == (divisions, page.divisions.hidden)
                assert figures.moves == ([m.id for m in page.moves.shown], page.moves.hidden, page.first_sightings)
                compared += 1
    finally:
        store.close()
    assert not expected  # the same plans in scope
    return compared


@pytest.mark.slow
def test_page_reference_computes_the_page_figures(small_db: str) -> None:
    assert assert_page_figures_match(small_db) > 0
