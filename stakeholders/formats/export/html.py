"""`export --format html`: the status as ONE self-contained HTML file, one printed A4 page per plan.

No script, no external stylesheet, font, image or link: the chart is inline
SVG and the style an inline `<style>` with print rules (A4, sections kept
whole, a plan per page; what each plan shows is `page.plan_page`'s bounded lists).
Every piece of data goes through `html.escape`, so a stakeholder
named `<script>…` is shown, never run.
"""

from datetime import datetime
from html import escape

from stakeholders.formats.export import words
from stakeholders.formats.export.chart import stance_chart
from stakeholders.formats.export.page import PlanPage, clip, concerns_text, division_names, plan_page
from stakeholders.formats.export.status import StatusReport
from stakeholders.rules.surprise import SurpriseEntry

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1d1d1f; margin: 0 auto; padding: 24px 32px; max-width: 960px; background: #fff; }
header { border-bottom: 2px solid #1d1d1f; margin-bottom: 16px; }
h1 { font-size: 24px; margin: 0 0 2px; }
.generated { color: #555; margin: 0 0 8px; }
h2 { font-size: 20px; margin: 0 0 2px; }
h2 .version { font-weight: normal; color: #555; font-size: 15px; }
h3 { font-size: 15px; margin: 18px 0 6px; border-bottom: 1px solid #ccc; padding-bottom: 2px; }
h4 { font-size: 14px; margin: 10px 0 4px; }
h4 .when { font-weight: normal; color: #444; }
.plan { margin-bottom: 28px; }
.summary { margin: 0 0 10px; color: #333; }
.headline { font-size: 17px; font-weight: 700; padding: 8px 12px; margin: 8px 0 12px;
  border-left: 6px solid #777; background: #f2f2f2; }
.headline.not-ready { border-left-color: #b3261e; background: #fbeceb; }
.headline.ready { border-left-color: #1d6b35; background: #e9f5ec; }
.overview { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; }
td, th { padding: 3px 8px; text-align: left; vertical-align: top; }
th { font-weight: 600; color: #333; border-bottom: 1px solid #bbb; }
.readiness td { border-bottom: 1px solid #e5e5e5; }
.readiness td.n { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
.people { width: 100%; table-layout: fixed; }
.people col.c-who { width: 44%; } .people col.c-flag { width: 14%; } .people col.c-why { width: 42%; }
.people col.c-day { width: 18%; } .people col.c-name { width: 44%; } .people col.c-stance { width: 38%; }
.people td { border-bottom: 1px solid #e5e5e5; }
.muted { color: #666; }
.flag { font-size: 12px; font-weight: 600; padding: 0 5px; border: 1px solid currentColor; border-radius: 3px; }
.flag.surprised { color: #b3261e; }
.flag.at-risk { color: #8a5a00; }
.key { font-size: 11px; font-weight: 700; color: #333; border: 1px solid #333; padding: 0 3px; margin-left: 4px; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: 4px; }
.stance-chart text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #1d1d1f; }
.stance-chart .count { font-weight: 700; }
ul.risks { margin: 0; padding-left: 18px; }
ul.risks li { margin-bottom: 2px; }
q { font-style: italic; }
footer { border-top: 1px solid #ccc; margin-top: 24px; padding-top: 6px; color: #555; font-size: 12px; }
/* Keep each part whole on paper; a plan and its list of events may run over pages, one event never. */
section.part, .overview, .headline, .event, table, figure, li { page-break-inside: avoid; break-inside: avoid; }
.people col.c-division { width: 30%; } .people col.c-side { width: 22%; } .people col.c-names { width: 48%; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 0 20px; }
.divisions td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.more { color: #555; font-style: italic; }
.later { margin: 4px 0 0; padding-left: 18px; }
@page { size: A4 portrait; margin: 12mm 12mm; }
@media print {
  body { font-size: 8.5pt; line-height: 1.3; padding: 0; max-width: none; }
  header { margin-bottom: 6px; }
  h1 { font-size: 14pt; } h2 { font-size: 13pt; }
  h3 { font-size: 10pt; margin: 7px 0 3px; }
  h4 { font-size: 9pt; margin: 4px 0 2px; }
  .summary { margin-bottom: 4px; }
  .headline { margin: 4px 0 6px; }
  .stance-chart { width: 300px; height: auto; }
  footer { margin-top: 8px; }
  td, th { padding: 2px 6px; }
  .headline { font-size: 11pt; padding: 4px 8px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .plan + .plan { page-break-before: always; break-before: page; }
  h3 { page-break-after: avoid; break-after: avoid; }
}
"""


KEY_BADGE = '<span class="key" title="influence 4 or 5">KEY</span>'


def e(value: object) -> str:
    return escape("" if value is None else str(value))


def render_html(report: StatusReport) -> str:
    stamp = words.generated(report.generated_at)
    zone = words.zone_name(report.generated_at)
    body = [f'<header><h1>Stakeholder status</h1><p class="generated">{e(stamp)}; times in {e(zone)}</p></header>']
    plans = [_plan(plan_page(plan), i, report) for i, plan in enumerate(report.plans)]
    body += plans
    if not plans:
        body.append(
            "<p>No plans yet.</p>"
            if not report.scoped
            else "<p>No plan has an upcoming event or activity in the last 30 days: name one with --plan.</p>"
        )
    privacy = (
        "Includes the team's private notes: do not circulate."
        if report.include_notes
        else "Internal: information about people. Private notes are left out."
    )
    body.append(
        f"<footer>{e(privacy)} {e(stamp)}. Every list is cut to its first rows; the xlsx export has them all.</footer>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Stakeholder status — {e(words.day(report.generated_at))}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def _plan(page: PlanPage, index: int, report: StatusReport) -> str:
    plan = page.plan
    state = {True: "ready", False: "not-ready"}.get(plan.readiness.ready, "unknown")  # type: ignore[arg-type]
    rows = "".join(
        f'<tr><td>{e(label)}</td><td class="n">{count:,}</td></tr>'
        for label, count in words.readiness_rows(plan.readiness, plan.current_version)
    )
    chart = stance_chart(plan.stance_distribution, f"plan{index}")
    changes = (
        f'<p class="summary"><strong>What changed:</strong> {e(clip(plan.version_changes))}</p>'
        if plan.version_changes
        else ""
    )
    return "\n".join(
        [
            f'<section class="plan" id="plan-{plan.id}">',
            f'<h2>{e(plan.name)} <span class="version">version {plan.current_version}</span></h2>',
            f'<p class="summary">{e(clip(plan.version_summary))} '
            f'<span class="muted">— {e(words.approval(plan.approved_by, plan.approved_at))}</span></p>',
            changes,
            f'<p class="headline {state}">{e(plan.headline)}</p>',
            f'<div class="overview"><table class="readiness">{rows}</table>',
            f"<figure><figcaption>Stance of {plan.readiness.scope:,} in scope</figcaption>{chart}</figure></div>",
            _divisions(page),
            _events(page, report.generated_at),
            '<div class="cols">',
            _risks(page, report.include_notes),
            _moved(page),
            "</div>",
            "</section>",
        ]
    )


def _section(title: str, css: str, content: str, empty: str) -> str:
    inner = content or f'<p class="muted">{e(empty)}</p>'
    return f'<section class="{css}"><h3>{e(title)}</h3>{inner}</section>'


def _table(columns: list[tuple[str, str]], rows: list[str], css: str = "people") -> str:
    """A people table: fixed column widths (by class), a header row, the rows already rendered."""
    cols = "".join(f'<col class="c-{c}">' for c, _ in columns)
    heads = "".join(f"<th>{e(title)}</th>" for _, title in columns)
    return f'<table class="{css}"><colgroup>{cols}</colgroup><tr>{heads}</tr>{"".join(rows)}</table>'


def _more(hidden: int, what: str = "more") -> str:
    return f'<p class="more">{e(words.more(hidden, what))}</p>' if hidden else ""


def _risks(page: PlanPage, include_notes: bool) -> str:
    items = []
    for risk in page.risks.shown:
        name, role = words.person_line(risk.name, risk.title, risk.organization)
        text = f"<strong>{e(clip(name, 40))}</strong>"
        text += f' <span class="muted">{e(clip(role, 40))}</span>' if role else ""
        text += f" — {e(risk.stance)}"
        if risk.concerns:
            text += f"; {e(concerns_text(risk.concerns))}"
        text += f'; <span class="muted">owner</span> {e(risk.owner or "nobody")}'
        if include_notes and risk.notes:
            text += f"; notes: {e(clip(risk.notes, 120))}"
        items.append(f"<li>{text}</li>")
    content = (f'<ul class="risks">{"".join(items)}</ul>' if items else "") + _more(page.risks.hidden)
    return _section("Key risks", "part", content, "No key stakeholder is resistant or concerned.")


def _divisions(page: PlanPage) -> str:
    rows = []
    for d in page.divisions.shown:
        names, hidden = division_names(d)
        who = ", ".join(e(n) for n in names) + (f' <span class="more">{e(words.more(hidden))}</span>' if hidden else "")
        rows.append(
            f'<tr><td>{e(d.name)}</td><td class="n">{d.on_side:,} of {d.people:,} ({d.share:.0%})</td>'
            f"<td>{who or '—'}</td></tr>"
        )
    content = ""
    if rows:
        content = _table(
            [("division", "Division"), ("side", "Supportive or leading"), ("names", "Surprised at the next event")],
            rows,
            "people divisions",
        )
        content += _more(page.divisions.hidden, "more divisions")
    return _section("Buy-in by division", "part", content, "Nobody in scope.")


def _events(page: PlanPage, now: datetime) -> str:
    nxt = page.next_event
    if nxt is None:
        return _section("Upcoming events", "events", "", "No upcoming events.")
    parts = [
        f'<div class="event"><h4>{e(nxt.title)} <span class="when">— {e(words.when(nxt.starts_at))}, '
        f"{e(nxt.kind)}, v{nxt.version}, {nxt.audience_size:,} people</span></h4>"
        f"<p><strong>{len(nxt.surprised):,}</strong> would be surprised, "
        f"<strong>{len(nxt.at_risk):,}</strong> at risk.</p>"
    ]
    if page.flagged.shown:
        parts.append(
            _table(
                [("who", "Who"), ("flag", ""), ("why", "Why")],
                [
                    f"<tr><td>{e(entry.name)}{KEY_BADGE if entry.key else ''}{_org(entry)}</td>"
                    f'<td><span class="flag {label.replace(" ", "-")}">{label}</span></td>'
                    f"<td>{e(words.reasons(entry, now))}</td></tr>"
                    for entry, label in page.flagged.shown
                ],
            )
        )
    parts.append(_more(page.flagged.hidden))
    parts.append("</div>")
    later = [
        f"<li><strong>{e(ev.title)}</strong> — {e(words.when(ev.starts_at))}: {len(ev.surprised):,} would be "
        f"surprised, {len(ev.at_risk):,} at risk</li>"
        for ev in page.later_events
    ]
    if later:
        parts.append(f'<ul class="later">{"".join(later)}</ul>')
    parts.append(_more(page.more_events, "more upcoming events"))
    return _section("Upcoming events", "events", "".join(parts), "")


def _org(entry: SurpriseEntry) -> str:
    return f' <span class="muted">{e(clip(entry.organization, 40))}</span>' if entry.organization else ""


def _moved(page: PlanPage) -> str:
    # One line a move (a list, not a table): the column beside the key risks is half a page wide.
    items = [
        f"<li>{e(words.day(m.at))} — {e(clip(m.name, 40))}{KEY_BADGE if m.key else ''}: {e(m.from_level)} → "
        f"<strong>{e(m.to_level)}</strong></li>"
        for m in page.moves.shown
    ]
    content = f'<ul class="risks">{"".join(items)}</ul>' if items else ""
    content += _more(page.moves.hidden)
    if page.first_sightings:
        content += f'<p class="more">{e(words.first_sightings(page.first_sightings))}</p>'
    return _section("What moved this week", "part", content, "No stance changed in the last 7 days.")
