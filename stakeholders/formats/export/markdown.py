"""`export --format md`: the one-page status as Markdown (CommonMark, GitHub tables)."""

import re
from datetime import datetime

from stakeholders.formats.export import words
from stakeholders.formats.export.status import LEVELS, KeyRisk, PlanStatus, StatusReport
from stakeholders.rules.surprise import EventSurprises

BAR_WIDTH = 24
# Characters that would make Markdown (or raw HTML inside it) out of a name or a concern.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~&])")


def md(text: object) -> str:
    """Plain text, safe anywhere in a Markdown line: specials backslash-escaped, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_markdown(report: StatusReport) -> str:
    out = ["# Stakeholder status", "", f"_{md(words.generated(report.generated_at))}_", ""]
    if not report.plans:
        out += ["No plans yet.", ""]
    for plan in report.plans:
        out += _plan(plan, report)
    return "\n".join(out).rstrip() + "\n"


def _plan(plan: PlanStatus, report: StatusReport) -> list[str]:
    out = [f"## {md(plan.name)} — version {plan.current_version}", "", md(plan.version_summary)]
    if plan.approved_by:
        out[-1] += f" — _approved by {md(plan.approved_by)}_"
    out += ["", f"**{md(plan.headline)}**", "", "| Readiness | |", "|---|--:|"]
    out += [f"| {md(label)} | {count} |" for label, count in words.readiness_rows(plan.readiness, plan.current_version)]
    out += ["", "### Stance", "", "```text", *_bars(plan.stance_distribution), "```", ""]
    out += ["### Key risks", ""]
    out += [_risk(r, report.include_notes) for r in plan.key_risks] or ["No key stakeholder is resistant or concerned."]
    out += ["", "### Upcoming events", ""]
    for event in plan.events:
        out += _event(event, report.generated_at)
    if not plan.events:
        out += ["No upcoming events.", ""]
    out += ["### What moved this week", ""]
    out += [f"- {words.day(m.at)}: **{md(m.name)}** {m.from_level} → {m.to_level}" for m in plan.moved]
    out += ([] if plan.moved else ["No stance changed in the last 7 days."]) + [""]
    return out


def _bars(distribution: dict[str, int]) -> list[str]:
    top = max(distribution.values(), default=0) or 1
    return [f"{words.LEVEL_LABELS[level]:<11} {'█' * round(BAR_WIDTH * distribution[level] / top):<{BAR_WIDTH}} "
            f"{distribution[level]:>3}".rstrip() for level in LEVELS]


def _risk(risk: KeyRisk, include_notes: bool) -> str:
    name, role = words.person_line(risk.name, risk.title, risk.organization)
    line = f"- **{md(name)}**" + (f" ({md(role)})" if role else "") + f" — {risk.stance}"
    if risk.concerns:
        line += "; concerns: " + "; ".join(f"“{md(c)}”" for c in risk.concerns)
    if include_notes and risk.notes:
        line += f"; notes: {md(risk.notes)}"
    return line


def _event(event: EventSurprises, now: datetime) -> list[str]:
    out = [f"#### {md(event.title)} — {words.when(event.starts_at)}", "",
           f"{event.kind.capitalize()} presenting "
           f"v{event.version}: **{len(event.surprised)} would be surprised**, {len(event.at_risk)} at risk.", ""]
    for label, entries in (("Surprised", event.surprised), ("At risk", event.at_risk)):
        for entry in entries:
            key = " (key)" if entry.key else ""
            out.append(f"- {label}: **{md(entry.name)}**{key} — {md(words.reasons(entry, now))}")
    if event.surprised or event.at_risk:
        out.append("")
    return out
