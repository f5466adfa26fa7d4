"""The one guard on every file a command writes (PRODUCT.md §8, "No output destroys data").

`-o` of export and brief, `dump FILE` and `backup FILE` all go through
`check_output`; the CLI applies it in the click type of the argument
(`stakeholders.cli.boundary.OutputPath`), so the check runs while the
arguments are read, before anything is opened or written. A test
(tests/fuzz/test_output_guard.py) fails if a command takes a file to write
without that type.

Never written over, whether or not the file exists at the moment:
- the database in use and its `-wal`, `-shm` and `-journal` files (SQLite
  creates them beside the database when it needs them: a file put there by
  us would be read as the database's log);
- the record of backups beside it (`<db>.backups`, which `forget` reads)
  and every backup that record lists, except that `backup` may replace a
  backup it made itself and `dump` a dump it made itself.
Never written over either: an existing path that is not a regular file
(a directory, a device, a FIFO: replacing or writing into it is never what
was meant). The paths are compared after resolving symbolic links.
"""

import os
import stat
from pathlib import Path
from typing import Literal

from stakeholders.errors import InputError

Replaces = Literal["backup", "dump"] | None
SQLITE_MAGIC = b"SQLite format 3\x00"
DUMP_MAGIC = b'{"format": "stakeholders-dump"'
DATABASE_COMPANIONS = ("-wal", "-shm", "-journal")


def database_file(target: str | None) -> Path | None:
    """The SQLite file `--db` names (the default file when None), or None for a server URL."""
    from db.engine import database_url, sqlite_path

    return sqlite_path(database_url(target))


def protected_paths(database: Path) -> dict[str, str]:
    """Resolved path -> what it is, for every file beside `database` an output must not replace."""
    from db.backup import backups_record, recorded_backups

    base = os.path.realpath(database)
    protected = {base: "the database in use"}
    for suffix in DATABASE_COMPANIONS:
        protected[base + suffix] = f"the database's {suffix[1:]} file"
    protected[os.path.realpath(backups_record(database))] = "the record of the database's backups"
    for listed in recorded_backups(database):
        protected.setdefault(os.path.realpath(listed), "a backup of the database")
    return protected


def check_output(path: Path | str, database: Path | None, *, replaces: Replaces = None, what: str = "FILE") -> Path:
    """`path`, if a command may write it; else an InputError saying why and what to do."""
    text = os.fspath(path)
    if not text.strip():
        raise InputError(f"{what} is empty: give a file name to write")
    path = Path(text).expanduser()
    if database is not None:
        kind = protected_paths(database).get(os.path.realpath(path))
        if kind is not None and not (kind == "a backup of the database" and _made_by(path, replaces)):
            raise InputError(f"{what} {text} is {kind}: writing there would destroy data; choose another file")
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return path
    except OSError as exc:  # a path through a file, a loop of links, no permission: say so now, not half-way
        raise InputError(f"{what} {text} cannot be used ({exc.strerror}): choose another file") from None
    if not stat.S_ISREG(mode):
        kind = "a directory" if stat.S_ISDIR(mode) else "not a regular file (a device, a FIFO or a socket)"
        raise InputError(f"{what} {text} is {kind}: give the name of a file to write")
    return path


def _made_by(path: Path, replaces: Replaces) -> bool:
    """Whether `path`, a listed backup, is the kind of copy the command about to replace it makes."""
    magic = {"backup": SQLITE_MAGIC, "dump": DUMP_MAGIC}.get(replaces or "")
    if magic is None:
        return False
    try:
        with open(path, "rb") as fh:
            return fh.read(len(magic)) == magic
    except OSError:
        return False
