"""merge identities: uids, rating versions, rating conflicts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

UID_TABLES = ("review", "action_item", "action_note", "audit_log")


def _backfill(table: str, column: str) -> None:
    """Give every existing row its own random value (a server default cannot)."""
    conn = op.get_bind()
    ids = [row[0] for row in conn.execute(sa.text(f"SELECT id FROM {table}"))]
    for row_id in ids:
        conn.execute(sa.text(f"UPDATE {table} SET {column} = :v WHERE id = :id"),
                     {"v": uuid.uuid4().hex, "id": row_id})


def upgrade() -> None:
    for table in UID_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('uid', sqlmodel.sql.sqltypes.AutoString(length=32),
                                          nullable=True))
        _backfill(table, "uid")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('uid', existing_type=sqlmodel.sql.sqltypes.AutoString(
                length=32), nullable=False)
            batch_op.create_index(batch_op.f(f'ix_{table}_uid'), ['uid'], unique=True)

    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=32),
                                      nullable=True))
        batch_op.add_column(sa.Column('ancestors', sa.Text(), nullable=False,
                                      server_default=""))
    _backfill("rating", "version")
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.alter_column('version', existing_type=sqlmodel.sql.sqltypes.AutoString(
            length=32), nullable=False)

    op.create_table('rating_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('rater_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('metric_value', sa.Float(), nullable=True),
    sa.Column('elements', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('data_sources', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('version', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('detected_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('resolved', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['rater_id'], ['rater.id'], ),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rating_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_conflict_review_id'), ['review_id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_rating_conflict_resolved'), ['resolved'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('rating_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_conflict_resolved'))
        batch_op.drop_index(batch_op.f('ix_rating_conflict_review_id'))
    op.drop_table('rating_conflict')
    with op.batch_alter_table('rating', schema=None) as batch_op:
        batch_op.drop_column('ancestors')
        batch_op.drop_column('version')
    for table in reversed(UID_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f'ix_{table}_uid'))
            batch_op.drop_column('uid')
