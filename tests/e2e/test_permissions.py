"""Every file the tool creates is readable by the owner only (PRODUCT.md §8), even under a umask of 022.

Real processes with umask 022, the common default that would leave files
world-readable: the database and its -wal and -shm, backups and their record,
pre-upgrade and pre-restore copies, dump files, the default and demo databases.
"""

import os
import stat
import sys
from pathlib import Path

from tests.e2e.conftest import Worker, cli, run, subprocess_env

UMASK = 0o022


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def assert_private(*paths: Path) -> None:
    modes = {str(p): oct(mode(p)) for p in paths}
    assert modes == {str(p): oct(0o600) for p in paths}


def test_the_database_and_its_wal_and_shm_are_owner_only(
    tmp_path: Path, exe: str, workers: list[Worker], figures
) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "new" / "stakeholders.db"
    result = cli(exe, str(db), "add", "Dana Reyes", umask=UMASK)
    assert result.returncode == 0, result.stderr
    assert_private(db)
    holder = Worker("hold-open", str(db), stderr_path=tmp_path / "holder.err", umask=UMASK)
    workers.append(holder)
    holder.expect("ready")
    wal, shm = Path(f"{db}-wal"), Path(f"{db}-shm")
    assert wal.exists() and shm.exists()
    assert_private(db, wal, shm)
    created = sorted(p.name for p in db.parent.iterdir())
    figures(f"umask 022: {', '.join(created)} all 0600 while a process holds the database open")


def test_backups_dumps_and_copies_before_restore_and_upgrade_are_owner_only(tmp_path: Path, exe: str) -> None:
    db = tmp_path / "stakeholders.db"
    assert cli(exe, str(db), "add", "Dana Reyes", "--notes", "private", umask=UMASK).returncode == 0
    copy = tmp_path / "backups" / "copy.db"
    assert cli(exe, str(db), "backup", str(copy), umask=UMASK).returncode == 0
    record = db.with_name(db.name + ".backups")
    assert_private(copy, record)

    dump = tmp_path / "all.jsonl"
    assert cli(exe, str(db), "dump", str(dump), umask=UMASK).returncode == 0
    assert_private(dump)
    loaded = tmp_path / "loaded.db"
    assert cli(exe, str(loaded), "load", str(dump), umask=UMASK).returncode == 0
    assert_private(loaded)

    restored = cli(exe, str(db), "restore", str(copy), "--yes", umask=UMASK)
    assert restored.returncode == 0, restored.stderr
    [before_restore] = tmp_path.glob("stakeholders.db.*.before-restore.bak")
    assert_private(db, before_restore, record)

    # An older schema is copied before it is upgraded: pretend this release's head is newer.
    upgrade = (
        "import sys, db.migrate as m, db.store as s; m.head_revision = lambda: '9999'; "
        "s.SCHEMA_HEAD = '9999'; s.open_store(sys.argv[1]).close()"
    )
    result = run([sys.executable, "-c", upgrade, str(db)], umask=UMASK)
    assert result.returncode == 0, result.stderr
    [before_upgrade] = tmp_path.glob("stakeholders.db.*.before-upgrade-*.bak")
    assert_private(before_upgrade)


def test_the_default_and_demo_databases_are_owner_only(tmp_path: Path, exe: str) -> None:
    data_home = tmp_path / "data-home"
    env = subprocess_env(XDG_DATA_HOME=str(data_home))
    env.pop("STAKEHOLDERS_DB", None)
    assert run([exe, "add", "Dana Reyes"], umask=UMASK, env=env).returncode == 0
    demo = run([exe, "demo"], umask=UMASK, env=env)
    assert demo.returncode == 0, demo.stderr
    folder = data_home / "stakeholders"
    assert_private(folder / "stakeholders.db", folder / "demo.db")
