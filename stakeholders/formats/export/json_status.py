"""`export --format json`: the full status, machine readable, written as a stream.

`{"generated_at", "stale_days", "include_notes", "plans": [{"plan", "id", "current_version", "summary",
"changes", "approved_by", "approved_at", "headline", "readiness", "stance_distribution", "key_risks", "events",
"moved_this_week", "divisions", "events", "stakeholders", "touchpoints"}]}`; `events` items have the shape of
`surprises --json` events; timestamps are ISO 8601 with offset. One plan's summary is in memory at a
time; its `stakeholders` and `touchpoints` are written row by row as they are read, one per line.
"""

import io
import json
from dataclasses import asdict
from typing import Any, TextIO

from stakeholders.formats.export.csv_table import COLUMNS
from stakeholders.formats.export.status import PlanStatus, StatusReport
from stakeholders.views import iso

STAKEHOLDER_KEYS = ["id", *COLUMNS[1:]]
TOUCHPOINT_KEYS = ["id", "occurred_at", "channel", "by", "version", "attendees"]


def summary_json(plan: PlanStatus, include_notes: bool) -> dict[str, Any]:
    """Everything about the plan but its two tables."""
    private = ["notes"] if include_notes else []
    return {
        "plan": plan.name,
        "id": plan.id,
        "current_version": plan.current_version,
        "summary": plan.version_summary,
        "changes": plan.version_changes,
        "approved_by": plan.approved_by,
        "approved_at": iso(plan.approved_at),
        "headline": plan.headline,
        "readiness": plan.readiness_json,
        "stance_distribution": plan.stance_distribution,
        "key_risks": [
            _pick(
                asdict(r),
                [
                    "id",
                    "name",
                    "title",
                    "organization",
                    "division",
                    "owner",
                    "influence",
                    "interest",
                    "stance",
                    "concerns",
                    *private,
                ],
            )
            for r in plan.key_risks
        ],
        "moved_this_week": [
            {"id": m.id, "name": m.name, "key": m.key, "from": m.from_level, "to": m.to_level, "at": iso(m.at)}
            for m in plan.moved
        ],
        "divisions": [
            {
                "division": d.name,
                "people": d.people,
                "supportive_or_leading": d.on_side,
                "surprised_at_next_event": d.surprised,
            }
            for d in plan.divisions
        ],
    }


def _pick(record: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: iso(v) if hasattr(v, "isoformat") else v for k, v in ((k, record[k]) for k in keys)}


def _row(record: Any, keys: list[str]) -> str:
    return json.dumps(
        {k: iso(v) if hasattr(v, "isoformat") else v for k in keys for v in (getattr(record, k),)}, ensure_ascii=False
    )


def write_json(report: StatusReport, out: TextIO) -> None:
    """Write the full status to `out`, plan by plan, row by row."""
    head = {
        "generated_at": iso(report.generated_at),
        "stale_days": report.stale_days,
        "include_notes": report.include_notes,
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "plans": [')
    stakeholder_keys = STAKEHOLDER_KEYS + (["notes"] if report.include_notes else [])
    touchpoint_keys = TOUCHPOINT_KEYS + (["summary"] if report.include_notes else [])
    for i, (plan, status) in enumerate(zip(report.plan_rows, report.plans, strict=True)):
        summary = json.dumps(summary_json(status, report.include_notes), indent=2, ensure_ascii=False)
        out.write(("," if i else "") + "\n" + summary[:-2] + ',\n  "events": [')
        # An event at a time: a large plan's upcoming events hold hundreds of thousands of entries.
        _rows(out, (json.dumps(event, ensure_ascii=False) for event in status.events_json()))
        out.write('],\n  "stakeholders": [')
        _rows(out, (_row(r, stakeholder_keys) for r in report.stakeholders(plan)))
        out.write('],\n  "touchpoints": [')
        _rows(out, (_row(t, touchpoint_keys) for t in report.touchpoints(plan)))
        out.write("]\n}")
    out.write("\n]}\n")


def _rows(out: TextIO, rows: Any) -> None:
    for i, text in enumerate(rows):
        out.write(("," if i else "") + "\n    " + text)


def render_json(report: StatusReport) -> str:
    buffer = io.StringIO()
    write_json(report, buffer)
    return buffer.getvalue()
