"""`show PERSON` as text: the profile, then each kind of record under a heading."""

from datetime import datetime
from typing import Any

import click

from stakeholders.cli.common import local, style


def _when(value: str | None) -> str:
    return local(datetime.fromisoformat(value)) if value else ""


def print_person(p: dict[str, Any]) -> None:
    click.echo(style(p["name"], bold=True) + (" (archived)" if p["archived"] else ""))
    for label, key in (
        ("e-mail", "email"),
        ("title", "title"),
        ("organization", "organization"),
        ("division", "division"),
        ("phone", "phone"),
        ("owner", "owner"),
    ):
        if p.get(key):
            click.echo(f"  {label}: {p[key]}")
    click.echo(
        f"  influence {p['influence']}, interest {p['interest']}"
        + (f", cadence {p['cadence_days']} days" if p.get("cadence_days") else "")
    )
    if p["tags"]:
        click.echo(f"  tags: {', '.join(p['tags'])}")
    if p["stance"]:
        click.echo("  stance: " + ", ".join(f"{k}: {v}" for k, v in p["stance"].items()))
    if p["influenced_by"]:
        click.echo(f"  influenced by: {', '.join(p['influenced_by'])}")
    if p["influences"]:
        click.echo(f"  influences: {', '.join(p['influences'])}")
    if p.get("notes"):
        click.echo(f"  notes: {p['notes']}")
    _section(
        "Touchpoints",
        [
            f"#{t['id']} {_when(t['occurred_at'])} {t['channel']} by {t['by']}"
            + (f" [{t['plan']} v{t['version']}]" if t["plan"] else "")
            + (" (planned)" if t["status"] == "planned" else "")
            + (f" with {', '.join(t['attendees'])}" if len(t["attendees"]) > 1 else "")
            + (f": {t['summary']}" if t["summary"] else "")
            for t in p["touchpoints"]
        ],
    )
    _section(
        "Stance history", [f"{_when(s['observed_at'])} {s['plan']}: {s['level']} ({s['source']})" for s in p["stances"]]
    )
    _section("Concerns", [f"#{c['id']} [{c['status']}] {c['plan']}: {c['text']}" for c in p["concerns"]])
    _section(
        "Follow-ups",
        [
            f"#{f['id']} due {_when(f['due_at'])}: {f['text']}"
            + (" (done)" if f["done_at"] else " (OVERDUE)" if f["overdue"] else "")
            for f in p["follow_ups"]
        ],
    )


def _section(title: str, lines: list[str]) -> None:
    if not lines:
        return
    click.echo("")
    click.echo(style(title, bold=True))
    for line in lines:
        click.echo(f"  {line}")
