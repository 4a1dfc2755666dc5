"""Report summaries: the report's counts per day (report_daily_count), the days whose
counts are up to date (report_day, report_change) and wellbeing change per range read (report_wellbeing);
all start empty and fill as reports are read

Revision ID: e3c4d5f6a7b8
Revises: e2b3c4d5f6a7
Create Date: 2026-12-02 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e3c4d5f6a7b8'
down_revision = 'e2b3c4d5f6a7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_change',
        sa.Column('key', sa.String(length=40), nullable=False),
        sa.Column('changes', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('key', name=op.f('pk_report_change')),
    )
    op.create_table(
        'report_day',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('counted_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('counted_changes', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_report_day')),
    )
    op.create_table(
        'report_daily_count',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('measure', sa.String(length=30), nullable=False),
        sa.Column('key', sa.String(length=120), nullable=False),
        sa.Column('value', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('day', 'measure', 'key', name=op.f('pk_report_daily_count')),
    )
    with op.batch_alter_table('report_daily_count', schema=None) as batch_op:
        batch_op.create_index(
            'ix_report_daily_count_measure', ['measure', 'day', 'key', 'value'], unique=False
        )
    op.create_table(
        'report_wellbeing',
        sa.Column('start', sa.Date(), nullable=False),
        sa.Column('end', sa.Date(), nullable=False),
        sa.Column('scale', sa.String(length=20), nullable=False),
        sa.Column('people', sa.Integer(), nullable=False),
        sa.Column('hundredths', sa.Integer(), nullable=False),
        sa.Column('improved', sa.Integer(), nullable=False),
        sa.Column('counted_changes', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('start', 'end', 'scale', name=op.f('pk_report_wellbeing')),
    )


def downgrade():
    op.drop_table('report_wellbeing')
    with op.batch_alter_table('report_daily_count', schema=None) as batch_op:
        batch_op.drop_index('ix_report_daily_count_measure')
    op.drop_table('report_daily_count')
    op.drop_table('report_day')
    op.drop_table('report_change')
