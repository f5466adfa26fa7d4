"""`import` of calendars and mail from the command line (§5.1): counts, idempotence, the lead's edits, usage."""

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Cli

DATA = Path(__file__).parent.parent / "data" / "calendar"
WINDOW = ("--since", "2026-10-01", "--until", "2026-12-31")
ME = {"STAKEHOLDERS_ME": "sam@example.com"}


@pytest.fixture
def team(cli: Cli) -> Cli:
    """Dana, Lee and Priya, and two plans; Sam (sam@example.com) is the lead importing."""
    for name, email in (
        ("Dana Reyes", "dana@example.com"),
        ("Lee Park", "lee.park@example.com"),
        ("Priya Natarajan", "priya@example.com"),
    ):
        cli.ok("add", name, "--email", email)
    cli.ok("plan", "add", "CX programme", "--summary", "One customer view")
    cli.ok("plan", "add", "Ideas platform", "--summary", "One place for ideas")
    return cli


def run(cli: Cli, *args: str, env: dict[str, str] | None = None) -> dict:
    result = cli.ok("import", *args, *WINDOW, "--json", env=ME if env is None else env)
    return json.loads(result.stdout)


def touchpoints(cli: Cli) -> list[dict]:
    return json.loads(cli.ok("touchpoint", "list", "--json").stdout)


def test_an_outlook_calendar_becomes_planned_meetings(team: Cli) -> None:
    report = run(team, str(DATA / "outlook.ics"))
    assert (report["format"], report["created"], report["updated"], report["dropped"], report["unchanged"]) == (
        "ics",
        6,
        0,
        0,
        0,
    )
    assert sorted(s["reason"] for s in report["skipped"]) == [
        "every stakeholder declined",
        "no stakeholder among the attendees",
    ]
    # Jordan is on the offsite with Priya; Mia only on a vendor demo with no stakeholder: not listed.
    assert report["unknown_people"] == [{"name": "Jordan Blake", "email": "jordan.blake@partner.example"}]
    found = touchpoints(team)
    assert {(t["status"], t["channel"], t["by"]) for t in found} == {("planned", "meeting", "tester")}
    weekly = [t for t in found if t["summary"].startswith("CX programme weekly")]
    assert len(weekly) == 5 and {(t["plan"], t["version"]) for t in weekly} == {("CX programme", 1)}
    assert all(t["attendees"] == ["Dana Reyes"] for t in weekly)  # not Lee (declined), not Sam (me), no room
    [offsite] = [t for t in found if t["summary"].startswith("Finance offsite")]
    assert offsite["plan"] is None and offsite["attendees"] == ["Priya Natarajan"]
    assert offsite["occurred_at"].startswith("2026-11-12T09:00:00")
    assert offsite["summary"] == "Finance offsite\nBudget walk-through"  # the description follows the title


def test_importing_the_same_calendar_again_changes_nothing(team: Cli) -> None:
    run(team, str(DATA / "outlook.ics"))
    again = run(team, str(DATA / "outlook.ics"))
    assert (again["created"], again["updated"], again["dropped"], again["unchanged"]) == (0, 0, 0, 6)
    assert len(touchpoints(team)) == 6


def test_a_dry_run_reports_the_same_counts_and_writes_nothing(team: Cli) -> None:
    result = team.ok("import", str(DATA / "google.ics"), *WINDOW, "--dry-run", env=ME)
    assert "touchpoints: would create 7, update 0, drop 0, unchanged 0; entries skipped: 2 (ics)" in result.stderr
    assert "dry run, nothing written" in result.stderr
    assert touchpoints(team) == []


def test_google_cancellations_moves_and_plans_named_in_titles(team: Cli) -> None:
    report = run(team, str(DATA / "google.ics"))
    assert (report["created"], [s["reason"] for s in report["skipped"]]) == (7, ["cancelled", "cancelled"])
    found = touchpoints(team)
    stand_ups = [t for t in found if t["summary"].startswith("Ideas platform stand-up")]
    assert len(stand_ups) == 5 and {t["plan"] for t in stand_ups} == {"Ideas platform"}
    [review] = [t for t in found if "review day" in t["summary"]]
    assert review["plan"] is None  # two plans named: none
    [coffee] = [t for t in found if t["summary"] == "Coffee with Lee"]
    assert coffee["attendees"] == ["Lee Park"]  # the organizer counts


def _edited(tmp_path: Path, name: str, *changes: tuple[str, str]) -> Path:
    target = tmp_path / name
    text = (DATA / name).read_bytes().decode()
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    target.write_bytes(text.encode())
    return target


def test_a_later_import_updates_cancels_drops_and_keeps_the_leads_edits(team: Cli, tmp_path: Path) -> None:
    path = tmp_path / "outlook.ics"
    shutil.copy(DATA / "outlook.ics", path)
    run(team, str(path))
    first = {t["occurred_at"][:10]: t for t in touchpoints(team)}
    # The lead confirms the 4 November meeting with a note, and rewrites the 25 November one's notes.
    team.ok("touchpoint", "held", str(first["2026-11-04"]["id"]), "--note", "Dana is on board")
    team.ok("touchpoint", "edit", str(first["2026-11-25"]["id"]), "--note", "Prep only")
    # Outlook's next export: the offsite moved a day and renamed, the moved stand-in cancelled,
    # the series one week shorter (9 December gone), the weekly meeting renamed.
    _edited(
        tmp_path,
        "outlook.ics",
        ("DTSTART;VALUE=DATE:20261112", "DTSTART;VALUE=DATE:20261113"),
        ("SUMMARY;LANGUAGE=en-us:Finance offsite", "SUMMARY;LANGUAGE=en-us:Finance offsite (budget)"),
        (
            "SUMMARY;LANGUAGE=en-us:CX programme weekly (moved to Thursday)",
            "STATUS:CANCELLED\r\nSUMMARY;LANGUAGE=en-us:CX programme weekly (moved to Thursday)",
        ),
        ("COUNT=6", "COUNT=5"),
        ("SUMMARY;LANGUAGE=en-us:CX programme weekly\r\n", "SUMMARY;LANGUAGE=en-us:CX programme check-in\r\n"),
    )
    report = run(team, str(path))
    # Updated: 4 Nov (title), 2 Dec (title), the offsite (day, title); dropped: 19 Nov (cancelled), 9 Dec
    # (gone); unchanged: 25 Nov, whose only change, the title, sits in notes the lead rewrote.
    assert (report["created"], report["updated"], report["dropped"], report["unchanged"]) == (0, 3, 2, 1)
    after = {t["occurred_at"][:10]: t for t in touchpoints(team)}
    assert sorted(after) == ["2026-11-04", "2026-11-13", "2026-11-25", "2026-12-02"]
    held = after["2026-11-04"]
    assert held["status"] == "held"  # the lead's status is never undone by a calendar
    assert held["summary"].startswith("CX programme check-in\nWeekly check-in on the CX programme.")
    assert held["summary"].endswith("\nDana is on board")  # the note the lead added is kept after the new title
    assert after["2026-11-25"]["summary"] == "Prep only"  # rewritten by the lead: kept
    assert after["2026-12-02"]["summary"].startswith("CX programme check-in")
    assert after["2026-11-13"]["summary"].startswith("Finance offsite (budget)")
    assert after["2026-11-13"]["occurred_at"].startswith("2026-11-13T09:00:00")


def test_a_plan_set_by_hand_survives_a_later_import(team: Cli) -> None:
    run(team, str(DATA / "google.ics"))
    [coffee] = [t for t in touchpoints(team) if t["summary"] == "Coffee with Lee"]
    team.ok("touchpoint", "edit", str(coffee["id"]), "--plan", "CX programme")
    run(team, str(DATA / "google.ics"))
    [coffee] = [t for t in touchpoints(team) if t["summary"] == "Coffee with Lee"]
    assert coffee["plan"] == "CX programme"


def test_removed_entries_are_dropped_only_inside_the_new_window(team: Cli, tmp_path: Path) -> None:
    path = tmp_path / "work.ics"
    shutil.copy(DATA / "outlook.ics", path)
    run(team, str(path))
    path.write_bytes(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\nEND:VCALENDAR\r\n"
    )
    result = team.ok("import", str(path), "--since", "2026-12-01", "--until", "2026-12-31", "--json", env=ME)
    assert json.loads(result.stdout)["dropped"] == 2  # 2 and 9 December; November is outside the window
    assert sorted(t["occurred_at"][:10] for t in touchpoints(team)) == [
        "2026-11-04",
        "2026-11-12",
        "2026-11-19",
        "2026-11-25",
    ]


def test_the_same_calendar_from_another_path_is_not_a_removal(team: Cli, tmp_path: Path) -> None:
    run(team, str(DATA / "outlook.ics"))
    empty = tmp_path / "other.ics"
    empty.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n")
    assert run(team, str(empty))["dropped"] == 0


def test_mail_is_held_contact_and_about_a_plan_only_with_plan(team: Cli) -> None:
    report = run(team, str(DATA / "thunderbird.mbox"))
    assert (report["format"], report["created"]) == ("mbox", 2)
    assert sorted(s["reason"] for s in report["skipped"]) == [
        "no readable Date header",
        "no stakeholder among the attendees",
    ]
    mails = touchpoints(team)
    assert {(t["status"], t["channel"], t["plan"]) for t in mails} == {("held", "email", None)}
    [deck] = [t for t in mails if t["summary"] == "CX programme – v2 deck"]
    assert sorted(deck["attendees"]) == ["Dana Reyes", "Priya Natarajan"]  # Lee was in Bcc
    dana = json.loads(team.ok("show", "dana@example.com", "--json").stdout)
    assert dana["last_contact"].startswith("2026-11-17T09:15:01")
    assert "Confidential" not in json.dumps(dana)  # the body is never stored
    assert dana["stance"] == {}


def test_mail_with_plan_is_a_briefing(team: Cli) -> None:
    report = run(team, str(DATA / "outlook.eml"), str(DATA / "apple_mail.eml"), "--plan", "Ideas platform")
    assert (report["format"], report["created"]) == ("eml", 2)
    found = touchpoints(team)
    assert {(t["plan"], t["version"], t["status"]) for t in found} == {("Ideas platform", 1, "held")}


def test_add_people_creates_the_unknown_people_of_entries_with_a_stakeholder(team: Cli) -> None:
    report = run(team, str(DATA / "outlook.ics"), "--add-people")
    assert report["people_added"] == 1 and report["unknown_people"] == []
    people = {p["email"]: p["name"] for p in json.loads(team.ok("list", "--json").stdout)}
    assert people["jordan.blake@partner.example"] == "Jordan Blake"
    assert "mia.chen@vendor.example" not in people and "sam@example.com" not in people
    [offsite] = [t for t in touchpoints(team) if t["summary"].startswith("Finance offsite")]
    assert sorted(offsite["attendees"]) == ["Jordan Blake", "Priya Natarajan"]


def test_the_importing_members_address_from_me_is_never_an_unknown_person(team: Cli) -> None:
    without = run(team, str(DATA / "outlook.ics"), "--dry-run", env={})
    assert {"name": "Sam Patel", "email": "sam@example.com"} in without["unknown_people"]
    given = run(team, str(DATA / "outlook.ics"), "--dry-run", "--me", "SAM@example.com", env={})
    assert given["unknown_people"] == [{"name": "Jordan Blake", "email": "jordan.blake@partner.example"}]


def test_at_most_ten_unknown_people_then_and_n_more(team: Cli, tmp_path: Path) -> None:
    guests = "".join(f"ATTENDEE;CN=Guest {i}:mailto:guest{i}@example.org\r\n" for i in range(13))
    path = tmp_path / "town-hall.ics"
    path.write_bytes(
        (
            f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:th1\r\nDTSTART:20261110T100000Z\r\n"
            f"SUMMARY:Town hall\r\nATTENDEE:mailto:dana@example.com\r\n{guests}END:VEVENT\r\n"
            f"END:VCALENDAR\r\n"
        ).encode()
    )
    result = team.ok("import", str(path), *WINDOW, env=ME)
    assert "13 people not in the database (--add-people creates them):" in result.stderr
    assert "  Guest 9 <guest9@example.org>" in result.stderr and "Guest 10 <" not in result.stderr
    assert "  and 3 more" in result.stderr
    assert "touchpoints: created 1, updated 0, dropped 0, unchanged 0; entries skipped: 0 (ics)" in result.stderr


def test_the_default_window_is_90_days_back_to_30_ahead(team: Cli, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:w{days}\r\nDTSTART:{(now + timedelta(days=days)):%Y%m%dT%H%M%SZ}\r\n"
        f"SUMMARY:Day {days}\r\nATTENDEE:mailto:dana@example.com\r\nEND:VEVENT\r\n"
        for days in (-91, -89, 29, 31)
    )
    path = tmp_path / "window.ics"
    path.write_bytes(f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n".encode())
    report = json.loads(team.ok("import", str(path), "--json").stdout)
    assert report["created"] == 2
    assert sorted(t["summary"] for t in touchpoints(team)) == ["Day -89", "Day 29"]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("{data}/outlook.ics", "--map", "Name=name"), "--map is for address books"),
        (("{data}/outlook.ics", "--tag", "x"), "--tag is for address books"),
        (("{import}/plain.csv", "--plan", "CX programme"), "--plan is for calendars and mail"),
        (("{import}/plain.csv", "--add-people"), "--add-people is for calendars and mail"),
        (("{data}/outlook.ics", "{import}/plain.csv"), "one kind per command"),
        (("{data}/outlook.ics", "--plan", "No such plan"), "no plan 'No such plan'"),
        (("{data}/outlook.ics", "--since", "2026-12-01", "--until", "2026-11-01"), "--since is after --until"),
        (("{import}/plain.csv", "--format", "ics"), "not a readable iCalendar file"),
    ],
)
def test_bad_usage_and_bad_input_exit_2_with_one_line(team: Cli, args: tuple[str, ...], says: str) -> None:
    data, imports = str(DATA), str(DATA.parent / "import")
    argv = [a.replace("{data}", data).replace("{import}", imports) for a in args]
    team.refused(2, "import", *argv, says=(says,))
    assert touchpoints(team) == []


def test_a_file_named_ics_that_is_not_a_calendar_is_refused(team: Cli, tmp_path: Path) -> None:
    path = tmp_path / "calendar.ics"
    path.write_text("name,email\nDana,dana@example.com\n")
    team.refused(2, "import", str(path), says=("does not look like an iCalendar file",))


def test_format_forces_the_reading_of_a_file_with_another_name(team: Cli, tmp_path: Path) -> None:
    renamed = tmp_path / "message.txt"
    shutil.copy(DATA / "outlook.eml", renamed)
    report = run(team, str(renamed), "--format", "eml")
    assert (report["format"], report["created"]) == ("eml", 1)
    assert sorted(touchpoints(team)[0]["attendees"]) == ["Dana Reyes", "Lee Park"]
