"""claims of batch months and nights by workers; indexes for planning in SQL

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 04:50:00.000000
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'claim',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('instrument', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('scope', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column('expires', sa.Float(), nullable=False),
        sa.Column('taken', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('instrument', 'scope', 'unit'),
    )
    with op.batch_alter_table('frame', schema=None) as batch_op:
        batch_op.create_index('ix_frame_candidates', ['instrument', 'category', 'mjd_obs'], unique=False)
        batch_op.create_index('ix_frame_night_category', ['instrument', 'night', 'category'], unique=False)
    with op.batch_alter_table('dataset', schema=None) as batch_op:
        batch_op.create_index('ix_dataset_night_kind', ['instrument', 'night', 'kind'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('dataset', schema=None) as batch_op:
        batch_op.drop_index('ix_dataset_night_kind')
    with op.batch_alter_table('frame', schema=None) as batch_op:
        batch_op.drop_index('ix_frame_night_category')
        batch_op.drop_index('ix_frame_candidates')
    op.drop_table('claim')
