"""Files this tool writes: owner-only, and whole or not at all.

Exports, briefs, dumps and backups hold personal data, so every file the tool writes is created
0600 and appears at its path only once it is complete: the bytes go to a temporary file of our own
beside it (mkstemp: a name no other program uses, never `path + ".partial"`, which could be a file
worth keeping), are flushed to disk, then renamed over the path. A reader sees the old file or the
whole new one; on an error the temporary file is removed and the path is untouched; an existing
file's wider mode is not kept.
"""

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Literal


@contextmanager
def private_path(path: Path | str) -> Iterator[Path]:
    """The name of an empty owner-only file beside `path` for the block to fill (SQLite's backup
    writes by name), renamed to `path` when the block ends without error, removed otherwise."""
    path = Path(path)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    os.close(fd)  # mkstemp made it 0600
    try:
        yield Path(name)
        os.chmod(name, 0o600)  # whatever the block's writer did to it
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


@contextmanager
def private_file(path: Path | str, mode: Literal["wb", "w"] = "wb") -> Iterator[IO[Any]]:
    """A file open for writing (`wb`, or `w` for UTF-8 text) that becomes `path` when the block
    ends without error (flushed to disk first)."""
    with private_path(path) as name:
        opened: IO[Any] = open(name, "w", encoding="utf-8") if mode == "w" else open(name, "wb")  # noqa: SIM115
        with opened as out:
            yield out
            out.flush()
            os.fsync(out.fileno())


def write_private(path: Path | str, data: bytes) -> None:
    """Write `data` to `path` as `private_file` does: owner-only, all or nothing."""
    with private_file(path) as out:
        out.write(data)
