"""The one boundary for text we did not write: arguments, environment variables, file names and contents.

Two kinds of hostile text reach a program from outside (PRODUCT.md §8):

- bytes that are not valid in the locale's encoding. Python hands them over
  as lone surrogates (`'\\udcff'` for the byte 0xff, PEP 383); they survive
  until something encodes the text (the database driver, stdout, a file) and
  then raise `UnicodeEncodeError` far from where they came in. Text that is
  stored or shown is refused here instead; a file *name* keeps its bytes (it
  names a real file), so paths are not checked.
- digits that are not ASCII. `str.isdigit()` accepts '①' and '³', which
  `int()` then refuses; `int()` accepts '٣' (Arabic-Indic three). A number or
  an id on our command line is ASCII digits only: `whole_number` is the one
  parser, used by the CLI, the settings and the TUI alike.

No SQLAlchemy, no click: the TUI reads settings through this module before its first frame.
"""

import os
import re

from stakeholders.errors import InputError

_ASCII_WHOLE = re.compile(r"[0-9]+", re.ASCII)
_ASCII_SIGNED = re.compile(r"[+-]?[0-9]+", re.ASCII)

# Environment variables we read as text: checked once, when a command starts. STAKEHOLDERS_DB is a path
# (any bytes name a file) and is left to the path checks.
TEXT_ENVIRONMENT_PREFIX = "STAKEHOLDERS_"
PATH_ENVIRONMENT = frozenset({"STAKEHOLDERS_DB"})
UTF8_HINT = "retype it, or use a UTF-8 locale (e.g. LANG=C.UTF-8)"


def whole_number(text: str | None) -> int | None:
    """`text` as a whole number >= 0 written in ASCII digits (spaces around allowed), else None.

    '①', '³', '٣', '1.5', '' and '-1' are None: never a ValueError.
    """
    if text is None:
        return None
    stripped = text.strip()
    return int(stripped) if _ASCII_WHOLE.fullmatch(stripped) else None


def is_ascii_integer(text: str) -> bool:
    """`-12`, `+3`, `7`: what click's integer options accept, in ASCII digits only."""
    return _ASCII_SIGNED.fullmatch(text.strip()) is not None


def undecodable(text: str) -> bool:
    """True if `text` holds a lone surrogate: a byte the locale could not decode, or a broken escape."""
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def shown(text: str) -> str:
    """`text` with its undecodable bytes as `\\xff`, so an error message can quote it."""
    return "".join(
        f"\\x{ord(ch) - 0xDC00:02x}"
        if "\udc80" <= ch <= "\udcff"
        else ch.encode("unicode_escape").decode("ascii")
        if "\ud800" <= ch <= "\udfff"
        else ch
        for ch in text
    )


def checked_text(text: str, what: str) -> str:
    """`text` unchanged, or an InputError naming `what` (an argument, a variable) if it cannot be stored."""
    if undecodable(text):
        raise InputError(f"{what} holds bytes that are not valid UTF-8 ('{shown(text)}'): {UTF8_HINT}")
    return text


def check_environment(environ: "os._Environ[str] | dict[str, str] | None" = None) -> None:
    """Every `STAKEHOLDERS_*` text variable and `TZ` must be decodable: refuse the run otherwise."""
    env = os.environ if environ is None else environ
    for name in sorted(env):
        if (name.startswith(TEXT_ENVIRONMENT_PREFIX) and name not in PATH_ENVIRONMENT) or name == "TZ":
            value = env[name]
            if undecodable(value):
                raise InputError(
                    f"environment variable {name} holds bytes that are not valid UTF-8 "
                    f"('{shown(value)}'): fix or unset it"
                )
