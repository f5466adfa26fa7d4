"""The set-based reads an address-book import needs (PRODUCT.md §5, §9): everyone a file can match,
in one query, and the first stored spelling of each division.

The file's e-mails and names are bound as one parameter each (a JSON array read by json_each on
SQLite, a text array on PostgreSQL), not as an IN-list: a 50,000-row file would otherwise cost
100,000 bound parameters, past SQLite's limit, and SQLAlchemy would name and render each of them.
"""

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlmodel import Session

from db.backend import Backend
from db.models import Stakeholder, StakeholderTag


def _among(backend: Backend, column: Any, values: list[str]) -> Any:
    """`column IN values`, the values bound as one parameter."""
    if backend.postgresql:
        return column == sa.any_(sa.bindparam(None, values, type_=postgresql.ARRAY(sa.Text)))
    array = sa.bindparam(None, json.dumps(values, ensure_ascii=False), type_=sa.String)
    return column.in_(sa.select(sa.func.json_each(array).table_valued("value").c.value))


def people_matching(session: Session, emails: list[str], names: list[str], columns: list[str]) -> list[Any]:
    """The stakeholders whose e-mail key is among `emails` or whose name key is among `names` (both
    lower-cased), archived included, as plain rows of `id`, `email_key`, `name_key` and `columns`."""
    if not emails and not names:
        return []
    backend = Backend.of(session)
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    wanted = [s.id, s.email_key, s.name_key, s.division_key, *(s[name] for name in columns)]
    matches = []
    if emails:
        matches.append(_among(backend, s.email_key, emails))
    if names:
        matches.append(_among(backend, s.name_key, names))
    return list(session.execute(sa.select(*wanted).where(sa.or_(*matches)).order_by(s.id)))


def first_division_spellings(session: Session) -> dict[str, str]:
    """Each division key with its spelling first stored (§2: the spelling first stored is kept)."""
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    first = (sa.select(s.division_key, sa.func.min(s.id).label("id")).where(s.division_key.is_not(None))
             .group_by(s.division_key).subquery())
    rows = session.execute(sa.select(s.division_key, s.division).join(first, first.c.id == s.id))
    return {key: spelling for key, spelling in rows}


def tag_links(session: Session, person_ids: list[int]) -> dict[int, set[int]]:
    """The tag ids each of these people already has."""
    found: dict[int, set[int]] = {pid: set() for pid in person_ids}
    if not person_ids:
        return found
    backend = Backend.of(session)
    t = StakeholderTag.__table__.c  # type: ignore[attr-defined]
    for person_id, tag_id in session.execute(sa.select(t.stakeholder_id, t.tag_id)
                                             .where(backend.among(t.stakeholder_id, person_ids))):
        found[person_id].add(tag_id)
    return found
