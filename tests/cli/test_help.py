"""Every command has --help with an example; --version; shell completion (PRODUCT.md §4)."""

import os
import shutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from stakeholders.cli import main


def _command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    ctx = click.Context(group)
    # Through list_commands/get_command: the top-level commands load with their module on first use.
    for name in sorted(group.list_commands(ctx)):
        command = group.get_command(ctx, name)
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths.extend(_command_paths(command, (*prefix, name)))
    return paths


COMMAND_PATHS = _command_paths(main)


def test_the_walk_finds_the_commands_of_the_contract() -> None:
    expected = {
        ("add",),
        ("edit",),
        ("archive",),
        ("unarchive",),
        ("merge",),
        ("list",),
        ("show",),
        ("history",),
        ("stance",),
        ("influence",),
        ("log",),
        ("plan",),
        ("plan", "add"),
        ("plan", "revise"),
        ("plan", "list"),
        ("plan", "show"),
        ("plan", "diff"),
        ("plan", "approve"),
        ("touchpoint",),
        ("touchpoint", "list"),
        ("touchpoint", "edit"),
        ("touchpoint", "delete"),
        ("touchpoint", "held"),
        ("touchpoint", "drop"),
        ("concern",),
        ("concern", "list"),
        ("concern", "resolve"),
        ("followup",),
        ("followup", "add"),
        ("followup", "list"),
        ("followup", "done"),
        ("event",),
        ("event", "add"),
        ("event", "edit"),
        ("event", "list"),
        ("event", "held"),
        ("event", "cancel"),
    }
    assert expected <= set(COMMAND_PATHS)


@pytest.mark.parametrize("path", [(), *COMMAND_PATHS], ids=lambda p: " ".join(p) or "stakeholders")
def test_every_command_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.stdout, f"`stakeholders {' '.join(path)} --help` has no example"
    assert "Usage: " in result.stdout


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert "0.1.0" in result.stdout


def test_shell_completion_prints_a_script_and_completes_commands() -> None:
    exe = shutil.which("stakeholders")
    command = [exe] if exe else [sys.executable, "-c", "from stakeholders.cli import main; main()"]
    env = {**os.environ, "_STAKEHOLDERS_COMPLETE": "bash_source"}
    source = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert source.returncode == 0, source.stderr
    assert "_stakeholders_completion()" in source.stdout
    assert "complete -o nosort -F _stakeholders_completion stakeholders" in source.stdout
    env |= {"_STAKEHOLDERS_COMPLETE": "bash_complete", "COMP_WORDS": "stakeholders touchpoint d", "COMP_CWORD": "2"}
    words = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert words.returncode == 0, words.stderr
    assert words.stdout.split() == ["plain,delete", "plain,drop"]
