"""A small builder for the rules tests: every fact goes in through the real use cases.

Times are given relative to the frozen clock (Sunday 22 Nov 2026 10:00 UTC).
`log_touchpoint` decides held or planned by comparing with its `now`, so the
builder passes a `now` that yields the status asked for, whatever the time.
"""

from datetime import datetime, timedelta

from sqlmodel import Session

from db.enums import EventKind, EventStatus, StanceLevel
from db.models import Concern, Event, FollowUp, Plan, Stakeholder, Stance, Touchpoint
from stakeholders.concerns import raise_concern, resolve_concern
from stakeholders.events import AudienceTarget, add_event, set_status
from stakeholders.followups import promise
from stakeholders.people import add_person, link_influence, set_archived
from stakeholders.plans import add_plan, revise_plan
from stakeholders.resolve import tag_named
from stakeholders.stances import record_stance
from stakeholders.touchpoints import TouchpointDraft, log_touchpoint

SECOND = timedelta(seconds=1)


class Programme:
    """Facts about one programme, written through the use cases into `session`."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.s = session
        self.now = now

    def days(self, n: float) -> datetime:
        """`now` shifted by n days (negative: in the past)."""
        return self.now + timedelta(days=n)

    def person(
        self,
        name: str,
        influence: int = 2,
        interest: int = 2,
        tags: tuple[str, ...] = (),
        archived: bool = False,
        **fields: object,
    ) -> Stakeholder:
        person = add_person(self.s, {"name": name, "influence": influence, "interest": interest, **fields}, list(tags))
        if archived:
            set_archived(self.s, person, True)
        return person

    def plan(self, name: str = "CX programme", versions: int = 1) -> Plan:
        plan = add_plan(self.s, name, "version 1")
        for n in range(2, versions + 1):
            revise_plan(self.s, plan, f"version {n}")
        return plan

    def held(
        self, people: list[Stakeholder], plan: Plan | None, version: int | None, at: datetime, **draft: object
    ) -> Touchpoint:
        return log_touchpoint(
            self.s,
            TouchpointDraft(attendees=people, occurred_at=at, plan=plan, version=version, **draft),  # type: ignore[arg-type]
            now=max(at, self.now),
        )

    def planned(self, people: list[Stakeholder], plan: Plan, version: int, at: datetime) -> Touchpoint:
        touchpoint = log_touchpoint(
            self.s, TouchpointDraft(attendees=people, occurred_at=at, plan=plan, version=version), now=at - SECOND
        )
        assert touchpoint.status.value == "planned"
        return touchpoint

    def stance(self, person: Stakeholder, plan: Plan, level: StanceLevel, at: datetime) -> Stance:
        """A manual stance observed at `at`."""
        return record_stance(self.s, person, plan, level, observed_at=at)

    def concern(
        self, person: Stakeholder, plan: Plan, text: str = "Who owns renewals?", resolved: bool = False
    ) -> Concern:
        concern = raise_concern(self.s, person, plan, text)
        if resolved:
            resolve_concern(self.s, concern.id, None, "answered")  # type: ignore[arg-type]
        return concern

    def follow_up(
        self, people: list[Stakeholder], due: datetime, text: str = "Send the deck", done: bool = False
    ) -> FollowUp:
        follow_up = promise(self.s, people, text, due, "lead")
        if done:
            follow_up.done_at = self.now
            self.s.add(follow_up)
        return follow_up

    def influences(self, influencer: Stakeholder, influenced: Stakeholder) -> None:
        link_influence(self.s, influencer, influenced)

    def event(
        self,
        title: str,
        plan: Plan,
        at: datetime,
        audience: list[Stakeholder | str],
        version: int | None = None,
        kind: EventKind = EventKind.ANNOUNCEMENT,
        status: EventStatus | None = None,
    ) -> Event:
        """`audience` items are people, or tag names for `tag:` entries."""
        targets = [
            AudienceTarget(tag=tag_named(self.s, item, create=True))
            if isinstance(item, str)
            else AudienceTarget(person=item)
            for item in audience
        ]
        event = add_event(self.s, title, plan, version, at, kind, targets)
        if status is not None:
            set_status(self.s, event, status)
        return event
