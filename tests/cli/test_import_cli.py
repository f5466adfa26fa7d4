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
def test_each_format_is_detected_and_imported(
    cli: Cli, sample: str, fmt: str, created: int | None, skipped_lines: list[int] | None
) -> None:
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
    assert {
        k: priya[k]
        for k in ("name", "email", "title", "organization", "phone", "influence", "interest", "owner", "tags", "notes")
    } == {
        "name": "Priya Natarajan",
        "email": "priya.natarajan@example.com",
        "title": "VP Customer Experience",
        "organization": "Northwind Retail",
        "phone": "+1 555 0101",
        "influence": 5,
        "interest": 4,
        "owner": "dana",
        "tags": ["cx-team", "division-leads", "imported"],
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


@pytest.mark.parametrize(
    ("sample", "message"),
    [
        ("empty.csv", "empty"),
        ("no_header.csv", "no recognisable header"),
        ("not_text.bin", "not a text file"),
    ],
)
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


# --- address books as they really are (§5) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("sample", "fmt", "people", "skipped_lines"),
    [
        (
            "vcard21_android_qp.vcf",
            "vcard",
            {
                "Jürgen Müller": ("Großhandel Süd AG", "Vertrieb Deutschland Südwest"),
                "Zofia Łukasiewicz": ("Northwind Polska", "IT"),
            },
            [],
        ),
        (
            "vcard21_outlook_8bit.vcf",
            "vcard",
            {
                "René Dubois": ("Société Générale", "Direction financière"),
                "Björn Åström": ("Fabrikam Nordic", "Försäljning"),
                "Lucía Ibáñez": ("Contoso Iberia", "Atención al cliente"),
            },
            [],
        ),
        (
            "vcard30_utf16.vcf",
            "vcard",
            {"Yūko Nakamura": ("Tailspin Japan", "カスタマーケア"), "Dr. John Q. Public, III": ("Adatum", None)},
            [9],
        ),
        (
            "vcard30_empty_card.vcf",
            "vcard",
            {"Nadia Haddad": ("Adventure Works", "Partnerships"), "Tom Fischer": (None, None)},
            [9],
        ),
        (
            "thunderbird.csv",
            "thunderbird",
            {
                "Mei Chen": ("Woodgrove Bank", "Finance APAC"),
                "Carlos Mendes": ("Contoso", "Sales Americas"),
                "Ops mailbox": ("Contoso", None),
            },
            [5],
        ),
        (
            "google_old_style.csv",
            "google",
            {
                "Amara Okafor": ("Tailspin Toys", "Customer Care EMEA"),
                "Dr. John Q. Public, III": ("Adatum", None),
                "Weber, Jonas": (None, None),
            },
            [],
        ),
        (
            "outlook_department.csv",
            "outlook",
            {
                "Aiko Tanaka": ("Fabrikam, Inc.", "Sales APAC"),
                "Liam Walsh": (None, "IT"),
                "Priya Natarajan": ("Northwind", "Marketing"),
            },
            [],
        ),
    ],
)
def test_real_shaped_address_books(
    cli: Cli, sample: str, fmt: str, people: dict[str, tuple[str | None, str | None]], skipped_lines: list[int]
) -> None:
    result = cli.ok("import", str(DATA / sample), "--json")
    report = json.loads(result.stdout)
    assert (report["format"], report["created"]) == (fmt, len(people))
    assert [s["line"] for s in report["skipped"]] == skipped_lines
    for line in skipped_lines:
        assert f"{sample}:{line}: skipped: " in result.stderr
    stored = _people(cli)
    assert {name: (p["organization"], p["division"]) for name, p in stored.items()} == people


def test_an_empty_card_is_reported_not_dropped(cli: Cli) -> None:
    result = cli.ok("import", str(DATA / "vcard30_empty_card.vcf"))
    assert "vcard30_empty_card.vcf:9: skipped: empty card" in result.stderr
    assert "created 2, updated 0, unchanged 0, skipped 1 (vcard)" in result.stderr


def test_google_system_groups_are_not_tags_but_own_labels_are(cli: Cli) -> None:
    _import(cli, "google_old_style.csv")
    people = _people(cli)
    assert people["Amara Okafor"]["tags"] == ["customers"]
    assert people["Dr. John Q. Public, III"]["tags"] == []


def test_two_people_of_one_name_in_one_file_are_both_created_and_reported(cli: Cli) -> None:
    result = cli.ok("import", str(DATA / "linkedin_same_name.csv"))
    assert (
        "linkedin_same_name.csv:7: possible second person: 'Alex Kim' also on line 5 with another e-mail, "
        "title or organization; created apart"
    ) in result.stderr
    assert "created 3, updated 0" in result.stderr
    kims = [p for p in json.loads(cli.ok("list", "--json").stdout) if p["name"] == "Alex Kim"]
    assert sorted(p["organization"] for p in kims) == ["Contoso", "Woodgrove Bank, N.A."]
    report = json.loads(cli.ok("import", str(DATA / "linkedin_same_name.csv"), "--json", "--dry-run").stdout)
    # Again: each Alex Kim now matches two stakeholders by name: skipped and said so, never merged.
    assert [s["line"] for s in report["skipped"]] == [5, 7]
    assert "matches several stakeholders" in report["skipped"][0]["reasons"][0]


def test_the_same_person_twice_in_a_file_is_one_person(cli: Cli, tmp_path: Path) -> None:
    twice = tmp_path / "twice.csv"
    twice.write_text("name,title\nAlex Kim,CFO\nAlex Kim,\n")
    report = json.loads(cli.ok("import", str(twice), "--json").stdout)
    assert (report["created"], report["unchanged"], report["possible_second_people"]) == (1, 1, [])


def test_second_person_by_email_and_json_report(cli: Cli, tmp_path: Path) -> None:
    two = tmp_path / "two.csv"
    two.write_text("name,email\nSam Lee,sam.lee@one.example\nSam Lee,sam.lee@two.example\n")
    report = json.loads(cli.ok("import", str(two), "--json").stdout)
    assert report["created"] == 2
    assert report["possible_second_people"] == [{"line": 3, "earlier_line": 2, "name": "Sam Lee"}]


def test_an_update_counts_and_is_audited_whatever_it_changed_tags_included(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Dana Reyes", "--email", "dana@example.com", "--title", "VP Sales")
    tagged = tmp_path / "tagged.csv"
    tagged.write_text("name,email,title,tags\nDana Reyes,dana@example.com,VP Sales,steering\n")
    report = json.loads(cli.ok("import", str(tagged), "--json").stdout)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 0)
    [entry] = [h for h in json.loads(cli.ok("history", "Dana Reyes", "--json").stdout) if h["action"] == "update"]
    assert entry["summary"] == "import updated Dana Reyes" and entry["after"] == {"tags added": ["steering"]}
    again = json.loads(cli.ok("import", str(tagged), "--json").stdout)
    assert (again["updated"], again["unchanged"]) == (0, 1)  # nothing new: unchanged, not audited


def test_division_keeps_the_first_stored_spelling_on_import(cli: Cli, tmp_path: Path) -> None:
    cli.ok("add", "Ana Ruiz", "--division", "Sales EMEA")
    book = tmp_path / "book.csv"
    book.write_text("name,division\nBo Li,SALES emea\nCy Park,Marketing\nDi Vo,MARKETING\n")
    cli.ok("import", str(book))
    people = _people(cli)
    assert people["Bo Li"]["division"] == "Sales EMEA"
    assert (people["Cy Park"]["division"], people["Di Vo"]["division"]) == ("Marketing", "Marketing")
    assert [p["name"] for p in json.loads(cli.ok("list", "--division", "marketing", "--json").stdout)] == [
        "Cy Park",
        "Di Vo",
    ]


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("ops@corp.invalid", True),
        ("build@ci.test", True),
        ("dana@hq.local", True),
        ("sam@sales.example", True),
        ("it@corp.internal", True),
        ("email@localhost", False),
        ("snail@127.0.0.1", False),
    ],
)
def test_one_email_rule_for_add_edit_and_import(sqlite_cli: Cli, tmp_path: Path, address: str, ok: bool) -> None:
    book = tmp_path / "book.csv"
    book.write_text(f"name,email\nAda Byron,{address}\n")
    report = json.loads(sqlite_cli.ok("import", str(book), "--json").stdout)
    assert report["created"] == (1 if ok else 0)
    if ok:
        sqlite_cli.ok("add", "Bo Li", "--email", address.replace("@", "2@"))
        sqlite_cli.ok("edit", "Bo Li", "--email", address.replace("@", "3@"))
    else:
        assert "malformed e-mail" in sqlite_cli.fails(2, "add", "Bo Li", "--email", address).stderr
        sqlite_cli.ok("add", "Bo Li")
        assert "malformed e-mail" in sqlite_cli.fails(2, "edit", "Bo Li", "--email", address).stderr
