"""§3.6 Cadence, defaulting from the Mendelow quadrant (stakeholders/rules/mendelow.py)."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from db import queries
from db.models import Stakeholder
from stakeholders.rules.mendelow import KEEP_INFORMED, KEEP_SATISFIED, MANAGE_CLOSELY, MONITOR, quadrant

DEFAULT_CADENCE = {MANAGE_CLOSELY: 14, KEEP_SATISFIED: 30, KEEP_INFORMED: 30, MONITOR: 90}

AMBER = "amber"
RED = "red"


def cadence_days(person: Any) -> int:
    """The person's own cadence, else their quadrant's default (14/30/30/90)."""
    own = getattr(person, "cadence_days", None)
    return own if own else DEFAULT_CADENCE[quadrant(person.influence, person.interest)]


@dataclass
class CadenceItem:
    id: int
    name: str
    email: str | None
    organization: str | None
    influence: int
    interest: int
    quadrant: str
    cadence_days: int
    last_contact: datetime | None  # latest held touchpoint; None: never spoken to
    since: datetime  # when the clock started: last contact, else when they were added
    days_since: int  # whole days since the clock started
    level: str  # "amber" past the cadence, "red" past twice the cadence

    @property
    def overdue_ratio(self) -> float:
        return self.days_since / self.cadence_days


def overdue_relationships(session: Session, now: datetime) -> list[CadenceItem]:
    """Non-archived people not heard from within their cadence, most overdue first.

    "Most overdue" is relative to the cadence (elapsed ÷ cadence), so red comes
    before amber and 3 weeks late on a 2-week cadence outranks 3 weeks late on
    a 90-day one; ties by influence (desc), then name.
    """
    s = Stakeholder.__table__.c  # type: ignore[attr-defined]
    people = session.execute(
        sa.select(
            s.id, s.name, s.name_key, s.email, s.organization, s.influence, s.interest, s.cadence_days, s.created_at
        ).where(s.archived_at.is_(None))
    ).all()
    # Everyone's last contact, read back in time slices until few people are left
    # (`queries.last_contacts`): at 50,000 people two weeks find most of them, where the
    # longest cadence's window (90 days) walked a third of the touchpoints.
    contacts = queries.last_contacts(session)
    items: list[tuple[float, Any, CadenceItem]] = []
    for p in people:
        days = cadence_days(p)
        last = contacts.get(p.id)
        since = last or p.created_at
        elapsed = now - since
        if elapsed <= timedelta(days=days):
            continue
        level = RED if elapsed > timedelta(days=2 * days) else AMBER
        item = CadenceItem(
            id=p.id,
            name=p.name,
            email=p.email,
            organization=p.organization,
            influence=p.influence,
            interest=p.interest,
            quadrant=quadrant(p.influence, p.interest),
            cadence_days=days,
            last_contact=last,
            since=since,
            days_since=elapsed.days,
            level=level,
        )
        ratio = elapsed / timedelta(days=days)
        items.append((ratio, p.name_key, item))
    items.sort(key=lambda t: (-t[0], -t[2].influence, t[1], t[2].id))
    return [item for _, _, item in items]
