"""The reason codes of §3.2: why a person is flagged, in one enum with one wording.

Every face says a reason the same way: the rules put these members in their entries, the JSON
writes their codes, the CLI, the TUI and the exports write their `words`. The statement that
classifies an audience (db/surprise_statement.py) returns the reasons of a person as one bit mask,
`flag`; `reasons_of(mask)` reads it back. No SQLAlchemy here: the dashboard's first frame reads the
figures before it is imported (db/first_figures.py).
"""

from enum import StrEnum


class Reason(StrEnum):
    """A §3.2 reason code (its value is what `--json` writes)."""

    NEVER_BRIEFED = "never-briefed"
    OUTDATED_VERSION = "outdated-version"
    RESISTANT = "resistant"
    OPEN_CONCERNS = "open-concerns"
    STALE_BRIEFING = "stale-briefing"

    @property
    def words(self) -> str:
        """The reason in plain words, as every face shows it when nothing more concrete is known."""
        return _WORDS[self]

    @property
    def flag(self) -> int:
        """The reason's bit in a classification's mask."""
        return _FLAGS[self]

    @property
    def surprises(self) -> bool:
        """Whether the reason makes a person surprised (else only at risk)."""
        return self in (Reason.NEVER_BRIEFED, Reason.OUTDATED_VERSION)


_WORDS = {
    Reason.NEVER_BRIEFED: "never briefed",
    Reason.OUTDATED_VERSION: "heard an older version",
    Reason.RESISTANT: "resistant",
    Reason.OPEN_CONCERNS: "open concerns",
    Reason.STALE_BRIEFING: "briefing is stale",
}
_FLAGS = {reason: 1 << bit for bit, reason in enumerate(Reason)}

SURPRISED_FLAGS = Reason.NEVER_BRIEFED.flag | Reason.OUTDATED_VERSION.flag
"""The bits of a mask that make a person surprised."""

# One shared list per mask: a classification makes thousands of entries, and a list each would be
# one more object per entry for the garbage collector to walk. Entries' reasons are read, never
# changed, by every consumer.
_BY_MASK: dict[int, list[Reason]] = {
    mask: [reason for reason in Reason if mask & reason.flag] for mask in range(1, 1 << len(Reason))
}


def reasons_of(mask: int) -> list[Reason]:
    """The reasons whose bits are set in `mask` (a flagged person's: never 0), in the enum's order."""
    return _BY_MASK[mask]


def words(code: str) -> str:
    """A reason code in words (a code this version does not know, as it is)."""
    try:
        return Reason(code).words
    except ValueError:
        return code
