"""Consistent copies of a live SQLite database, owner-only, and a record of them.

The record (a text file beside the database) lets `forget` list the backups
that still hold a forgotten person.
"""

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from db.engine import StoreError
from db.private_file import private_path

if TYPE_CHECKING:
    from db.store import Store


def backups_record(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".backups")


def copy_sqlite(source: Path, dest: Path) -> None:
    """SQLite online backup: consistent even while another process writes."""
    dest = dest.expanduser()
    if dest.resolve() == source.resolve():
        raise StoreError(f"{dest} is the database itself: choose another backup file")
    dest.parent.mkdir(parents=True, exist_ok=True)
    # A partial file of our own, renamed into place when whole (db.private_file).
    # Not `mode=ro`: a read-only connection to a WAL database fails with "disk I/O
    # error" when another program closes the database at that moment (it deletes
    # the -wal and -shm files a read-only connection cannot recreate). This
    # connection only reads.
    with private_path(dest) as tmp:
        src = sqlite3.connect(source, timeout=30)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # A backup is one self-contained file: no WAL beside it.
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
            src.close()


def record_backup(db_path: Path, dest: Path) -> None:
    record = backups_record(db_path)
    fd = os.open(record, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    # surrogateescape: a file name's bytes are kept as they are, valid UTF-8 or not (`backup $'\xff'.db`).
    with os.fdopen(fd, "a", encoding="utf-8", errors="surrogateescape") as fh:
        fh.write(str(dest.resolve()) + "\n")


def recorded_backups(db_path: Path) -> list[Path]:
    """Backups this tool made of `db_path` that still exist."""
    record = backups_record(db_path)
    if not record.exists():
        return []
    seen: list[Path] = []
    for line in record.read_text(encoding="utf-8", errors="surrogateescape").splitlines():
        p = Path(line.strip())
        if line.strip() and p.exists() and p not in seen:
            seen.append(p)
    return seen


def backup_to(store: "Store", dest: Path) -> Path:
    path = store.path
    if path is None:
        raise StoreError("backup copies a SQLite file; on PostgreSQL use `dump FILE`")
    store.verify()  # a backup that copies damage is no backup
    copy_sqlite(path, dest)
    record_backup(path, dest)
    return dest


def backup_before_migration(store: "Store", revision: str) -> Path | None:
    path = store.path
    if path is None:
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    dest = path.with_name(f"{path.name}.{stamp}.before-upgrade-{revision}.bak")
    copy_sqlite(path, dest)
    record_backup(path, dest)
    return dest
