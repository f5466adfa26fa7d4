"""Shell completion of names from the database, through click's own completion protocol."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from stakeholders.cli import main
from tests.conftest import Cli


def complete(db: Path | str, words: str) -> list[str]:
    """What bash would offer for the last word of `words` (a trailing space: a new, empty word)."""
    parts = words.split(" ")
    env = {
        "_STAKEHOLDERS_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(parts) - 1),
        "STAKEHOLDERS_DB": str(db),
    }
    result = CliRunner().invoke(main, [], env=env, prog_name="stakeholders")
    assert result.exit_code == 0, result.output
    # bash_complete prints "type,value" per line.
    return [line.split(",", 1)[1] for line in result.output.splitlines() if line.startswith("plain,")]


@pytest.fixture()
def scene(sqlite_cli: Cli, tmp_path: Path) -> Cli:
    sqlite_cli.ok("add", "Elena Rossi", "--email", "elena@example.com")
    sqlite_cli.ok("add", "Sofia Lind", "--email", "s.lind@example.com")
    sqlite_cli.ok("add", "Nadia Kaur")
    sqlite_cli.ok("archive", "Nadia")
    sqlite_cli.ok("plan", "add", "CX programme", "--summary", "One view")
    sqlite_cli.ok(
        "event", "add", "Steering committee", "--plan", "CX programme", "--when", "2099-01-05", "--audience", "Elena"
    )
    return sqlite_cli


def test_people_complete_by_name_word_or_email_and_skip_the_archived(scene: Cli) -> None:
    db = scene.db
    assert complete(db, "stakeholders show el") == ["Elena Rossi"]
    assert complete(db, "stakeholders show ros") == ["Elena Rossi"]  # a later word of the name
    assert complete(db, "stakeholders show s.l") == ["s.lind@example.com"]  # only the e-mail matches
    assert complete(db, "stakeholders log Elena ") == ["Elena Rossi", "Sofia Lind"]  # Nadia is archived
    assert complete(db, "stakeholders show %") == []  # a wildcard is a literal character


def test_plans_and_events_complete(scene: Cli) -> None:
    assert complete(scene.db, "stakeholders plan show c") == ["CX programme"]
    assert complete(scene.db, "stakeholders log Elena --plan c") == ["CX programme"]
    assert complete(scene.db, "stakeholders brief st") == ["Steering committee"]
    assert complete(scene.db, "stakeholders surprises x") == []


def test_completion_never_creates_a_database_or_fails(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert complete(missing, "stakeholders show a") == []
    assert not missing.exists()
    foreign = tmp_path / "foreign.db"
    foreign.write_bytes(b"not a database at all" * 100)
    assert complete(foreign, "stakeholders show a") == []
    assert foreign.read_bytes() == b"not a database at all" * 100
