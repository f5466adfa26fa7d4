"""The power/interest (Mendelow) grid: everyone not archived, placed by influence × interest."""

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from db import queries
from db.enums import StanceLevel
from db.models import Stakeholder

NAMES_PER_CELL = 60  # a cell lists its first names; the rest are counted


@dataclass
class Cell:
    influence: int
    interest: int
    count: int = 0
    stances: Counter[str] = field(default_factory=Counter)
    people: list[tuple[int, str, str]] = field(default_factory=list)
    """(id, name, stance) of the first NAMES_PER_CELL by name."""
    divisions: Counter[str] = field(default_factory=Counter)
    """How many of the cell's people are in each division ("" for none): the map's grouping by division."""
    division_stances: dict[str, Counter[str]] = field(default_factory=dict)
    """Each division's stances in the cell: which silo is behind."""
    division_of: dict[int, str] = field(default_factory=dict)
    """The division of each listed person ("" for none)."""


def load_map(session: Session, plan_id: int | None) -> dict[tuple[int, int], Cell]:
    """Cells keyed by (influence, interest), each 1..5; stance on `plan_id` (unaware without one)."""
    cells = {(i, j): Cell(i, j) for i in range(1, 6) for j in range(1, 6)}
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    people = session.execute(
        sa.select(s.id, s.name, s.influence, s.interest, s.division)
        .where(s.archived_at.is_(None))
        .order_by(s.name_key, s.id)
    ).all()
    stances: dict[int, str] = {}
    if plan_id is not None:
        stances = {pid: StanceLevel(level).value for pid, _, level, _ in queries.current_stance_rows(session, plan_id)}
    for pid, name, influence, interest, division in people:
        cell = cells[(influence, interest)]
        level = stances.get(pid, StanceLevel.UNAWARE.value)
        cell.count += 1
        cell.stances[level] += 1
        cell.divisions[division or ""] += 1
        cell.division_stances.setdefault(division or "", Counter())[level] += 1
        if len(cell.people) < NAMES_PER_CELL:
            cell.people.append((pid, name, level))
            cell.division_of[pid] = division or ""
    return cells
