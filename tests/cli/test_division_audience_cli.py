"""`division:NAME` audiences (PRODUCT.md §2 Tag/Event, §4 `event add/edit --audience`): the whole
name, any case, the spelling first stored kept; resolved when evaluated, archived never counted."""

import json
from typing import Any

import pytest

from db.models import Event, Plan
from db.rule_queries import plan_scope_ids
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


@pytest.fixture
def scene(cli: Cli) -> Cli:
    cli.ok("add", "Ana Ruiz", "--division", "Sales EMEA")  # 1
    cli.ok("add", "Bo Li", "--division", "sales emea")  # 2, stored as "Sales EMEA"
    cli.ok("add", "Cy Park", "--division", "Sales EMEA North")  # 3: another division
    cli.ok("add", "Di Vo", "--division", "IT", "--tag", "cx-team")  # 4
    cli.ok("add", "Ed Old", "--division", "Sales EMEA")  # 5, archived below
    cli.ok("archive", "Ed Old")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    return cli


def test_a_division_audience_is_its_members_in_any_case_archived_left_out(scene: Cli, store: Store) -> None:
    result = scene.ok(
        "event",
        "add",
        "Note",
        "--plan",
        "CX programme",
        "--when",
        "2099-01-05",
        "--audience",
        "DIVISION:sales EMEA",
        "--audience",
        "tag:cx-team",
    )
    assert result.stdout == "1\n"
    assert events(scene)[0]["audience"] == ["division:Sales EMEA", "tag:cx-team"]  # the first stored spelling
    assert audience(store, 1) == [1, 2, 4]
    scene.ok("edit", "Cy Park", "--division", "SALES EMEA")  # put in it later: joins the audience
    assert audience(store, 1) == [1, 2, 3, 4]
    scene.ok("edit", "Ana Ruiz", "--division", "Finance")  # moved out: leaves it
    assert audience(store, 1) == [2, 3, 4]
    with store.session() as session:  # readiness scope (§3.3) sees the same people
        plan = session.exec(Plan.__table__.select()).first()  # type: ignore[attr-defined]
        assert plan_scope_ids(session, plan.id) == [2, 3, 4]


def test_surprises_counts_the_division(scene: Cli) -> None:
    scene.ok("event", "add", "Note", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "division:it")
    [event] = json.loads(scene.ok("surprises", "--json").stdout)["events"]
    assert [(p["name"], p["division"]) for p in event["surprised"]] == [("Di Vo", "IT")]  # ENTRY carries it (§4)
    brief = json.loads(scene.ok("brief", "Note", "--format", "json").stdout)
    assert [(a["name"], a["division"]) for a in brief["attendees"]] == [("Di Vo", "IT")]


def test_edit_adds_and_removes_a_division_and_held_freezes_it(scene: Cli, store: Store) -> None:
    scene.ok("event", "add", "Steering", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "Di Vo")
    scene.ok("event", "edit", "Steering", "--audience", "division:Sales EMEA", "--audience", "division:sales emea")
    assert events(scene)[0]["audience"] == ["Di Vo", "division:Sales EMEA"]  # one entry, not two
    scene.ok("event", "edit", "Steering", "--remove-audience", "division:SALES EMEA")
    assert events(scene)[0]["audience"] == ["Di Vo"]
    scene.ok("event", "edit", "Steering", "--audience", "division:Sales EMEA")
    scene.ok("event", "held", "Steering")
    scene.ok("edit", "Cy Park", "--division", "Sales EMEA")  # after it was held: not in the frozen audience
    assert audience(store, 1) == [1, 2, 4]


def test_an_empty_division_is_accepted_with_a_note_and_a_bare_prefix_is_refused(scene: Cli) -> None:
    result = scene.ok(
        "event", "add", "Note", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "division:Legal"
    )
    assert "nobody is in division:Legal yet" in result.stderr
    refused = scene.fails(
        2, "event", "add", "Other", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "division:  "
    )
    assert "names no division" in refused.stderr and "Traceback" not in refused.stderr


def test_history_of_a_member_shows_the_division_event(scene: Cli) -> None:
    scene.ok("event", "add", "Note", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "division:IT")
    summaries = [h["summary"] for h in json.loads(scene.ok("history", "Di Vo", "--json").stdout)]
    assert "scheduled Note" in summaries
