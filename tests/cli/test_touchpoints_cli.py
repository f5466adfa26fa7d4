"""log and the touchpoint commands: list, edit, delete, held, drop (PRODUCT.md §2, §4)."""

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import Cli

PAST = "2025-01-15T10:00:00+00:00"
FUTURE = "2099-06-01T15:00:00+00:00"


def show(cli: Cli, person: str) -> dict[str, Any]:
    return json.loads(cli.ok("show", person, "--json").stdout)


def touchpoints(cli: Cli, *args: str) -> list[dict[str, Any]]:
    return json.loads(cli.ok("touchpoint", "list", "--json", *args).stdout)


def _seed(cli: Cli) -> Cli:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com")
    cli.ok("add", "Lee Park", "--email", "lee@example.com")
    cli.ok("add", "Kathleen Moss")
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.ok("plan", "revise", "CX programme", "--summary", "Divisions keep accounts")
    return cli


@pytest.fixture
def team(cli: Cli) -> Cli:
    """Three people and a plan at version 2, on each backend."""
    return _seed(cli)


@pytest.fixture
def sqlite_team(sqlite_cli: Cli) -> Cli:
    """The same on SQLite only, for checks of input that no backend sees."""
    return _seed(sqlite_cli)


def test_log_with_several_people_records_everything_in_one_touchpoint(team: Cli) -> None:
    result = team.ok(
        "log",
        "Dana Reyes",
        "lee",
        "Kathleen",
        "--plan",
        "CX programme",
        "--when",
        "2025-01-15 10:00",
        "--channel",
        "Meeting",
        "--by",
        "alex",
        "--note",
        "Steering prep",
        "--stance",
        "neutral",
        "--stance",
        "lee=resistant",
        "--concern",
        "lee@example.com=Who owns renewals?",
        "--concern",
        "Dana Reyes=Budget",
        "--follow-up",
        "Send the revised deck",
        "--due",
        "2025-01-20",
    )
    assert result.stdout == "1\n"
    assert result.stderr == (
        "logged meeting #1 with Dana Reyes, Lee Park, Kathleen Moss on CX programme v2 (2025-01-15 10:00)\n"
    )
    tp = {
        "id": 1,
        "occurred_at": "2025-01-15T10:00:00+00:00",
        "channel": "meeting",
        "by": "alex",
        "plan": "CX programme",
        "version": 2,
        "status": "held",
        "summary": "Steering prep",
        "attendees": ["Dana Reyes", "Kathleen Moss", "Lee Park"],
    }
    assert touchpoints(team) == [tp]
    lee = show(team, "Lee Park")
    assert lee["touchpoints"] == [tp]
    assert lee["last_contact"] == "2025-01-15T10:00:00+00:00"
    # The PERSON=LEVEL stance wins over the bare one for Lee, whatever the order given.
    assert lee["stance"] == {"CX programme": "resistant"}
    assert [(s["plan"], s["level"], s["observed_at"], s["touchpoint_id"], s["source"]) for s in lee["stances"]] == [
        ("CX programme", "resistant", "2025-01-15T10:00:00+00:00", 1, "touchpoint")
    ]
    assert show(team, "Dana Reyes")["stance"] == show(team, "Kathleen")["stance"] == {"CX programme": "neutral"}
    assert [(c["id"], c["plan"], c["text"], c["status"], c["touchpoint_id"]) for c in lee["concerns"]] == [
        (1, "CX programme", "Who owns renewals?", "open", 1)
    ]
    assert [c["text"] for c in show(team, "Dana Reyes")["concerns"]] == ["Budget"]
    assert show(team, "Kathleen")["concerns"] == []
    follow_up = {
        "id": 1,
        "text": "Send the revised deck",
        "owner": "alex",
        "due_at": "2025-01-20T09:00:00+00:00",
        "done_at": None,
        "overdue": True,
        "stakeholders": ["Dana Reyes", "Kathleen Moss", "Lee Park"],
        "touchpoint_id": 1,
    }
    for person in ("Dana Reyes", "Lee Park", "Kathleen Moss"):
        assert show(team, person)["follow_ups"] == [follow_up]


def test_bare_stance_and_concern_with_one_attendee(sqlite_team: Cli) -> None:
    sqlite_team.ok(
        "log",
        "Dana",
        "--plan",
        "CX programme",
        "--when",
        PAST,
        "--stance",
        "supportive",
        "--concern",
        "Who pays?",
        "--version",
        "1",
    )
    dana = show(sqlite_team, "Dana")
    assert (dana["touchpoints"][0]["version"], dana["stance"]) == (1, {"CX programme": "supportive"})
    assert [c["text"] for c in dana["concerns"]] == ["Who pays?"]


def test_log_defaults(sqlite_team: Cli) -> None:
    before = datetime.now(UTC)
    sqlite_team.ok("log", "Dana Reyes")
    after = datetime.now(UTC)
    [tp] = touchpoints(sqlite_team)
    assert (tp["channel"], tp["by"], tp["plan"], tp["version"], tp["status"], tp["summary"]) == (
        "call",
        "tester",
        None,
        None,
        "held",
        None,
    )
    assert before - timedelta(seconds=1) <= datetime.fromisoformat(tp["occurred_at"]) <= after


def test_a_back_dated_log_is_a_back_dated_stance(team: Cli) -> None:
    # No offset: local time (TZ=Europe/London, on summer time in July).
    team.ok("log", "Dana", "--plan", "CX programme", "--when", "2025-07-15 10:00", "--stance", "leading")
    team.ok("stance", "Dana", "neutral", "--plan", "CX programme")
    team.ok("log", "Dana", "--plan", "CX programme", "--when", "2025-07-01 10:00", "--stance", "resistant")
    dana = show(team, "Dana")
    assert [(s["level"], s["observed_at"]) for s in dana["stances"]][:2] == [
        ("resistant", "2025-07-01T09:00:00+00:00"),
        ("leading", "2025-07-15T09:00:00+00:00"),
    ]
    # The manual stance, recorded now, is the latest observation; the older call does not override it.
    assert dana["stance"] == {"CX programme": "neutral"}


def test_a_future_log_is_planned_and_carries_no_stance_or_concern(team: Cli) -> None:
    result = team.ok("log", "Dana", "Lee", "--plan", "CX programme", "--when", FUTURE)
    assert result.stderr.startswith("planned call #1 with Dana Reyes, Lee Park on CX programme v2")
    [tp] = touchpoints(team, "--planned")
    assert (tp["status"], tp["occurred_at"]) == ("planned", FUTURE)
    assert show(team, "Dana")["last_contact"] is None
    team.refused(
        2,
        "log",
        "Dana",
        "--plan",
        "CX programme",
        "--when",
        FUTURE,
        "--stance",
        "supportive",
        says=("planned touchpoint", "no stance or concern"),
    )
    team.refused(
        2,
        "log",
        "Dana",
        "--plan",
        "CX programme",
        "--when",
        FUTURE,
        "--concern",
        "Budget",
        says=("planned touchpoint",),
    )
    assert len(touchpoints(team)) == 1


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (
            ("Dana", "Lee", "--plan", "CX programme", "--concern", "Budget"),
            "several attendees: say who raised the concern",
        ),
        (("Dana", "--version", "2"), "--version needs --plan"),
        (("Dana", "--plan", "CX programme", "--version", "3"), "plan 'CX programme' has no version 3 (current is 2)"),
        (("Dana", "--channel", "pigeon"), "unknown channel 'pigeon': use one of call, meeting, one-on-one, email"),
        (("Dana", "--plan", "CX programme", "--stance", "thrilled"), "unknown stance 'thrilled'"),
        (("Dana", "--when", "the day after"), "cannot read date 'the day after'"),
        (("Dana", "--when", "2025-02-30"), "cannot read date"),
        (("Nobody",), "no stakeholder 'Nobody'"),
        (("Dana", "--stance", "supportive"), "a stance or concern is about a plan: add --plan"),
        (("Dana", "--plan", "CX programme", "--stance", "Lee=supportive"), "Lee Park is not an attendee"),
        (("Dana", "--plan", "CX programme", "--concern", "Lee=Budget"), "Lee Park is not an attendee"),
        (("Dana", "--plan", "Sales"), "no plan 'Sales'"),
        (("Dana", "--follow-up", "Send deck"), "a follow-up needs a due date"),
        (("Dana", "--follow-up", "Send deck", "--due", "whenever"), "cannot read date 'whenever'"),
        (
            ("Dana", "Lee", "--plan", "CX programme", "--stance", "neutral", "--stance", "leading"),
            "two stances for everyone",
        ),
        (
            ("Dana", "--plan", "CX programme", "--stance", "Dana=neutral", "--stance", "dana=leading"),
            "two stances for Dana Reyes",
        ),
    ],
)
def test_log_refuses_bad_input_and_writes_nothing(sqlite_team: Cli, args: tuple[str, ...], says: str) -> None:
    sqlite_team.refused(2, "log", *args, says=(says,))
    assert touchpoints(sqlite_team) == []
    assert json.loads(sqlite_team.ok("concern", "list", "--json").stdout) == []


def test_a_refused_log_writes_nothing_on_either_backend(team: Cli) -> None:
    # The touchpoint row is inserted before the stance for a non-attendee is refused: all or nothing.
    team.refused(
        2,
        "log",
        "Dana",
        "--plan",
        "CX programme",
        "--stance",
        "Lee=supportive",
        "--concern",
        "Budget",
        says=("Lee Park is not an attendee",),
    )
    team.refused(2, "log", "Dana", "--plan", "CX programme", "--concern", "Lee=Budget", says=("not an attendee",))
    assert touchpoints(team) == []
    assert json.loads(team.ok("concern", "list", "--json").stdout) == []
    assert [h["summary"] for h in json.loads(team.ok("history", "Dana", "--json").stdout)] == ["added Dana Reyes"]


def test_log_with_an_ambiguous_name_lists_the_candidates(sqlite_team: Cli) -> None:
    sqlite_team.ok("add", "Dana Smith")
    sqlite_team.refused(
        2, "log", "dana", says=("Dana Reyes <dana@example.com> (id 1)", "Dana Smith <no e-mail> (id 4)")
    )


def test_due_without_follow_up_is_a_usage_error(sqlite_team: Cli) -> None:
    assert "--due belongs to --follow-up" in sqlite_team.fails(2, "log", "Dana", "--due", "tomorrow").stderr


def test_touchpoint_list_text_and_planned_filter(sqlite_team: Cli) -> None:
    assert "no touchpoints" in sqlite_team.ok("touchpoint", "list").stderr
    sqlite_team.ok("log", "Dana", "--when", PAST, "--note", "Catch-up")
    sqlite_team.ok("log", "Lee", "--when", FUTURE, "--plan", "CX programme")
    assert [t["id"] for t in touchpoints(sqlite_team)] == [1, 2]
    assert [t["id"] for t in touchpoints(sqlite_team, "--planned")] == [2]
    lines = sqlite_team.ok("touchpoint", "list").stdout.splitlines()
    assert lines[0].split() == ["ID", "WHEN", "STATUS", "CHANNEL", "WITH", "PLAN", "NOTE"]
    assert lines[1].split() == ["1", "2025-01-15", "10:00", "held", "call", "Dana", "Reyes", "Catch-up"]


def test_held_settles_a_planned_touchpoint_with_the_stance_heard(team: Cli) -> None:
    team.ok("log", "Dana", "Lee", "--plan", "CX programme", "--when", FUTURE)
    # The call was on the calendar for last week and nobody marked it: it stays planned.
    team.ok("touchpoint", "edit", "1", "--when", PAST)
    assert touchpoints(team)[0]["status"] == "planned"
    result = team.ok("touchpoint", "held", "1", "--stance", "supportive", "--note", "On board")
    assert result.stderr == "touchpoint #1 held (2025-01-15 10:00)\n"
    [tp] = touchpoints(team)
    assert (tp["status"], tp["occurred_at"], tp["summary"]) == ("held", PAST, "On board")
    for person in ("Dana", "Lee"):
        detail = show(team, person)
        assert [(s["level"], s["observed_at"], s["touchpoint_id"]) for s in detail["stances"]] == [
            ("supportive", PAST, 1)
        ]
        assert detail["last_contact"] == PAST
    team.refused(
        1, "touchpoint", "held", "1", says=("touchpoint 1 is already held: the call with Dana Reyes, Lee Park",)
    )
    team.refused(2, "touchpoint", "held", "9", says=("no touchpoint 9",))


def test_held_early_is_dated_now(sqlite_team: Cli) -> None:
    sqlite_team.ok("log", "Dana", "--when", FUTURE)
    before = datetime.now(UTC)
    sqlite_team.ok("touchpoint", "held", "1")
    occurred = datetime.fromisoformat(touchpoints(sqlite_team)[0]["occurred_at"])
    assert before - timedelta(seconds=1) <= occurred <= datetime.now(UTC)


def test_held_with_a_stance_needs_a_plan(sqlite_team: Cli) -> None:
    sqlite_team.ok("log", "Dana", "--when", FUTURE)
    sqlite_team.refused(2, "touchpoint", "held", "1", "--stance", "neutral", says=("about no plan",))
    sqlite_team.refused(2, "touchpoint", "held", "1", "--stance", "meh", says=("unknown stance 'meh'",))
    assert touchpoints(sqlite_team)[0]["status"] == "planned"


def test_drop_deletes_a_planned_touchpoint_and_keeps_it_in_the_audit_log(team: Cli) -> None:
    team.ok("log", "Dana", "--when", FUTURE, "--plan", "CX programme")
    team.ok("log", "Dana", "--when", PAST)
    assert team.ok("touchpoint", "drop", "1").stderr == "dropped planned touchpoint #1\n"
    assert [t["id"] for t in touchpoints(team)] == [2]
    entry = json.loads(team.ok("history", "Dana", "--json").stdout)[-1]
    assert (entry["action"], entry["summary"], entry["actor"]) == ("delete", "dropped touchpoint 1", "tester")
    assert entry["before"]["occurred_at"] == FUTURE and entry["before"]["status"] == "planned"
    team.refused(1, "touchpoint", "drop", "2", says=("touchpoint 2 was held: use `touchpoint delete`",))
    team.refused(2, "touchpoint", "drop", "1", says=("no touchpoint 1",))
    assert [t["id"] for t in touchpoints(team)] == [2]


def test_edit_moves_the_stances_with_the_date_and_changes_attendees(team: Cli) -> None:
    team.ok("log", "Dana", "Lee", "--plan", "CX programme", "--when", PAST, "--stance", "neutral", "--version", "1")
    team.ok(
        "touchpoint",
        "edit",
        "1",
        "--when",
        "2025-01-10T08:30:00+00:00",
        "--version",
        "2",
        "--channel",
        "email",
        "--by",
        "sam",
        "--note",
        "Moved",
        "--add",
        "Kathleen",
        "--remove",
        "lee@example.com",
    )
    [tp] = touchpoints(team)
    assert tp == {
        "id": 1,
        "occurred_at": "2025-01-10T08:30:00+00:00",
        "channel": "email",
        "by": "sam",
        "plan": "CX programme",
        "version": 2,
        "status": "held",
        "summary": "Moved",
        "attendees": ["Dana Reyes", "Kathleen Moss"],
    }
    assert [(s["level"], s["observed_at"]) for s in show(team, "Dana")["stances"]] == [
        ("neutral", "2025-01-10T08:30:00+00:00")
    ]
    # Lee is no longer in it, so the stance heard from him in it goes too.
    assert show(team, "Lee")["stances"] == [] and show(team, "Lee")["touchpoints"] == []
    entry = json.loads(team.ok("history", "Dana", "--json").stdout)[-1]
    assert entry["before"] == {"occurred_at": PAST, "channel": "call", "by": "tester", "version": 1, "summary": None}
    assert entry["after"] == {
        "occurred_at": "2025-01-10T08:30:00+00:00",
        "channel": "email",
        "by": "sam",
        "version": 2,
        "summary": "Moved",
    }


def test_edit_refusals(team: Cli) -> None:
    team.ok("log", "Dana", "--plan", "CX programme", "--when", PAST, "--stance", "neutral")
    team.refused(2, "touchpoint", "edit", "1", "--no-plan", says=("carries stances, so it must stay about a plan",))
    team.refused(2, "touchpoint", "edit", "1", "--when", FUTURE, says=("cannot move into the future",))
    team.refused(2, "touchpoint", "edit", "1", "--remove", "Dana", says=("at least one attendee",))
    team.refused(2, "touchpoint", "edit", "1", "--version", "5", says=("has no version 5",))
    team.refused(2, "touchpoint", "edit", "1", "--channel", "fax", says=("unknown channel 'fax'",))
    team.refused(2, "touchpoint", "edit", "7", "--note", "x", says=("no touchpoint 7",))
    assert "nothing to change" in team.fails(2, "touchpoint", "edit", "1").stderr
    assert "contradict" in team.fails(2, "touchpoint", "edit", "1", "--plan", "CX programme", "--no-plan").stderr
    assert touchpoints(team)[0]["occurred_at"] == PAST


def test_edit_without_stances_can_become_plain_upkeep_or_planned(sqlite_team: Cli) -> None:
    sqlite_team.ok("log", "Dana", "--plan", "CX programme", "--when", PAST)
    sqlite_team.ok("touchpoint", "edit", "1", "--no-plan")
    assert (touchpoints(sqlite_team)[0]["plan"], touchpoints(sqlite_team)[0]["version"]) == (None, None)
    sqlite_team.ok("touchpoint", "edit", "1", "--when", FUTURE)
    assert touchpoints(sqlite_team)[0]["status"] == "planned"


def test_delete_removes_the_touchpoint_and_its_stances_but_keeps_concerns_and_promises(team: Cli) -> None:
    team.ok(
        "log",
        "Dana",
        "--plan",
        "CX programme",
        "--when",
        PAST,
        "--stance",
        "resistant",
        "--concern",
        "Budget",
        "--follow-up",
        "Call back",
        "--due",
        "2025-01-20",
    )
    assert team.ok("touchpoint", "delete", "1").stderr == "deleted touchpoint #1\n"
    dana = show(team, "Dana")
    assert (dana["touchpoints"], dana["stances"], dana["stance"], dana["last_contact"]) == ([], [], {}, None)
    assert [(c["text"], c["touchpoint_id"]) for c in dana["concerns"]] == [("Budget", None)]
    assert [(f["text"], f["touchpoint_id"]) for f in dana["follow_ups"]] == [("Call back", None)]
    entry = json.loads(team.ok("history", "Dana", "--json").stdout)[-1]
    assert (entry["action"], entry["summary"]) == ("delete", "deleted touchpoint 1")
    team.refused(2, "touchpoint", "delete", "1", says=("no touchpoint 1",))
