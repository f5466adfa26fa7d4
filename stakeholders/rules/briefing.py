"""§3.1 Briefing: which version of a plan each person has actually heard, and when."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from db.rule_queries import latest_briefing_rows


@dataclass(frozen=True)
class Briefing:
    """A person's latest briefing on a plan: the version they heard and when."""

    version: int
    occurred_at: datetime


def latest_briefings(
    session: Session, plan_id: int, person_ids: Iterable[int], before: datetime
) -> dict[int, Briefing]:
    """{stakeholder_id: Briefing} for those among `person_ids` briefed on the plan strictly before `before`.

    Only held touchpoints count (a planned call has briefed nobody yet). The
    latest by `occurred_at` wins; at the same instant the higher version wins.
    People never briefed are absent.
    """
    return {
        pid: Briefing(version, at) for pid, version, at in latest_briefing_rows(session, plan_id, person_ids, before)
    }
