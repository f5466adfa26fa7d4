"""A reader that stops early (`stakeholders list | head -1`): the command stops quietly, as git does.

git dies of SIGPIPE when its reader goes away: nothing on stderr, and the
shell reports status 141 (128 + 13), which `set -o pipefail` sees. So do
we, never "error: Broken pipe". One huge write (an export to stdout) can
instead be cut short silently by Python's text layer and end with status
0: quiet as well.
"""

import signal
import subprocess
from pathlib import Path

import pytest

from tests.e2e.conftest import cli, subprocess_env

PEOPLE = 3000  # well past a pipe's 64 KiB buffer in every listing below


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> str:
    from tests.e2e.conftest import stakeholders_exe

    folder = tmp_path_factory.mktemp("many")
    source = folder / "people.csv"
    source.write_text(
        "name,email,organization,tags\n"
        + "".join(f"Person {i},p{i}@example.com,Division {i % 30},team-{i % 7}\n" for i in range(PEOPLE)),
        encoding="utf-8",
    )
    db = str(folder / "stakeholders.db")
    done = cli(stakeholders_exe(), db, "import", str(source))
    assert done.returncode == 0, done.stderr
    return db


def read_one_line_then_close(exe: str, db: str, *args: str) -> tuple[bytes, int, bytes]:
    proc = subprocess.Popen(
        [exe, "--db", db, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=subprocess_env()
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away, as `head -1` does
    code = proc.wait(timeout=120)
    stderr = proc.stderr.read()
    proc.stderr.close()
    return first, code, stderr


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["list", "--all"]], ids=" ".join)
def test_a_listing_whose_reader_goes_away_dies_of_sigpipe_quietly(
    many: str, exe: str, args: list[str], figures
) -> None:  # type: ignore[no-untyped-def]
    first, code, stderr = read_one_line_then_close(exe, many, *args)
    assert first.strip(), "no first line"
    assert stderr == b""
    assert code == -signal.SIGPIPE, code
    figures(
        f"`stakeholders {' '.join(args)}` ({PEOPLE} people) read one line then closed: killed by SIGPIPE "
        "like git, nothing on stderr"
    )


def test_an_export_whose_reader_goes_away_is_quiet(many: str, exe: str) -> None:
    first, code, stderr = read_one_line_then_close(exe, many, "export", "--format", "csv")
    assert first.strip()
    assert stderr == b""
    assert code in (0, -signal.SIGPIPE)


def test_through_a_shell_pipeline_head_gets_its_line_and_the_status_is_141(many: str, exe: str) -> None:
    script = f'set -o pipefail; "{exe}" --db "{many}" list | head -1; echo "status=$?" >&2'
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120, env=subprocess_env())
    assert done.stdout.split() == ["ID", "NAME", "ORGANIZATION", "DIVISION", "INF", "INT", "STANCE", "LAST", "CONTACT"]
    assert done.stderr == "status=141\n"  # nothing else: no "error: Broken pipe"


def test_a_reader_that_reads_everything_gets_everything(many: str, exe: str, tmp_path: Path) -> None:
    """The pieces `--json` is written in make one document."""
    import json

    done = subprocess.run([exe, "--db", many, "list", "--json"], capture_output=True, timeout=120, env=subprocess_env())
    assert done.returncode == 0
    assert len(json.loads(done.stdout)) == PEOPLE
