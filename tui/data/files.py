"""Brief and export from the TUI, written to a file the way the CLI writes them (owner-only)."""

import re
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from db.models import Event
from stakeholders.errors import InputError
from stakeholders.formats.export import FORMATS, render_export
from stakeholders.formats.export.safety import write_private
from stakeholders.resolve import resolve_plan


def target_path(text: str) -> Path:
    """`~` and relative paths as a shell would read them; a directory is refused, not guessed into."""
    raw = text.strip()
    if not raw:
        raise InputError("give a file name to write to")
    path = Path(raw).expanduser()
    if path.is_dir():
        raise InputError(f"{path} is a directory: give a file name")
    if not path.parent.exists():
        raise InputError(f"folder {path.parent} does not exist")
    return path.resolve()


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "event"


def export_to_file(session: Session, fmt: str, path_text: str, plan_name: str, include_notes: bool,
                   now: datetime, stale_days: int) -> str:
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    path = target_path(path_text)
    plan = resolve_plan(session, plan_name) if plan_name.strip() else None
    data = render_export(session, fmt, now=now, plan=plan, stale_days=stale_days, include_notes=include_notes)
    write_private(path, data.encode("utf-8") if isinstance(data, str) else data)
    return f"wrote {fmt} to {path}" + (" (with private notes: do not circulate)" if include_notes else "")


def brief_to_file(session: Session, event_id: int, path_text: str, now: datetime, stale_days: int) -> str:
    from stakeholders.rules.brief import brief_markdown, build_brief

    event = session.get(Event, event_id)
    if event is None:
        raise InputError("this event no longer exists")
    path = target_path(path_text)
    text = brief_markdown(build_brief(session, event=event, now=now, stale_days=stale_days))
    write_private(path, text.encode("utf-8"))
    return f"wrote the brief for {event.title} to {path} (private notes included: it is for you)"
