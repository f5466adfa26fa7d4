"""Each attendance's copy of its touchpoint's plan, version, status and time (migration 0004) stays
equal to the touchpoint through every way a touchpoint or an attendance changes, on both backends."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import select

from db import migrate, portable
from db.engine import create_engine, database_url
from db.enums import StanceLevel, TouchpointStatus
from db.models import Stakeholder, Touchpoint, TouchpointAttendee
from db.store import Store, open_store
from stakeholders.demo import load_demo
from stakeholders.people import merge_people
from stakeholders.touchpoints import delete_touchpoint, edit_touchpoint, mark_held

COPIED = ("plan_id", "version", "status", "occurred_at")


def copies_and_sources(store: Store) -> tuple[list[tuple], list[tuple]]:
    """(what each attendance holds, what its touchpoint holds), in the same order."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT ta.plan_id, ta.version, ta.status, ta.occurred_at, t.plan_id, t.version, t.status, t.occurred_at"
                " FROM touchpoint_attendee ta JOIN touchpoint t ON t.id = ta.touchpoint_id"
                " ORDER BY ta.touchpoint_id, ta.stakeholder_id"
            )
        ).all()
    return [tuple(r[:4]) for r in rows], [tuple(r[4:]) for r in rows]


def assert_copies_match(store: Store) -> int:
    copies, sources = copies_and_sources(store)
    assert copies == sources
    return len(copies)


@pytest.fixture
def demo(store: Store, now) -> Store:  # type: ignore[no-untyped-def]
    with store.session() as session:
        load_demo(session, now)
        session.commit()
    return store


def test_every_attendance_the_demo_writes_carries_its_touchpoint(demo: Store) -> None:
    assert assert_copies_match(demo) > 10
    copies, _ = copies_and_sources(demo)
    assert all(c[2] in ("held", "planned") and c[3] is not None for c in copies)


def test_editing_holding_and_moving_a_touchpoint_reaches_its_attendances(demo: Store, now) -> None:  # type: ignore[no-untyped-def]
    with demo.session() as session:
        planned = session.exec(select(Touchpoint).where(Touchpoint.status == TouchpointStatus.PLANNED)).first()
        assert planned is not None
        mark_held(session, planned.id, StanceLevel.SUPPORTIVE, "went well", now=now)  # type: ignore[arg-type]
        session.commit()
    assert_copies_match(demo)
    with demo.session() as session:
        tp = session.exec(select(Touchpoint).where(Touchpoint.plan_id.is_not(None))).first()  # type: ignore[union-attr]
        people = session.exec(select(Stakeholder).order_by(Stakeholder.id)).all()
        attendees = set(
            session.exec(select(TouchpointAttendee.stakeholder_id).where(TouchpointAttendee.touchpoint_id == tp.id))
        )  # type: ignore[union-attr]
        newcomer = next(p for p in people if p.id not in attendees)
        # Moved two days back, to version 1, with a new attendee in the same flush.
        edit_touchpoint(
            session,
            tp.id,
            {"occurred_at": tp.occurred_at - timedelta(days=2), "version": 1},  # type: ignore[union-attr,arg-type]
            add=[newcomer],
            now=now,
        )
        session.commit()
        moved = (tp.plan_id, 1, tp.status.value, tp.occurred_at)  # type: ignore[union-attr]
    assert_copies_match(demo)
    with demo.engine.connect() as conn:
        got = conn.execute(
            sa.text(
                "SELECT plan_id, version, status FROM touchpoint_attendee"
                " WHERE touchpoint_id = :t AND stakeholder_id = :p"
            ),
            {"t": tp.id, "p": newcomer.id},
        ).one()  # type: ignore[union-attr]
    assert tuple(got) == moved[:3]
    with demo.session() as session:
        delete_touchpoint(session, tp.id, planned_only=False)  # type: ignore[union-attr,arg-type]
        session.commit()
    assert_copies_match(demo)


def test_plain_sql_and_a_deleted_plan_keep_the_copies_too(demo: Store) -> None:
    with demo.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE touchpoint SET status = 'planned', version = 2 WHERE id = (SELECT min(id) FROM touchpoint)")
        )
        first, last = conn.execute(sa.text("SELECT min(id), max(id) FROM touchpoint")).one()
        # An attendance moved to another touchpoint by hand copies its new touchpoint.
        pid = conn.execute(
            sa.text(
                "SELECT min(stakeholder_id) FROM touchpoint_attendee WHERE touchpoint_id = :t"
                " AND stakeholder_id NOT IN (SELECT stakeholder_id FROM touchpoint_attendee"
                " WHERE touchpoint_id = :u)"
            ),
            {"t": first, "u": last},
        ).scalar_one()
        conn.execute(
            sa.text(
                "UPDATE touchpoint_attendee SET touchpoint_id = :u WHERE touchpoint_id = :t AND stakeholder_id = :p"
            ),
            {"t": first, "u": last, "p": pid},
        )
    assert_copies_match(demo)
    with demo.engine.begin() as conn:
        plan_id = conn.execute(sa.text("SELECT min(plan_id) FROM touchpoint")).scalar_one()
        conn.execute(sa.text("DELETE FROM event WHERE plan_id = :p"), {"p": plan_id})
        conn.execute(sa.text("DELETE FROM plan WHERE id = :p"), {"p": plan_id})
    assert assert_copies_match(demo) > 0
    copies, _ = copies_and_sources(demo)
    assert all(c[0] != plan_id for c in copies)


def test_merging_people_keeps_the_copies(demo: Store) -> None:
    with demo.session() as session:
        people = session.exec(select(Stakeholder).order_by(Stakeholder.id)).all()
        merge_people(session, people[1], people[0])
        session.commit()
    assert assert_copies_match(demo) > 0


def test_dump_leaves_the_copies_out_and_load_fills_them(demo: Store, tmp_path: Path) -> None:
    out = io.StringIO()
    with demo.engine.connect() as conn:
        portable.dump(conn, out)
    attendances = [line for line in out.getvalue().splitlines() if '"table": "touchpoint_attendee"' in line]
    assert attendances and all('"plan_id"' not in line and '"occurred_at"' not in line for line in attendances)
    target = open_store(tmp_path / "loaded.db")
    try:
        with target.engine.begin() as conn:
            portable.load(conn, io.StringIO(out.getvalue()))
        assert assert_copies_match(target) == len(attendances)
    finally:
        target.close()


def test_the_migration_fills_the_copies_of_an_older_database(tmp_path: Path, now) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "old.db"
    engine = create_engine(database_url(str(path)))
    migrate.upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            sa.text("INSERT INTO plan (id, name, name_key, created_at, updated_at) VALUES (1, 'P', 'p', :t, :t)"),
            {"t": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO stakeholder (id, name, name_key, influence, interest, created_at, updated_at)"
                " VALUES (1, 'A', 'a', 3, 3, :t, :t), (2, 'B', 'b', 3, 3, :t, :t)"
            ),
            {"t": now},
        )
        conn.execute(
            sa.text(
                "INSERT INTO touchpoint (id, occurred_at, channel, plan_id, version, status, created_at,"
                " updated_at) VALUES (1, :t, 'call', 1, 2, 'held', :t, :t),"
                " (2, :t, 'email', NULL, NULL, 'planned', :t, :t)"
            ),
            {"t": now},
        )
        conn.execute(
            sa.text("INSERT INTO touchpoint_attendee (touchpoint_id, stakeholder_id) VALUES (1, 1), (1, 2), (2, 2)")
        )
    engine.dispose()
    store = open_store(path)  # upgrades, after a backup copy
    try:
        assert assert_copies_match(store) == 3
        copies, _ = copies_and_sources(store)
        assert [c[:3] for c in copies] == [(1, 2, "held"), (1, 2, "held"), (None, None, "planned")]
    finally:
        store.close()


def test_the_downgrade_takes_the_copies_away(tmp_path: Path) -> None:
    engine = create_engine(database_url(str(tmp_path / "down.db")))
    migrate.upgrade(engine)
    migrate.downgrade(engine, "0003")
    with engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("touchpoint_attendee")}
        triggers = conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).all()
    engine.dispose()
    assert columns == {"touchpoint_id", "stakeholder_id"} and triggers == []
    assert set(COPIED).isdisjoint(columns)
