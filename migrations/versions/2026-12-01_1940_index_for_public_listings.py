"""Open data: indexes for "which listings may the public see" and the feeds' change order

Revision ID: 5d6e7f8a9b0c
Revises: 3b8e4f61c2d7
Create Date: 2026-12-01 19:40:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '5d6e7f8a9b0c'
down_revision = '3b8e4f61c2d7'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(
            'ix_activity_public', ['status', 'last_confirmed_on', 'created_at', 'id'], unique=False
        )
        batch_op.create_index('ix_activity_modified', ['updated_at', 'public_id'], unique=False)


def downgrade():
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_modified')
        batch_op.drop_index('ix_activity_public')
