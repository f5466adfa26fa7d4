"""Brief and export from the TUI, written to a file the way the CLI writes them (owner-only).

The file is checked by the CLI's own guard (never the database, its companions or
its backups; never a directory or a device), and an existing file is replaced
only once the user said so: the form asks, then saves again with `overwrite`.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from db.models import Event
from stakeholders.errors import InputError
from stakeholders.formats.export import FORMATS, render_export
from stakeholders.formats.export.safety import write_private
from stakeholders.output_paths import check_output
from stakeholders.resolve import resolve_event, resolve_people, resolve_plan


@dataclass
class FileExists(Exception):
    """The target exists and the user has not yet said to replace it: the form asks."""

    path: Path


def target_path(text: str, database: Path | None = None, *, overwrite: bool = False) -> Path:
    """`~` and relative paths as a shell would read them; a directory, a missing folder, the database or one
    of its companions is refused; an existing file raises FileExists unless `overwrite`."""
    raw = text.strip()
    if not raw:
        raise InputError("give a file name to write to")
    path = check_output(Path(raw).expanduser(), database, what="the file")
    if not path.parent.exists():
        raise InputError(f"folder {path.parent} does not exist: create it first, or choose another")
    path = path.resolve()
    if path.exists() and not overwrite:
        raise FileExists(path)
    return path


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40] or "event"


def export_to_file(
    session: Session,
    fmt: str,
    path_text: str,
    plan_name: str,
    include_notes: bool,
    now: datetime,
    stale_days: int,
    database: Path | None = None,
    overwrite: bool = False,
) -> str:
    fmt = fmt.strip().lower()
    if fmt not in FORMATS:
        raise InputError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    path = target_path(path_text, database, overwrite=overwrite)
    plan = resolve_plan(session, plan_name) if plan_name.strip() else None
    data = render_export(session, fmt, now=now, plan=plan, stale_days=stale_days, include_notes=include_notes)
    write_private(path, data.encode("utf-8") if isinstance(data, str) else data)
    return f"Wrote the {fmt} status to {path}" + (" (with private notes: do not circulate)" if include_notes else "")


def brief_to_file(
    session: Session,
    values: dict[str, str],
    now: datetime,
    stale_days: int,
    database: Path | None = None,
    overwrite: bool = False,
) -> str:
    """`brief EVENT` or `brief --with PERSON… --plan P`, in markdown or json, to a file."""
    from stakeholders.rules.brief import brief_json, brief_markdown, build_brief

    event_text, people_text = values.get("event", "").strip(), values.get("people", "").strip()
    fmt = values.get("format", "").strip().lower() or "md"
    if fmt not in ("md", "json"):
        raise InputError(f"unknown format '{fmt}': use md or json")
    if event_text and people_text:
        raise InputError("brief for an event or for people, not both: clear one of the two")
    if not event_text and not people_text:
        raise InputError("brief for which event, or which people? fill one of the two")
    path = target_path(values.get("path", ""), database, overwrite=overwrite)
    if event_text:
        event: Event | None = resolve_event(session, event_text)
        result = build_brief(session, now=now, event=event, stale_days=stale_days)
        about = event.title  # type: ignore[union-attr]
    else:
        if not values.get("plan", "").strip():
            raise InputError("a brief for people is about a plan: name it under Plan")
        people = resolve_people(session, [p.strip() for p in people_text.replace(";", ",").split(",") if p.strip()])
        result = build_brief(
            session, now=now, people=people, plan=resolve_plan(session, values["plan"]), stale_days=stale_days
        )
        about = ", ".join(p.name for p in people[:3]) + (f" and {len(people) - 3} more" if len(people) > 3 else "")
    text = (
        json.dumps(brief_json(result), indent=2, ensure_ascii=False) + "\n" if fmt == "json" else brief_markdown(result)
    )
    write_private(path, text.encode("utf-8"))
    return f"Wrote the brief for {about} to {path} (private notes included: it is for you)"
