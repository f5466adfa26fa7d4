"""indexes for cadence, pending calls and current stances at team scale

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 18:45:00

Measured on the benchmark's 50,000-stakeholder database (docs/performance.md):
- ix_touchpoint_time_status (occurred_at, status) replaces ix_touchpoint_occurred_at,
  its prefix: "held touchpoints since T" (the cadence's window of recent contacts) and
  "planned touchpoints already past" (the dashboard's "did this happen?") are read from
  the index alone. Not (status, occurred_at): without statistics SQLite then prefers
  it to the attendee index for a few people's briefings, a 0.1 s question that took 50 s.
- ix_stance_person_level (stakeholder_id, plan_id, observed_at, level) answers a
  person's current stance on a plan from the index alone; it replaces
  ix_stance_person_plan, which is its prefix. The at-risk check of a
  10,000-person event reads ~4,000 people's stances: ~0.17 s to ~0.11 s.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_touchpoint_time_status", "touchpoint", ["occurred_at", "status"], unique=False)
    op.drop_index("ix_touchpoint_occurred_at", table_name="touchpoint")
    op.create_index(
        "ix_stance_person_level", "stance", ["stakeholder_id", "plan_id", "observed_at", "level"], unique=False
    )
    op.drop_index("ix_stance_person_plan", table_name="stance")


def downgrade() -> None:
    op.create_index("ix_stance_person_plan", "stance", ["stakeholder_id", "plan_id", "observed_at"], unique=False)
    op.drop_index("ix_stance_person_level", table_name="stance")
    op.create_index("ix_touchpoint_occurred_at", "touchpoint", ["occurred_at"], unique=False)
    op.drop_index("ix_touchpoint_time_status", table_name="touchpoint")
