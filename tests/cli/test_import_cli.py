"""`import` from the command line: every format, matching, --strict, --dry-run, --map, bad files."""

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import Cli

DATA = Path(__file__).parent.parent / "data" / "import"


def _people(cli: Cli) -> dict[str, dict]:
    return {p["name"]: p for p in json.loads(cli.ok("list", "--all", "--json").stdout)}


def _import(cli: Cli, name: str, *args: str) -> dict:
    return json.loads(cli.ok("import", str(DATA / name), "--json", *args).stdout)


@pytest.mark.parametrize(
    ("sample", "fmt", "created", "skipped_lines"),
    [
        ("plain.csv", "csv", 4, [4, 5, 9]),
        ("plain_semicolon.csv", "csv", None, None),
        ("outlook.csv", "outlook", 4, []),
        ("google.csv", "google", 3, [6]),
        ("google_legacy.csv", "google", None, None),
        ("linkedin_connections.csv", "linkedin", 4, [8]),
        ("contacts.vcf", "vcard", 3, []),
        ("latin1.csv", "csv", 2, []),
    ],
)
def test_each_format_is_detected_and_imported(cli: Cli, sample: str, fmt: str, created: int | None,
                                              skipped_lines: list[int] | None) -> None:
    report = _import(cli, sample)
    assert report["format"] == fmt
    assert report["created"] > 0
    if created is not None:
        assert report["created"] == created
        assert [s["line"] for s in report["skipped"]] == skipped_lines
    assert len(_people(cli)) == report["created"]


def test_plain_csv_fields_are_stored_exactly(cli: Cli) -> None:
    result = cli.ok("import", str(DATA / "plain.csv"), "--tag", "Imported")
    assert "plain.csv:4: skipped: influence 9 is not between 1 and 5" in result.stderr
    assert "plain.csv:5: skipped: no name" in result.stderr
    assert "plain.csv:9: skipped: malformed e-mail 'tomas.rivera@'" in result.stderr
    assert "created 4, updated 0, unchanged 0, skipped 3 (csv)" in result.stderr
    priya = json.loads(cli.ok("show", "priya.natarajan@example.com", "--json").stdout)
    assert {k: priya[k] for k in ("name", "email", "title", "organization", "phone", "influence", "interest",
                                  "owner", "tags", "notes")} == {
        "name": "Priya Natarajan", "email": "priya.natarajan@example.com", "title": "VP Customer Experience",
        "organization": "Northwind Retail", "phone": "+1 555 0101", "influence": 5, "interest": 4,
        "owner": "dana", "tags": ["cx-team", "division-leads", "imported"],
        "notes": "Prefers a call before anything lands in writing",
    }


def test_latin1_names_survive(cli: Cli) -> None:
    _import(cli, "latin1.csv")
    assert {"José Müller", "Zoë Ångström"} <= set(_people(cli))


def test_reimport_never_duplicates_and_fills_empty_fields(cli: Cli, tmp_path: Path) -> None:
    first = _import(cli, "plain.csv")
    again = _import(cli, "plain.csv")
    assert again["created"] == 0
    assert again["unchanged"] == first["created"]
    assert len(_people(cli)) == first["created"]
    # A row whose e-mail differs only in case matches and fills the empty title.
    cli.ok("edit", "Marcus O'Neill", "--title", "Support Director")
    update = tmp_path / "update.csv"
    update.write_text("Name,Email,Title,Phone\nMarcus O'Neill,MARCUS.ONEILL@example.com,Head of Support,+1 555 0199\n")
    report = json.loads(cli.ok("import", str(update), "--json").stdout)
    assert (report["created"], report["updated"]) == (0, 1)
    marcus = _people(cli)["Marcus O'Neill"]
    detail = json.loads(cli.ok("show", str(marcus["id"]), "--json").stdout)
    assert (detail["title"], detail["phone"]) == ("Support Director", "+1 555 0199")
    # --update also overwrites a field that changed.
    cli.ok("import", str(update), "--update")
    detail = json.loads(cli.ok("show", str(marcus["id"]), "--json").stdout)
    assert detail["title"] == "Head of Support"


def test_strict_refuses_the_whole_file(cli: Cli) -> None:
    result = cli.fails(2, "import", str(DATA / "plain.csv"), "--strict")
    assert "plain.csv:4: influence 9 is not between 1 and 5" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "error: 3 bad row(s) and --strict: nothing was imported"
    assert _people(cli) == {}


def test_dry_run_writes_nothing(cli: Cli) -> None:
    result = cli.ok("import", str(DATA / "outlook.csv"), "--dry-run")
    assert "would create 4" in result.stderr and "dry run, nothing written" in result.stderr
    assert _people(cli) == {}


def test_map_names_columns(cli: Cli) -> None:
    report = _import(cli, "custom_columns.csv", "--map", "Full Name=name", "--map", "Team=tags")
    assert report["created"] >= 1
    assert all(p["tags"] for p in _people(cli).values())


@pytest.mark.parametrize(("sample", "message"), [
    ("empty.csv", "empty"),
    ("no_header.csv", "no recognisable header"),
    ("not_text.bin", "not a text file"),
])
def test_files_that_are_not_imports_are_refused(cli: Cli, sample: str, message: str) -> None:
    result = cli.fails(2, "import", str(DATA / sample))
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_map_and_missing_file(cli: Cli, tmp_path: Path) -> None:
    cli.fails(2, "import", str(DATA / "plain.csv"), "--map", "Name=shoe-size")
    cli.fails(2, "import", str(DATA / "plain.csv"), "--map", "nonsense")
    cli.fails(2, "import", str(tmp_path / "missing.csv"))


def test_a_file_named_like_vcard_is_read_as_one(cli: Cli, tmp_path: Path) -> None:
    copy = tmp_path / "people.VCF"
    shutil.copy(DATA / "contacts.vcf", copy)
    report = json.loads(cli.ok("import", str(copy), "--json").stdout)
    assert report["format"] == "vcard"


def test_name_match_does_not_steal_a_person_with_another_email(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Alex Kim", "--email", "alex.kim@one.example")
    other = tmp_path / "other.csv"
    other.write_text("name,email\nAlex Kim,alex.kim@two.example\n")
    report = json.loads(cli.ok("import", str(other), "--json").stdout)
    assert report["created"] == 1
    people = json.loads(cli.ok("list", "--json").stdout)
    assert sorted(p["email"] for p in people) == ["alex.kim@one.example", "alex.kim@two.example"]
