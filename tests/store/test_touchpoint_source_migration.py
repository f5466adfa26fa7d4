"""Migration 0006 (touchpoint source identity): up from 0005 and back, on SQLite and PostgreSQL."""

from datetime import datetime

import pytest
import sqlalchemy as sa

from db import migrate
from tests.store.test_migrations import empty_url, engine_for, model_diffs  # noqa: F401  (the fixture)

T = datetime(2026, 1, 15, 10)  # naive UTC: what UTCDateTime stores on SQLite, accepted by PostgreSQL


def _fill(conn: sa.Connection) -> None:
    """A person, a plan, a held touchpoint with that person and a stance heard in it."""
    conn.execute(
        sa.text(
            "INSERT INTO stakeholder (id, created_at, updated_at, name, name_key, influence, interest) "
            "VALUES (1, :t, :t, 'Dana Reyes', 'dana reyes', 4, 3)"
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
    conn.execute(
        sa.text(
            "INSERT INTO touchpoint (id, created_at, updated_at, occurred_at, channel, plan_id, version, "
            "summary, status) VALUES (1, :t, :t, :t, 'call', 1, 1, 'Walked Dana through v1', 'planned')"
        ),
        {"t": T},
    )
    conn.execute(sa.text("INSERT INTO touchpoint_attendee (touchpoint_id, stakeholder_id) VALUES (1, 1)"))
    conn.execute(
        sa.text(
            "INSERT INTO stance (id, created_at, updated_at, stakeholder_id, plan_id, level, observed_at, "
            "touchpoint_id) VALUES (1, :t, :t, 1, 1, 'supportive', :t, 1)"
        ),
        {"t": T},
    )


def _touchpoint_columns(conn: sa.Connection) -> set[str]:
    return {c["name"] for c in sa.inspect(conn).get_columns("touchpoint")}


def test_a_0005_database_upgrades_with_every_touchpoint_kept_and_no_source(empty_url: str) -> None:  # noqa: F811
    engine = engine_for(empty_url)
    try:
        migrate.upgrade(engine, "0005")
        with engine.begin() as conn:
            _fill(conn)
        migrate.upgrade(engine, "0006")
        assert model_diffs(engine) == []
        with engine.connect() as conn:
            row = conn.execute(
                sa.text(
                    "SELECT summary, status, source_key, source_entry, source_digest, "
                    "source_plan_id, source_version FROM touchpoint"
                )
            ).one()
            assert tuple(row) == ("Walked Dana through v1", "planned", None, None, None, None, None)
            indexes = {i["name"]: i for i in sa.inspect(conn).get_indexes("touchpoint")}
        assert indexes["uq_touchpoint_source_entry"]["unique"]
        assert indexes["ix_touchpoint_source"]["column_names"] == ["source_key", "occurred_at"]
    finally:
        engine.dispose()


def test_an_entry_identity_is_unique_and_hand_logged_touchpoints_share_none(empty_url: str) -> None:  # noqa: F811
    engine = engine_for(empty_url)
    insert = sa.text(
        "INSERT INTO touchpoint (created_at, updated_at, occurred_at, channel, status, source_entry) "
        "VALUES (:t, :t, :t, 'meeting', 'planned', :entry)"
    )
    try:
        migrate.upgrade(engine, "0006")
        with engine.begin() as conn:
            for entry in (None, None, "ics:abc@example.com"):  # many NULLs: touchpoints logged by hand
                conn.execute(insert, {"t": T, "entry": entry})
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(insert, {"t": T, "entry": "ics:abc@example.com"})
    finally:
        engine.dispose()


def test_0006_downgrades_to_0005_keeping_attendances_stances_and_the_copy_trigger(empty_url: str) -> None:  # noqa: F811
    engine = engine_for(empty_url)
    try:
        migrate.upgrade(engine, "0006")
        with engine.begin() as conn:
            _fill(conn)
            conn.execute(sa.text("UPDATE touchpoint SET source_key = 'file:sam:/x.ics', source_entry = 'ics:1'"))
        migrate.downgrade(engine, "0005")
        with engine.begin() as conn:
            assert not {"source_key", "source_entry", "source_digest"} & _touchpoint_columns(conn)
            assert conn.execute(sa.text("SELECT count(*) FROM touchpoint_attendee")).scalar() == 1
            assert conn.execute(sa.text("SELECT count(*) FROM stance")).scalar() == 1
            # 0004's trigger still copies the touchpoint's status onto its attendances.
            conn.execute(sa.text("UPDATE touchpoint SET status = 'held'"))
            assert conn.execute(sa.text("SELECT status FROM touchpoint_attendee")).scalar() == "held"
        migrate.upgrade(engine, "0006")
        with engine.connect() as conn:
            assert "source_entry" in _touchpoint_columns(conn)
    finally:
        engine.dispose()
