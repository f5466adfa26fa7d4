"""Leaving no trace after an erasure: WAL checkpoint and VACUUM (SQLite), VACUUM (PostgreSQL)."""

import sqlalchemy as sa

from db.engine import BUSY_TIMEOUT_MS, StoreError
from db.store import Store

# How long `forget` waits for another program's read to finish before it reports the log still full.
READERS_WAIT_MS = 5_000


class LogStillHeld(StoreError):
    """Erased from the tables, not yet from the -wal file: a failure at run time."""

    exit_code = 1


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
            # The log can only be emptied once every reader has moved past the old pages.
            cur.execute(f"PRAGMA busy_timeout = {READERS_WAIT_MS}")
            busy = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cur.close()
        finally:
            raw.close()
        if busy:
            raise LogStillHeld(
                f"the records are erased, but another program is reading {store.describe()} (the TUI?), so "
                "its write-ahead log still holds old pages: close that program; the log is emptied when the "
                "last one closes the database"
            )
        return
    autocommit = store.engine.execution_options(isolation_level="AUTOCOMMIT")
    with autocommit.connect() as conn:
        for table in tables:
            conn.execute(sa.text(f'VACUUM (ANALYZE) "{table}"'))
