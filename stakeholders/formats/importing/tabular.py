"""The one pipeline every CSV-shaped format goes through: find the header,
apply `--map`, extract each record's fields, validate them."""

from collections import defaultdict

from . import csv_plain
from .model import FIELDS, ImportFileError, ImportRow, RawFields
from .table import Spec, Table, norm, read_table
from .validate import clean, split_tags

IGNORE = "ignore"
_FIELD_NAMES = {norm(field): field for field in FIELDS} | {
    "organisation": "organization",
    "company": "organization",
    "tag": "tags",
    "note": "notes",
    IGNORE: IGNORE,
}


def check_mapping(mapping: dict[str, str] | None) -> dict[str, str]:
    """Validate `--map COLUMN=FIELD` pairs; returns column -> field.

    An unknown FIELD refuses the import before the file is even read.
    """
    checked: dict[str, str] = {}
    for column, field in (mapping or {}).items():
        target = _FIELD_NAMES.get(norm(field or ""))
        if target is None:
            raise ImportFileError(
                f"--map {column}={field}: unknown field '{field}'; use one of {', '.join(FIELDS)}, or {IGNORE}"
            )
        if not norm(column or ""):
            raise ImportFileError(f"--map {column}={field}: the column name is empty; write --map COLUMN=FIELD")
        checked[column] = target
    return checked


def parse_table(text: str, spec: Spec, mapping: dict[str, str], label: str) -> list[ImportRow]:
    lines = text.split("\n")
    index = spec.find_header(lines)
    if index is None:
        raise ImportFileError(f"{label} has no recognisable header: expected {spec.header_hint}")
    table = read_table(lines, index, label)
    mapped = _mapped_columns(mapping, table, label)
    visible = {key for i, key in enumerate(table.keys) if i not in mapped}
    if not (visible & csv_plain.NAME_KEYS) and "name" not in mapped.values():
        raise ImportFileError(
            f"{label} has no recognisable header: expected {spec.header_hint}; "
            f"found {table.column_list()}. Add a header row, or name the column with --map COLUMN=name"
        )

    # The columns the plain-CSV names could still read: worked out once per file, not once per row
    # (a Google export has none left over, and asking 20 aliases per row cost a fifth of its parse).
    plain = {key for key in table.keys if key and key not in spec.consumed and key in csv_plain.PLAIN_KEYS}
    rows: list[ImportRow] = []
    # Each record let go once read: the cells of a 50,000-row file and its rows are not both held.
    records = table.records
    records.reverse()
    while records:
        line, cells = records.pop()
        if not any(cell.strip() for cell in cells):
            continue
        row: dict[str, str] = {}
        for i, key in enumerate(table.keys):
            if i in mapped or not key or row.get(key):
                continue
            row[key] = cells[i].strip() if i < len(cells) else ""
        raw = spec.extract(row)
        if spec.fill_plain and plain:
            rest = {key: row[key] for key in plain if key in row}
            for field, value in csv_plain.extract_plain(rest).items():
                if not raw.get(field):
                    raw[field] = value
        _apply_mapped(raw, mapped, cells)
        fields, errors = clean(raw)
        rows.append(ImportRow(line=line, fields=fields, errors=errors))
    return rows


def _mapped_columns(mapping: dict[str, str], table: Table, label: str) -> dict[int, str]:
    """Column position -> field (or `ignore`) for every `--map` entry."""
    mapped: dict[int, str] = {}
    for column, field in mapping.items():
        key = norm(column)
        hits = [i for i, header_key in enumerate(table.keys) if header_key == key]
        if not hits:
            raise ImportFileError(
                f"--map {column}={field}: {label} has no column '{column}' "
                f"(its columns: {table.column_list()}); check the spelling"
            )
        for i in hits:
            mapped[i] = field
    return mapped


def _apply_mapped(raw: RawFields, mapped: dict[int, str], cells: list[str]) -> None:
    """A mapped column wins over the format's own reading when it has a
    value. Several columns mapped to `name` are joined with spaces, to
    `notes` with new lines; tags are added to the ones already found."""
    values: dict[str, list[str]] = defaultdict(list)
    for i, field in sorted(mapped.items()):
        value = cells[i].strip() if i < len(cells) else ""
        if field != IGNORE and value:
            values[field].append(value)
    for field, found in values.items():
        if field == "tags":
            raw["tags"] = split_tags(raw.get("tags")) + [t for v in found for t in split_tags(v)]
        elif field == "name":
            raw["name"] = " ".join(found)
        elif field == "notes":
            raw["notes"] = "\n".join(found)
        else:
            raw[field] = found[0]
