"""Bad usage gets one line that says what is wrong and where the help is, exit 2 (PRODUCT.md §4).

click's own errors (unknown option, missing argument or option, bad choice,
unknown command) are rewritten from its three lines (Usage, Try, Error)
to the one-line form every other error has.
"""

import subprocess
import sys

import pytest

from stakeholders.cli import main
from tests.conftest import Cli
from tests.e2e.conftest import stakeholders_exe, subprocess_env

CASES = [
    (["list", "--foo"], "error: no such option '--foo' (see 'stakeholders list --help')"),
    (["list", "--jsn"], "error: no such option '--jsn'; did you mean '--json'? (see 'stakeholders list --help')"),
    (["add"], "error: missing argument 'NAME' (see 'stakeholders add --help')"),
    (["log"], "error: missing argument 'PERSON...' (see 'stakeholders log --help')"),
    (["event", "add", "Town hall"], "error: missing option '--plan' (see 'stakeholders event add --help')"),
    (
        ["plan", "add", "X", "--summary"],
        "error: option '--summary' requires an argument (see 'stakeholders plan add --help')",
    ),
    (["list", "--tag"], "error: option '--tag' requires an argument (see 'stakeholders list --help')"),
    (
        ["export", "--format", "pdf"],
        "error: invalid value for '--format': 'pdf' is not one of 'md', 'html', 'csv', "
        "'json', 'xlsx', 'ics' (see 'stakeholders export --help')",
    ),
    (["add", "Dana", "--influence", "x", "extra"], None),
    (["frobnicate"], "error: no such command 'frobnicate' (see 'stakeholders --help')"),
    (["--bogus", "list"], "error: no such option '--bogus' (see 'stakeholders --help')"),
    (
        ["--screen", "people"],
        "error: invalid value for '--screen': 'people' is not one of 'dashboard', "
        "'stakeholders', 'plans', 'events', 'map' (see 'stakeholders --help')",
    ),
    (["touchpoint", "held", "not-a-number"], None),
    (
        ["forget", "Dana Reyes"],
        "error: forget cannot be undone: add --yes to confirm (see 'stakeholders forget --help')",
    ),
]


@pytest.mark.parametrize("args, expected", CASES, ids=lambda a: " ".join(a) if isinstance(a, list) else "")
def test_a_usage_error_is_one_line_with_exit_2(sqlite_cli: Cli, args: list[str], expected: str | None) -> None:
    result = sqlite_cli.fails(2, *args)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "(see 'stakeholders" in lines[0] and lines[0].endswith(" --help')")
    if expected is not None:
        assert lines == [expected]


def test_a_bare_group_still_shows_its_help(sqlite_cli: Cli) -> None:
    """`stakeholders plan` asks what plan commands there are: the help, not an error line."""
    result = sqlite_cli("plan")
    assert result.exit_code == 2
    assert "Commands:" in result.output and "revise" in result.output


def test_the_real_program_prints_the_same_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The console script, as a shell runs it (prog name from argv[0])."""
    done = subprocess.run(
        [stakeholders_exe(), "--db", str(tmp_path / "s.db"), "list", "--foo"],
        capture_output=True,
        text=True,
        timeout=60,
        env=subprocess_env(),
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "error: no such option '--foo' (see 'stakeholders list --help')\n",
    )
    assert not (tmp_path / "s.db").exists()  # bad usage never creates the database


def test_main_keeps_its_name_for_completion() -> None:
    assert main.name == "stakeholders"


def test_the_command_map_names_every_command_of_every_module() -> None:
    """Commands load with their module on first use (stakeholders/cli/__init__.py); the map must match."""
    import importlib

    from stakeholders.cli import COMMAND_MODULES

    for module, names in COMMAND_MODULES.items():
        defined = [c.name for c in importlib.import_module(f"stakeholders.cli.{module}").COMMANDS]
        assert sorted(defined) == sorted(names), module


def test_the_bare_command_imports_no_command_module() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, stakeholders.cli; print(sorted(m for m in sys.modules if m.startswith('stakeholders.cli.')))",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "['stakeholders.cli.common']"
