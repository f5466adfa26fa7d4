"""`Import calendar or mail` from the TUI (§5.1): the CLI's own import (`import_calendar_files`), a dry run
to preview, then the import. It is confirmed before it runs rather than undone: a later import keeps the
lead's own changes, and taking one back cannot tell them from the import's."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from stakeholders.calendar_import import CalendarReport, Progress, import_calendar_files, window_bound
from stakeholders.errors import InputError

SKIPPED_SHOWN = 6


@dataclass
class CalendarRequest:
    paths: list[Path]
    plan: str | None
    since: datetime | None
    until: datetime | None
    add_people: bool


def read_calendar_request(values: dict[str, str], now: datetime, *, dayfirst: bool) -> CalendarRequest:
    """The form's fields read as `import FILE… --plan P --since W --until W [--add-people]` reads its options."""
    texts = [part.strip() for part in values.get("paths", "").split(";") if part.strip()]
    if not texts:
        raise InputError("which file? type the path of an .ics, .mbox or .eml file (→ completes; ; between several)")
    paths = []
    for text in texts:
        path = Path(text).expanduser()
        if not path.is_file():
            raise InputError(f"there is no file {path}: check the name (→ completes names)")
        paths.append(path)
    since = (
        window_bound(values["since"], end=False, dayfirst=dayfirst, now=now)
        if values.get("since", "").strip()
        else None
    )
    until = (
        window_bound(values["until"], end=True, dayfirst=dayfirst, now=now) if values.get("until", "").strip() else None
    )
    add = values.get("add_people", "").strip().lower() in ("y", "yes", "true", "1")
    return CalendarRequest(paths, values.get("plan", "").strip() or None, since, until, add)


def run_calendar(
    store: Any, request: CalendarRequest, now: datetime, *, dry_run: bool, progress: Progress | None = None
) -> CalendarReport:
    try:
        return import_calendar_files(
            store,
            request.paths,
            plan=request.plan,
            since=request.since,
            until=request.until,
            add_people=request.add_people,
            dry_run=dry_run,
            progress=progress,
            now=now,
        )
    except OSError as exc:
        raise InputError(f"cannot read {exc.filename or 'the file'}: {exc.strerror or exc}") from None


def describe_calendar(report: CalendarReport, dry_run: bool) -> str:
    lines = [report.summary(dry_run)]
    for where, reason in report.skipped[:SKIPPED_SHOWN]:
        lines.append(f"  skipped {where}: {reason}")
    if len(report.skipped) > SKIPPED_SHOWN:
        lines.append(f"  and {len(report.skipped) - SKIPPED_SHOWN} more skipped")
    if report.unknown:
        lines.append("Not stakeholders yet (Add people: yes creates them): " + ", ".join(report.unknown_lines()))
    return "\n".join(lines)
