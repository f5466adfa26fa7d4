"""The status model and the one-page writers (md, html) and json, on a hand-checked programme."""

import json
import re
from collections.abc import Iterator
from datetime import datetime

import pytest

from db.store import Store
from stakeholders.formats.export import render_export
from stakeholders.formats.export.status import StatusReport, build_status
from tests.unit.test_export_data import (
    FORMULA_NAME,
    HELD_NOTE,
    OTHER_PLAN,
    PERSON_NOTE,
    PLAN,
    PLANNED_NOTE,
    SCRIPT_NAME,
    build_programme,
)

NOTES = [PERSON_NOTE, HELD_NOTE, PLANNED_NOTE]


@pytest.fixture
def ids(store: Store, now: datetime) -> dict[str, int]:
    return build_programme(store, now)


@pytest.fixture
def report(store: Store, now: datetime, ids: dict[str, int]) -> Iterator[StatusReport]:
    # The report reads as it is iterated: inside its session (a closed one refuses to read).
    with store.session() as session:
        yield build_status(session, now=now)


def _render(store: Store, now: datetime, fmt: str, **kw: object) -> str:
    with store.session() as session:
        return render_export(session, fmt, now=now, **kw)  # type: ignore[arg-type, return-value]


def test_model(report: StatusReport, ids: dict[str, int]) -> None:
    cx, sales = report.plans
    cx_plan, sales_plan = report.plan_rows
    assert (cx.name, cx.current_version, sales.name) == (PLAN, 2, OTHER_PLAN)
    rows = list(report.stakeholders(cx_plan))
    assert [r.name for r in rows] == sorted([r.name for r in rows], key=str.lower)  # by name
    assert {r.name for r in rows} == {"Chris Ode", "Dana Reyes", "Lee Park", SCRIPT_NAME, FORMULA_NAME}
    assert [r.name for r in report.stakeholders(sales_plan)] == ["Dana Reyes"]
    assert cx.stance_distribution == {"unaware": 3, "resistant": 1, "neutral": 0, "supportive": 1, "leading": 0}
    r = cx.readiness
    assert (r.briefed_on_current, r.briefed_older_only, r.never_briefed) == (2, 1, 2)
    assert (r.below_desired, r.open_concerns, r.ready) == (4, 2, False)
    assert [(k.name, k.stance, k.concerns) for k in cx.key_risks] == [
        ("Lee Park", "resistant", ["Who owns renewals?"]),
        (FORMULA_NAME, "unaware", ["=cmd|' /C calc'!A0"]),
    ]
    assert [(m.name, m.from_level, m.to_level) for m in cx.moved] == [
        ("Lee Park", "unaware", "resistant"),
        ("Dana Reyes", "neutral", "supportive"),
    ]
    note = cx.events[0]
    assert note.title == "Note to the wider team"
    assert [e.name for e in note.surprised] == ["Lee Park", FORMULA_NAME, SCRIPT_NAME]
    assert [(e.name, e.reasons) for e in note.at_risk] == [("Chris Ode", ["stale-briefing"])]
    lee = next(row for row in rows if row.name == "Lee Park")
    assert (lee.last_briefed_version, lee.open_concerns, lee.quadrant, lee.desired) == (
        1,
        1,
        "manage closely",
        "supportive",
    )
    touchpoints = list(report.touchpoints(cx_plan))
    assert len(touchpoints) == 4 and all(t.summary is None for t in touchpoints)
    assert [t.occurred_at for t in touchpoints] == sorted((t.occurred_at for t in touchpoints), reverse=True)
    assert all(row.notes is None for row in rows)


def test_markdown(store: Store, now: datetime, ids: dict[str, int]) -> None:
    text = _render(store, now, "md")
    assert "_Generated Sunday 22 November 2026 at 10:00 GMT; times in Europe/London (GMT)_" in text
    headline = "Ready for Tuesday's announcement: no — 3 people would be surprised, 1 key stakeholder is at risk"
    assert f"\n**{headline}**\n" in text
    assert "| Briefed on v2 | 2 |" in text
    assert re.search(r"^Resistant\s+█+\s+1$", text, re.M)
    assert re.search(r"^Neutral\s+0$", text, re.M)
    assert "- **Lee Park** (Service) — resistant; concerns: “Who owns renewals?”" in text
    assert r"- Surprised: **\<script\>alert(1)\</script\>** — never briefed (call planned Mon 23 Nov)" in text
    assert "- At risk: **Chris Ode** (key) — last briefed Thu 8 Oct" in text
    assert "- Surprised: **Lee Park** (key) — heard only v1" in text
    # Lee's unaware → resistant is a first sighting: folded into a count, below the changes of mind.
    assert re.search(
        r"^- \w{3} \d+ Nov: \*\*Dana Reyes\*\*( \(key\))? neutral → supportive\n"
        r"- 1 first sighting ",
        text,
        re.M,
    )
    assert "**Lee Park** unaware" not in text
    assert "; owner: " in text and "### Buy-in by division" in text
    assert "<script>" not in text


def test_html_is_self_contained_and_escaped(store: Store, now: datetime, ids: dict[str, int]) -> None:
    page = _render(store, now, "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "=HYPERLINK(&quot;http://x&quot;)" in page
    links = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]*)""", page, re.I)
    assert not [link for link in links if link.lower().startswith(("http:", "https:", "//"))]
    assert "<link" not in page and "@import" not in page
    assert re.findall(r"url\(([^)]*)\)", page) == ["#plan0-hatch", "#plan1-hatch"]
    assert "@media print" in page and "size: A4" in page and "page-break-inside: avoid" in page
    assert "Generated Sunday 22 November 2026 at 10:00 GMT" in page
    assert "Ready for Tuesday&#x27;s announcement: no" in page


def test_html_chart_has_a_bar_per_level_with_counts(store: Store, now: datetime, ids: dict[str, int]) -> None:
    page = _render(store, now, "html")
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(charts) == 2
    cx = charts[0]
    assert re.findall(r'class="bar bar-(\w+)"', cx) == ["unaware", "resistant", "neutral", "supportive", "leading"]
    counts = re.findall(r'class="count">(\d+)<', cx)
    assert counts == ["3", "1", "0", "1", "0"]
    assert "Stance distribution of 5" in cx


def test_json(store: Store, now: datetime, ids: dict[str, int]) -> None:
    data = json.loads(_render(store, now, "json"))
    assert data["generated_at"] == "2026-11-22T10:00:00+00:00"
    cx = data["plans"][0]
    assert set(cx) >= {
        "plan",
        "current_version",
        "readiness",
        "stance_distribution",
        "key_risks",
        "events",
        "moved_this_week",
        "stakeholders",
    }
    assert cx["plan"] == PLAN and cx["current_version"] == 2
    assert cx["readiness"]["ready"] is False
    event = cx["events"][0]
    assert set(event) >= {"id", "title", "kind", "starts_at", "plan", "version", "surprised", "at_risk"}
    assert set(event["surprised"][0]) >= {
        "id",
        "name",
        "email",
        "organization",
        "influence",
        "interest",
        "key",
        "reasons",
        "last_briefed_version",
        "last_briefed_at",
        "planned_at",
    }
    assert [e["name"] for e in event["surprised"]] == ["Lee Park", FORMULA_NAME, SCRIPT_NAME]
    assert cx["moved_this_week"][0] == {
        "id": ids["lee"],
        "name": "Lee Park",
        "key": True,
        "from": "unaware",
        "to": "resistant",
        "at": "2026-11-20T10:00:00+00:00",
    }
    row = next(r for r in cx["stakeholders"] if r["name"] == "Lee Park")
    assert row["last_briefed_version"] == 1 and row["open_concerns"] == 1 and "notes" not in row


def test_plan_filter(store: Store, now: datetime, ids: dict[str, int]) -> None:
    from db.models import Plan

    with store.session() as session:
        report = build_status(session, now=now, plan=session.get(Plan, ids["other"]))
        (only,) = report.plans
    assert only.name == OTHER_PLAN
    assert [e.title for e in only.events] == ["Bonus preview"]


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_notes_only_when_asked(store: Store, now: datetime, ids: dict[str, int], fmt: str) -> None:
    text = _render(store, now, fmt)
    assert not [note for note in NOTES if note in text]
    assert "Who owns renewals?" in text  # concerns are the substance of the status


def test_json_with_notes(store: Store, now: datetime, ids: dict[str, int]) -> None:
    text = _render(store, now, "json", include_notes=True)
    assert PERSON_NOTE in text and HELD_NOTE in text


def test_no_plans(store: Store, now: datetime) -> None:
    assert "No plans yet." in _render(store, now, "md")
    assert json.loads(_render(store, now, "json"))["plans"] == []


def test_query_count_does_not_grow_with_people(store: Store, now: datetime, ids: dict[str, int]) -> None:
    """Set-based: twenty more people in the audience cost no extra queries."""
    import sqlalchemy as sa

    from stakeholders.people import add_person

    def count() -> int:
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        sa.event.listen(store.engine, "before_cursor_execute", listener)
        try:
            with store.session() as session:
                render_export(session, "json", now=now)
        finally:
            sa.event.remove(store.engine, "before_cursor_execute", listener)
        return len(statements)

    before = count()
    with store.write() as session:
        for i in range(20):
            add_person(session, {"name": f"Extra {i}", "influence": 4}, tags=["cx-team"])
    assert count() == before
