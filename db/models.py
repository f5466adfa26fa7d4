"""The tables of PRODUCT.md §2 as SQLModel classes.

No `from __future__ import annotations` here: SQLModel reads the annotations
at class creation. Relationships are left out on purpose: every read goes
through set-based queries in `db/queries.py`, so nothing lazy-loads per row.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from db.enums import (
    AuditAction,
    Channel,
    ConcernStatus,
    EventKind,
    EventStatus,
    StanceLevel,
    TouchpointStatus,
)
from db.types import UTCDateTime, enum_column_type, utcnow


def _created() -> datetime:
    return utcnow()


class Timestamped(SQLModel):
    created_at: datetime = Field(default_factory=_created, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(default_factory=_created, sa_type=UTCDateTime, nullable=False)


class StakeholderBase(SQLModel):
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=320)
    title: str | None = None
    organization: str | None = None
    # The department, business unit or region inside the organization (§2): audiences `division:NAME`.
    division: str | None = None
    phone: str | None = None
    # Defaults put a bulk address-book import in "monitor" (§2).
    influence: int = Field(default=2, ge=1, le=5)
    interest: int = Field(default=2, ge=1, le=5)
    owner: str | None = None
    notes: str | None = None
    cadence_days: int | None = Field(default=None, ge=1)


class Stakeholder(StakeholderBase, Timestamped, table=True):
    __tablename__ = "stakeholder"
    __table_args__ = (
        sa.CheckConstraint("influence BETWEEN 1 AND 5", name="ck_stakeholder_influence"),
        sa.CheckConstraint("interest BETWEEN 1 AND 5", name="ck_stakeholder_interest"),
    )

    id: int | None = Field(default=None, primary_key=True)
    # Lower-cased e-mail, unique when present: the case-insensitive key of §2.
    email_key: str | None = Field(default=None, unique=True, max_length=320)
    # Lower-cased name: matching and ordering the same on SQLite and PostgreSQL.
    name_key: str = Field(index=True, max_length=200)
    # Lower-cased division: `--division` and `division:NAME` match case-insensitively (migration 0005).
    division_key: str | None = Field(default=None, index=True)
    archived_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Tag(Timestamped, table=True):
    __tablename__ = "tag"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=100)


class StakeholderTag(SQLModel, table=True):
    __tablename__ = "stakeholder_tag"
    stakeholder_id: int = Field(foreign_key="stakeholder.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE", index=True)


class Plan(Timestamped, table=True):
    __tablename__ = "plan"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    name_key: str = Field(unique=True, max_length=200)


class PlanVersion(Timestamped, table=True):
    __tablename__ = "plan_version"
    __table_args__ = (sa.UniqueConstraint("plan_id", "number", name="uq_plan_version_number"),)

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE")
    number: int = Field(ge=1)
    summary: str
    body: str | None = None
    changes: str | None = None
    approved_by: str | None = None
    approved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Touchpoint(Timestamped, table=True):
    __tablename__ = "touchpoint"
    __table_args__ = (
        sa.Index("ix_touchpoint_plan_version", "plan_id", "version"),
        # A plan's held (or planned) touchpoints before a time, read from the index alone
        # (migration 0002, measured in docs/performance.md).
        sa.Index("ix_touchpoint_plan_status_time", "plan_id", "status", "occurred_at", "version"),
        # Held touchpoints since a time (cadence), planned ones already past, from the index
        # alone; replaces the plain occurred_at index (migration 0003).
        sa.Index("ix_touchpoint_time_status", "occurred_at", "status"),
        # An imported entry's identity is unique: a second import updates, never duplicates (0006).
        sa.Index("uq_touchpoint_source_entry", "source_entry", unique=True),
        # A source's touchpoints in an import's window: the ones a later import no longer has (0006).
        sa.Index("ix_touchpoint_source", "source_key", "occurred_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    channel: Channel = Field(default=Channel.CALL, sa_type=enum_column_type(Channel))
    by: str | None = None
    plan_id: int | None = Field(default=None, foreign_key="plan.id", ondelete="SET NULL")
    # The plan version's number, not its row id: briefing compares numbers.
    version: int | None = None
    summary: str | None = None
    status: TouchpointStatus = Field(default=TouchpointStatus.HELD, sa_type=enum_column_type(TouchpointStatus))
    # Where an imported touchpoint came from (§5.1, migration 0006); NULL for one logged by hand.
    # source_key: the import it was last seen in ("file:MEMBER:PATH", "caldav:CALENDAR-URL"), for
    # "removed from a later import of the same source". source_entry: the entry's own identity
    # ("ics:UID", "ics:UID@RECURRENCE-ID", "mail:MESSAGE-ID"), unique: importing again never duplicates.
    source_key: str | None = None
    source_entry: str | None = None
    # What the import last wrote, to tell the lead's own edits from it: a summary whose digest no
    # longer matches, or a plan or version other than the one imported, was changed by hand and is kept.
    # A digest, not the text, so that `forget` has no second copy of the notes to scrub.
    source_digest: str | None = None
    source_plan_id: int | None = None
    source_version: int | None = None


# Columns a database trigger keeps and the program never writes (migration 0004); `dump`
# leaves them out and `load` lets the triggers fill them again.
DERIVED = {"derived": True}


class TouchpointAttendee(SQLModel, table=True):
    __tablename__ = "touchpoint_attendee"
    __table_args__ = (
        # A person's touchpoint ids from the index alone: one lookup less per attendance for every
        # per-person question (last contact). Migration 0002.
        sa.Index("ix_touchpoint_attendee_person", "stakeholder_id", "touchpoint_id"),
        # A person's latest briefing on a plan before T (and earliest planned call) is one descent
        # of this index, without visiting the touchpoints: a 10,000-person audience in ~0.07 s
        # instead of ~0.6 s walking the plan's attendances. Migration 0004.
        sa.Index(
            "ix_touchpoint_attendee_briefing",
            "stakeholder_id",
            "plan_id",
            "status",
            "occurred_at",
            "version",
            "touchpoint_id",
        ),
    )

    touchpoint_id: int = Field(foreign_key="touchpoint.id", primary_key=True, ondelete="CASCADE")
    stakeholder_id: int = Field(foreign_key="stakeholder.id", primary_key=True, ondelete="CASCADE")
    # Copies of the touchpoint's plan, version, status and time, kept equal to it by triggers on
    # both backends (migration 0004) whatever writes the rows: the program, an import, `load`, SQL.
    plan_id: int | None = Field(default=None, sa_column_kwargs={"info": DERIVED})
    version: int | None = Field(default=None, sa_column_kwargs={"info": DERIVED})
    status: TouchpointStatus | None = Field(
        default=None, sa_type=enum_column_type(TouchpointStatus), sa_column_kwargs={"info": DERIVED}
    )
    occurred_at: datetime | None = Field(default=None, sa_type=UTCDateTime, sa_column_kwargs={"info": DERIVED})


class Stance(Timestamped, table=True):
    """One observation of a stakeholder's engagement with a plan; never updated."""

    __tablename__ = "stance"
    # A person's current stance on a plan from the index alone (migration 0003).
    __table_args__ = (sa.Index("ix_stance_person_level", "stakeholder_id", "plan_id", "observed_at", "level"),)

    id: int | None = Field(default=None, primary_key=True)
    stakeholder_id: int = Field(foreign_key="stakeholder.id", ondelete="CASCADE")
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE")
    level: StanceLevel = Field(sa_type=enum_column_type(StanceLevel))
    observed_at: datetime = Field(sa_type=UTCDateTime)
    # The touchpoint it was heard in; NULL for a manual stance.
    touchpoint_id: int | None = Field(default=None, foreign_key="touchpoint.id", ondelete="CASCADE")


class DesiredStance(Timestamped, table=True):
    """Where we need a stakeholder to be on a plan; absent means `supportive`."""

    __tablename__ = "desired_stance"
    stakeholder_id: int = Field(foreign_key="stakeholder.id", primary_key=True, ondelete="CASCADE")
    plan_id: int = Field(foreign_key="plan.id", primary_key=True, ondelete="CASCADE")
    level: StanceLevel = Field(sa_type=enum_column_type(StanceLevel))


class Concern(Timestamped, table=True):
    __tablename__ = "concern"
    __table_args__ = (sa.Index("ix_concern_person_plan", "stakeholder_id", "plan_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    stakeholder_id: int = Field(foreign_key="stakeholder.id", ondelete="CASCADE")
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE")
    touchpoint_id: int | None = Field(default=None, foreign_key="touchpoint.id", ondelete="SET NULL")
    text: str
    status: ConcernStatus = Field(default=ConcernStatus.OPEN, sa_type=enum_column_type(ConcernStatus))
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_version: int | None = None
    resolution: str | None = None


class FollowUp(Timestamped, table=True):
    __tablename__ = "follow_up"

    id: int | None = Field(default=None, primary_key=True)
    text: str
    owner: str | None = None
    due_at: datetime = Field(sa_type=UTCDateTime, index=True)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    touchpoint_id: int | None = Field(default=None, foreign_key="touchpoint.id", ondelete="SET NULL")


class FollowUpStakeholder(SQLModel, table=True):
    __tablename__ = "follow_up_stakeholder"
    follow_up_id: int = Field(foreign_key="follow_up.id", primary_key=True, ondelete="CASCADE")
    stakeholder_id: int = Field(foreign_key="stakeholder.id", primary_key=True, ondelete="CASCADE", index=True)


class Event(Timestamped, table=True):
    __tablename__ = "event"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    kind: EventKind = Field(default=EventKind.ANNOUNCEMENT, sa_type=enum_column_type(EventKind))
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE")
    version: int
    status: EventStatus = Field(default=EventStatus.PLANNED, sa_type=enum_column_type(EventStatus))


# Exactly one of a person, a tag or a division per audience entry (migration 0005 added the division).
ONE_AUDIENCE_TARGET = (
    "(CASE WHEN stakeholder_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN tag_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN division_key IS NULL THEN 0 ELSE 1 END) = 1"
)


class EventAudience(SQLModel, table=True):
    """One audience entry: a person, a tag or a division. `frozen` rows are the resolved
    audience captured when the event was marked held; they then replace the
    live resolution."""

    __tablename__ = "event_audience"
    __table_args__ = (sa.CheckConstraint(ONE_AUDIENCE_TARGET, name="ck_event_audience_one_target"),)

    id: int | None = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", index=True)
    stakeholder_id: int | None = Field(default=None, foreign_key="stakeholder.id", ondelete="CASCADE", index=True)
    tag_id: int | None = Field(default=None, foreign_key="tag.id", ondelete="CASCADE")
    # `division:NAME`: the spelling as named, and the lower-cased key matched against
    # stakeholder.division_key when the audience is resolved.
    division: str | None = None
    division_key: str | None = None
    frozen: bool = False


class InfluenceLink(Timestamped, table=True):
    """`influencer` influences `influenced` (directed)."""

    __tablename__ = "influence_link"
    influencer_id: int = Field(foreign_key="stakeholder.id", primary_key=True, ondelete="CASCADE")
    influenced_id: int = Field(foreign_key="stakeholder.id", primary_key=True, ondelete="CASCADE", index=True)


class AuditEntry(SQLModel, table=True):
    """Who changed what, when, with the before and after values as JSON text."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=_created, sa_type=UTCDateTime, index=True)
    actor: str
    action: AuditAction = Field(sa_type=enum_column_type(AuditAction))
    entity: str = Field(max_length=50)
    entity_id: int | None = None
    # The stakeholder the change is about, for `history` and for `forget`.
    stakeholder_id: int | None = Field(default=None, index=True)
    summary: str
    before: str | None = None
    after: str | None = None
