"""§3.2's entries: a flagged audience member, what makes a stakeholder key, and the order entries are
listed in. No SQLAlchemy here: the brief of an event can be read with the database's driver alone
(stakeholders/rules/brief_direct.py), which builds the same entries before SQLAlchemy is imported.

The classification itself is db.surprise_statement's one statement; `stakeholders.rules.surprise`
runs it and re-exports these names.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.reasons import SURPRISED_FLAGS, Reason, reasons_of

KEY_INFLUENCE = 4  # influence at or above this marks a key stakeholder


@dataclass(slots=True)
class SurpriseEntry:
    """One flagged audience member; the fields are the §4 ENTRY keys. Slots: no attribute dict per
    entry, one object less for the garbage collector to walk for each of 7,000 entries."""

    id: int
    name: str
    email: str | None
    organization: str | None
    division: str | None
    influence: int
    interest: int
    key: bool
    reasons: list[Reason]
    last_briefed_version: int | None
    last_briefed_at: datetime | None
    planned_at: datetime | None


def entry_order(person: Any) -> tuple[int, int, str, int]:
    """Influence (desc), interest (desc), name case-insensitively, then id: the same on every backend."""
    return (-person.influence, -person.interest, person.name_key, person.id)


def entries_of(rows: list[tuple[Any, ...]]) -> tuple[list[SurpriseEntry], list[SurpriseEntry]]:
    """(surprised, at_risk) from the rows of db.surprise_statement.flagged_statement (times as aware
    datetimes), whose order they keep. Entries built with positional arguments (the field order of
    SurpriseEntry): at 7,000 entries a keyword argument's cost shows."""
    surprised: list[SurpriseEntry] = []
    at_risk: list[SurpriseEntry] = []
    for pid, name, email, organization, division, influence, interest, flags, number, when, _, planned_at, _ in rows:
        (surprised if flags & SURPRISED_FLAGS else at_risk).append(
            SurpriseEntry(
                pid,
                name,
                email,
                organization,
                division,
                influence,
                interest,
                influence >= KEY_INFLUENCE,
                reasons_of(flags),
                number,
                when,
                planned_at,
            )
        )
    return surprised, at_risk


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
