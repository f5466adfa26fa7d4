"""Migration 0005 (stakeholder.division): a 0004 database keeps every row and starts with no division."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlmodel import select

from db import migrate
from db.models import Stakeholder
from db.store import open_store
from tests.store.test_migrations import empty_url, engine_for  # noqa: F401  (the fixture)


def test_a_0004_database_upgrades_with_organization_untouched_and_division_empty(empty_url: str) -> None:  # noqa: F811
    engine = engine_for(empty_url)
    try:
        migrate.upgrade(engine, "0004")
        now = datetime(2026, 1, 15, 10)  # naive UTC: what UTCDateTime stores on SQLite, accepted by PostgreSQL
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO stakeholder (created_at, updated_at, name, name_key, email, email_key, organization, "
                "influence, interest) VALUES (:t, :t, 'Dana Reyes', 'dana reyes', 'dana@example.com', "
                "'dana@example.com', 'Acme Sales', 4, 3)"), {"t": now})
        migrate.upgrade(engine, "0005")
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == "0005"
            indexes = {i["name"] for i in sa.inspect(conn).get_indexes("stakeholder")}
            columns = {c["name"] for c in sa.inspect(conn).get_columns("stakeholder")}
        assert "ix_stakeholder_division_key" in indexes and {"division", "division_key"} <= columns
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


def test_0005_downgrades_to_0004_keeping_the_rows(empty_url: str) -> None:  # noqa: F811
    engine = engine_for(empty_url)
    try:
        migrate.upgrade(engine, "0005")
        with engine.begin() as conn:
            conn.execute(sa.text(
                "INSERT INTO stakeholder (created_at, updated_at, name, name_key, organization, division, "
                "division_key, influence, interest) VALUES (:t, :t, 'Ana Ruiz', 'ana ruiz', 'Acme', 'Sales EMEA', "
                "'sales emea', 2, 2)"), {"t": datetime(2026, 1, 15, 10)})
        migrate.downgrade(engine, "0004")
        with engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("stakeholder")}
            assert conn.execute(sa.text("SELECT name, organization FROM stakeholder")).all() == [("Ana Ruiz", "Acme")]
        assert "division" not in columns and "division_key" not in columns
    finally:
        engine.dispose()
