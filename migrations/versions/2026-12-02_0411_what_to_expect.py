"""What to expect on a listing: who runs it, how many usually come, what to bring, carers

Revision ID: e2b3c4d5f6a7
Revises: e1a2b3c4d5f6
Create Date: 2026-12-02 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e2b3c4d5f6a7'
down_revision = 'e1a2b3c4d5f6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('run_by', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('usual_group_size', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('bring', sa.String(length=300), server_default='', nullable=False))
        batch_op.add_column(sa.Column('carer_free', sa.String(length=10), server_default='', nullable=False))
        batch_op.create_check_constraint(
            batch_op.f('ck_activity_known_size'),
            "usual_group_size IN ('', 'up-to-5', '6-15', '16-30', 'over-30')",
        )
        batch_op.create_check_constraint(
            batch_op.f('ck_activity_known_carer'), "carer_free IN ('', 'yes', 'no')"
        )


def downgrade():
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_activity_known_carer'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_activity_known_size'), type_='check')
        batch_op.drop_column('carer_free')
        batch_op.drop_column('bring')
        batch_op.drop_column('usual_group_size')
        batch_op.drop_column('run_by')
