"""archiveentry.size is a BIGINT: files of 2 GiB and more overflow PostgreSQL's INTEGER

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 02:30:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('archiveentry', schema=None) as batch_op:
        batch_op.alter_column('size', existing_type=sa.Integer(), type_=sa.BigInteger(), existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('archiveentry', schema=None) as batch_op:
        batch_op.alter_column('size', existing_type=sa.BigInteger(), type_=sa.Integer(), existing_nullable=False)
