"""each attendance carries its touchpoint's plan, version, status and time

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 23:30:00

"Latest briefing on plan P before T" (§3.1) is asked for every member of an
event's audience. Answered through the touchpoint table it walks each
person's attendances (or the plan's): ~0.6 s for a 10,000-person event on the
benchmark's 50,000-person database. With the touchpoint's plan, version,
status and time copied onto the attendance row, one descent of
ix_touchpoint_attendee_briefing answers it per person: ~0.07 s.

The copies are derived data. Triggers keep them equal to the touchpoint on
both backends, for every writer (the program, imports, `load`, plain SQL):
- an attendance inserted, or moved to another touchpoint, copies its touchpoint;
- a touchpoint whose plan, version, status or time changes (including the plan
  being deleted, which sets plan_id to NULL) passes the change to its attendances;
- a deleted touchpoint takes its attendances with it (the existing cascade).
`dump` leaves the copies out; `load` lets the triggers fill them.
"""

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COPIED = "plan_id, version, status, occurred_at"

SQLITE_TRIGGERS = [
    # AFTER, not BEFORE: SQLite cannot assign NEW; the row is there to update.
    f"""CREATE TRIGGER touchpoint_attendee_copy_insert AFTER INSERT ON touchpoint_attendee
    BEGIN
        UPDATE touchpoint_attendee SET ({COPIED}) =
            (SELECT {COPIED} FROM touchpoint WHERE touchpoint.id = NEW.touchpoint_id)
        WHERE touchpoint_id = NEW.touchpoint_id AND stakeholder_id = NEW.stakeholder_id;
    END""",
    f"""CREATE TRIGGER touchpoint_attendee_copy_move AFTER UPDATE OF touchpoint_id ON touchpoint_attendee
    BEGIN
        UPDATE touchpoint_attendee SET ({COPIED}) =
            (SELECT {COPIED} FROM touchpoint WHERE touchpoint.id = NEW.touchpoint_id)
        WHERE touchpoint_id = NEW.touchpoint_id AND stakeholder_id = NEW.stakeholder_id;
    END""",
    """CREATE TRIGGER touchpoint_copy_to_attendees AFTER UPDATE OF plan_id, version, status, occurred_at
    ON touchpoint
    BEGIN
        UPDATE touchpoint_attendee SET plan_id = NEW.plan_id, version = NEW.version, status = NEW.status,
            occurred_at = NEW.occurred_at
        WHERE touchpoint_id = NEW.id;
    END""",
]

POSTGRESQL_TRIGGERS = [
    f"""CREATE FUNCTION touchpoint_attendee_copy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        SELECT {COPIED} INTO NEW.plan_id, NEW.version, NEW.status, NEW.occurred_at
        FROM touchpoint WHERE touchpoint.id = NEW.touchpoint_id;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER touchpoint_attendee_copy BEFORE INSERT OR UPDATE OF touchpoint_id ON touchpoint_attendee
    FOR EACH ROW EXECUTE FUNCTION touchpoint_attendee_copy()""",
    """CREATE FUNCTION touchpoint_copy_to_attendees() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE touchpoint_attendee SET plan_id = NEW.plan_id, version = NEW.version, status = NEW.status,
            occurred_at = NEW.occurred_at
        WHERE touchpoint_id = NEW.id;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER touchpoint_copy_to_attendees AFTER UPDATE OF plan_id, version, status, occurred_at
    ON touchpoint FOR EACH ROW
    WHEN (OLD.plan_id IS DISTINCT FROM NEW.plan_id OR OLD.version IS DISTINCT FROM NEW.version
          OR OLD.status IS DISTINCT FROM NEW.status OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at)
    EXECUTE FUNCTION touchpoint_copy_to_attendees()""",
]

POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS touchpoint_copy_to_attendees ON touchpoint",
    "DROP FUNCTION IF EXISTS touchpoint_copy_to_attendees()",
    "DROP TRIGGER IF EXISTS touchpoint_attendee_copy ON touchpoint_attendee",
    "DROP FUNCTION IF EXISTS touchpoint_attendee_copy()",
]

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS touchpoint_copy_to_attendees",
    "DROP TRIGGER IF EXISTS touchpoint_attendee_copy_move",
    "DROP TRIGGER IF EXISTS touchpoint_attendee_copy_insert",
]


def upgrade() -> None:
    # Plain ADD COLUMN, not batch mode: no table rebuild of millions of attendances.
    op.add_column("touchpoint_attendee", sa.Column("plan_id", sa.Integer(), nullable=True))
    op.add_column("touchpoint_attendee", sa.Column("version", sa.Integer(), nullable=True))
    op.add_column(
        "touchpoint_attendee",
        sa.Column(
            "status",
            sa.Enum("held", "planned", name="touchpointstatus", native_enum=False, length=20, create_constraint=False),
            nullable=True,
        ),
    )
    op.add_column("touchpoint_attendee", sa.Column("occurred_at", db.types.UTCDateTime(timezone=True), nullable=True))
    op.execute(
        f"UPDATE touchpoint_attendee SET ({COPIED}) = "
        f"(SELECT {COPIED} FROM touchpoint WHERE touchpoint.id = touchpoint_attendee.touchpoint_id)"
    )
    op.create_index(
        "ix_touchpoint_attendee_briefing",
        "touchpoint_attendee",
        ["stakeholder_id", "plan_id", "status", "occurred_at", "version", "touchpoint_id"],
        unique=False,
    )
    triggers = POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    drops = POSTGRESQL_DROP if op.get_bind().dialect.name == "postgresql" else SQLITE_DROP
    for statement in drops:
        op.execute(statement)
    op.drop_index("ix_touchpoint_attendee_briefing", table_name="touchpoint_attendee")
    with op.batch_alter_table("touchpoint_attendee", schema=None) as batch_op:
        for column in ("occurred_at", "status", "version", "plan_id"):
            batch_op.drop_column(column)
