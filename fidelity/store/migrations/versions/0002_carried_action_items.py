"""carried action items

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""
from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('action_carry',
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('carried_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['action_item.id'], ),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], ),
    sa.PrimaryKeyConstraint('review_id', 'action_id')
    )
    with op.batch_alter_table('action_carry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_carry_action_id'), ['action_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('action_carry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_carry_action_id'))

    op.drop_table('action_carry')

