"""Formula neutralising for spreadsheet cells (CSV and XLSX); atomic owner-only files are db.private_file's.

A spreadsheet treats a cell that begins with `=`, `+`, `-` or `@` (and, in
some programs, tab or carriage return followed by one of those) as a
formula: `=HYPERLINK("http://evil", "click")` in a stakeholder's title would
run in the CMO's Excel. Every string cell that starts with one of those
characters gets a leading single quote, the OWASP recommendation. That
includes harmless text such as a phone number `+44 20 7946 0000`, which then
reads `'+44 20 7946 0000`: we cannot tell the two apart, so we never guess.
"""

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, BinaryIO, cast

from db.private_file import private_file, write_private

__all__ = ["neutralise", "neutralise_cell", "open_private", "write_private"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """`value`, prefixed with `'` when a spreadsheet could read it as a formula."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def neutralise_cell(value: Any) -> Any:
    """Strings neutralised; numbers, dates, booleans and None untouched."""
    return neutralise(value) if isinstance(value, str) else value


def open_private(path: Path) -> AbstractContextManager[BinaryIO]:
    """A binary file that becomes `path` (owner-only, 0600) when the block ends without error, for
    writers that stream (db.private_file.private_file)."""
    return cast(AbstractContextManager[BinaryIO], private_file(path, "wb"))
