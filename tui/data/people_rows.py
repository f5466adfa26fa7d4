"""The stakeholders table's rows, and filtering and sorting them in memory.

No database import here: the same rows are built from the store's reads
(tui/data/people.py) and from the first page read before SQLAlchemy loads
(db/first_page.py), so the screen shows the same cells either way.
"""

from datetime import datetime
from typing import Any, NamedTuple

from db.enums import StanceLevel
from stakeholders.rules.mendelow import quadrant

QUADRANT_ORDER = {"manage closely": 0, "keep satisfied": 1, "keep informed": 2, "monitor": 3}


class IndexRow(NamedTuple):
    id: int
    name: str
    name_key: str
    search: str
    organization: str
    influence: int
    interest: int
    archived: bool
    division: str = ""


class PersonRow(NamedTuple):
    """The cells of one row of the table."""

    id: int
    name: str
    organization: str
    quadrant: str
    stance: str
    briefed_version: int | None
    last_contact: datetime | None
    """Shown as the TUI shows every date (tui/widgets/styles.py: `Thu 3 Dec`), by the screen."""
    archived: bool
    division: str = ""


INDEX_COLUMNS = (
    "id",
    "name",
    "name_key",
    "email_key",
    "organization",
    "title",
    "influence",
    "interest",
    "archived_at",
    "division",
)
"""The stakeholder columns an index row is built from, in this order."""


def index_row(values: tuple[Any, ...]) -> IndexRow:
    """An index row from the INDEX_COLUMNS values."""
    pid, name, key, email, org, title, influence, interest, archived, division = values
    search = " ".join(filter(None, (key, email, (org or "").lower(), (title or "").lower(), (division or "").lower())))
    return IndexRow(pid, name, key, search, org or "", influence, interest, archived is not None, division or "")


def person_row(
    pid: int,
    name: str,
    organization: str | None,
    influence: int,
    interest: int,
    archived: bool,
    stance: str | None,
    briefed_version: int | None,
    last_contact: datetime | None,
    division: str | None = None,
) -> PersonRow:
    """A row's cells from what was read about the person (stance: the stored level, None for none)."""
    return PersonRow(
        pid,
        name,
        organization or "",
        quadrant(influence, interest),
        stance or StanceLevel.UNAWARE.value,
        briefed_version,
        last_contact,
        archived,
        division or "",
    )


def matching(index: list[IndexRow], text: str) -> list[int]:
    """Ids whose name, e-mail, organisation, title or division contain every word typed (case-insensitive)."""
    words = text.lower().split()
    if not words:
        return [row.id for row in index]
    # One word at a time over what the previous words left: a generator per row (`all(...)`)
    # cost ~75 ms for two words over 50,000 rows, this ~10 ms.
    rows = [row for row in index if words[0] in row.search]
    for word in words[1:]:
        rows = [row for row in rows if word in row.search]
    return [row.id for row in rows]


def match_rank(name: str, text: str) -> int:
    """How well a name matches what was typed (lowercase both): 0 the name starts with it, 1 a word
    of the name starts with its first word, 2 it matched elsewhere (e-mail, organisation, title).
    The filter and the palette rank by it: "mark" puts Mark Ng above a title of "marketing"."""
    if name.startswith(text):
        return 0
    first = text.split(maxsplit=1)[0] if text.strip() else text
    return 1 if f" {first}" in name else 2


def ranked(rows: list[IndexRow], text: str) -> list[IndexRow]:
    """`rows` (matches, in the table's order) by match_rank, that order kept within each rank. Three
    passes rather than a sort: the first keystroke over 50,000 names must repaint within §9's 50 ms."""
    text = " ".join(text.lower().split())
    if not text:
        return rows
    first = f" {text.split()[0]}"
    names, words, others = [], [], []
    for row in rows:
        key = row.name_key
        if key.startswith(text):
            names.append(row)
        elif first in key:
            words.append(row)
        else:
            others.append(row)
    return names + words + others if words or others else rows


def index_sort_key(column: str):  # type: ignore[no-untyped-def]
    """Sort keys the index answers by itself (name is the index's own order)."""
    if column == "organization":
        return lambda row: (row.organization.lower(), row.name_key)
    if column == "division":  # the people without one last, as the organisation's empty cells sort first
        return lambda row: (not row.division, row.division.lower(), row.name_key)
    if column == "quadrant":
        return lambda row: (
            QUADRANT_ORDER.get(quadrant(row.influence, row.interest), 9),
            -row.influence,
            -row.interest,
            row.name_key,
        )
    return None
