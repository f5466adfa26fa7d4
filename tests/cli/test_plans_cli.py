"""plan add, revise, list, show, diff, approve (PRODUCT.md §4)."""

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli


def plans(cli: Cli) -> list[dict[str, Any]]:
    return json.loads(cli.ok("plan", "list", "--json").stdout)


def test_add_and_revise_number_the_versions(cli: Cli, tmp_path: Path) -> None:
    body = tmp_path / "v1.md"
    body.write_text("# Why\n\nOne customer view — across divisions.\n", encoding="utf-8")
    added = cli.ok("plan", "add", " CX programme ", "--summary", "One customer view", "--body-file", str(body))
    assert added.stderr == "added plan CX programme at version 1 (id 1)\n"
    revised = cli.ok(
        "plan",
        "revise",
        "cx PROGRAMME",
        "--summary",
        "Divisions keep accounts",
        "--changes",
        "Account ownership stays with divisions",
    )
    assert revised.stderr == "CX programme is now at version 2\n"
    [plan] = plans(cli)
    assert (plan["id"], plan["name"], plan["current_version"]) == (1, "CX programme", 2)
    fields = ("number", "summary", "changes", "approved_by", "approved_at")
    assert [tuple(v[f] for f in fields) for v in plan["versions"]] == [
        (1, "One customer view", None, None, None),
        (2, "Divisions keep accounts", "Account ownership stays with divisions", None, None),
    ]
    assert all(v["created_at"].endswith("+00:00") for v in plan["versions"])
    shown = cli.ok("plan", "show", "CX programme", "--version", "1").stdout
    assert shown == "# CX programme v1\n\nOne customer view\n\n# Why\n\nOne customer view — across divisions.\n"
    assert cli.ok("plan", "show", "1").stdout == (
        "# CX programme v2\n\nDivisions keep accounts\n\nChanges:\nAccount ownership stays with divisions\n"
    )


def test_plan_list_text_and_empty(sqlite_cli: Cli) -> None:
    assert "no plans yet" in sqlite_cli.ok("plan", "list").stderr
    sqlite_cli.ok("plan", "add", "CX programme", "--summary", "One view")
    lines = sqlite_cli.ok("plan", "list").stdout.splitlines()
    assert lines[0].split() == ["ID", "PLAN", "VERSION", "SUMMARY", "APPROVED"]
    assert lines[1].split() == ["1", "CX", "programme", "1", "One", "view"]


def test_diff_shows_the_two_texts_line_by_line(sqlite_cli: Cli) -> None:
    sqlite_cli.ok("plan", "add", "CX programme", "--summary", "One view")
    sqlite_cli.ok("plan", "revise", "CX programme", "--summary", "Two views", "--changes", "Split")
    out = sqlite_cli.ok("plan", "diff", "CX programme", "1", "2").stdout
    assert out.splitlines() == [
        "--- CX programme v1",
        "+++ CX programme v2",
        "@@ -1,3 +1,6 @@",
        "-# CX programme v1",
        "+# CX programme v2",
        " ",
        "-One view",
        "+Two views",
        "+",
        "+Changes:",
        "+Split",
    ]
    assert sqlite_cli.ok("plan", "diff", "CX programme", "2", "2").stdout == "the two versions read the same\n"
    sqlite_cli.refused(2, "plan", "diff", "CX programme", "1", "3", says=("has no version 3 (current is 2)",))


def test_approve_records_the_sign_off(cli: Cli) -> None:
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.ok("plan", "revise", "CX programme", "--summary", "Two")
    result = cli.ok(
        "plan",
        "approve",
        "CX programme",
        "--version",
        "1",
        "--by",
        "Chris (CMO)",
        "--when",
        "2025-01-15T10:00:00-05:00",
    )
    assert result.stderr == "CX programme v1 approved by Chris (CMO)\n"
    versions = plans(cli)[0]["versions"]
    assert (versions[0]["approved_by"], versions[0]["approved_at"]) == ("Chris (CMO)", "2025-01-15T15:00:00+00:00")
    assert (versions[1]["approved_by"], versions[1]["approved_at"]) == (None, None)
    cli.ok("plan", "approve", "CX programme", "--by", "Board")  # default: the current version, now
    assert plans(cli)[0]["versions"][1]["approved_by"] == "Board"
    assert (
        "Approved by Chris (CMO) on 2025-01-15 15:00" in cli.ok("plan", "show", "CX programme", "--version", "1").stdout
    )


def test_plan_refusals(sqlite_cli: Cli, tmp_path: Path) -> None:
    cli = sqlite_cli
    cli.ok("plan", "add", "CX programme", "--summary", "One view")
    cli.refused(1, "plan", "add", "cx programme", "--summary", "Again", says=("plan 'cx programme' already exists",))
    cli.refused(2, "plan", "add", "  ", "--summary", "x", says=("a plan needs a name",))
    cli.refused(2, "plan", "revise", "CX programme", "--summary", "  ", says=("needs a summary",))
    cli.refused(2, "plan", "show", "Sales", says=("no plan 'Sales' (plans: CX programme)",))
    cli.refused(2, "plan", "show", "CX programme", "--version", "4", says=("has no version 4 (current is 1)",))
    cli.refused(2, "plan", "approve", "CX programme", "--version", "2", "--by", "CMO", says=("has no version 2",))
    cli.refused(2, "plan", "approve", "CX programme", "--by", "  ", says=("say who approved it",))
    cli.refused(2, "plan", "approve", "CX programme", "--by", "CMO", "--when", "someday", says=("cannot read date",))
    latin1 = tmp_path / "body.md"
    latin1.write_bytes("Caf\xe9".encode("latin-1"))
    assert (
        "not UTF-8"
        in cli.fails(2, "plan", "revise", "CX programme", "--summary", "x", "--body-file", str(latin1)).stderr
    )
    assert cli.fails(2, "plan", "add", "Other").exit_code == 2  # --summary is required
    [plan] = plans(cli)
    assert (plan["current_version"], plan["versions"][0]["approved_by"]) == (1, None)


def test_no_plans_yet_says_how_to_add_one(sqlite_cli: Cli) -> None:
    sqlite_cli.refused(2, "plan", "show", "CX", says=("there are no plans yet: `stakeholders plan add`",))
