"""Where untrusted text enters the command line, checked for every command, present and future.

`harden` runs on each command as the group registers it (stakeholders/cli/__init__.py `_load`), so a new
command is covered without anyone remembering to:

- text arguments and options (not paths: a file name's bytes name a real file) are refused, exit 2, if
  they hold bytes the locale could not decode (`stakeholders.untrusted`);
- integer options and arguments (`type=int`, `click.IntRange`) accept ASCII digits only: click's own
  type calls `int()`, which reads '٣' as 3.

Files a command writes take `OutputPath`: the guard of `stakeholders.output_paths`, applied while the
arguments are read.
"""

import functools
import os
from pathlib import Path
from typing import Any

import click

from stakeholders.output_paths import Replaces
from stakeholders.untrusted import checked_text, is_ascii_integer


def _refuse_non_ascii(
    value: Any, type_: click.ParamType, param: click.Parameter | None, ctx: click.Context | None
) -> None:
    if isinstance(value, str) and not is_ascii_integer(value):
        type_.fail(f"{value!r} is not a whole number (ASCII digits 0-9 only)", param, ctx)


class AsciiInt(click.types.IntParamType):
    """click's integer type, refusing digits that are not ASCII."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _refuse_non_ascii(value, self, param, ctx)
        return super().convert(value, param, ctx)


class AsciiIntRange(click.IntRange):
    """click's integer range, refusing digits that are not ASCII."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        _refuse_non_ascii(value, self, param, ctx)
        return super().convert(value, param, ctx)


class OutputPath(click.Path):
    """A file a command writes: never the database in use, its companions or its backups (§8).

    `replaces`: the kind of listed backup the command may replace, being the one that made it.
    """

    def __init__(self, replaces: Replaces = None, allow_dash: bool = False) -> None:
        super().__init__(dir_okay=False, allow_dash=allow_dash, path_type=Path)
        self.replaces = replaces

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from stakeholders.output_paths import check_output, database_file

        if self.allow_dash and value == "-":
            return Path(value)  # stdout
        what = _name(param) if param is not None else "FILE"
        return check_output(os.fsdecode(value), database_file(_database_target(ctx)), replaces=self.replaces, what=what)


def _database_target(ctx: click.Context | None) -> str | None:
    from stakeholders.cli.common import AppContext

    app = ctx.find_object(AppContext) if ctx is not None else None
    return app.db if app is not None else None


def harden(command: click.Command) -> click.Command:
    """Apply the boundary to `command` and, for a group, to every sub-command."""
    if getattr(command, "_hardened", False):
        return command
    for param in command.params:
        param.type = _ascii_int(param.type)
        if isinstance(param.type, click.Path):
            _refuse_nul(param.type)
    if command.callback is not None:
        command.callback = _checking_text(command, command.callback)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            harden(sub)
    command._hardened = True  # type: ignore[attr-defined]
    return command


def _ascii_int(type_: click.ParamType) -> click.ParamType:
    if type(type_) is click.types.IntParamType:
        return AsciiInt()
    if type(type_) is click.IntRange:
        return AsciiIntRange(type_.min, type_.max, type_.min_open, type_.max_open, type_.clamp)
    return type_


def _refuse_nul(path_type: click.Path) -> None:
    """A file name with a NUL character is refused before the OS is asked about it (`os.stat` raises
    ValueError, not OSError). A NUL cannot come through a real argv, but it can through a script's
    subprocess list or a test: the check costs nothing."""
    convert = path_type.convert

    def checked(value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and "\x00" in value:
            path_type.fail("a file name cannot hold a NUL character", param, ctx)
        return convert(value, param, ctx)

    path_type.convert = checked  # type: ignore[method-assign]


def _checking_text(command: click.Command, callback: Any) -> Any:
    text_params = [p for p in command.params if p.name and not isinstance(p.type, click.Path)]

    @functools.wraps(callback)
    def checked(*args: Any, **kwargs: Any) -> Any:
        for param in text_params:
            value = kwargs.get(param.name)
            for item in value if isinstance(value, (tuple, list)) else (value,):
                if isinstance(item, str):
                    checked_text(item, _name(param))
        return callback(*args, **kwargs)

    return checked


def _name(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return max(param.opts, key=len)
    return param.human_readable_name
