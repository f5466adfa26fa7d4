"""`export --format md`: the one-page status as Markdown (CommonMark, GitHub tables), one page per plan.

What each plan shows, and how much of each list, is `page.plan_page`'s: the same rows as the HTML.
"""

import re
from datetime import datetime

from stakeholders.formats.export import words
from stakeholders.formats.export.page import PlanPage, clip, concerns_text, division_names, plan_page
from stakeholders.formats.export.status import LEVELS, StatusReport
from stakeholders.rules.surprise import SurpriseEntry

BAR_WIDTH = 24
# Characters that would make Markdown (or raw HTML inside it) out of a name or a concern.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~&])")


def md(text: object) -> str:
    """Plain text, safe anywhere in a Markdown line: specials backslash-escaped, one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render_markdown(report: StatusReport) -> str:
    stamp = f"{words.generated(report.generated_at)}; times in {words.zone_name(report.generated_at)}"
    out = ["# Stakeholder status", "", f"_{md(stamp)}_", ""]
    shown = 0
    for plan in report.plans:
        out += _plan(plan_page(plan), report)
        shown += 1
    if not shown:
        out += [
            "No plans yet."
            if not report.scoped
            else "No plan has an upcoming event or activity in the last 30 days: name one with --plan.",
            "",
        ]
    return "\n".join(out).rstrip() + "\n"


def _plan(page: PlanPage, report: StatusReport) -> list[str]:
    plan = page.plan
    out = [f"## {md(plan.name)} — version {plan.current_version}", "", md(clip(plan.version_summary))]
    if plan.version_changes:
        out += ["", f"What changed: {md(clip(plan.version_changes))}"]
    out += ["", f"_{md(words.approval(plan.approved_by, plan.approved_at))}_"]
    out += ["", f"**{md(plan.headline)}**", "", "| Readiness | |", "|---|--:|"]
    out += [
        f"| {md(label)} | {count:,} |" for label, count in words.readiness_rows(plan.readiness, plan.current_version)
    ]
    out += ["", "### Stance", "", "```text", *_bars(plan.stance_distribution), "```", ""]
    out += ["### Key risks", ""]
    out += [_risk(r, report.include_notes) for r in page.risks.shown] or [
        "No key stakeholder is resistant or concerned."
    ]
    if page.risks.hidden:
        out.append(f"- {words.more(page.risks.hidden)}")
    out += ["", "### Buy-in by division", ""]
    out += _divisions(page)
    out += ["", "### Upcoming events", ""]
    out += _events(page, report.generated_at)
    out += ["### What moved this week", ""]
    out += [
        f"- {words.day(m.at)}: **{md(m.name)}**{' (key)' if m.key else ''} {m.from_level} → {m.to_level}"
        for m in page.moves.shown
    ]
    if page.moves.hidden:
        out.append(f"- {words.more(page.moves.hidden)}")
    if page.first_sightings:
        out.append(f"- {words.first_sightings(page.first_sightings)}")
    if not plan.moved:
        out.append("No stance changed in the last 7 days.")
    return out + [""]


def _bars(distribution: dict[str, int]) -> list[str]:
    top = max(distribution.values(), default=0) or 1
    return [
        f"{words.LEVEL_LABELS[level]:<11} {'█' * round(BAR_WIDTH * distribution[level] / top):<{BAR_WIDTH}} "
        f"{distribution[level]:>3}".rstrip()
        for level in LEVELS
    ]


def _risk(risk, include_notes: bool) -> str:  # type: ignore[no-untyped-def]
    name, role = words.person_line(risk.name, risk.title, risk.organization)
    line = f"- **{md(name)}**" + (f" ({md(role)})" if role else "") + f" — {risk.stance}"
    if risk.concerns:
        line += f"; concerns: {md(concerns_text(risk.concerns))}"
    line += f"; owner: {md(risk.owner) if risk.owner else 'nobody'}"
    if include_notes and risk.notes:
        line += f"; notes: {md(clip(risk.notes, 120))}"
    return line


def _divisions(page: PlanPage) -> list[str]:
    if not page.divisions.shown:
        return ["Nobody in scope."]
    nxt = page.next_event
    out = ["| Division | Supportive or leading | " + ("Surprised at the next event |" if nxt else "|"), "|---|--:|---|"]
    for d in page.divisions.shown:
        names, hidden = division_names(d)
        who = ", ".join(md(n) for n in names) + (f", {words.more(hidden)}" if hidden else "")
        out.append(f"| {md(d.name)} | {d.on_side:,} of {d.people:,} ({d.share:.0%}) | {who or ('—' if nxt else '')} |")
    if page.divisions.hidden:
        out.append(f"| {words.more(page.divisions.hidden, 'more divisions')} | | |")
    return out


def _events(page: PlanPage, now: datetime) -> list[str]:
    nxt = page.next_event
    if nxt is None:
        return ["No upcoming events.", ""]
    out = [
        f"#### {md(nxt.title)} — {words.when(nxt.starts_at)}",
        "",
        f"{nxt.kind.capitalize()} presenting v{nxt.version} to {nxt.audience_size:,}: "
        f"**{len(nxt.surprised):,} would be surprised**, {len(nxt.at_risk):,} at risk.",
        "",
    ]
    out += [_flagged(entry, label, now) for entry, label in page.flagged.shown]
    if page.flagged.hidden:
        out.append(f"- {words.more(page.flagged.hidden)}")
    if page.flagged.shown:
        out.append("")
    for event in page.later_events:
        out.append(
            f"- Then **{md(event.title)}** — {words.when(event.starts_at)}: "
            f"{len(event.surprised):,} would be surprised, {len(event.at_risk):,} at risk"
        )
    if page.more_events:
        out.append(f"- {words.more(page.more_events, 'more upcoming events')}")
    return out + ([""] if page.later_events or page.more_events else [])


def _flagged(entry: SurpriseEntry, label: str, now: datetime) -> str:
    key = " (key)" if entry.key else ""
    return f"- {label.capitalize()}: **{md(entry.name)}**{key} — {md(words.reasons(entry, now))}"
