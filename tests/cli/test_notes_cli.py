"""concern list/resolve and followup add/list/done (PRODUCT.md §4)."""

import json
from typing import Any

import pytest

from tests.conftest import Cli


def concerns(cli: Cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli.ok("concern", "list", "--json", *args).stdout)


def follow_ups(cli: Cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli.ok("followup", "list", "--json", *args).stdout)


def _seed(cli: Cli) -> Cli:
    """Two plans, three concerns: Dana's two on CX, Lee's one on Sales."""
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com")
    cli.ok("add", "Lee Park")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.ok("plan", "revise", "CX programme", "--summary", "Divisions keep accounts")
    cli.ok("plan", "add", "Sales incentives", "--summary", "New model")
    cli.ok(
        "log",
        "Dana",
        "--plan",
        "CX programme",
        "--when",
        "2025-01-15 10:00",
        "--concern",
        "Who owns renewals?",
        "--concern",
        "Budget",
    )
    cli.ok("log", "Lee", "--plan", "Sales incentives", "--when", "2025-01-16 10:00", "--concern", "Quota fairness")
    return cli


@pytest.fixture
def heard(cli: Cli) -> Cli:
    return _seed(cli)


@pytest.fixture
def sqlite_heard(sqlite_cli: Cli) -> Cli:
    return _seed(sqlite_cli)


def test_concern_list_json_carries_the_contract_fields(heard: Cli) -> None:
    items = concerns(heard)
    assert [{k: c[k] for k in ("id", "stakeholder", "email", "plan", "text", "status")} for c in items] == [
        {
            "id": 1,
            "stakeholder": "Dana Reyes",
            "email": "dana@example.com",
            "plan": "CX programme",
            "text": "Who owns renewals?",
            "status": "open",
        },
        {
            "id": 2,
            "stakeholder": "Dana Reyes",
            "email": "dana@example.com",
            "plan": "CX programme",
            "text": "Budget",
            "status": "open",
        },
        {
            "id": 3,
            "stakeholder": "Lee Park",
            "email": None,
            "plan": "Sales incentives",
            "text": "Quota fairness",
            "status": "open",
        },
    ]
    assert [c["touchpoint_id"] for c in items] == [1, 1, 2]
    assert [c["id"] for c in concerns(heard, "--plan", "sales incentives")] == [3]
    heard.refused(2, "concern", "list", "--plan", "Nope", says=("no plan 'Nope'",))


def test_resolving_a_concern_by_version_or_note(heard: Cli) -> None:
    assert heard.ok("concern", "resolve", "1", "--version", "2", "--note", "Divisions keep accounts").stderr == (
        "resolved concern #1\n"
    )
    heard.ok("concern", "resolve", "3", "--note", "Quotas reviewed")
    first = concerns(heard)[0]
    assert (first["status"], first["resolved_version"], first["resolution"]) == (
        "resolved",
        2,
        "Divisions keep accounts",
    )
    assert first["resolved_at"].endswith("+00:00")
    assert (concerns(heard)[2]["resolved_version"], concerns(heard)[2]["resolution"]) == (None, "Quotas reviewed")
    assert [c["id"] for c in concerns(heard, "--open")] == [2]
    assert [c["id"] for c in concerns(heard, "--open", "--plan", "Sales incentives")] == []
    heard.refused(1, "concern", "resolve", "1", "--note", "again", says=("concern 1 is already resolved",))


def test_resolve_refusals_leave_the_concern_open(sqlite_heard: Cli) -> None:
    sqlite_heard.refused(2, "concern", "resolve", "2", says=("say how it was resolved",))
    sqlite_heard.refused(2, "concern", "resolve", "2", "--version", "3", says=("has no version 3 (current is 2)",))
    sqlite_heard.refused(2, "concern", "resolve", "99", "--note", "x", says=("no concern 99",))
    assert concerns(sqlite_heard)[1]["status"] == "open"


def test_concern_list_text(sqlite_heard: Cli) -> None:
    lines = sqlite_heard.ok("concern", "list", "--open").stdout.splitlines()
    assert lines[0].split() == ["ID", "WHO", "PLAN", "STATUS", "CONCERN"]
    assert [line.split()[0] for line in lines[1:]] == ["1", "2", "3"]


def test_followup_add_list_done(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes")
    cli.ok("add", "Lee Park")
    result = cli.ok("followup", "add", "Dana", "lee", "Send the v2 deck", "--due", "2025-01-20 17:00", "--by", "alex")
    assert result.stdout == "1\n"
    assert result.stderr == "follow-up #1 due 2025-01-20 17:00\n"
    cli.ok("followup", "add", "Lee", "Book the steering slot", "--due", "2099-03-01")
    first = {
        "id": 1,
        "text": "Send the v2 deck",
        "owner": "alex",
        "due_at": "2025-01-20T17:00:00+00:00",
        "done_at": None,
        "overdue": True,
        "stakeholders": ["Dana Reyes", "Lee Park"],
        "touchpoint_id": None,
    }
    second = {
        "id": 2,
        "text": "Book the steering slot",
        "owner": "tester",
        "due_at": "2099-03-01T09:00:00+00:00",
        "done_at": None,
        "overdue": False,
        "stakeholders": ["Lee Park"],
        "touchpoint_id": None,
    }
    assert follow_ups(cli) == [first, second]
    assert follow_ups(cli, "--overdue") == [first]
    assert cli.ok("followup", "done", "1").stderr == "follow-up #1 done\n"
    assert follow_ups(cli) == [second]
    assert follow_ups(cli, "--overdue") == []
    [done, _] = follow_ups(cli, "--all")
    assert done["id"] == 1 and done["done_at"].endswith("+00:00") and done["overdue"] is False
    cli.refused(1, "followup", "done", "1", says=("follow-up 1 was already done: “Send the v2 deck”",))
    cli.refused(2, "followup", "done", "5", says=("no follow-up 5",))
    entry = json.loads(cli.ok("history", "Dana", "--json").stdout)[-1]
    assert (entry["summary"], entry["before"], entry["actor"]) == ("kept follow-up 1", {"done_at": None}, "tester")


def test_followup_list_text_marks_overdue(sqlite_cli: Cli) -> None:
    assert "no open follow-ups" in sqlite_cli.ok("followup", "list").stderr
    sqlite_cli.ok("add", "Dana Reyes")
    sqlite_cli.ok("followup", "add", "Dana", "Call back", "--due", "2025-01-20")
    lines = sqlite_cli.ok("followup", "list").stdout.splitlines()
    assert lines[0].split() == ["ID", "DUE", "OWNER", "OWED", "TO", "PROMISE"]
    assert lines[1].split() == ["1", "2025-01-20", "09:00", "overdue", "tester", "Dana", "Reyes", "Call", "back"]


def test_followup_refusals(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("add", "Dana Reyes")
    sqlite_cli.refused(
        2, "followup", "add", "Nobody", "Call back", "--due", "tomorrow", says=("no stakeholder 'Nobody'",)
    )
    sqlite_cli.refused(2, "followup", "add", "Dana", "Call back", "--due", "soonish", says=("cannot read date",))
    sqlite_cli.refused(2, "followup", "add", "Dana", "  ", "--due", "tomorrow", says=("needs its text",))
    assert "give at least one PERSON" in sqlite_cli.fails(2, "followup", "add", "Call back", "--due", "x").stderr
    assert sqlite_cli.fails(2, "followup", "add", "Dana", "Call back").exit_code == 2  # --due is required
    assert follow_ups(sqlite_cli, "--all") == []
