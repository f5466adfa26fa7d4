"""`export --format json`: the full status, machine readable.

`{"generated_at", "stale_days", "plans": [{"plan", "current_version", "summary", "approved_by", "readiness",
"stance_distribution", "key_risks", "events", "moved_this_week", "stakeholders", "touchpoints"}]}`; `events`
items have the shape of `surprises --json` events; timestamps are ISO 8601 with offset.
"""

import json
from dataclasses import asdict
from typing import Any

from stakeholders.formats.export.csv_table import COLUMNS
from stakeholders.formats.export.status import PlanStatus, StatusReport
from stakeholders.views import iso


def status_json(report: StatusReport) -> dict[str, Any]:
    return {"generated_at": iso(report.generated_at), "stale_days": report.stale_days,
            "include_notes": report.include_notes, "plans": [_plan(p, report.include_notes) for p in report.plans]}


def _plan(plan: PlanStatus, include_notes: bool) -> dict[str, Any]:
    private = ["notes"] if include_notes else []
    return {
        "plan": plan.name, "id": plan.id, "current_version": plan.current_version,
        "summary": plan.version_summary, "approved_by": plan.approved_by,
        "headline": plan.headline, "readiness": plan.readiness_json,
        "stance_distribution": plan.stance_distribution,
        "key_risks": [_pick(asdict(r), ["id", "name", "title", "organization", "influence", "interest", "stance",
                                        "concerns", *private]) for r in plan.key_risks],
        "events": plan.events_json,
        "moved_this_week": [{"id": m.id, "name": m.name, "from": m.from_level, "to": m.to_level, "at": iso(m.at)}
                            for m in plan.moved],
        "stakeholders": [_pick(asdict(r), ["id", *COLUMNS[1:], *private]) for r in plan.stakeholders],
        "touchpoints": [_pick(asdict(t), ["id", "occurred_at", "channel", "by", "version", "attendees",
                                          *(["summary"] if include_notes else [])]) for t in plan.touchpoints],
    }


def _pick(record: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    return {k: iso(v) if hasattr(v, "isoformat") else v for k, v in ((k, record[k]) for k in keys)}


def render_json(report: StatusReport) -> str:
    return json.dumps(status_json(report), indent=2, ensure_ascii=False) + "\n"
