"""touchpoint source identity: calendar and mail imports update, never duplicate

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 16:00:00

PRODUCT.md §5.1: a touchpoint imported from a calendar or a mailbox keeps its
source's identity, so importing the same file (or syncing the same CalDAV
calendar) again updates what changed and never duplicates, and a later
import keeps each field the lead changed by hand.

- source_key: the import the touchpoint was last seen in ("file:MEMBER:PATH"
  or "caldav:CALENDAR-URL"): a still-planned touchpoint of that source, in a
  new import's window, whose entry the new import no longer has is dropped.
- source_entry: the entry's identity ("ics:UID", "ics:UID@RECURRENCE-ID",
  "mail:MESSAGE-ID", "mail-hash:…"), unique (uq_touchpoint_source_entry).
- source_digest, source_plan_id, source_version: what the import last wrote.
  A summary whose digest differs, or a plan/version other than the imported
  one, was edited by the lead and is kept. A digest rather than the text: no
  second copy of private notes for `forget` to scrub.

Every column is nullable and starts NULL: touchpoints logged by hand have no
source. Plain ADD COLUMN, no table rebuild of a million touchpoints.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = ("source_key", "source_entry", "source_digest", "source_plan_id", "source_version")


def upgrade() -> None:
    op.add_column("touchpoint", sa.Column("source_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column("touchpoint", sa.Column("source_entry", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column("touchpoint", sa.Column("source_digest", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column("touchpoint", sa.Column("source_plan_id", sa.Integer(), nullable=True))
    op.add_column("touchpoint", sa.Column("source_version", sa.Integer(), nullable=True))
    op.create_index("uq_touchpoint_source_entry", "touchpoint", ["source_entry"], unique=True)
    op.create_index("ix_touchpoint_source", "touchpoint", ["source_key", "occurred_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_touchpoint_source", table_name="touchpoint")
    op.drop_index("uq_touchpoint_source_entry", table_name="touchpoint")
    # Plain DROP COLUMN (SQLite 3.35+), not batch mode: batch rebuilds the table by DROP TABLE, which
    # with foreign keys on would cascade to every attendance and stance, and would lose 0004's trigger.
    for column in reversed(COLUMNS):
        op.drop_column("touchpoint", column)
