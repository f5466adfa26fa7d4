"""Several programs opening one old (or empty) database at the same moment upgrade it once, and all start.

A team's first morning after an upgrade: everyone's TUI and scripts open the
shared database within the same second. Without the migration lock on
PostgreSQL, all but one fail half-way through creating tables.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from db import migrate
from db.engine import create_engine, database_url
from tests.store.test_migrations import FIRST, empty_url  # noqa: F401  (the fixture)

OPENERS = 4
OPEN = "import sys; from db.store import open_store; open_store(sys.argv[1]).close(); print('opened')"


def open_at_once(url: str) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen([sys.executable, "-c", OPEN, url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(OPENERS)
    ]
    return [subprocess.CompletedProcess(p.args, p.wait(timeout=120), *p.communicate()) for p in procs]


@pytest.mark.parametrize("start", ["empty", FIRST])
def test_programs_opening_an_old_database_together_all_start_on_the_newest_schema(
    empty_url: str,  # noqa: F811
    start: str,
) -> None:
    engine = create_engine(database_url(empty_url))
    if start != "empty":
        migrate.upgrade(engine, start)
    results = open_at_once(empty_url)
    failures = [r.stderr.strip().splitlines()[-1:] for r in results if r.returncode != 0]
    assert failures == [], failures
    assert all(r.stdout.strip() == "opened" for r in results)
    with engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()
    engine.dispose()
    path = database_url(empty_url).database
    if empty_url.endswith(".db") and path:  # SQLite: one copy before the upgrade, not one per program
        copies = list(Path(path).parent.glob(Path(path).name + ".*.bak"))
        assert len(copies) == (0 if start == "empty" else 1), copies
        assert list(Path(path).parent.glob("*.partial")) == []
