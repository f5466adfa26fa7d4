"""Migration 0005 (divisions): a 0004 database keeps every row, starts with no division, and its
event audiences gain a third kind of entry; downgrading keeps the people and their attendances."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from db import migrate
from db.models import Stakeholder
from db.store import open_store
from tests.store.test_migrations import empty_url, engine_for  # noqa: F401  (the fixture)

T = datetime(2026, 1, 15, 10)  # naive UTC: what UTCDateTime stores on SQLite, accepted by PostgreSQL


def _fill_0004(conn: sa.Connection) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO stakeholder (id, created_at, updated_at, name, name_key, email, email_key, organization, "
            "influence, interest) VALUES (1, :t, :t, 'Dana Reyes', 'dana reyes', 'dana@example.com', "
            "'dana@example.com', 'Acme Sales', 4, 3)"
        ),
        {"t": T},
    )
    conn.execute(
        sa.text(
            "INSERT INTO plan (id, created_at, updated_at, name, name_key) "
            "VALUES (1, :t, :t, 'CX programme', 'cx programme')"
        ),
        {"t": T},
    )
    conn.execute(sa.text("INSERT INTO tag (id, created_at, updated_at, name) VALUES (1, :t, :t, 'cx-team')"), {"t": T})
    conn.execute(
        sa.text(
            "INSERT INTO event (id, created_at, updated_at, title, kind, starts_at, plan_id, version, "
            "status) VALUES (1, :t, :t, 'All hands', 'announcement', :t, 1, 1, 'planned')"
        ),
        {"t": T},
    )
    conn.execute(
        sa.text(
            "INSERT INTO event_audience (event_id, stakeholder_id, tag_id, frozen) "
            "VALUES (1, 1, NULL, false), (1, NULL, 1, false)"
        )
    )
    conn.execute(
        sa.text(
            "INSERT INTO touchpoint (id, created_at, updated_at, occurred_at, channel, status) "
            "VALUES (1, :t, :t, :t, 'call', 'held')"
        ),
        {"t": T},
    )
    conn.execute(sa.text("INSERT INTO touchpoint_attendee (touchpoint_id, stakeholder_id) VALUES (1, 1)"))


def _columns(conn: sa.Connection, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(conn).get_columns(table)}


def test_a_0004_database_upgrades_with_organization_untouched_and_division_empty(empty_url: str) -> None:  # noqa: F811
    engine = engine_for(empty_url)
    try:
        migrate.upgrade(engine, "0004")
        with engine.begin() as conn:
            _fill_0004(conn)
        migrate.upgrade(engine, "0005")
        with engine.begin() as conn:
            assert migrate.current_revision(conn) == "0005"
            indexes = {i["name"] for i in sa.inspect(conn).get_indexes("stakeholder")}
            assert "ix_stakeholder_division_key" in indexes
            assert {"division", "division_key"} <= _columns(conn, "stakeholder")
            assert conn.execute(
                sa.text("SELECT stakeholder_id, tag_id, division_key FROM event_audience ORDER BY id")
            ).all() == [(1, None, None), (None, 1, None)]
            conn.execute(
                sa.text(
                    "INSERT INTO event_audience (event_id, division, division_key, frozen) "
                    "VALUES (1, 'Sales EMEA', 'sales emea', false)"
                )
            )
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:  # still exactly one target per entry
            conn.execute(
                sa.text(
                    "INSERT INTO event_audience (event_id, tag_id, division, division_key, frozen) "
                    "VALUES (1, 1, 'IT', 'it', false)"
                )
            )
        migrate.upgrade(engine)  # on to whatever follows 0005; the models match the head (test_migrations)
    finally:
        engine.dispose()
    store = open_store(empty_url)
    try:
        with store.session() as session:
            dana = session.exec(select(Stakeholder)).one()
            assert (dana.name, dana.email, dana.organization) == ("Dana Reyes", "dana@example.com", "Acme Sales")
            assert (dana.division, dana.division_key) == (None, None)
            assert dana.created_at == datetime(2026, 1, 15, 10, tzinfo=UTC)
    finally:
        store.close()


def test_0005_downgrades_to_0004_keeping_people_attendances_and_other_audience_entries(empty_url: str) -> None:  # noqa: F811
    engine = engine_for(empty_url)
    try:
        migrate.upgrade(engine, "0004")
        with engine.begin() as conn:
            _fill_0004(conn)
        migrate.upgrade(engine, "0005")
        with engine.begin() as conn:
            conn.execute(sa.text("UPDATE stakeholder SET division = 'Sales EMEA', division_key = 'sales emea'"))
            conn.execute(
                sa.text(
                    "INSERT INTO event_audience (event_id, division, division_key, frozen) "
                    "VALUES (1, 'Sales EMEA', 'sales emea', false)"
                )
            )
        migrate.downgrade(engine, "0004")
        with engine.connect() as conn:
            assert "division" not in _columns(conn, "stakeholder")
            assert "division" not in _columns(conn, "event_audience")
            assert conn.execute(sa.text("SELECT name, organization FROM stakeholder")).all() == [
                ("Dana Reyes", "Acme Sales")
            ]
            assert conn.execute(sa.text("SELECT touchpoint_id, stakeholder_id FROM touchpoint_attendee")).all() == [
                (1, 1)
            ]
            assert conn.execute(sa.text("SELECT stakeholder_id, tag_id FROM event_audience ORDER BY id")).all() == [
                (1, None),
                (None, 1),
            ]
    finally:
        engine.dispose()
