"""The short profile of our fuzzer, in the normal test run (the long one: `python -m tests.fuzz`, docs/reliability.md).

Every command the group lists gets at least one case, then seeded random
ones; a sample runs as real processes with argv bytes the locale cannot
decode; the commands that write get the same oracle on PostgreSQL.
"""

import os
from collections.abc import Callable

import pytest

from tests.fuzz.cases import READ_ONLY, Case, Generator, commands
from tests.fuzz.harness import Tally, run_batch, run_process

SEED = 2026
CASES = 240  # about 30 s on one core
BATCH = 20
FIGURE = "figure"


@pytest.fixture
def report(record_property: Callable[[str, object], None]) -> Callable[[str], None]:
    def note(line: str) -> None:
        print(line)
        record_property(FIGURE, line)

    return note


def _run(generator: Generator, total: int, runner: Callable[[list, Tally], None]) -> Tally:
    tally = Tally()
    first = [generator.case(name) for name in generator.names]  # every command, new ones included
    cases = first + [generator.case() for _ in range(max(0, total - len(first)))]
    for start in range(0, len(cases), BATCH):
        runner(cases[start : start + BATCH], tally)
    return tally


def test_every_command_and_option_of_the_group_is_fuzzed() -> None:
    """The generator walks the click group: a command added tomorrow is in tomorrow's cases."""
    generator = Generator(SEED)
    seen_options: set[tuple[str, str]] = set()
    for _ in range(3000):
        case = generator.case()
        seen_options |= {(case.command, word) for word in case.argv if word.startswith("--")}
    for name, command in commands().items():
        for param in command.params:
            if param.param_type_name == "option" and (name, param.name) != ("demo", "open_tui"):
                assert any((name, opt) in seen_options for opt in param.opts + param.secondary_opts), (name, param.name)


def test_short_profile_no_traceback_no_partial_write_no_damage(report: Callable[[str], None]) -> None:
    tally = _run(Generator(SEED), CASES, run_batch)
    report(f"fuzz, short profile (SQLite, in-process): {tally.summary(SEED)}")
    assert tally.clean, "\n".join(tally.failures[:20])


def test_argv_bytes_as_real_processes(report: Callable[[str], None]) -> None:
    """Bytes that are not UTF-8 reach a real process as surrogates: refused in one line, or kept in file names."""
    generator = Generator(SEED + 1)
    tally = Tally()
    fixed = {
        "add": [b"add", b"\xff"],
        "show": [b"show", b"Jos\xe9"],
        "log": [b"log", b"Dana Reyes", b"--note", b"caf\xe9"],
        "backup": [b"backup", b"\xff.db"],
        "plan add": [b"plan", b"add", b"\xc3", b"--summary", b"x"],
    }
    for command, words in fixed.items():
        run_process(Case(command, [os.fsdecode(w) for w in words]), words, tally)
    for _ in range(3):
        case = generator.case()
        run_process(case, generator.as_bytes(case), tally)
    report(f"fuzz, argv bytes (real processes): {tally.summary(SEED + 1)}")
    assert tally.clean, "\n".join(tally.failures)


@pytest.mark.postgres
def test_commands_that_write_on_postgresql(pg_database_url: str, report: Callable[[str], None]) -> None:
    import sqlalchemy as sa

    from tests.fuzz.postgres import run_batch as run_pg_batch
    from tests.fuzz.postgres import template_database

    admin = os.environ["STAKEHOLDERS_TEST_PG_URL"]
    sa.make_url(pg_database_url)  # the session's server is up (the fixture skips or fails otherwise)
    generator = Generator(SEED + 2, only=lambda name: name not in READ_ONLY)
    with template_database(admin) as template:
        batches = iter(range(1000))
        tally = _run(generator, 80, lambda cases, t: run_pg_batch(cases, t, admin, template, next(batches)))
    report(f"fuzz, commands that write (PostgreSQL): {tally.summary(SEED + 2)}")
    assert tally.clean, "\n".join(tally.failures[:20])
