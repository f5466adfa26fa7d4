"""Leaving no trace after an erasure: WAL checkpoint and VACUUM (SQLite), VACUUM (PostgreSQL)."""

import sqlalchemy as sa

from db.store import Store


def purge_freed_space(store: Store, tables: list[str]) -> None:
    """Rewrite storage so deleted rows are gone from the files, not just unlinked."""
    if store.backend == "sqlite":
        # VACUUM cannot run inside a transaction, and SQLAlchemy would begin
        # one: use the DBAPI connection, which our engine leaves in autocommit.
        raw = store.engine.raw_connection()
        try:
            cur = raw.cursor()
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.execute("VACUUM")
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.close()
        finally:
            raw.close()
        return
    autocommit = store.engine.execution_options(isolation_level="AUTOCOMMIT")
    with autocommit.connect() as conn:
        for table in tables:
            conn.execute(sa.text(f'VACUUM (ANALYZE) "{table}"'))
