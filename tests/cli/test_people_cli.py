"""add, edit, archive, unarchive, merge, list, show, history, stance, influence (PRODUCT.md §4)."""

import json
from typing import Any

import pytest
from click.testing import Result

from tests.conftest import Cli

LIST_KEYS = {
    "id",
    "name",
    "email",
    "title",
    "organization",
    "division",
    "influence",
    "interest",
    "owner",
    "tags",
    "archived",
    "last_contact",
    "stance",
}


def people(cli: Cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli.ok("list", "--json", *args).stdout)


def show(cli: Cli, person: str) -> dict[str, Any]:
    return json.loads(cli.ok("show", person, "--json").stdout)


def history(cli: Cli, person: str) -> list[dict[str, Any]]:
    return json.loads(cli.ok("history", person, "--json").stdout)


def new_id(result: Result) -> int:
    return int(result.stdout.strip())


# --- add / list / show -------------------------------------------------------------------------------------------


def test_add_stores_every_field_and_list_json_has_the_contract_shape(cli: Cli) -> None:
    result = cli.ok(
        "add",
        "  Dana Reyes ",
        "--email",
        "Dana@Example.com",
        "--title",
        "VP Sales",
        "--org",
        "Sales",
        "--division",
        "Sales EMEA",
        "--phone",
        "+44 20 7946 0000",
        "--influence",
        "4",
        "--interest",
        "3",
        "--owner",
        "sam",
        "--tag",
        "Division-Leads",
        "--tag",
        "cx-team",
        "--notes",
        "Prefers mornings",
        "--cadence",
        "10",
    )
    assert result.stdout == "1\n"
    assert result.stderr == "added Dana Reyes (id 1)\n"
    assert people(cli) == [
        {
            "id": 1,
            "name": "Dana Reyes",
            "email": "Dana@Example.com",
            "title": "VP Sales",
            "organization": "Sales",
            "division": "Sales EMEA",
            "influence": 4,
            "interest": 3,
            "owner": "sam",
            "tags": ["cx-team", "division-leads"],
            "archived": False,
            "last_contact": None,
            "stance": {},
        }
    ]
    detail = show(cli, "dana@example.com")
    assert set(detail) >= LIST_KEYS | {"phone", "notes", "touchpoints", "stances", "concerns", "follow_ups"}
    assert (detail["phone"], detail["notes"], detail["cadence_days"]) == ("+44 20 7946 0000", "Prefers mornings", 10)
    assert (detail["touchpoints"], detail["stances"], detail["concerns"], detail["follow_ups"]) == ([], [], [], [])
    assert detail["created_at"].endswith("+00:00")


def test_add_defaults_put_a_new_person_in_monitor(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("add", "Lee Park")
    [lee] = people(sqlite_cli)
    assert set(lee) == LIST_KEYS
    assert (lee["influence"], lee["interest"], lee["email"], lee["tags"]) == (2, 2, None, [])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--influence", "9"), "influence 9 is not between 1 and 5"),
        (("--interest", "0"), "interest 0 is not between 1 and 5"),
        (("--influence", "high"), "influence 'high' is not a number"),
        (("--email", "dana.example.com"), "malformed e-mail 'dana.example.com'"),
        (("--email", "dana@example..com"), "malformed e-mail"),
    ],
)
def test_add_refuses_bad_fields_and_writes_nothing(sqlite_cli: Cli, args: tuple[str, ...], says: str) -> None:
    sqlite_cli.refused(2, "add", "Dana Reyes", *args, says=(says,))
    assert people(sqlite_cli, "--all") == []


def test_add_refuses_an_empty_name(sqlite_cli: Cli) -> None:
    sqlite_cli.refused(2, "add", "   ", says=("needs a name",))


def test_a_duplicate_email_is_a_conflict_whatever_its_case(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com")
    cli.refused(
        1,
        "add",
        "Dana R.",
        "--email",
        "DANA@example.COM",
        says=("DANA@example.COM already belongs to Dana Reyes (id 1)",),
    )
    assert [p["name"] for p in people(cli, "--all")] == ["Dana Reyes"]


def test_list_is_sorted_by_name_case_insensitively_and_filters(cli: Cli) -> None:
    cli.ok("add", "lee park", "--tag", "board", "--owner", "Sam")
    cli.ok("add", "Anna Berg", "--owner", "alex")
    cli.ok("add", "Bo Chen", "--tag", "board")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.ok("stance", "Anna Berg", "neutral", "--plan", "CX programme")
    assert [p["name"] for p in people(cli)] == ["Anna Berg", "Bo Chen", "lee park"]
    assert [p["name"] for p in people(cli, "--tag", "BOARD")] == ["Bo Chen", "lee park"]
    assert [p["name"] for p in people(cli, "--owner", "sam")] == ["lee park"]
    assert [p["name"] for p in people(cli, "--plan", "cx programme")] == ["Anna Berg"]
    assert people(cli, "--tag", "nobody-has-it") == []
    cli.refused(2, "list", "--plan", "Nope", says=("no plan 'Nope'", "CX programme"))


def test_list_text_shows_a_table_and_an_empty_database_says_so(sqlite_cli: Cli) -> None:
    empty = sqlite_cli.ok("list")
    assert empty.stdout == "" and "no stakeholders yet" in empty.stderr
    sqlite_cli.ok("add", "Dana Reyes", "--org", "Acme", "--division", "Sales", "--influence", "4")
    lines = sqlite_cli.ok("list").stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "ORGANIZATION", "DIVISION", "INF", "INT", "STANCE", "LAST", "CONTACT"]
    assert lines[1].split() == ["1", "Dana", "Reyes", "Acme", "Sales", "4", "2", "never"]


def test_list_json_has_stance_per_plan_and_last_contact_from_held_touchpoints(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.ok("plan", "add", "Sales incentives", "--summary", "New model")
    cli.ok("log", "Dana Reyes", "--plan", "CX programme", "--when", "2025-01-15T10:00:00+01:00", "--stance", "neutral")
    cli.ok("log", "Dana Reyes", "--plan", "CX programme", "--when", "2025-02-01 10:00", "--stance", "supportive")
    cli.ok("stance", "Dana Reyes", "resistant", "--plan", "Sales incentives")
    cli.ok("log", "Dana Reyes", "--when", "2099-06-01T15:00:00+00:00")  # planned: not a contact
    [dana] = people(cli)
    assert dana["stance"] == {"CX programme": "supportive", "Sales incentives": "resistant"}
    assert dana["last_contact"] == "2025-02-01T10:00:00+00:00"


def test_show_text_has_the_profile_and_each_kind_of_record(sqlite_cli: Cli) -> None:
    sqlite_cli.ok(
        "add",
        "Dana Reyes",
        "--email",
        "dana@example.com",
        "--title",
        "VP Sales",
        "--tag",
        "cx-team",
        "--notes",
        "Prefers mornings",
    )
    sqlite_cli.ok("add", "Chris Cole")
    sqlite_cli.ok("influence", "Chris Cole", "Dana Reyes")
    sqlite_cli.ok("plan", "add", "CX programme", "--summary", "One view")
    sqlite_cli.ok(
        "log",
        "Dana Reyes",
        "--plan",
        "CX programme",
        "--when",
        "2025-01-15 10:00",
        "--stance",
        "neutral",
        "--concern",
        "Who owns renewals?",
        "--follow-up",
        "Send the deck",
        "--due",
        "2025-01-20",
        "--note",
        "Open to it",
    )
    out = sqlite_cli.ok("show", "Dana Reyes").stdout
    for text in (
        "Dana Reyes",
        "e-mail: dana@example.com",
        "title: VP Sales",
        "tags: cx-team",
        "stance: CX programme: neutral",
        "influenced by: Chris Cole",
        "notes: Prefers mornings",
        "Touchpoints",
        "#1 2025-01-15 10:00 call by tester [CX programme v1]: Open to it",
        "Stance history",
        "2025-01-15 10:00 CX programme: neutral (touchpoint)",
        "Concerns",
        "#1 [open] CX programme: Who owns renewals?",
        "Follow-ups",
        "#1 due 2025-01-20 09:00: Send the deck (OVERDUE)",
    ):
        assert text in out, text


def test_unknown_and_ambiguous_people_are_refused_with_candidates(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com")
    cli.ok("add", "Dana Smith")
    cli.refused(2, "show", "Zed", says=("no stakeholder 'Zed'",))
    cli.refused(2, "show", "Dana Reyse", says=("did you mean Dana Reyes?",))
    line = cli.refused(2, "show", "dana", says=("'dana' names 2 stakeholders",))
    assert "Dana Reyes <dana@example.com> (id 1)" in line
    assert "Dana Smith <no e-mail> (id 2)" in line
    assert show(cli, "DANA@EXAMPLE.COM")["id"] == 1
    assert show(cli, "2")["name"] == "Dana Smith"
    assert show(cli, "dana smith")["id"] == 2


# --- edit --------------------------------------------------------------------------------------------------------


def test_edit_changes_fields_tags_and_records_before_and_after(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com", "--title", "VP", "--tag", "cx-team", "--tag", "board")
    result = cli.ok(
        "edit",
        "dana@example.com",
        "--title",
        "SVP Sales",
        "--influence",
        "5",
        "--name",
        "Dana Reyes-Ortiz",
        "--email",
        "DANA@example.com",
        "--tag",
        "steering",
        "--untag",
        "board",
        "--untag",
        "never-had",
    )
    assert result.stderr == "updated Dana Reyes-Ortiz (id 1)\n"
    [dana] = people(cli)
    assert (dana["name"], dana["title"], dana["influence"], dana["email"]) == (
        "Dana Reyes-Ortiz",
        "SVP Sales",
        5,
        "DANA@example.com",
    )
    assert dana["tags"] == ["cx-team", "steering"]
    last = history(cli, "1")[-1]
    assert (last["actor"], last["action"], last["entity"], last["entity_id"]) == ("tester", "update", "stakeholder", 1)
    assert last["before"] == {"name": "Dana Reyes", "email": "dana@example.com", "title": "VP", "influence": 2}
    assert last["after"] == {
        "name": "Dana Reyes-Ortiz",
        "email": "DANA@example.com",
        "title": "SVP Sales",
        "influence": 5,
        "tags added": ["steering"],
        "tags removed": ["board"],
    }


def test_edit_can_clear_a_field(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("add", "Dana Reyes", "--email", "dana@example.com", "--title", "VP")
    sqlite_cli.ok("edit", "Dana Reyes", "--email", "", "--title", "")
    [dana] = people(sqlite_cli)
    assert (dana["email"], dana["title"]) == (None, None)


def test_edit_refusals(sqlite_cli: Cli) -> None:
    cli = sqlite_cli
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com")
    cli.ok("add", "Lee Park", "--email", "lee@example.com")
    cli.refused(1, "edit", "Lee Park", "--email", "Dana@Example.com", says=("already belongs to Dana Reyes",))
    cli.refused(2, "edit", "Lee Park", "--influence", "9", says=("influence 9 is not between 1 and 5",))
    cli.refused(2, "edit", "Lee Park", "--name", " ", says=("needs a name",))
    cli.refused(2, "edit", "Nobody", "--title", "x", says=("no stakeholder 'Nobody'",))
    nothing = cli.fails(2, "edit", "Lee Park")
    assert "nothing to change" in nothing.stderr
    lee = people(cli)[1]
    assert (lee["name"], lee["email"], lee["influence"]) == ("Lee Park", "lee@example.com", 2)


# --- archive -----------------------------------------------------------------------------------------------------


def test_archived_people_are_hidden_but_still_nameable(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com")
    cli.ok("add", "Lee Park")
    assert cli.ok("archive", "dana").stderr == "archived Dana Reyes\n"
    assert [p["name"] for p in people(cli)] == ["Lee Park"]
    everyone = people(cli, "--all")
    assert [(p["name"], p["archived"]) for p in everyone] == [("Dana Reyes", True), ("Lee Park", False)]
    assert show(cli, "Dana Reyes")["archived_at"] is not None
    assert "(archived)" in cli.ok("show", "Dana Reyes").stdout
    assert "Dana Reyes (archived)" in cli.ok("list", "--all").stdout
    cli.ok("edit", "dana@example.com", "--title", "Retired")
    cli.ok("log", "Dana Reyes", "--when", "2025-01-15 10:00", "--note", "Farewell call")
    assert show(cli, "Dana Reyes")["touchpoints"][0]["summary"] == "Farewell call"
    assert cli.ok("archive", "Dana Reyes").stderr == "Dana Reyes was already archived\n"
    cli.ok("unarchive", "Dana")
    dana = show(cli, "Dana Reyes")
    assert (dana["archived"], dana["archived_at"], dana["title"]) == (False, None, "Retired")
    assert [p["name"] for p in people(cli)] == ["Dana Reyes", "Lee Park"]
    changes = [(h["summary"], h["before"], h["after"]) for h in history(cli, "Dana Reyes")]
    assert [c[0] for c in changes if "archived" in c[0]] == ["archived Dana Reyes", "unarchived Dana Reyes"]
    assert changes[-1][2] == {"archived_at": None}


# --- merge -------------------------------------------------------------------------------------------------------


def _merge_scene(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com", "--influence", "4", "--tag", "cx-team")
    cli.ok(
        "add",
        "D. Reyes",
        "--email",
        "dreyes@corp.example",
        "--phone",
        "+44 1",
        "--org",
        "Sales",
        "--title",
        "VP",
        "--notes",
        "Met at the offsite",
        "--tag",
        "steering",
        "--tag",
        "cx-team",
        "--influence",
        "5",
    )
    cli.ok("add", "Lee Park")
    cli.ok("add", "Chris Cole")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.ok("influence", "D. Reyes", "Lee Park")
    cli.ok("influence", "Chris Cole", "D. Reyes")
    cli.ok("influence", "Dana Reyes", "D. Reyes")
    cli.ok(
        "log",
        "D. Reyes",
        "Lee Park",
        "--plan",
        "CX programme",
        "--when",
        "2025-01-15 10:00",
        "--stance",
        "D. Reyes=resistant",
        "--concern",
        "D. Reyes=Who owns renewals?",
        "--follow-up",
        "Send the deck",
        "--due",
        "2025-01-20",
    )
    cli.ok("log", "Dana Reyes", "--plan", "CX programme", "--when", "2025-01-10 10:00", "--stance", "neutral")
    cli.ok("stance", "D. Reyes", "leading", "--plan", "CX programme", "--desired")
    cli.ok(
        "event",
        "add",
        "Steering",
        "--plan",
        "CX programme",
        "--when",
        "2099-01-05 10:00",
        "--audience",
        "D. Reyes",
        "--audience",
        "Dana Reyes",
        "--audience",
        "Lee Park",
    )


def test_merge_moves_every_record_fills_empty_fields_and_keeps_history(cli: Cli) -> None:
    _merge_scene(cli)
    result = cli.ok("merge", "D. Reyes", "--into", "dana@example.com")
    assert result.stderr == "merged D. Reyes into Dana Reyes (id 1)\n"
    cli.refused(2, "show", "D. Reyes", says=("no stakeholder 'D. Reyes'",))
    cli.refused(2, "show", "2", says=("no stakeholder '2'",))
    assert [p["name"] for p in people(cli, "--all")] == ["Chris Cole", "Dana Reyes", "Lee Park"]
    dana = show(cli, "Dana Reyes")
    # Empty fields filled from the duplicate; the survivor's own values (e-mail, influence) win.
    assert (dana["email"], dana["influence"], dana["phone"], dana["organization"], dana["title"], dana["notes"]) == (
        "dana@example.com",
        4,
        "+44 1",
        "Sales",
        "VP",
        "Met at the offsite",
    )
    assert dana["tags"] == ["cx-team", "steering"]
    assert [(t["id"], t["attendees"]) for t in dana["touchpoints"]] == [
        (2, ["Dana Reyes"]),
        (1, ["Dana Reyes", "Lee Park"]),
    ]
    assert [(s["id"], s["level"], s["touchpoint_id"]) for s in dana["stances"]] == [
        (2, "neutral", 2),
        (1, "resistant", 1),
    ]
    assert dana["stance"] == {"CX programme": "resistant"}
    assert [(c["id"], c["stakeholder"], c["text"]) for c in dana["concerns"]] == [
        (1, "Dana Reyes", "Who owns renewals?")
    ]
    assert [(f["id"], f["stakeholders"]) for f in dana["follow_ups"]] == [(1, ["Dana Reyes", "Lee Park"])]
    # Links move; the one between the two records themselves disappears.
    assert (dana["influences"], dana["influenced_by"]) == (["Lee Park"], ["Chris Cole"])
    # The event names the survivor once.
    [event] = json.loads(cli.ok("event", "list", "--json").stdout)
    assert event["audience"] == ["Dana Reyes", "Lee Park"]
    # The duplicate's history is the survivor's now, and the merge itself is recorded.
    summaries = [h["summary"] for h in history(cli, "Dana Reyes")]
    assert {
        "added Dana Reyes",
        "added D. Reyes",
        "D. Reyes influences Lee Park",
        "desired stance of D. Reyes on CX programme: leading",
    } <= set(summaries)
    merge_entry = history(cli, "Dana Reyes")[-1]
    assert merge_entry["summary"] == "merged D. Reyes (id 2) into Dana Reyes"
    assert merge_entry["actor"] == "tester"
    assert merge_entry["before"]["merged"]["email"] == "dreyes@corp.example"
    assert merge_entry["after"] == {
        "title": "VP",
        "organization": "Sales",
        "phone": "+44 1",
        "notes": "Met at the offsite",
    }


def test_merge_takes_the_duplicate_email_when_the_survivor_has_none(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes")
    cli.ok("add", "D. Reyes", "--email", "Dana@Example.com")
    cli.ok("merge", "D. Reyes", "--into", "Dana Reyes")
    assert show(cli, "dana@example.com")["email"] == "Dana@Example.com"


def test_merge_refusals(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("add", "Dana Reyes")
    sqlite_cli.refused(2, "merge", "Dana Reyes", "--into", "dana reyes", says=("into themselves",))
    sqlite_cli.refused(2, "merge", "Nobody", "--into", "Dana Reyes", says=("no stakeholder 'Nobody'",))
    assert sqlite_cli.fails(2, "merge", "Dana Reyes").exit_code == 2  # --into is required


# --- stance, influence, history ----------------------------------------------------------------------------------


def test_manual_stance_and_desired_level(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    assert cli.ok("stance", "Dana", "Supportive", "--plan", "cx programme").stderr == (
        "Dana Reyes is supportive on CX programme\n"
    )
    cli.ok("stance", "Dana", "leading", "--plan", "CX programme", "--desired")
    dana = show(cli, "Dana Reyes")
    assert dana["stance"] == {"CX programme": "supportive"}
    [row] = dana["stances"]
    assert (row["level"], row["source"], row["touchpoint_id"]) == ("supportive", "manual", None)
    assert row["observed_at"].endswith("+00:00")
    entry = history(cli, "Dana")[-1]
    assert (entry["before"], entry["after"]) == ({"desired": "supportive"}, {"desired": "leading"})
    cli.refused(
        2,
        "stance",
        "Dana",
        "enthusiastic",
        "--plan",
        "CX programme",
        says=("unknown stance 'enthusiastic'", "unaware, resistant, neutral, supportive, leading"),
    )
    cli.refused(2, "stance", "Dana", "neutral", "--plan", "Other", says=("no plan 'Other'",))


def test_influence_links(sqlite_cli: Cli) -> None:
    cli = sqlite_cli
    cli.ok("add", "Chris Cole")
    cli.ok("add", "Dana Reyes")
    assert cli.ok("influence", "Chris", "Dana").stderr == "Chris Cole influences Dana Reyes\n"
    assert cli.ok("influence", "Chris", "Dana").stderr == "Chris Cole already influences Dana Reyes\n"
    assert (show(cli, "Chris")["influences"], show(cli, "Dana")["influenced_by"]) == (["Dana Reyes"], ["Chris Cole"])
    cli.refused(2, "influence", "Chris", "Chris Cole", says=("cannot influence themselves",))
    assert cli.fails(2, "influence", "Chris").exit_code == 2
    cli.ok("influence", "remove", "Chris", "Dana")
    assert show(cli, "Dana")["influenced_by"] == []
    assert [h["summary"] for h in history(cli, "Dana")][-2:] == [
        "Chris Cole influences Dana Reyes",
        "Chris Cole no longer influences Dana Reyes",
    ]


def test_history_has_every_change_with_actor_and_before_after(cli: Cli) -> None:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.ok("edit", "Dana Reyes", "--title", "VP")
    cli.ok(
        "log",
        "Dana Reyes",
        "--plan",
        "CX programme",
        "--when",
        "2025-01-15 10:00",
        "--stance",
        "neutral",
        "--concern",
        "Budget",
        "--follow-up",
        "Send deck",
        "--due",
        "2025-01-20",
    )
    cli.ok("concern", "resolve", "1", "--note", "Budget found")
    cli.ok("followup", "done", "1")
    cli.ok("touchpoint", "edit", "1", "--channel", "meeting")
    items = history(cli, "dana@example.com")
    assert all(i["actor"] == "tester" for i in items)
    assert all(i["at"].endswith("+00:00") for i in items)
    assert [(i["action"], i["entity"]) for i in items] == [
        ("create", "stakeholder"),
        ("update", "stakeholder"),
        ("create", "touchpoint"),
        ("create", "stance"),
        ("create", "concern"),
        ("create", "follow_up"),
        ("update", "concern"),
        ("update", "follow_up"),
        ("update", "touchpoint"),
    ]
    assert items[0]["after"]["email"] == "dana@example.com" and items[0]["before"] is None
    assert (items[1]["before"], items[1]["after"]) == ({"title": None}, {"title": "VP"})
    assert items[3]["after"] == {"plan": "CX programme", "level": "neutral", "observed_at": "2025-01-15T10:00:00+00:00"}
    assert (items[6]["before"], items[6]["after"]) == (
        {"status": "open"},
        {"status": "resolved", "version": None, "note": "Budget found"},
    )
    assert (items[8]["before"], items[8]["after"]) == ({"channel": "call"}, {"channel": "meeting"})
    text = cli.ok("history", "Dana Reyes").stdout.splitlines()
    assert text[0].split() == ["WHEN", "WHO", "ACTION", "WHAT"]
    assert len(text) == 1 + len(items) and all(" tester " in line for line in text[1:])


def test_actor_defaults_to_stakeholders_user(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("add", "Dana Reyes", env={"STAKEHOLDERS_USER": "alex"})
    assert history(sqlite_cli, "Dana")[0]["actor"] == "alex"


@pytest.mark.parametrize("number", ["3000000000", "99999999999999999999"])
def test_ids_too_large_for_the_database_name_nothing(cli: Cli, number: str) -> None:
    """Ids are 32-bit on PostgreSQL and 64-bit on SQLite: a larger number is an unknown id, not a crash."""
    cli.ok("add", "Dana Reyes")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.refused(2, "show", number, says=(f"no stakeholder '{number}'",))
    cli.refused(2, "plan", "show", number, says=(f"no plan '{number}'",))
    cli.refused(2, "event", "held", number, says=(f"no event '{number}'",))
    cli.refused(2, "touchpoint", "held", number, says=(f"no touchpoint {number}",))
    cli.refused(2, "touchpoint", "delete", number, says=(f"no touchpoint {number}",))
    cli.refused(2, "concern", "resolve", number, "--note", "x", says=(f"no concern {number}",))
    cli.refused(2, "followup", "done", number, says=(f"no follow-up {number}",))


# --- division (§2, §4) --------------------------------------------------------------------------------------------


def test_division_keeps_the_first_spelling_and_list_division_matches_the_whole_name_in_any_case(cli: Cli) -> None:
    cli.ok("add", "Ana Ruiz", "--org", "Acme", "--division", "Sales EMEA")
    cli.ok("add", "Bo Li", "--division", " sales emea ")
    cli.ok("add", "Cy Park", "--division", "Sales EMEA North")
    cli.ok("add", "Di Vo")
    assert [(p["name"], p["division"]) for p in people(cli, "--division", "SALES EMEA")] == [
        ("Ana Ruiz", "Sales EMEA"),
        ("Bo Li", "Sales EMEA"),
    ]
    assert people(cli, "--division", "Sales") == []  # the whole name, not a part of it
    assert show(cli, "Ana Ruiz")["organization"] == "Acme"  # the company stays apart from the division
    table = cli.ok("list").stdout
    assert "DIVISION" in table.splitlines()[0] and "Sales EMEA North" in table


def test_edit_division_moves_and_clears_and_is_audited(cli: Cli) -> None:
    cli.ok("add", "Ana Ruiz", "--division", "IT")
    cli.ok("edit", "Ana Ruiz", "--division", "Finance")
    assert people(cli, "--division", "finance")[0]["name"] == "Ana Ruiz"
    assert people(cli, "--division", "it") == []
    cli.ok("edit", "Ana Ruiz", "--division", "")
    assert show(cli, "Ana Ruiz")["division"] is None
    assert "division: " not in cli.ok("show", "Ana Ruiz").stdout
    assert len([h for h in history(cli, "Ana Ruiz") if h["action"] == "update"]) == 2
