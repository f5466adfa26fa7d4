"""event add, edit, list, held, cancel; EVENT resolution (PRODUCT.md §2 Event, §4)."""

import json
from typing import Any

import pytest

from db.models import Event
from db.store import Store
from stakeholders.events import resolved_audience_ids
from tests.conftest import Cli


def events(cli: Cli) -> list[dict[str, Any]]:
    return json.loads(cli.ok("event", "list", "--json").stdout)


def audience(store: Store, event_id: int) -> list[int]:
    with store.session() as session:
        event = session.get(Event, event_id)
        assert event is not None
        return resolved_audience_ids(session, event)


def _seed(cli: Cli) -> Cli:
    cli.ok("add", "Dana Reyes", "--tag", "cx-team")  # 1
    cli.ok("add", "Lee Park", "--tag", "cx-team")  # 2
    cli.ok("add", "Kathleen Moss")  # 3
    cli.ok("add", "Archie Old", "--tag", "cx-team")  # 4
    cli.ok("archive", "Archie")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.ok("plan", "revise", "CX programme", "--summary", "Divisions keep accounts")
    return cli


@pytest.fixture
def scene(cli: Cli) -> Cli:
    return _seed(cli)


@pytest.fixture
def sqlite_scene(sqlite_cli: Cli) -> Cli:
    return _seed(sqlite_cli)


def test_event_add_and_list(scene: Cli) -> None:
    result = scene.ok(
        "event",
        "add",
        "Note to the wider team",
        "--plan",
        "cx programme",
        "--when",
        "2099-01-05",
        "--audience",
        "tag:CX-Team",
        "--audience",
        "Kathleen",
    )
    assert result.stdout == "1\n"
    assert result.stderr == "scheduled Note to the wider team (id 1) on 2099-01-05 09:00, v2\n"
    scene.ok(
        "event",
        "add",
        "Steering",
        "--plan",
        "CX programme",
        "--version",
        "1",
        "--kind",
        "Meeting",
        "--when",
        "2099-01-03T10:00:00-05:00",
        "--audience",
        "Lee",
    )
    scene.ok(
        "event",
        "add",
        "Kick-off",
        "--plan",
        "CX programme",
        "--when",
        "2025-01-05 10:00",
        "--kind",
        "decision",
        "--audience",
        "Dana",
    )  # a past --when records one that happened
    assert events(scene) == [
        {
            "id": 3,
            "title": "Kick-off",
            "kind": "decision",
            "starts_at": "2025-01-05T10:00:00+00:00",
            "plan": "CX programme",
            "version": 2,
            "status": "planned",
            "audience": ["Dana Reyes"],
        },
        {
            "id": 2,
            "title": "Steering",
            "kind": "meeting",
            "starts_at": "2099-01-03T15:00:00+00:00",
            "plan": "CX programme",
            "version": 1,
            "status": "planned",
            "audience": ["Lee Park"],
        },
        {
            "id": 1,
            "title": "Note to the wider team",
            "kind": "announcement",
            "starts_at": "2099-01-05T09:00:00+00:00",
            "plan": "CX programme",
            "version": 2,
            "status": "planned",
            "audience": ["tag:cx-team", "Kathleen Moss"],
        },
    ]
    # The version is fixed when the event is created: a later revision does not move it.
    scene.ok("plan", "revise", "CX programme", "--summary", "Three")
    assert [e["version"] for e in events(scene)] == [2, 1, 2]
    lines = scene.ok("event", "list").stdout.splitlines()
    assert lines[0].split() == ["ID", "WHEN", "KIND", "STATUS", "TITLE", "PLAN", "AUDIENCE"]
    assert lines[1].split()[:6] == ["3", "2025-01-05", "10:00", "decision", "planned", "Kick-off"]


def test_tag_audiences_are_resolved_when_evaluated_and_frozen_when_held(scene: Cli, store: Store) -> None:
    scene.ok(
        "event",
        "add",
        "Note",
        "--plan",
        "CX programme",
        "--when",
        "2099-01-05",
        "--audience",
        "tag:cx-team",
        "--audience",
        "Kathleen",
    )
    assert audience(store, 1) == [1, 2, 3]  # the archived Archie never counts
    scene.ok("add", "Bo Chen")
    scene.ok("edit", "Bo", "--tag", "cx-team")  # tagged later: joins the audience
    assert audience(store, 1) == [1, 2, 3, 5]
    assert events(scene)[0]["audience"] == ["tag:cx-team", "Kathleen Moss"]
    assert scene.ok("event", "held", "Note").stderr == "Note: held\n"
    scene.ok("edit", "Lee", "--untag", "cx-team")
    scene.ok("add", "Zoe Late", "--tag", "cx-team")
    assert audience(store, 1) == [1, 2, 3, 5]  # frozen as it was
    assert events(scene)[0]["status"] == "held"
    scene.refused(1, "event", "held", "Note", says=("'Note' is already held",))


def test_a_tag_nobody_has_yet_is_accepted_with_a_note(sqlite_scene: Cli, sqlite_store: Store) -> None:
    result = sqlite_scene.ok(
        "event", "add", "Board", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "tag:board"
    )
    assert "nobody is tagged board yet" in result.stderr
    assert audience(sqlite_store, 1) == []
    sqlite_scene.ok("edit", "Kathleen", "--tag", "board")
    assert audience(sqlite_store, 1) == [3]


def test_cancel(sqlite_scene: Cli) -> None:
    sqlite_scene.ok("event", "add", "Note", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "Dana")
    assert sqlite_scene.ok("event", "cancel", "note").stderr == "Note: cancelled\n"
    assert events(sqlite_scene)[0]["status"] == "cancelled"
    sqlite_scene.refused(1, "event", "cancel", "Note", says=("already cancelled",))
    history = json.loads(sqlite_scene.ok("history", "Dana", "--json").stdout)
    # An event whose audience names Dana is part of her trail (docs/decisions.md).
    assert [e["summary"] for e in history] == ["added Dana Reyes", "scheduled Note", "Note: cancelled"]


def test_event_names_resolve_exact_title_first_then_unique_substring(scene: Cli) -> None:
    for title, when in (
        ("Steering", "2099-01-03"),
        ("Steering committee prep", "2099-01-02"),
        ("Note to the wider team", "2099-01-05"),
    ):
        scene.ok("event", "add", title, "--plan", "CX programme", "--when", when, "--audience", "Dana")
    scene.ok("event", "held", "STEERING")  # exact beats the substring of "Steering committee prep"
    scene.ok("event", "cancel", "committee")  # unique substring
    scene.ok("event", "held", "3")  # an id
    assert [(e["id"], e["status"]) for e in events(scene)] == [(2, "cancelled"), (1, "held"), (3, "held")]
    line = scene.refused(2, "event", "cancel", "e", says=("'e' matches 3 events",))
    assert "Steering committee prep (id 2, 2099-01-02)" in line and "Steering (id 1, 2099-01-03)" in line
    scene.refused(2, "event", "cancel", "Retro", says=("no event 'Retro'",))
    scene.ok("event", "add", "Town hall", "--plan", "CX programme", "--when", "2099-02-01", "--audience", "Dana")
    scene.ok("event", "add", "town hall", "--plan", "CX programme", "--when", "2099-03-01", "--audience", "Dana")
    scene.refused(2, "event", "held", "Town Hall", says=("matches 2 events", "(id 4, 2099-02-01)", "(id 5,"))


def test_event_edit(scene: Cli) -> None:
    scene.ok("event", "add", "Note", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "tag:cx-team")
    scene.ok(
        "event",
        "edit",
        "Note",
        "--title",
        "Note to all",
        "--when",
        "2099-01-06 14:00",
        "--version",
        "1",
        "--kind",
        "meeting",
        "--audience",
        "Kathleen",
        "--audience",
        "Lee",
        "--remove-audience",
        "tag:cx-team",
    )
    assert events(scene) == [
        {
            "id": 1,
            "title": "Note to all",
            "kind": "meeting",
            "starts_at": "2099-01-06T14:00:00+00:00",
            "plan": "CX programme",
            "version": 1,
            "status": "planned",
            "audience": ["Kathleen Moss", "Lee Park"],
        }
    ]
    scene.ok("event", "edit", "1", "--remove-audience", "Lee")
    scene.refused(2, "event", "edit", "1", "--remove-audience", "Kathleen", says=("no audience",))
    scene.refused(2, "event", "edit", "1", "--version", "7", says=("has no version 7",))
    scene.refused(2, "event", "edit", "1", "--kind", "party", says=("unknown event kind 'party'",))
    scene.refused(2, "event", "edit", "1", "--remove-audience", "tag:nobody", says=("no tag 'nobody'",))
    scene.refused(2, "event", "edit", "1", "--when", "later", says=("cannot read date 'later'",))
    scene.refused(2, "event", "edit", "1", "--title", " ", says=("an event needs a title",))
    assert "nothing to change" in scene.fails(2, "event", "edit", "1").stderr
    [event] = events(scene)
    assert (event["title"], event["version"], event["audience"]) == ("Note to all", 1, ["Kathleen Moss"])
    entry = json.loads(scene.ok("history", "Kathleen", "--json").stdout)
    # The refused edits wrote nothing; the two that took are in her trail because the audience names her.
    assert [e["summary"] for e in entry] == [
        "added Kathleen Moss",
        "scheduled Note",
        "edited Note to all",
        "edited Note to all",
    ]


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--plan", "CX programme", "--when", "2099-01-05"), "an event needs an audience"),
        (
            ("--plan", "CX programme", "--when", "2099-01-05", "--kind", "party", "--audience", "Dana"),
            "unknown event kind 'party': use one of announcement, meeting, decision",
        ),
        (
            ("--plan", "CX programme", "--when", "2099-01-05", "--version", "9", "--audience", "Dana"),
            "has no version 9 (current is 2)",
        ),
        (("--plan", "Sales", "--when", "2099-01-05", "--audience", "Dana"), "no plan 'Sales'"),
        (("--plan", "CX programme", "--when", "the 5th", "--audience", "Dana"), "cannot read date 'the 5th'"),
        (("--plan", "CX programme", "--when", "2099-01-05", "--audience", "Nobody"), "no stakeholder 'Nobody'"),
        (("--plan", "CX programme", "--when", "2099-01-05", "--audience", "tag:"), "empty tag name"),
    ],
)
def test_event_add_refusals_write_nothing(sqlite_scene: Cli, args: tuple[str, ...], says: str) -> None:
    sqlite_scene.refused(2, "event", "add", "Note", *args, says=(says,))
    assert events(sqlite_scene) == []


def test_event_add_needs_plan_and_when(sqlite_scene: Cli) -> None:
    assert sqlite_scene.fails(2, "event", "add", "Note", "--when", "2099-01-05", "--audience", "Dana").exit_code == 2
    assert sqlite_scene.fails(2, "event", "add", "Note", "--plan", "CX programme", "--audience", "Dana").exit_code == 2
    sqlite_scene.refused(
        2,
        "event",
        "add",
        "  ",
        "--plan",
        "CX programme",
        "--when",
        "2099-01-05",
        "--audience",
        "Dana",
        says=("an event needs a title",),
    )
    assert events(sqlite_scene) == []


def test_held_then_cancelled_drops_the_frozen_audience(sqlite_scene: Cli, sqlite_store: Store) -> None:
    sqlite_scene.ok(
        "event", "add", "Note", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "tag:cx-team"
    )
    sqlite_scene.ok("event", "held", "Note")
    sqlite_scene.ok("event", "cancel", "Note")
    sqlite_scene.ok("edit", "Kathleen", "--tag", "cx-team")
    assert audience(sqlite_store, 1) == [1, 2, 3]
    assert events(sqlite_scene)[0]["audience"] == ["tag:cx-team"]
