"""Commands that do not open the TUI never import Textual (PRODUCT.md §9, STYLE.md habit 1)."""

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Runs each command in one fresh interpreter, then reports which Textual modules got loaded.
SCRIPT = textwrap.dedent("""
    import json, sys
    from stakeholders.cli import main

    db = sys.argv[1]
    runs = [
        ["--help"], ["log", "--help"], ["event", "add", "--help"], ["plan", "--help"],
        ["--db", db, "add", "Dana Reyes", "--email", "dana@example.com", "--tag", "cx-team"],
        ["--db", db, "plan", "add", "CX programme", "--summary", "One view"],
        ["--db", db, "log", "Dana Reyes", "--plan", "CX programme", "--stance", "supportive",
         "--concern", "Budget", "--follow-up", "Send deck", "--due", "tomorrow"],
        ["--db", db, "event", "add", "Note", "--plan", "CX programme", "--when", "in 2 days",
         "--audience", "tag:cx-team"],
        ["--db", db, "list", "--json"], ["--db", db, "show", "Dana Reyes", "--json"],
        ["--db", db, "event", "list"], ["--db", db, "history", "Dana Reyes"],
        ["--db", db, "show", "Nobody"],
    ]
    codes = []
    for args in runs:
        try:
            codes.append(main.main(args, prog_name="stakeholders", standalone_mode=False))
        except SystemExit as exc:
            codes.append(exc.code)
        except Exception as exc:  # an error the command reports: the imports still count
            codes.append(type(exc).__name__)
    # And the whole core, as any script or the rules would load it.
    import db.queries, db.store, stakeholders.events, stakeholders.people, stakeholders.touchpoints  # noqa: E401,F401
    import stakeholders.views  # noqa: F401
    loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    print(json.dumps({"codes": codes, "textual": loaded}))
""")


def test_commands_that_do_not_open_the_tui_never_import_textual(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "hygiene.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["textual"] == []
    # The commands really ran (help exits 0; the writes and reads succeeded; the unknown person did not).
    assert report["codes"][:12] == [0, 0, 0, 0, None, None, None, None, None, None, None, None], report["codes"]
    assert report["codes"][12] == 2


def test_the_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports")
    if exe is None:
        pytest.fail("lint-imports is missing: pip install -e '.[test]'")
    done = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_the_first_frames_load_no_sqlalchemy() -> None:
    """On a current SQLite file the dashboard and the stakeholders screen paint before the store opens
    (tui/launch.py, §9): what they import up to their first frame must not pull SQLAlchemy in."""
    script = (
        "import sys, tui.launch, tui.app, tui.screens.dashboard, tui.screens.people, "
        "db.first_figures, tui.data.dashboard_lines; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'alembic')))"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
