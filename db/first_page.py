"""The stakeholders screen's first page, read with the sqlite3 module alone.

Process start to the table's first rows is a §9 target (within 1.5× of a
minimal Textual app). Importing SQLAlchemy and SQLModel and building the
models costs more than that whole minimal app, so for a SQLite file that is
already ours and at the current schema, the bare command reads the first
page here (a few indexed queries, ~10-30 ms at 50,000 people); the app
paints it and opens the store in the background after the first frame.

These queries restate, in SQLite's SQL, what the screen otherwise asks
through the store: `load_index`, `load_rows` (tui/data/people.py),
`plan_choices` and `default_plan_id` (tui/data/common.py); the current
stance, the briefing of §3.1 and the last contact are the store's own
statements, generated into db/first_frame_sql.py. tests/store/test_first_page.py checks they give
the same answers on the same data. Anything unexpected (another schema, a
URL, a damaged file) gives None: the caller takes the normal path, which
reports the problem properly.
"""

import json
import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from db.paths import default_database_path
from db.schema import SCHEMA_HEAD, SQLITE_MAGIC

FIRST_PAGE_ROWS = 200
"""Index rows read ahead: more than any screen is tall, so the first frame needs nothing else."""

# Cells are read for at most this many rows at once: a screenful and some (each row is a few index
# descents: ~1.5 ms for 40 rows at 50,000 people).
MAX_CELL_ROWS = 100


@dataclass(frozen=True)
class FirstPage:
    """What the stakeholders screen shows before the store is open."""

    now: datetime
    plans: list[tuple[int, str, int]]
    """(id, name, current version) of every plan, by name."""
    plan_id: int | None
    """The plan whose stance and briefing the table shows."""
    index: list[tuple[Any, ...]]
    """The first rows of the index, by name: tui.data.people_rows.INDEX_COLUMNS."""
    complete: bool
    """True when `index` is everyone (fewer rows than asked for)."""
    cells: dict[int, tuple[str | None, int | None, datetime | None]]
    """Stance level, briefed version, last contact of the first rows."""


def sqlite_file(target: str | os.PathLike[str] | None) -> Path | None:
    """The `--db` target as a SQLite file that is ours and at the current schema, else None."""
    text = os.fspath(target) if target is not None else os.fspath(default_database_path())
    if "://" in text:
        if not text.startswith("sqlite:///") or "?" in text:
            return None
        text = text[len("sqlite:///") :]
    path = Path(text).expanduser()
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return None
        with read_only(path) as conn:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except (OSError, sqlite3.Error):
        return None
    return path if revision == [(SCHEMA_HEAD,)] else None


def read_only(path: Path) -> "closing[sqlite3.Connection]":
    return closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5))


def stored(at: datetime) -> str:
    """An aware time as SQLAlchemy stores it in SQLite (naive UTC text with microseconds)."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def read_first_page(path: Path, now: datetime, *, rows: int, cell_rows: int = MAX_CELL_ROWS) -> FirstPage | None:
    """The first `rows` index rows (not archived) with the cells of the first `cell_rows`; None on any error."""
    try:
        with read_only(path) as conn:
            plans = [(pid, name, int(number or 0)) for pid, name, number in conn.execute(PLANS_SQL)]
            plan_id = _default_plan(conn, now)
            index = conn.execute(INDEX_SQL, (rows,)).fetchall()
            ids = [row[0] for row in index[: min(cell_rows, MAX_CELL_ROWS)]]
            shown = cells(conn, ids, plan_id, now)
    except sqlite3.Error:
        return None
    return FirstPage(now, plans, plan_id, index, len(index) < rows, shown)


PLANS_SQL = """
SELECT p.id, p.name, max(v.number) FROM plan AS p JOIN plan_version AS v ON v.plan_id = p.id
 GROUP BY p.id, p.name, p.name_key ORDER BY p.name_key
"""

INDEX_SQL = """
SELECT id, name, name_key, email_key, organization, title, influence, interest, archived_at, division
  FROM stakeholder WHERE archived_at IS NULL ORDER BY name_key, id LIMIT ?
"""


def _default_plan(conn: sqlite3.Connection, now: datetime) -> int | None:
    """The plan of the soonest upcoming event, else the first plan by name."""
    row = conn.execute(
        "SELECT plan_id FROM event WHERE status = 'planned' AND starts_at >= ? ORDER BY starts_at, title, id LIMIT 1",
        (stored(now),),
    ).fetchone()
    if row is None:
        row = conn.execute("SELECT id FROM plan ORDER BY name_key LIMIT 1").fetchone()
    return None if row is None else int(row[0])


def cells(
    conn: sqlite3.Connection, ids: list[int], plan_id: int | None, now: datetime
) -> dict[int, tuple[str | None, int | None, datetime | None]]:
    if not ids:
        return {}
    # The rules' own statements, generated (db/first_frame_sql.py): the current stance, §3.1's latest
    # briefing and the last held touchpoint, each for the ids bound as one JSON array.
    # Imported here, not at the top: the generator imports this module (for `stored`), and must run
    # even when the generated one is missing.
    from db.first_frame_sql import BRIEFINGS_SQL, CONTACTS_SQL, STANCES_SQL

    listed = json.dumps(ids)
    stances: dict[int, str] = {}
    briefed: dict[int, int] = {}
    if plan_id is not None:
        rows = conn.execute(STANCES_SQL, {"ids": listed, "plan_id": plan_id})
        stances = {pid: level for pid, level in rows if level is not None}
        rows = conn.execute(BRIEFINGS_SQL, {"ids": listed, "plan_id": plan_id, "before": stored(now)})
        briefed = {pid: number for pid, number, _ in rows if number is not None}
    contacts = {
        pid: datetime.fromisoformat(at).replace(tzinfo=UTC) for pid, at in conn.execute(CONTACTS_SQL, {"ids": listed})
    }
    return {pid: (stances.get(pid), briefed.get(pid), contacts.get(pid)) for pid in ids}
