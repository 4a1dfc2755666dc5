"""Cancelled sessions: single dates of an activity that are not happening

Revision ID: 3b8e4f61c2d7
Revises: 7c1d2e3f4a5b
Create Date: 2026-12-01 19:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3b8e4f61c2d7'
down_revision = '7c1d2e3f4a5b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('session_cancellation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activity.id'], name=op.f('fk_session_cancellation_activity_id_activity'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_cancellation')),
    sa.UniqueConstraint('activity_id', 'on_date', name='session_cancellation_once_per_date')
    )
    with op.batch_alter_table('session_cancellation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_cancellation_activity_id'), ['activity_id'], unique=False)


def downgrade():
    with op.batch_alter_table('session_cancellation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_cancellation_activity_id'))

    op.drop_table('session_cancellation')
