"""`restore FILE`: put a backup back in place, keeping the current database as a backup.

Everything that can be known about the backup is checked before anything is
replaced (PRODUCT.md §8), in this order:

1. it is a file, not empty, and not the database in use (nor its -wal/-shm);
2. it is a SQLite file (the header) and every page and index is sound (`PRAGMA integrity_check`);
3. it is ours: it has a stakeholders schema (`alembic_version` and `stakeholder`), not another program's;
4. its schema is one this version can open: a revision this version knows (an older one is
   upgraded after the restore, with its own backup), never a newer one.

Only then is the current database copied aside (the safety copy) and the
backup copied in. If anything fails after the safety copy exists, the error
names it, so the person knows where their data is.
"""

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from db.backup import copy_sqlite, record_backup
from db.engine import StoreError, database_url, prepare_sqlite_file, sqlite_path
from db.schema import OUR_TABLES, SQLITE_MAGIC


class RestoreFailed(StoreError):
    """The backup was sound but putting it in place failed (a full disk, say): a failure at run time."""

    exit_code = 1


def restore_from(target: str | None, backup_file: Path) -> Path | None:
    """Returns where the replaced database was saved, if there was one."""
    path = sqlite_path(database_url(target))
    if path is None:
        raise StoreError("restore replaces a SQLite file; on PostgreSQL use `load FILE` into an empty database")
    backup_file = backup_file.expanduser()
    check_backup(backup_file, path)
    saved = None
    if path.exists() and path.stat().st_size > 0:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        saved = path.with_name(f"{path.name}.{stamp}.before-restore.bak")
        copy_sqlite(path, saved)
        record_backup(path, saved)
    try:
        _copy_in(backup_file, path)
        from db.store import open_store

        open_store(path).close()  # migrates an older backup, with its own backup first
    except (StoreError, sqlite3.Error, OSError) as exc:
        if saved is None:
            raise
        raise RestoreFailed(
            f"restore failed after saving the database as it was to {saved} ({_first_line(exc)}): "
            f"to go back, run `stakeholders restore {saved} --yes`"
        ) from None
    return saved


def check_backup(backup_file: Path, database: Path) -> None:
    """Raise StoreError (exit 2) unless `backup_file` is a sound stakeholders backup this version can open."""
    if not backup_file.is_file():
        raise StoreError(f"{backup_file} is not a file: not a backup")
    if backup_file.stat().st_size == 0:
        raise StoreError(f"{backup_file} is empty: not a backup")
    if _same_file(backup_file, database):
        raise StoreError(f"{backup_file} is the database in use (or one of its files): give a backup file")
    with backup_file.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise StoreError(f"{backup_file} is not a SQLite database: not a stakeholders backup")
    try:
        conn = sqlite3.connect(f"file:{_uri_path(backup_file)}?mode=ro", uri=True)
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(1)")]
            if problems != ["ok"]:
                raise _damaged(backup_file, " ".join(str(problems[0]).split()))
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not OUR_TABLES <= tables:
                raise StoreError(
                    f"{backup_file} is not a stakeholders backup (another program's database, "
                    "or an empty one): nothing was replaced"
                )
            revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise _damaged(backup_file, _first_line(exc)) from None
    if len(revisions) != 1:
        raise StoreError(
            f"{backup_file} records no single schema version: not a stakeholders backup; nothing was replaced"
        )
    if revisions[0] not in _known_revisions():
        raise StoreError(
            f"{backup_file} was written by a newer stakeholders (schema {revisions[0]}): "
            "upgrade stakeholders, then restore it; nothing was replaced"
        )


def _known_revisions() -> set[str]:
    from db import migrate

    script = migrate.ScriptDirectory.from_config(migrate.alembic_config())
    return {revision.revision for revision in script.walk_revisions()}


def _copy_in(backup_file: Path, path: Path) -> None:
    """Copy page by page into the live file through SQLite, so a TUI that has it open sees either the old
    database or the restored one, never a mix."""
    prepare_sqlite_file(path)
    src = sqlite3.connect(f"file:{_uri_path(backup_file)}?mode=ro", uri=True)
    dst = sqlite3.connect(path, timeout=60)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def _same_file(backup_file: Path, database: Path) -> bool:
    resolved = os.path.realpath(backup_file)
    base = os.path.realpath(database)
    return resolved in {base, base + "-wal", base + "-shm", base + "-journal"}


def _uri_path(path: Path) -> str:
    """`path` for a `file:` URI: '?' and '#' in a file name would start the query or the fragment."""
    from urllib.parse import quote

    return quote(os.fsencode(path.resolve()), safe="/")


def _damaged(backup_file: Path, reason: str) -> StoreError:
    return StoreError(f"{backup_file} is damaged ({reason}): not restored, nothing was replaced; choose another backup")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
