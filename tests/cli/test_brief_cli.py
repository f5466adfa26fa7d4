"""`brief EVENT-ID` is read with the database's driver alone (stakeholders/rules/brief_direct.py): the same
text as the brief of the same event named by its title, which goes through the store."""

import json
from pathlib import Path

from tests.conftest import Cli


def _scene(cli: Cli) -> int:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com", "--influence", "5", "--tag", "cx-team", "--notes", "Hi")
    cli.ok("add", "Lee Park", "--influence", "4", "--tag", "cx-team", "--division", "Sales EMEA")
    cli.ok("add", "Sam Lo", "--tag", "cx-team")
    cli.ok("influence", "Dana", "Lee")
    cli.ok("plan", "add", "CX programme", "--summary", "One customer view")
    cli.ok("plan", "revise", "CX programme", "--summary", "Divisions keep accounts")
    cli.ok("log", "Dana", "--plan", "CX programme", "--when", "40 days ago", "--stance", "supportive")
    cli.ok("log", "Lee", "--plan", "CX programme", "--version", "1", "--when", "3 days ago", "--concern", "Renewals?")
    cli.ok("followup", "add", "Lee", "Send the deck", "--due", "yesterday")
    cli.ok("log", "Sam", "--plan", "CX programme", "--when", "tomorrow 10:00")
    cli.ok(
        "event", "add", "Note to the wider team", "--plan", "CX programme", "--when", "in 2 days", "--audience",
        "tag:cx-team", "--audience", "division:sales emea",
    )  # fmt: skip
    return int(json.loads(cli.ok("event", "list", "--json").stdout)[0]["id"])


def test_brief_by_id_is_the_brief_by_title(cli: Cli, tmp_path: Path) -> None:
    event_id = _scene(cli)
    for fmt in ("json", "md"):
        by_title = cli.ok("brief", "Note to the wider team", "--format", fmt).stdout
        by_id = cli.ok("brief", str(event_id), "--format", fmt).stdout
        assert by_id == by_title
    data = json.loads(cli.ok("brief", str(event_id), "--format", "json").stdout)
    assert (data["surprised"], [a["name"] for a in data["attendees"]]) == (
        ["Lee Park", "Sam Lo"],
        ["Dana Reyes", "Lee Park", "Sam Lo"],
    )
    target = tmp_path / "note.md"
    result = cli.ok("brief", str(event_id), "-o", str(target))
    assert result.stdout == "" and "wrote the brief (3 attendees)" in result.stderr
    assert target.read_text(encoding="utf-8") == cli.ok("brief", "Note to the wider team").stdout
    assert "no event '999'" in cli.fails(2, "brief", "999").stderr
