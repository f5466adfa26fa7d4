"""stakeholder.division: the department, business unit or region inside the organization; division audiences

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 16:00:00

PRODUCT.md §2: `division` is the silo inside the company (Sales EMEA, IT…) whose
people an audience names as `division:NAME`. Existing rows keep `organization`
as it is and start with no division. `division_key` is the lower-cased copy the
program writes next to it (as it does for e-mail and name), so the match is
case-insensitive and indexed the same way on SQLite and PostgreSQL.

An event's audience can name a division (`division:Sales EMEA`): event_audience
gets `division` (as named) and `division_key`, and its one-target check becomes
"exactly one of a person, a tag or a division". On SQLite that check is changed
by rebuilding event_audience (batch mode); its rows are copied as they are.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


PERSON_OR_TAG = "(stakeholder_id IS NULL) <> (tag_id IS NULL)"
ONE_TARGET = (
    "(CASE WHEN stakeholder_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN tag_id IS NULL THEN 0 ELSE 1 END)"
    " + (CASE WHEN division_key IS NULL THEN 0 ELSE 1 END) = 1"
)


def upgrade() -> None:
    # Plain ADD COLUMN of nullable columns: no table rebuild, existing rows untouched.
    op.add_column("stakeholder", sa.Column("division", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column("stakeholder", sa.Column("division_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_index(op.f("ix_stakeholder_division_key"), "stakeholder", ["division_key"], unique=False)
    with op.batch_alter_table("event_audience", schema=None) as batch_op:
        batch_op.drop_constraint("ck_event_audience_one_target", type_="check")
        batch_op.add_column(sa.Column("division", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("division_key", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.create_check_constraint("ck_event_audience_one_target", ONE_TARGET)


def downgrade() -> None:
    # Division entries cannot be expressed before 0005: they go (the events keep their other entries).
    op.execute("DELETE FROM event_audience WHERE division_key IS NOT NULL")
    with op.batch_alter_table("event_audience", schema=None) as batch_op:
        batch_op.drop_constraint("ck_event_audience_one_target", type_="check")
        batch_op.drop_column("division_key")
        batch_op.drop_column("division")
        batch_op.create_check_constraint("ck_event_audience_one_target", PERSON_OR_TAG)
    op.drop_index(op.f("ix_stakeholder_division_key"), table_name="stakeholder")
    # Not batch mode: rebuilding stakeholder would DROP it, and with foreign keys on SQLite's implicit
    # DELETE would cascade to every attendance, stance and concern. SQLite >= 3.35 drops a column in place.
    op.execute("ALTER TABLE stakeholder DROP COLUMN division_key")
    op.execute("ALTER TABLE stakeholder DROP COLUMN division")
