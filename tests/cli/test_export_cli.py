"""`stakeholders export` from the command line: formats, files, exit codes, privacy."""

import csv
import io
import json
import os
import re
import stat
from pathlib import Path

import icalendar
import openpyxl
import pytest

from tests.conftest import Cli

NOTE = "SECRET-CLI-NOTE"


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    cli.ok(
        "add",
        "Dana Reyes",
        "--email",
        "dana@example.com",
        "--influence",
        "4",
        "--tag",
        "cx-team",
        "--notes",
        f"{NOTE} person",
    )
    cli.ok("add", '=HYPERLINK("http://x")', "--title", "+44 20 7946 0000", "--tag", "cx-team")
    cli.ok("plan", "add", "CX programme", "--summary", "One customer view")
    cli.ok(
        "log",
        "Dana Reyes",
        "--plan",
        "CX programme",
        "--when",
        "yesterday",
        "--stance",
        "supportive",
        "--note",
        f"{NOTE} touchpoint",
    )
    cli.ok(
        "event",
        "add",
        "Note to the wider team",
        "--plan",
        "CX programme",
        "--when",
        "in 2 days",
        "--audience",
        "tag:cx-team",
    )
    return cli


@pytest.mark.parametrize(
    "fmt, marker",
    [
        ("md", "# Stakeholder status"),
        ("html", "<!DOCTYPE html>"),
        ("csv", "plan,name,email"),
        ("json", '"generated_at"'),
        ("ics", "BEGIN:VCALENDAR"),
    ],
)
def test_text_formats_go_to_stdout_without_notes(seeded: Cli, fmt: str, marker: str) -> None:
    out = seeded.ok("export", "--format", fmt).stdout
    assert marker in out
    assert NOTE not in out


def test_headline_and_surprised_person(seeded: Cli) -> None:
    out = seeded.ok("export", "--format", "md").stdout
    assert re.search(r"^\*\*Ready for \w+'s announcement: no — 1 person would be surprised\*\*$", out, re.M)
    assert '- Surprised: **=HYPERLINK("http://x")** — never briefed' in out


def test_csv_and_json_content(seeded: Cli) -> None:
    rows = list(csv.DictReader(io.StringIO(seeded.ok("export", "--format", "csv").stdout)))
    assert {r["name"] for r in rows} == {"Dana Reyes", '\'=HYPERLINK("http://x")'}
    assert {r["title"] for r in rows} == {"", "'+44 20 7946 0000"}
    data = json.loads(seeded.ok("export", "--format", "json").stdout)
    assert [p["plan"] for p in data["plans"]] == ["CX programme"]
    with_notes = seeded.ok("export", "--format", "csv", "--include-notes").stdout
    assert f"{NOTE} person" in with_notes


def test_output_file_is_owner_only(seeded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "status.html"
    result = seeded.ok("export", "--format", "html", "-o", str(target))
    assert result.stdout == ""
    assert "wrote html" in result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_xlsx_needs_a_file(seeded: Cli, tmp_path: Path) -> None:
    result = seeded.fails(2, "export", "--format", "xlsx")
    assert "xlsx is binary: give -o FILE" in result.stderr
    target = tmp_path / "status.xlsx"
    seeded.ok("export", "--format", "xlsx", "-o", str(target))
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert openpyxl.load_workbook(target).sheetnames == ["Summary", "Stakeholders", "Touchpoints", "Surprises"]


def test_ics_file(seeded: Cli, tmp_path: Path) -> None:
    target = tmp_path / "cal.ics"
    seeded.ok("export", "--format", "ics", "-o", str(target))
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Note to the wider team (CX programme v1)"]


def test_bad_usage_exits_2(seeded: Cli) -> None:
    assert "no plan 'Nope'" in seeded.fails(2, "export", "--format", "md", "--plan", "Nope").stderr
    seeded.fails(2, "export", "--format", "pdf")
    assert "whole number of days" in seeded.fails(2, "export", "--format", "md", "--stale-days", "0").stderr
    seeded.fails(2, "export", "--format", "md", env={"STAKEHOLDERS_STALE_DAYS": "soon"})
    seeded.fails(2, "export")


def test_stale_days_changes_the_status(seeded: Cli) -> None:
    # Dana was briefed yesterday: stale only if a briefing may be at most 1 day older than the event (in 2 days).
    strict = json.loads(seeded.ok("export", "--format", "json", "--stale-days", "1").stdout)
    relaxed = json.loads(seeded.ok("export", "--format", "json", env={"STAKEHOLDERS_STALE_DAYS": "30"}).stdout)
    assert strict["stale_days"] == 1 and relaxed["stale_days"] == 30
    assert [e["name"] for e in strict["plans"][0]["events"][0]["at_risk"]] == ["Dana Reyes"]
    assert relaxed["plans"][0]["events"][0]["at_risk"] == []


def test_plan_filter(seeded: Cli) -> None:
    seeded.ok("plan", "add", "Other plan", "--summary", "Something else")
    data = json.loads(seeded.ok("export", "--format", "json", "--plan", "other plan").stdout)
    assert [p["plan"] for p in data["plans"]] == ["Other plan"]
    assert data["plans"][0]["stakeholders"] == []


def test_empty_database(cli: Cli) -> None:
    assert "No plans yet" in cli.ok("export", "--format", "md").stdout
    assert cli.ok("export", "--format", "csv").stdout.startswith("plan,name")


def test_several_plans_and_the_touchpoint_window(seeded: Cli, tmp_path: Path) -> None:
    seeded.ok("plan", "add", "Other plan", "--summary", "Something else")
    data = json.loads(
        seeded.ok(
            "export", "--format", "json", "--plan", "Other plan", "--plan", "CX programme", "--plan", "cx programme"
        ).stdout
    )
    assert [p["plan"] for p in data["plans"]] == ["Other plan", "CX programme"]  # as named, each once
    cx = data["plans"][1]
    assert len(cx["touchpoints"]) == 1  # yesterday's call is in the default 90 days
    recent = json.loads(seeded.ok("export", "--format", "json", "--plan", "CX programme", "--since", "today").stdout)
    assert recent["plans"][0]["touchpoints"] == []  # the call was yesterday
    bad = seeded("export", "--format", "json", "--since", "the day after never")
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    out = tmp_path / "status.xlsx"
    seeded.ok("export", "--format", "xlsx", "--since", "30 days ago", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert [c.value for c in book["Touchpoints"][1]][:2] == ["When (Europe/London (GMT))", "Channel"]
    assert book["Touchpoints"].max_row == 2


def test_page_scope_leaves_out_quiet_plans_and_names_the_zone(seeded: Cli) -> None:
    page = seeded.ok("export", "--format", "md").stdout
    assert "times in Europe/London (GMT)" in page and "## CX programme" in page
    assert "### Buy-in by division" in page and "(no division)" in page
