"""`surprises`, `brief` and `calls` through the real CLI, on SQLite and PostgreSQL.

The scene is built with the CLI and dates relative to the real clock:
- Note to the wider team (in 2 days, 09:00; audience tag:cx-team = Dana, Lee, Sam): Lee heard only v1, Sam
  was never briefed; Dana heard v2 two days ago (3 to 5 days before the note, so stale only under 3 days).
- Steering (in 5 days; Dana, Sam), Note to the board (in 6 days; Dana), Kick-off (10 days ago, held; Lee).
"""

import json
from pathlib import Path

import pytest

from tests.conftest import Cli

ENTRY_KEYS = {
    "id",
    "name",
    "email",
    "organization",
    "division",
    "influence",
    "interest",
    "key",
    "reasons",
    "last_briefed_version",
    "last_briefed_at",
    "planned_at",
}
EVENT_KEYS = {"id", "title", "kind", "starts_at", "plan", "version", "surprised", "at_risk"}


@pytest.fixture
def scene(cli: Cli) -> Cli:
    cli.ok(
        "add",
        "Dana Reyes",
        "--email",
        "dana@example.com",
        "--influence",
        "5",
        "--interest",
        "4",
        "--org",
        "Sales",
        "--tag",
        "cx-team",
        "--notes",
        "Prefers mornings",
    )
    cli.ok("add", "Lee Park", "--influence", "4", "--tag", "cx-team")
    cli.ok("add", "Sam Lo", "--tag", "cx-team")
    cli.ok("plan", "add", "CX programme", "--summary", "One customer view")
    cli.ok("plan", "revise", "CX programme", "--summary", "Divisions keep accounts")
    cli.ok("log", "Dana", "--plan", "CX programme", "--when", "2 days ago", "--stance", "supportive")
    cli.ok("log", "Lee", "--plan", "CX programme", "--version", "1", "--when", "3 days ago")
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
    cli.ok(
        "event",
        "add",
        "Steering",
        "--plan",
        "CX programme",
        "--when",
        "in 5 days",
        "--kind",
        "meeting",
        "--audience",
        "Dana",
        "--audience",
        "Sam",
    )
    cli.ok("event", "add", "Note to the board", "--plan", "CX programme", "--when", "in 6 days", "--audience", "Dana")
    cli.ok("event", "add", "Kick-off", "--plan", "CX programme", "--when", "10 days ago", "--audience", "Lee")
    cli.ok("event", "held", "Kick-off")
    return cli


def one_line_error(cli: Cli, code: int, *args: str, env: dict[str, str] | None = None) -> str:
    """The command fails with `code` and one `error:` line on stderr, nothing on stdout."""
    result = cli.fails(code, *args, env=env)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and result.stdout == "", result.output
    return lines[0]


def usage_error(cli: Cli, *args: str) -> str:
    """A usage error: exit 2, one `error:` line saying what is wrong and where the help is."""
    line = one_line_error(cli, 2, *args)
    assert line.endswith(f"(see 'stakeholders {args[0]} --help')"), line
    return line


def test_surprises_json(scene: Cli) -> None:
    data = json.loads(scene.ok("surprises", "--json").stdout)
    assert set(data) == {"as_of", "events"} and data["as_of"].endswith("+00:00")
    assert [e["title"] for e in data["events"]] == ["Note to the wider team", "Steering", "Note to the board"]
    note = data["events"][0]
    assert set(note) == EVENT_KEYS and (note["plan"], note["version"], note["kind"]) == (
        "CX programme",
        2,
        "announcement",
    )
    assert all(set(e) == ENTRY_KEYS for e in note["surprised"] + note["at_risk"])
    assert [(e["name"], e["reasons"], e["key"], e["last_briefed_version"]) for e in note["surprised"]] == [
        ("Lee Park", ["outdated-version"], True, 1),
        ("Sam Lo", ["never-briefed"], False, None),
    ]
    assert note["at_risk"] == [] and note["starts_at"].endswith("+00:00")


def test_stale_days_flag_and_env(scene: Cli) -> None:
    def at_risk(*args: str, env: dict[str, str] | None = None) -> list[str]:
        data = json.loads(scene.ok("surprises", "Note to the wider", "--json", *args, env=env).stdout)
        return [f"{e['name']}:{','.join(e['reasons'])}" for e in data["events"][0]["at_risk"]]

    assert at_risk() == []
    assert at_risk("--stale-days", "3") == ["Dana Reyes:stale-briefing"]
    assert at_risk(env={"STAKEHOLDERS_STALE_DAYS": "3"}) == ["Dana Reyes:stale-briefing"]
    assert at_risk("--stale-days", "5", env={"STAKEHOLDERS_STALE_DAYS": "3"}) == []  # the flag wins
    assert "--stale-days" in one_line_error(scene, 2, "surprises", "--stale-days", "0")
    assert "'soon'" in one_line_error(scene, 2, "surprises", "--stale-days", "soon")
    one_line_error(scene, 2, "brief", "Steering", "--stale-days", "-1")
    assert "STAKEHOLDERS_STALE_DAYS" in one_line_error(scene, 2, "surprises", env={"STAKEHOLDERS_STALE_DAYS": "x"})


def test_surprises_named_event_and_errors(scene: Cli) -> None:
    held = json.loads(scene.ok("surprises", "kick-off", "--json").stdout)["events"]
    assert [(e["title"], [p["name"] for p in e["surprised"]]) for e in held] == [("Kick-off", ["Lee Park"])]
    assert "no event 'Town hall'" in one_line_error(scene, 2, "surprises", "Town hall")
    message = one_line_error(scene, 2, "surprises", "Note to")
    assert "matches 2 events" in message and "Note to the board" in message


def test_surprises_text(scene: Cli) -> None:
    out = scene.ok("surprises").stdout
    assert "\x1b[" not in out  # no colour off a terminal
    note, steering, board = out.split("\n\n")
    assert "Note to the wider team  (announcement, CX programme v2, 3 in audience)" in note.splitlines()[0]
    lines = note.splitlines()
    assert lines[1] == "  2 would be surprised:" and len(lines) == 4
    assert lines[2].startswith("    KEY Lee Park  heard only v1 (") and lines[3] == "        Sam Lo    never briefed"
    assert "  1 would be surprised:" in steering and "nobody would be surprised" in board


def test_surprises_with_no_events(cli: Cli) -> None:
    result = cli.ok("surprises")
    assert result.stdout == "" and "no upcoming planned events" in result.stderr
    assert json.loads(cli.ok("surprises", "--json").stdout)["events"] == []


def test_calls(scene: Cli) -> None:
    data = json.loads(scene.ok("calls", "--json").stdout)
    assert [set(item) for item in data] == [{"id", "name", "email", "event", "deadline", "reasons", "planned_at"}] * 2
    assert [(i["name"], i["event"], i["reasons"]) for i in data] == [
        ("Lee Park", "Note to the wider team", ["outdated-version"]),
        ("Sam Lo", "Note to the wider team", ["never-briefed"]),
    ]  # Sam once, under the soonest event
    text = scene.ok("calls").stdout.splitlines()
    assert text[0].startswith("by ") and text[0].endswith("Note to the wider team")
    assert text[1].startswith("  KEY Lee Park  heard only v1") and text[2] == "      Sam Lo    never briefed"


def test_brief_markdown_json_and_file(scene: Cli, tmp_path: Path) -> None:
    md = scene.ok("brief", "Steering").stdout
    assert md.startswith("# Brief: Steering\n") and "**Would be surprised (1):** Sam Lo" in md
    assert "## Dana Reyes (key) — Sales\n" in md and "- notes: Prefers mornings" in md
    data = json.loads(scene.ok("brief", "Steering", "--format", "json").stdout)
    assert set(data) == {"event", "plan", "version", "surprised", "attendees"}
    assert (data["event"]["title"], data["plan"], data["version"], data["surprised"]) == (
        "Steering",
        "CX programme",
        2,
        ["Sam Lo"],
    )
    assert [a["name"] for a in data["attendees"]] == ["Dana Reyes", "Sam Lo"]
    ad_hoc = json.loads(
        scene.ok(
            "brief", "--with", "Lee", "--with", "dana@example.com", "--plan", "cx programme", "--format", "json"
        ).stdout
    )
    assert (ad_hoc["event"], ad_hoc["surprised"]) == (None, ["Lee Park"])
    target = tmp_path / "steering.md"
    result = scene.ok("brief", "Steering", "-o", str(target))
    assert result.stdout == "" and target.read_text(encoding="utf-8") == md
    assert "wrote the brief" in result.stderr


def test_brief_usage_errors(scene: Cli, tmp_path: Path) -> None:
    assert "give an EVENT" in usage_error(scene, "brief")
    assert "--with needs --plan" in usage_error(scene, "brief", "--with", "Lee")
    assert "not both" in usage_error(scene, "brief", "Steering", "--with", "Lee", "--plan", "CX programme")
    assert "drop --plan" in usage_error(scene, "brief", "Steering", "--plan", "CX programme")
    assert "'pdf'" in usage_error(scene, "brief", "Steering", "--format", "pdf")
    assert "no event 'Nope'" in one_line_error(scene, 2, "brief", "Nope")
    assert "no plan" in one_line_error(scene, 2, "brief", "--with", "Lee", "--plan", "Nope")
    assert "create it first" in one_line_error(scene, 2, "brief", "Steering", "-o", str(tmp_path / "no" / "b.md"))
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", ["surprises", "brief", "calls"])
def test_help_has_an_example(cli: Cli, command: str) -> None:
    assert "Example" in cli.ok(command, "--help").stdout
