"""frame.release_date (proprietary periods); night-log entries keep constraints and their source

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 03:30:00.000000
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('frame', schema=None) as batch_op:
        batch_op.add_column(sa.Column('release_date', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    with op.batch_alter_table('nightlogentry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('constraints', sa.JSON(), nullable=False, server_default=sa.text("'{}'")))
        batch_op.add_column(
            sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default='')
        )
        batch_op.alter_column('grade', existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=True)
    with op.batch_alter_table('nightlogentry', schema=None) as batch_op:
        batch_op.alter_column('constraints', server_default=None)
        batch_op.alter_column('source', server_default=None)


def downgrade() -> None:
    with op.batch_alter_table('nightlogentry', schema=None) as batch_op:
        batch_op.alter_column('grade', existing_type=sqlmodel.sql.sqltypes.AutoString(), nullable=False)
        batch_op.drop_column('source')
        batch_op.drop_column('constraints')
    with op.batch_alter_table('frame', schema=None) as batch_op:
        batch_op.drop_column('release_date')
