"""Schema migrations (Alembic), run on open, with a backup copy taken first."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: sa.Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


# pg_advisory_xact_lock key: "stakeholders migrate" as a number.
MIGRATION_LOCK_KEY = 0x5354414B454D4947


@contextmanager
def locked(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection holding the database's write lock until it commits on leaving.

    Two programs opening an old team database at once (everyone's TUI on the
    morning after an upgrade) then upgrade it one after the other: the second
    reads the version after the first committed and finds nothing to do.
    SQLite: BEGIN IMMEDIATE (the engine's `write` option). PostgreSQL: DDL
    takes no lock on tables that do not exist yet, so an advisory lock.
    """
    with engine.connect().execution_options(write=True) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        yield conn
        conn.commit()


def upgrade_on(conn: sa.Connection, revision: str = "head") -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    with locked(engine) as conn:
        upgrade_on(conn, revision)


def downgrade(engine: sa.Engine, revision: str) -> None:
    cfg = alembic_config()
    with engine.connect().execution_options(write=True) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()
