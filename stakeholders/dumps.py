"""`dump FILE`: every record as portable JSON lines, for the CLI and the TUI alike (§8).

The file is owner-only and appears whole or not at all (db.private_file); a database that cannot
be opened, or a damaged one, leaves no file behind (a dump must hold every record). A dump is a
copy of everyone, so on SQLite it is listed with the database's backups, for `forget` to name.
"""

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.store import Store


def dump_store(store: "Store", file: Path) -> int:
    """Write every record of `store` to `file`; the number of records written."""
    from db.backup import record_backup
    from db.portable import dump as dump_records
    from db.private_file import private_file

    store.verify()
    with private_file(file, "w") as out, store.engine.connect() as conn:
        counts = dump_records(conn, out)
    if store.path is not None:
        record_backup(store.path, file)
    return sum(counts.values())
