"""`sync caldav` against a real CalDAV server (Radicale, from the test extras) started on loopback (§5.1)."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli

if not os.environ.get("CI"):  # in CI (.ci/run installs the test extras) a missing Radicale is a failure
    pytest.importorskip("radicale")
import icalendar  # noqa: E402

DATA = Path(__file__).parent.parent / "data" / "calendar"
USER, PASSWORD = "sam", "correct horse"
WINDOW = ("--since", "2026-10-01", "--until", "2026-12-31")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Radicale server with one user (htpasswd) and a calendar "Work" holding outlook.ics' entries."""
    root = tmp_path_factory.mktemp("radicale")
    (root / "users").write_text(f"{USER}:{PASSWORD}\n")
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(root / "collections"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(root / "users"),
            "--auth-htpasswd-encryption",
            "plain",
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("Radicale did not start") from None
                time.sleep(0.2)
        _fill(url)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _fill(url: str) -> None:
    """One object per UID, as a CalDAV client stores them (a server refuses several UIDs in one object)."""
    from caldav.davclient import DAVClient

    client = DAVClient(url=url, username=USER, password=PASSWORD)
    calendar = client.principal().make_calendar(name="Work")
    client.principal().make_calendar(name="Home")
    source = icalendar.Calendar.from_ical((DATA / "outlook.ics").read_bytes())
    zones = list(source.walk("VTIMEZONE"))
    by_uid: dict[str, list] = {}
    for event in source.walk("VEVENT"):
        by_uid.setdefault(str(event["UID"]), []).append(event)
    for events in by_uid.values():
        one = icalendar.Calendar()
        one.add("prodid", "-//tests//EN")
        one.add("version", "2.0")
        for component in (*zones, *events):
            one.add_component(component)
        calendar.save_event(one.to_ical().decode())


def _work_url(server: str) -> str:
    from caldav.davclient import DAVClient

    client = DAVClient(url=server, username=USER, password=PASSWORD)
    [work] = [c for c in client.principal().calendars() if c.get_display_name() == "Work"]
    return str(work.url)


@pytest.fixture
def team(sqlite_cli: Cli) -> Cli:
    for name, email in (
        ("Dana Reyes", "dana@example.com"),
        ("Lee Park", "lee.park@example.com"),
        ("Priya Natarajan", "priya@example.com"),
    ):
        sqlite_cli.ok("add", name, "--email", email)
    sqlite_cli.ok("plan", "add", "CX programme", "--summary", "One customer view")
    return sqlite_cli


ENV = {"STAKEHOLDERS_CALDAV_PASSWORD": PASSWORD, "STAKEHOLDERS_ME": "sam@example.com"}


def touchpoints(cli: Cli) -> list[dict]:
    return json.loads(cli.ok("touchpoint", "list", "--json").stdout)


def test_a_calendar_url_syncs_like_the_exported_file_and_again_changes_nothing(server: str, team: Cli) -> None:
    url = _work_url(server)
    first = json.loads(team.ok("sync", "caldav", url, "--user", USER, *WINDOW, "--json", env=ENV).stdout)
    assert (first["created"], len(first["skipped"])) == (6, 2)  # what `import outlook.ics` makes of it
    assert first["unknown_people"] == [{"name": "Jordan Blake", "email": "jordan.blake@partner.example"}]
    assert {t["status"] for t in touchpoints(team)} == {"planned"}
    again = json.loads(team.ok("sync", "caldav", url, "--user", USER, *WINDOW, "--json", env=ENV).stdout)
    assert (again["created"], again["updated"], again["dropped"], again["unchanged"]) == (0, 0, 0, 6)


def test_the_servers_url_with_calendar_name_and_the_file_then_the_server_never_duplicate(
    server: str, team: Cli
) -> None:
    team.ok("import", str(DATA / "outlook.ics"), *WINDOW, env=ENV)
    synced = json.loads(
        team.ok("sync", "caldav", server, "--user", USER, "--calendar", "work", *WINDOW, "--json", env=ENV).stdout
    )
    assert (synced["created"], synced["unchanged"]) == (0, 6)
    assert len(touchpoints(team)) == 6


def test_the_password_is_asked_when_not_in_the_environment(server: str, team: Cli) -> None:
    result = team.ok(
        "sync",
        "caldav",
        _work_url(server),
        "--user",
        USER,
        *WINDOW,
        "--dry-run",
        input=PASSWORD + "\n",
        env={"STAKEHOLDERS_ME": "sam@example.com"},
    )
    assert "touchpoints: would create 6" in result.stderr
    assert touchpoints(team) == []


def test_an_entry_deleted_on_the_server_drops_its_planned_touchpoint(server: str, team: Cli) -> None:
    from caldav.davclient import DAVClient

    url = _work_url(server)
    team.ok("sync", "caldav", url, "--user", USER, *WINDOW, env=ENV)
    calendar = DAVClient(url=server, username=USER, password=PASSWORD).calendar(url=url)
    [offsite] = [e for e in calendar.events() if "Finance offsite" in e.data]
    offsite.delete()
    try:
        result = json.loads(team.ok("sync", "caldav", url, "--user", USER, *WINDOW, "--json", env=ENV).stdout)
        assert (result["dropped"], result["unchanged"]) == (1, 5)
    finally:
        _fill_one(calendar, offsite.data)


def _fill_one(calendar: object, data: str) -> None:
    calendar.save_event(data)  # type: ignore[attr-defined]


def test_refused_credentials_are_a_failure_at_run_time_and_nothing_is_written(server: str, team: Cli) -> None:
    wrong = team.fails(
        1,
        "sync",
        "caldav",
        _work_url(server),
        "--user",
        USER,
        *WINDOW,
        env={"STAKEHOLDERS_CALDAV_PASSWORD": "not the password"},
    )
    [line] = wrong.stderr.strip().splitlines()
    assert line.startswith("error: ") and "refused the credentials for sam" in line
    assert "not the password" not in line
    assert touchpoints(team) == []


def test_an_unreachable_server_is_a_failure_at_run_time(team: Cli) -> None:
    team.refused(
        1,
        "sync",
        "caldav",
        f"http://127.0.0.1:{_free_port()}/sam/work/",
        *WINDOW,
        says=("cannot reach", "connection refused"),
    )


def test_a_server_url_without_calendar_names_the_calendars(server: str, team: Cli) -> None:
    result = team.fails(2, "sync", "caldav", server + "sam/", "--user", USER, *WINDOW, env=ENV)
    assert "is not a calendar: name one with --calendar" in result.stderr
    assert "Work" in result.stderr and "Home" in result.stderr
    result = team.fails(2, "sync", "caldav", server, "--user", USER, "--calendar", "Holidays", *WINDOW, env=ENV)
    assert "no calendar named 'Holidays'" in result.stderr


def test_the_password_is_never_an_argument(team: Cli) -> None:
    team.refused(2, "sync", "caldav", "http://127.0.0.1:1/", "--password", "x", says=("no such option",))


def test_an_address_that_is_not_http_is_bad_input(team: Cli) -> None:
    for url in ("not a url", "", "ftp://example.com/dav/", "http://[::1"):
        team.refused(2, "sync", "caldav", url, says=("is not a CalDAV address",))
