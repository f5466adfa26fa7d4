"""stakeholder.division: the department, business unit or region inside the organization

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 16:00:00

PRODUCT.md §2: `division` is the silo inside the company (Sales EMEA, IT…) whose
people an audience names as `division:NAME`. Existing rows keep `organization`
as it is and start with no division. `division_key` is the lower-cased copy the
program writes next to it (as it does for e-mail and name), so the match is
case-insensitive and indexed the same way on SQLite and PostgreSQL.
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN of nullable columns: no table rebuild, existing rows untouched.
    op.add_column('stakeholder', sa.Column('division', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column('stakeholder', sa.Column('division_key', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.create_index(op.f('ix_stakeholder_division_key'), 'stakeholder', ['division_key'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_stakeholder_division_key'), table_name='stakeholder')
    with op.batch_alter_table('stakeholder', schema=None) as batch_op:
        batch_op.drop_column('division_key')
        batch_op.drop_column('division')
