"""The first page read with sqlite3 alone (db/first_page.py) gives the cells the store's reads give.

On SQLite the table also reads its cells with these queries after the first
page (tui/data/people.py, load_rows): they are compared here with the store's
own queries and the briefing rule (store_cells), which PostgreSQL uses.

The bare command paints the stakeholders screen from it before SQLAlchemy is
loaded; if its SQL ever drifted from the store's queries (tui/data/people.py,
tui/data/common.py, the briefing rule), the first frame would show other
answers than the rows that replace it. These tests compare the two on the
demo story, on hand-made ties and edge cases, and on generated data.
"""

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from benchmarks.generate import generate
from db.enums import StanceLevel, TouchpointStatus
from db.first_page import MAX_CELL_ROWS, cells, read_first_page, sqlite_file
from db.models import Plan, Stakeholder, Stance, Touchpoint, TouchpointAttendee
from db.store import Store, open_store
from stakeholders.demo import load_demo
from tests.conftest import FROZEN_NOW
from tui.data.common import default_plan_id, plan_choices
from tui.data.people import load_index, load_rows, store_cells
from tui.data.people_rows import index_row, person_row


def assert_same_as_store(store: Store, now: datetime, rows: int) -> None:
    assert store.path is not None
    page = read_first_page(store.path, now, rows=rows, cell_rows=rows)
    assert page is not None
    with store.session() as session:
        assert page.plans == [(p.id, p.name, p.current_version) for p in plan_choices(session)]
        assert page.plan_id == default_plan_id(session, now)
        index = load_index(session, include_archived=False, limit=rows)
        assert [index_row(values) for values in page.index] == index
        assert page.complete == (len(index) < rows)
        ids = [row.id for row in index]
        assert sorted(page.cells) == sorted(ids[:MAX_CELL_ROWS])  # the rest come from the store
        conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
        try:
            for plan_id in [None, *(p.id for p in plan_choices(session))]:
                # The store's queries and the briefing rule, as PostgreSQL reads them.
                assert cells(conn, ids, plan_id, now) == store_cells(session, ids, plan_id, now), f"plan {plan_id}"
        finally:
            conn.close()
        rows = load_rows(session, ids, page.plan_id, now)  # what the table shows on SQLite
        by_id = {row.id: row for row in index}
        assert {
            pid: person_row(
                pid,
                by_id[pid].name,
                by_id[pid].organization,
                by_id[pid].influence,
                by_id[pid].interest,
                by_id[pid].archived,
                *page.cells[pid],
                by_id[pid].division,
            )
            for pid in page.cells
        } == {pid: rows[pid] for pid in page.cells}


@pytest.fixture
def demo_file(sqlite_store: Store) -> Store:
    with sqlite_store.write() as session:
        load_demo(session, FROZEN_NOW)
    return sqlite_store


@pytest.mark.parametrize("days", [-40, -3, 0, 2, 30])
def test_the_demo_story_reads_the_same(demo_file: Store, days: int) -> None:
    assert_same_as_store(demo_file, FROZEN_NOW + timedelta(days=days), rows=200)


def test_a_first_page_shorter_than_everyone(demo_file: Store) -> None:
    assert_same_as_store(demo_file, FROZEN_NOW, rows=5)
    page = read_first_page(demo_file.path, FROZEN_NOW, rows=5, cell_rows=3)  # type: ignore[arg-type]
    assert page is not None and len(page.index) == 5 and not page.complete and len(page.cells) == 3


def test_ties_archived_people_and_touchpoints_after_now(demo_file: Store) -> None:
    at = FROZEN_NOW - timedelta(days=2)
    with demo_file.write() as session:
        plan = session.exec(select(Plan).order_by(Plan.name_key)).first()
        assert plan is not None and plan.id is not None
        people = [
            Stakeholder(name=name, name_key=name.lower(), influence=3, interest=2)
            for name in ("Aaron Abel", "Aaron Able", "Aaron Archived")
        ]
        people[2].archived_at = at
        session.add_all(people)
        session.flush()
        first, second, _ = (p.id for p in people)
        # Two stances at the same instant: the one recorded last is current.
        for level in (StanceLevel.SUPPORTIVE, StanceLevel.RESISTANT):
            session.add(Stance(stakeholder_id=first, plan_id=plan.id, level=level, observed_at=at))
        # Two briefings at the same instant: the higher version wins; a held call after now briefs nobody
        # yet but is the last contact; a planned call is neither.
        for version, when, status in (
            (2, at, TouchpointStatus.HELD),
            (1, at, TouchpointStatus.HELD),
            (3, FROZEN_NOW + timedelta(hours=1), TouchpointStatus.HELD),
            (3, FROZEN_NOW - timedelta(hours=1), TouchpointStatus.PLANNED),
        ):
            touchpoint = Touchpoint(occurred_at=when, plan_id=plan.id, version=version, status=status)
            session.add(touchpoint)
            session.flush()
            for pid in (first, second):
                session.add(TouchpointAttendee(touchpoint_id=touchpoint.id, stakeholder_id=pid))
    assert_same_as_store(demo_file, FROZEN_NOW, rows=200)
    page = read_first_page(demo_file.path, FROZEN_NOW, rows=200)  # type: ignore[arg-type]
    assert page is not None
    assert [row[1] for row in page.index[:2]] == ["Aaron Abel", "Aaron Able"]
    assert "Aaron Archived" not in [row[1] for row in page.index]
    with sqlite3.connect(str(demo_file.path)) as conn:
        stance, briefed, contact = cells(conn, [first], plan.id, FROZEN_NOW)[first]  # type: ignore[arg-type]
    assert (stance, briefed, contact) == ("resistant", 2, FROZEN_NOW + timedelta(hours=1))


def test_generated_data_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "generated.db"
    generate(str(path), people=150, seed=5, now=FROZEN_NOW, log=lambda *_: None)
    store = open_store(path)
    try:
        for days in (-20, 0, 1):
            assert_same_as_store(store, FROZEN_NOW + timedelta(days=days), rows=120)
    finally:
        store.close()


def test_an_empty_database_has_an_empty_first_page(sqlite_store: Store) -> None:
    page = read_first_page(sqlite_store.path, FROZEN_NOW, rows=200)  # type: ignore[arg-type]
    assert page == type(page)(FROZEN_NOW, [], None, [], True, {})


# -- which targets take the fast path ------------------------------------------------------------


def test_a_current_file_of_ours_is_used_by_path_or_sqlite_url(sqlite_store: Store) -> None:
    path = sqlite_store.path
    assert path is not None
    assert sqlite_file(str(path)) == path
    assert sqlite_file(f"sqlite:///{path}") == path


@pytest.mark.parametrize("target", ["postgresql+psycopg://u@localhost/db", "sqlite:///x.db?mode=ro", "sqlite://"])
def test_urls_other_than_a_sqlite_file_take_the_normal_path(target: str) -> None:
    assert sqlite_file(target) is None


def test_missing_empty_foreign_or_old_files_take_the_normal_path(tmp_path: Path, sqlite_store: Store) -> None:
    assert sqlite_file(str(tmp_path / "new.db")) is None  # created and migrated by the store
    (tmp_path / "empty.db").write_bytes(b"")
    assert sqlite_file(str(tmp_path / "empty.db")) is None
    (tmp_path / "notes.txt").write_text("not a database")
    assert sqlite_file(str(tmp_path / "notes.txt")) is None
    assert sqlite_file(str(tmp_path)) is None  # a directory
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE things (id INTEGER)")
    assert sqlite_file(str(other)) is None
    with sqlite3.connect(str(sqlite_store.path)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0002'")  # needs an upgrade: the store does it
    assert sqlite_file(str(sqlite_store.path)) is None


def test_the_default_database_is_looked_up_in_the_user_data_directory(tmp_path: Path) -> None:
    assert sqlite_file(None) is None  # not created yet
    store = open_store(None)
    try:
        assert sqlite_file(None) == store.path
    finally:
        store.close()


def test_first_page_times_are_read_as_utc(demo_file: Store) -> None:
    page = read_first_page(demo_file.path, FROZEN_NOW, rows=200)  # type: ignore[arg-type]
    assert page is not None
    contacts = [contact for _, _, contact in page.cells.values() if contact is not None]
    assert contacts and all(contact.tzinfo is UTC for contact in contacts)
    assert all(contact < datetime(2027, 1, 1, tzinfo=UTC) for contact in contacts)
