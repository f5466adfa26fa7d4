"""`restore FILE`: put a backup back in place, keeping the current database as a backup."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from db.backup import copy_sqlite, record_backup
from db.engine import StoreError, database_url, prepare_sqlite_file, sqlite_path
from db.store import _check_sqlite_file, open_store


def restore_from(target: str | None, backup_file: Path) -> Path | None:
    """Returns where the replaced database was saved, if there was one."""
    path = sqlite_path(database_url(target))
    if path is None:
        raise StoreError("restore replaces a SQLite file; on PostgreSQL use `load FILE` into an empty database")
    backup_file = backup_file.expanduser()
    if not backup_file.exists() or backup_file.stat().st_size == 0:
        raise StoreError(f"{backup_file} is empty: not a backup")
    _check_sqlite_file(backup_file, full=True)  # every page readable before it replaces anything
    saved = None
    if path.exists() and path.stat().st_size > 0:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        saved = path.with_name(f"{path.name}.{stamp}.before-restore.bak")
        copy_sqlite(path, saved)
        record_backup(path, saved)
    prepare_sqlite_file(path)
    # Copy page by page into the live file through SQLite, so a TUI that has
    # it open sees either the old database or the restored one, never a mix.
    src = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    dst = sqlite3.connect(path, timeout=60)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    open_store(path).close()  # migrates an older backup, with its own backup first
    return saved
