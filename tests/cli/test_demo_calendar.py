"""The demo story's calendar (§10): `stakeholders demo` also imports the calling campaign's calls."""

import json
from datetime import UTC, datetime

from tests.conftest import Cli


def test_the_demo_fills_did_this_happen_from_a_calendar(sqlite_cli: Cli) -> None:
    result = sqlite_cli.ok("demo")
    assert "6 calendar touchpoints" in result.stderr  # 2 past calls, 3 weekly office hours, 1 steering prep
    planned = [
        t
        for t in json.loads(sqlite_cli.ok("touchpoint", "list", "--planned", "--json").stdout)
        if t["channel"] == "meeting"
    ]
    now = datetime.now(UTC)
    waiting = {t["summary"]: t for t in planned if datetime.fromisoformat(t["occurred_at"]) < now}
    assert set(waiting) == {"CX programme: intro call with Hannah", "CX programme v2 catch-up (Americas)"}
    americas = waiting["CX programme v2 catch-up (Americas)"]
    assert sorted(americas["attendees"]) == ["Elena Rossi", "Sofia Lind"]  # Daniel declined
    assert (americas["plan"], americas["version"], americas["by"]) == ("CX programme", 2, "Sam Patel")
    office_hours = [t for t in planned if t["summary"] == "CX programme office hours"]
    assert len(office_hours) == 3  # a weekly series, expanded
    people = {p["name"] for p in json.loads(sqlite_cli.ok("list", "--all", "--json").stdout)}
    assert "Sam Patel" not in people and len(people) == 15  # the lead's own address is never a person
