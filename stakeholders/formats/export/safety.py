"""Formula neutralising for spreadsheet cells (CSV and XLSX), and atomic owner-only files.

A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` (and, in
some programs, tab or carriage return followed by one of those) as a
formula: `=HYPERLINK("http://evil", "click")` in a stakeholder's title would
run in the CMO's Excel. Every string cell that starts with one of those
characters gets a leading single quote, the OWASP recommendation. That
includes harmless text such as a phone number `+44 20 7946 0000`, which then
reads `'+44 20 7946 0000`: we cannot tell the two apart, so we never guess.
"""

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """`value`, prefixed with `'` when a spreadsheet could read it as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def neutralise_cell(value: Any) -> Any:
    """Strings neutralised; numbers, dates, booleans and None untouched."""
    return neutralise(value) if isinstance(value, str) else value


@contextlib.contextmanager
def open_private(path: Path) -> Iterator[BinaryIO]:
    """A binary file that becomes `path` (owner-only, 0600) when the block ends without error, for
    writers that stream: like `write_private`, a reader sees the old file or the whole new one; on
    an error the partial file is removed and `path` is untouched."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to `path` readable by the owner only (0600), all or nothing.

    The bytes go to a temporary file in the same directory, are flushed to
    disk, then renamed over `path`: a reader sees the old file or the new
    one, never half of it, and an existing file's wider mode is not kept.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
