"""Every kind of change shows in `history PERSON --json` with time, actor and before/after (PRODUCT.md §2, §8).

One story of changes is played through the CLI on each backend; then each
kind of change is looked up in Dana's history by its entity and summary.
"""

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from tests.conftest import Cli

Entry = dict[str, Any]


def _story(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com", "--tag", "cx-team")
    cli.ok("add", "Lee Park", "--email", "lee@example.com")
    cli.ok("add", "D. Reyes", "--phone", "+44 20 7946 0000")
    cli.ok("plan", "add", "CX programme", "--summary", "One customer view")
    cli.ok("edit", "Dana Reyes", "--title", "VP Sales")
    cli.ok("edit", "Dana Reyes", "--tag", "steering", "--untag", "cx-team")
    cli.ok("archive", "Dana Reyes")
    cli.ok("unarchive", "Dana Reyes")
    logged = cli.ok(
        "log",
        "Dana Reyes",
        "Lee Park",
        "--plan",
        "CX programme",
        "--when",
        "yesterday 15:00",
        "--stance",
        "supportive",
        "--concern",
        "Dana Reyes=Who owns renewals?",
        "--follow-up",
        "Send the deck",
        "--due",
        "tomorrow",
    ).stdout.strip()
    cli.ok("touchpoint", "edit", logged, "--note", "Went well")
    planned = cli.ok("log", "Dana Reyes", "--plan", "CX programme", "--when", "in 3 days").stdout.strip()
    cli.ok("touchpoint", "held", planned, "--stance", "neutral")
    dropped = cli.ok("log", "Dana Reyes", "--when", "in 4 days").stdout.strip()
    cli.ok("touchpoint", "drop", dropped)
    cli.ok("stance", "Dana Reyes", "leading", "--plan", "CX programme")
    cli.ok("stance", "Dana Reyes", "leading", "--plan", "CX programme", "--desired")
    [concern] = json.loads(cli.ok("concern", "list", "--json").stdout)
    cli.ok("concern", "resolve", str(concern["id"]), "--note", "Divisions keep their accounts")
    [follow_up] = json.loads(cli.ok("followup", "list", "--json").stdout)
    cli.ok("followup", "done", str(follow_up["id"]))
    cli.ok("influence", "Lee Park", "Dana Reyes")
    cli.ok("merge", "D. Reyes", "--into", "Dana Reyes")
    cli.ok(
        "event",
        "add",
        "Steering committee",
        "--plan",
        "CX programme",
        "--when",
        "in 5 days",
        "--kind",
        "meeting",
        "--audience",
        "Dana Reyes",
    )
    cli.ok("event", "edit", "Steering committee", "--when", "in 6 days 10:00")


def _has(
    entity: str, action: str, summary: str, check: Callable[[Entry], bool] = lambda e: True
) -> Callable[[Entry], bool]:
    return lambda e: e["entity"] == entity and e["action"] == action and summary in e["summary"] and check(e)


# kind of change -> how to find its entry; before/after are checked for every entry below.
KINDS: dict[str, Callable[[Entry], bool]] = {
    "add": _has("stakeholder", "create", "added Dana Reyes", lambda e: e["after"]["email"] == "dana@example.com"),
    "edit": _has(
        "stakeholder",
        "update",
        "edited",
        lambda e: e["before"] == {"title": None} and e["after"] == {"title": "VP Sales"},
    ),
    "tag": _has("stakeholder", "update", "edited", lambda e: e["after"].get("tags added") == ["steering"]),
    "untag": _has("stakeholder", "update", "edited", lambda e: e["after"].get("tags removed") == ["cx-team"]),
    "archive": _has(
        "stakeholder",
        "update",
        "archived Dana",
        lambda e: e["before"]["archived_at"] is None and e["after"]["archived_at"] is not None,
    ),
    "unarchive": _has("stakeholder", "update", "unarchived Dana", lambda e: e["after"]["archived_at"] is None),
    "log": _has("touchpoint", "create", "logged call"),
    "touchpoint edit": _has(
        "touchpoint", "update", "edited touchpoint", lambda e: e["after"]["summary"] == "Went well"
    ),
    "planned": _has("touchpoint", "create", "planned call"),
    "held": _has("touchpoint", "update", "held", lambda e: e["after"].get("status") == "held"),
    "drop": _has("touchpoint", "delete", "dropped touchpoint"),
    "stance heard": _has("stance", "create", "supportive on CX programme (touchpoint"),
    "stance": _has("stance", "create", "leading on CX programme (manual)"),
    "desired stance": _has(
        "desired_stance", "update", "desired stance", lambda e: e["after"] == {"desired": "leading"}
    ),
    "concern raised": _has(
        "concern", "create", "raised a concern", lambda e: e["after"]["text"] == "Who owns renewals?"
    ),
    "concern resolve": _has("concern", "update", "resolved concern", lambda e: e["after"]["status"] == "resolved"),
    "follow-up": _has("follow_up", "create", "promised", lambda e: e["after"]["text"] == "Send the deck"),
    "follow-up done": _has("follow_up", "update", "kept follow-up", lambda e: e["after"]["done_at"] is not None),
    "influence": _has("influence_link", "create", "Lee Park influences Dana Reyes"),
    "merge": _has(
        "stakeholder",
        "update",
        "merged D. Reyes",
        lambda e: e["before"]["merged"]["phone"] == "+44 20 7946 0000" and e["after"]["phone"] == "+44 20 7946 0000",
    ),
    "event add": _has("event", "create", "scheduled Steering committee"),
    "event edit": _has(
        "event",
        "update",
        "edited Steering committee",
        lambda e: "starts_at" in e["before"] and e["before"]["starts_at"] != e["after"]["starts_at"],
    ),
}


def _problems(kind: str, history: list[Entry]) -> list[str]:
    found = [e for e in history if KINDS[kind](e)]
    if not found:
        return [f"no {kind!r} entry"]
    problems = []
    for entry in found:
        if datetime.fromisoformat(entry["at"]).utcoffset() is None:
            problems.append(f"{kind}: time without offset {entry['at']}")
        if entry["actor"] != "tester":  # STAKEHOLDERS_USER, set by tests/conftest.py
            problems.append(f"{kind}: actor {entry['actor']!r}")
        if entry["action"] in ("create", "update") and not (isinstance(entry["after"], dict) and entry["after"]):
            problems.append(f"{kind}: no after")
        if entry["action"] in ("update", "delete") and not isinstance(entry["before"], dict):
            problems.append(f"{kind}: no before")
        if entry["action"] == "delete" and not entry["before"]:
            problems.append(f"{kind}: deleted without saying what")
    return problems


def test_every_kind_of_change_is_in_the_history_with_time_actor_and_before_after(cli: Cli, figures) -> None:  # type: ignore[no-untyped-def]
    _story(cli)
    history = json.loads(cli.ok("history", "Dana Reyes", "--json").stdout)
    problems = [p for kind in KINDS for p in _problems(kind, history)]
    assert problems == [], "\n".join(
        problems + ["history:"] + [f"  {e['entity']} {e['action']}: {e['summary']}" for e in history]
    )
    times = [e["at"] for e in history]
    assert times == sorted(times, key=datetime.fromisoformat)
    # The duplicate's own creation moved into the survivor's trail with the merge.
    assert any(e["summary"] == "added D. Reyes" for e in history)
    figures(
        f"{len(KINDS)} kinds of change, each in `history --json` with time, actor and before/after "
        f"({len(history)} entries for one person)"
    )
