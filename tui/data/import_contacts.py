"""`Import contacts` from the TUI: the CLI's reading of the file, a dry run to preview, then the import
with its undo. The file is read and checked before the write transaction (§8: a long import holds the
write lock only for its own inserts)."""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from db.models import AuditEntry
from stakeholders.errors import InputError
from stakeholders.formats.importing import FORMATS, ImportFileError, ParsedFile, parse_file
from stakeholders.importer import ImportReport, import_rows
from stakeholders.undo_work import TagLinks, imported_change
from tui.data.plan_forms import Done

IMPORT_FORMATS = ("auto", *FORMATS)
SKIPPED_SHOWN = 8
UNKNOWN_SHOWN = 10


@dataclass
class ImportRequest:
    """What the form asks for, read and checked: the file parsed, ready to preview or import."""

    path: Path
    parsed: ParsedFile
    tags: list[str]
    update: bool
    unknown_columns: list[str] = field(default_factory=list)


def _items(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def read_request(values: dict[str, str]) -> ImportRequest:
    """Read and parse the file as `stakeholders import FILE --format F --map C=F… --tag T… [--update]` does."""
    raw = values.get("path", "").strip()
    if not raw:
        raise InputError("which file? type its path (→ completes names)")
    path = Path(raw).expanduser()
    if path.is_dir():
        raise InputError(f"{path} is a folder: choose a file in it (→ completes names)")
    if not path.is_file():
        raise InputError(f"there is no file {path}: check the name (→ completes names)")
    fmt = values.get("format", "").strip().lower() or "auto"
    if fmt not in IMPORT_FORMATS:
        raise InputError(f"unknown format '{fmt}': use {', '.join(IMPORT_FORMATS)}")
    mapping: dict[str, str] = {}
    for item in _items(values.get("map", "")):
        column, sep, target = item.partition("=")
        if not sep or not column.strip() or not target.strip():
            raise InputError(f"'{item}' under Map is not COLUMN=FIELD, e.g. Team=tags or Region=ignore")
        mapping[column.strip()] = target.strip()
    try:
        data = path.read_bytes()
        parsed = parse_file(data, format=fmt, filename=path.name, mapping=mapping)
    except ImportFileError as exc:
        raise InputError(str(exc).replace("--map", "Map")) from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    update = values.get("update", "").strip().lower() in ("y", "yes", "true", "1")
    unknown = unknown_columns(data, parsed.format, path.name, mapping)
    return ImportRequest(path, parsed, _items(values.get("tags", "")), update, unknown)


def unknown_columns(data: bytes, fmt: str, filename: str, mapping: dict[str, str]) -> list[str]:
    """The header's columns the format does not read and the Map does not name: candidates for Map."""
    from stakeholders.formats.importing import _TABULAR, csv_plain
    from stakeholders.formats.importing.decode import decode_text
    from stakeholders.formats.importing.table import norm, read_table

    spec = _TABULAR.get(fmt)
    if spec is None:  # vCard: properties, not columns
        return []
    lines = decode_text(data, filename).split("\n")
    index = spec.find_header(lines)
    if index is None:
        return []
    table = read_table(lines, index, filename)
    known = set(csv_plain.NAME_KEYS) | set(csv_plain.TAGS) | {k for keys in csv_plain.ALIASES.values() for k in keys}
    known |= set(spec.consumed)
    mapped = {norm(column) for column in mapping}
    return [
        header
        for header, key in zip(table.header, table.keys, strict=False)
        if key and key not in known and key not in mapped
    ]


def preview(session: Session, request: ImportRequest) -> ImportReport:
    """The dry run: the import's own counts in a transaction that is rolled back."""
    report = import_rows(session, request.parsed, tags=request.tags, update=request.update)
    session.rollback()
    return report


def describe_preview(request: ImportRequest, report: ImportReport) -> str:
    """The preview in words: format, counts, the first skipped lines with reasons, unknown columns."""
    lines = [
        f"{request.path.name}: {report.format} · would create {report.created}, update {report.updated}, "
        f"leave {report.unchanged} unchanged, skip {len(report.skipped)}"
    ]
    for line, reasons in report.skipped[:SKIPPED_SHOWN]:
        lines.append(f"  line {line}: skipped: {'; '.join(reasons)}")
    if len(report.skipped) > SKIPPED_SHOWN:
        lines.append(f"  and {len(report.skipped) - SKIPPED_SHOWN} more skipped")
    if request.unknown_columns:
        shown = ", ".join(request.unknown_columns[:UNKNOWN_SHOWN])
        extra = len(request.unknown_columns) - UNKNOWN_SHOWN
        more = f" and {extra} more" if extra > 0 else ""
        lines.append(
            f"Columns not read: {shown}{more} — to read one, add it under Map (e.g. "
            f"{request.unknown_columns[0]}=tags; fields: name, email, title, organization, phone, "
            "influence, interest, owner, tags, notes, or ignore)"
        )
    return "\n".join(lines)


def run_import(session: Session, request: ImportRequest, progress: Callable[[int], None] | None = None) -> Done:
    """The import (one transaction) and its undo, read back from the audit entries it wrote."""
    since = session.execute(sa.select(sa.func.max(AuditEntry.id))).scalar() or 0
    before = TagLinks.read(session)
    report = import_rows(session, request.parsed, tags=request.tags, update=request.update, progress=progress)
    session.flush()
    message = (
        f"Imported {request.path.name}: created {report.created}, updated {report.updated}, "
        f"unchanged {report.unchanged}, skipped {len(report.skipped)}"
    )
    return Done(message, imported_change(session, since, message, before))


def path_completion(text: str) -> str | None:
    """The first file or folder whose name starts with what is typed (folders end with `/`)."""
    if not text:
        return None
    expanded = os.path.expanduser(text)
    folder, prefix = os.path.split(expanded)
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return None
    for name in names:
        if name.startswith(prefix) and name != prefix and (prefix.startswith(".") or not name.startswith(".")):
            full = os.path.join(folder, name)
            shown = text[: len(text) - len(prefix)] + name
            return shown + ("/" if os.path.isdir(full) else "")
    return None
