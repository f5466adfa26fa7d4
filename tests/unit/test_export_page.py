"""The one printed page per plan at scale (§6), and the streamed tables, on a 2,000-person plan.

The crowd, hand-counted (plan "Rollout", version 2 approved by the CMO; one announcement to tag
`crowd`, everyone, presenting v2 in two days; nobody briefed, so all 2,000 are surprised):
- Sales EMEA: 800 people, none on side; IT: 600, 300 supportive; Finance: 400, all leading;
  no division: 200, 100 supportive. Furthest behind first: Sales EMEA 0%, IT 50%, Finance 100%,
  then "(no division)" last whatever its share.
- 20 key people (influence 5, every 40th of Sales EMEA from the second) are resistant: 20 key risks,
  4 shown, "and 16 more".
- 10 of those changed their mind this week (neutral 8 days ago → resistant 2 days ago): 10 key
  moves, 4 shown, "and 6 more"; the 800 supportive/leading stances observed 3 days ago are first
  sightings (unaware → …), folded into one count, as are the 10 others' resistant stances.
- every 100th person is named like a formula (`=SUM(A1)`), to be neutralised in csv and xlsx.
"""

import csv
import io
import json
from datetime import datetime, timedelta

import openpyxl
import pytest

from db.enums import EventKind, StanceLevel
from db.models import Stakeholder, StakeholderTag, Stance
from db.store import Store
from stakeholders.events import AudienceTarget, add_event
from stakeholders.formats.export import render_export
from stakeholders.formats.export import xlsx as xlsx_writer
from stakeholders.plans import add_plan, approve_version, revise_plan
from stakeholders.resolve import tag_named

PEOPLE = 2000
DIVISIONS = [("Sales EMEA", 800, 0), ("IT", 600, 300), ("Finance", 400, 400), (None, 200, 100)]


@pytest.fixture
def crowd(store: Store, now: datetime) -> int:
    with store.write() as s:
        plan = add_plan(s, "Rollout", "One customer view")
        revise_plan(s, plan, "Accounts stay with the divisions", "ownership stays with the divisions")
        approve_version(s, plan, 2, "Maria (CMO)", now - timedelta(days=1))
        people: list[Stakeholder] = []
        for division, count, _ in DIVISIONS:
            for _ in range(count):
                i = len(people)
                name = f"=SUM(A{i})" if i % 100 == 0 else f"Person {i:04d}"
                people.append(
                    Stakeholder(
                        name=name,
                        name_key=name.lower(),
                        division=division,
                        division_key=division.lower() if division else None,
                        influence=5 if i < 800 and i % 40 == 1 else 2,
                        interest=2,
                        owner="sam",
                    )
                )
        s.add_all(people)
        s.flush()
        tag = tag_named(s, "crowd", create=True)
        assert tag is not None
        s.add_all([StakeholderTag(stakeholder_id=p.id, tag_id=tag.id) for p in people])  # type: ignore[arg-type]
        start = 0
        for _, count, on_side in DIVISIONS:
            level = StanceLevel.LEADING if on_side == count else StanceLevel.SUPPORTIVE
            s.add_all(
                [
                    Stance(
                        stakeholder_id=p.id,
                        plan_id=plan.id,
                        level=level,  # type: ignore[arg-type]
                        observed_at=now - timedelta(days=3),
                    )
                    for p in people[start : start + on_side]
                ]
            )
            start += count
        key = [p for p in people if p.influence == 5]
        assert len(key) == 20 and all(p.division == "Sales EMEA" for p in key)  # none of them on side
        for n, p in enumerate(key):
            if n < 10:
                s.add(
                    Stance(
                        stakeholder_id=p.id,
                        plan_id=plan.id,
                        level=StanceLevel.NEUTRAL,  # type: ignore[arg-type]
                        observed_at=now - timedelta(days=8),
                    )
                )
            s.add(
                Stance(
                    stakeholder_id=p.id,
                    plan_id=plan.id,
                    level=StanceLevel.RESISTANT,  # type: ignore[arg-type]
                    observed_at=now - timedelta(days=2),
                )
            )
        add_event(s, "All-hands", plan, 2, now + timedelta(days=2), EventKind.ANNOUNCEMENT, [AudienceTarget(tag=tag)])
        return plan.id  # type: ignore[return-value]


def _render(store: Store, now: datetime, fmt: str) -> str | bytes:
    with store.session() as session:
        return render_export(session, fmt, now=now)


def _text(store: Store, now: datetime, fmt: str) -> str:
    text = _render(store, now, fmt)
    assert isinstance(text, str)
    return text


def test_page_lists_are_bounded_key_first(store: Store, now: datetime, crowd: int) -> None:
    text = _render(store, now, "md")
    assert isinstance(text, str)
    assert "_Approved by Maria (CMO) on Sat 21 Nov 2026, 10:00_" in text
    assert "What changed: ownership stays with the divisions" in text
    # The resistant key people are surprised (never briefed), which outranks being at risk.
    assert "**Ready for Tuesday's announcement: no — 2000 people would be surprised**" in text
    risks = text.split("### Key risks")[1].split("###")[0]
    assert risks.count("— resistant; owner: sam") == 4 and "- and 16 more" in risks
    event = text.split("### Upcoming events")[1].split("### What moved")[0]
    assert "**2,000 would be surprised**, 0 at risk" in event
    flagged = [line for line in event.splitlines() if line.startswith("- Surprised:")]
    assert len(flagged) == 5 and all("(key)" in line for line in flagged)  # key stakeholders first
    assert "- and 1,995 more" in event
    moved = text.split("### What moved this week")[1]
    assert moved.count("neutral → resistant") == 4 and "- and 6 more" in moved
    assert "- 810 first sightings (unaware → a stance)" in moved
    assert len(text) < 12_000


def test_buy_in_by_division_furthest_behind_first(store: Store, now: datetime, crowd: int) -> None:
    text = _text(store, now, "md")
    table = text.split("### Buy-in by division")[1].split("###")[0]
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [(r[0].lstrip("| "), r[1]) for r in rows] == [
        ("Sales EMEA", "0 of 800 (0%)"),
        ("IT", "300 of 600 (50%)"),
        ("Finance", "400 of 400 (100%)"),
        (r"(no division)", "100 of 200 (50%)"),
    ]
    # Who in each would be surprised: the first three, key stakeholders first, then how many more.
    assert rows[0][2].startswith("Person 0001, Person 0041, Person 0081, and 797 more")


def test_html_of_a_2000_person_plan_stays_under_100_kb(store: Store, now: datetime, crowd: int) -> None:
    page = _render(store, now, "html")
    assert isinstance(page, str)
    assert len(page.encode("utf-8")) < 100_000
    assert page.count('class="plan"') == 1 and "and 16 more" in page and "times in Europe/London (GMT)" in page


def test_default_scope_leaves_out_quiet_plans_unless_named(store: Store, now: datetime, crowd: int) -> None:
    import sqlalchemy as sa
    from sqlmodel import select

    from db.models import Plan, PlanVersion

    with store.write() as s:
        quiet = add_plan(s, "Dormant idea", "Nothing planned")
        quiet_id = quiet.id
        # Nothing in the last 30 days: not even its version's creation.
        s.execute(
            sa.update(PlanVersion)
            .where(PlanVersion.plan_id == quiet_id)  # type: ignore[arg-type]
            .values(created_at=now - timedelta(days=60))
        )
    assert "Dormant idea" not in _render(store, now, "md")
    with store.session() as session:
        dormant = session.exec(select(Plan).where(Plan.id == quiet_id)).one()
        named = render_export(session, "md", now=now, plans=[dormant])
    assert "## Dormant idea" in named and "## Rollout" not in named


def test_streamed_csv_rows_headers_and_neutralised(store: Store, now: datetime, crowd: int) -> None:
    text = _render(store, now, "csv")
    rows = list(csv.reader(io.StringIO(text)))  # type: ignore[arg-type]
    assert rows[0][:6] == ["plan", "name", "email", "title", "organization", "division"]
    assert len(rows) == 1 + PEOPLE
    names = [r[1] for r in rows[1:]]
    assert sum(n.startswith("'=SUM(") for n in names) == 20 and not any(n.startswith("=") for n in names)


def test_streamed_json_holds_every_row(store: Store, now: datetime, crowd: int) -> None:
    data = json.loads(_text(store, now, "json"))
    (plan,) = data["plans"]
    assert len(plan["stakeholders"]) == PEOPLE and plan["approved_by"] == "Maria (CMO)"
    assert [d["division"] for d in plan["divisions"]] == ["Sales EMEA", "IT", "Finance", "(no division)"]
    assert len(plan["key_risks"]) == 20 and plan["key_risks"][0]["owner"] == "sam"


def test_streamed_xlsx_continues_past_the_row_limit(
    store: Store, now: datetime, crowd: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_writer, "EXCEL_ROWS", 900)  # as if Excel held 900 rows a sheet
    book = openpyxl.load_workbook(io.BytesIO(_render(store, now, "xlsx")))  # type: ignore[arg-type]
    assert book.sheetnames == [
        "Summary",
        "Stakeholders",
        "Stakeholders (2)",
        "Stakeholders (3)",
        "Touchpoints",
        "Surprises",
        "Surprises (2)",
        "Surprises (3)",
    ]
    parts = [list(book[name].iter_rows(values_only=True)) for name in book.sheetnames[1:4]]
    assert [len(p) for p in parts] == [900, 900, 1 + PEOPLE - 2 * 899]
    assert all(p[0][:2] == ("Plan", "Name") for p in parts)
    values = [v for part in parts for row in part[1:] for v in row if isinstance(v, str)]
    assert not [v for v in values if v.startswith(("=", "+", "-", "@"))]
    summary = book["Summary"]
    assert summary.page_setup.fitToWidth == 1 and summary.sheet_properties.pageSetUpPr.fitToPage
    assert summary.page_setup.orientation == "landscape"
    assert [c.value for c in summary[2]][:4] == [
        "Rollout",
        2,
        "Ready for Tuesday's announcement: no — 2000 people would be surprised",
        "no",
    ]
