"""Parsing and validating stakeholder imports (PRODUCT.md §5).

Pure functions of bytes: no database, no command line. The caller applies
`ParsedFile.rows` to the store (rows with `errors` are reported, or refuse
the whole file under `--strict`).

    parsed = parse_file(path.read_bytes(), filename=path.name,
                        mapping={"Team": "tags"})
    for row in parsed.rows:
        row.line, row.fields, row.errors
"""

from . import csv_plain, google, linkedin, outlook, thunderbird
from .decode import decode_text, describe, vcard_bytes
from .detect import detect_format, detect_text
from .model import FIELDS, FORMATS, ImportFileError, ImportRow, ParsedFile
from .tabular import check_mapping, parse_table
from .vcard import parse_vcard

__all__ = [
    "FIELDS",
    "FORMATS",
    "ImportFileError",
    "ImportRow",
    "ParsedFile",
    "detect_format",
    "parse_file",
]

_TABULAR = {spec.format: spec for spec in (csv_plain.SPEC, outlook.SPEC, google.SPEC, linkedin.SPEC, thunderbird.SPEC)}


def parse_file(
    data: bytes,
    *,
    format: str = "auto",
    filename: str | None = None,
    mapping: dict[str, str] | None = None,
) -> ParsedFile:
    """Parse an import file into rows with their line numbers and errors.

    `format` is `auto` or one of FORMATS. `mapping` comes from
    `--map COLUMN=FIELD`: a column of the header (compared case- and
    space-insensitively) to one of FIELDS or `ignore`; it applies to the
    CSV-shaped formats. Raises ImportFileError when the whole file is
    refused (empty, not text, no recognisable header, a bad `--map`).
    """
    if format != "auto" and format not in FORMATS:
        raise ImportFileError(f"unknown format '{format}'; use auto, {', '.join(FORMATS)}")
    checked = check_mapping(mapping)
    label = describe(filename)
    text = decode_text(data, filename)
    chosen = detect_text(text, filename) if format == "auto" else format
    if chosen == "vcard":
        if checked:
            raise ImportFileError(f"--map applies to CSV files, and {label} is a vCard file; leave out --map")
        raw, unicode_file = vcard_bytes(data, text)
        return ParsedFile(format=chosen, rows=parse_vcard(raw, label, unicode_file=unicode_file))
    return ParsedFile(format=chosen, rows=parse_table(text, _TABULAR[chosen], checked, label))
