"""The settings a run reads from its options and the environment, read once.

`Settings.from_env` is the one place that reads `STAKEHOLDERS_DB`, `STAKEHOLDERS_STALE_DAYS`,
`STAKEHOLDERS_DAYFIRST` and `STAKEHOLDERS_SCREEN` (an option given on the command line wins over
its variable); the CLI reads them when it starts and hands the result to its commands and to the
TUI. A bad value is an input error (exit 2) that names the variable or option and what to write
instead, whichever face is starting: never a silent fall-back to the default.

Imported before the TUI's first frame: nothing here may import SQLAlchemy or Textual.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass

from stakeholders.errors import InputError
from stakeholders.untrusted import whole_number

DEFAULT_STALE_DAYS = 30
"""§3.2: a briefing more than 30 × 24 hours before the event is stale."""

DATABASE_ENV = "STAKEHOLDERS_DB"
STALE_DAYS_ENV = "STAKEHOLDERS_STALE_DAYS"
DAYFIRST_ENV = "STAKEHOLDERS_DAYFIRST"
SCREEN_ENV = "STAKEHOLDERS_SCREEN"

# The values a yes/no variable is true for (click's reading of a boolean flag's variable).
_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})


@dataclass(frozen=True)
class Settings:
    """How this run reads dates, flags stale briefings, and which database and screen it opens."""

    database: str | None = None
    """`--db` or STAKEHOLDERS_DB: a SQLite file or SQLAlchemy URL; None for the default file."""
    stale_days: int = DEFAULT_STALE_DAYS
    """`--stale-days` or STAKEHOLDERS_STALE_DAYS (§3.2)."""
    dayfirst: bool = False
    """`--dayfirst` or STAKEHOLDERS_DAYFIRST: 3/4/2026 is 3 April."""
    screen: str | None = None
    """`--screen` or STAKEHOLDERS_SCREEN: the TUI screen the bare command opens on."""

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        database: str | None = None,
        stale_days: str | int | None = None,
        dayfirst: bool | None = None,
        screen: str | None = None,
    ) -> "Settings":
        """The settings from these options, each falling back to its variable in `environ` (the
        process's environment by default), then to its default. Raises InputError for a stale-days
        value that is not a whole number of days of 1 or more."""
        env = os.environ if environ is None else environ
        return cls(
            database=database if database is not None else (env.get(DATABASE_ENV) or None),
            stale_days=_stale_days(stale_days, env),
            dayfirst=dayfirst if dayfirst is not None else env.get(DAYFIRST_ENV, "").strip().lower() in _TRUE,
            screen=screen if screen is not None else (env.get(SCREEN_ENV) or None),
        )


def _stale_days(flag: str | int | None, env: Mapping[str, str]) -> int:
    """The flag, else the variable, else 30; either must be a whole number of days of 1 or more."""
    if flag is not None:
        days = _whole_days(str(flag))
        if days is None:
            raise InputError(f"--stale-days {flag!r} is not a whole number of days of 1 or more: try --stale-days 30")
        return days
    raw = env.get(STALE_DAYS_ENV, "").strip()
    if not raw:
        return DEFAULT_STALE_DAYS
    days = _whole_days(raw)
    if days is None:
        raise InputError(
            f"{STALE_DAYS_ENV}={raw!r} is not a whole number of days of 1 or more: "
            "fix or unset it (a command's --stale-days N wins over it)"
        )
    return days


def _whole_days(text: str) -> int | None:
    """`text` as a number of days of 1 or more in ASCII digits (stakeholders.untrusted.whole_number),
    else None: '٣', '³', '1.5' and '0' are None."""
    days = whole_number(text)
    return days if days is not None and days >= 1 else None
