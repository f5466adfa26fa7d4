"""indexes for briefing questions at team scale

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 11:10:00

Measured on the benchmark's 50,000-stakeholder database (docs/performance.md):
- ix_touchpoint_attendee_person (stakeholder_id, touchpoint_id) covers a person's
  attendances, so a page of the stakeholders table reads last contacts and
  latest briefings with one lookup less per attendance (~40% faster). It
  replaces ix_touchpoint_attendee_stakeholder_id, which is its prefix.
- ix_touchpoint_plan_status_time (plan_id, status, occurred_at, version) answers
  "the plan's planned (or held) touchpoints before T" from the index alone:
  the planned calls of a 10,000-person event went from ~30 ms to ~3 ms.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_touchpoint_attendee_person", "touchpoint_attendee", ["stakeholder_id", "touchpoint_id"], unique=False
    )
    op.drop_index("ix_touchpoint_attendee_stakeholder_id", table_name="touchpoint_attendee")
    op.create_index(
        "ix_touchpoint_plan_status_time", "touchpoint", ["plan_id", "status", "occurred_at", "version"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_touchpoint_plan_status_time", table_name="touchpoint")
    op.create_index("ix_touchpoint_attendee_stakeholder_id", "touchpoint_attendee", ["stakeholder_id"], unique=False)
    op.drop_index("ix_touchpoint_attendee_person", table_name="touchpoint_attendee")
