"""Schedules as groups run them: every n weeks, monthly, courses, term time, other venues

Revision ID: e1a2b3c4d5f6
Revises: deddcec57cf1
Create Date: 2026-12-02 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1a2b3c4d5f6'
down_revision = 'deddcec57cf1'
branch_labels = None
depends_on = None

OLD_KINDS = "frequency IN ('weekly', 'fortnightly', 'once')"
OLD_COMPLETE = (
    "(frequency = 'once' AND on_date IS NOT NULL) OR (frequency = 'weekly' AND weekday IS NOT NULL) "
    "OR (frequency = 'fortnightly' AND weekday IS NOT NULL AND on_date IS NOT NULL)"
)
KINDS = "frequency IN ('weekly', 'fortnightly', 'every_n_weeks', 'monthly', 'course', 'once')"
COMPLETE = (
    "(frequency = 'once' AND on_date IS NOT NULL) OR "
    "(frequency = 'weekly' AND weekday IS NOT NULL) OR "
    "(frequency = 'fortnightly' AND weekday IS NOT NULL AND on_date IS NOT NULL) OR "
    "(frequency = 'every_n_weeks' AND weekday IS NOT NULL AND on_date IS NOT NULL "
    "AND interval_weeks IS NOT NULL) OR "
    "(frequency = 'monthly' AND weekday IS NOT NULL AND month_week IS NOT NULL) OR "
    "(frequency = 'course' AND weekday IS NOT NULL AND on_date IS NOT NULL "
    "AND course_weeks IS NOT NULL)"
)
NEW_CHECKS = {
    'ck_activity_schedule_interval_weeks':
        "interval_weeks IS NULL OR (interval_weeks >= 2 AND interval_weeks <= 52)",
    'ck_activity_schedule_month_week': "month_week IS NULL OR month_week IN (1, 2, 3, 4, -1)",
    'ck_activity_schedule_course_weeks':
        "course_weeks IS NULL OR (course_weeks >= 1 AND course_weeks <= 52)",
    'ck_activity_schedule_term_time_repeats':
        "NOT term_time_only OR frequency IN ('weekly', 'fortnightly', 'every_n_weeks', 'monthly')",
}


def upgrade():
    op.create_table('school_term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('borough', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_school_term_ends_after_start')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_term')),
    sa.UniqueConstraint('borough', 'starts_on', name='school_term_starts_once')
    )
    with op.batch_alter_table('school_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_term_borough'), ['borough'], unique=False)

    with op.batch_alter_table('activity_schedule', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_activity_schedule_known_frequency'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_activity_schedule_complete'), type_='check')
        batch_op.alter_column('frequency', existing_type=sa.String(length=12),
                              type_=sa.String(length=13), existing_nullable=False)
        batch_op.add_column(sa.Column('interval_weeks', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('month_week', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('course_weeks', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('term_time_only', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))
        batch_op.add_column(sa.Column('venue_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_activity_schedule_venue_id'), ['venue_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_activity_schedule_venue_id_venue'), 'venue',
                                    ['venue_id'], ['id'], ondelete='SET NULL')
        batch_op.create_check_constraint(batch_op.f('ck_activity_schedule_known_frequency'), KINDS)
        batch_op.create_check_constraint(batch_op.f('ck_activity_schedule_complete'), COMPLETE)
        for name, condition in NEW_CHECKS.items():
            batch_op.create_check_constraint(batch_op.f(name), condition)


def downgrade():
    # Slots of the newer kinds cannot be written in the older columns: they go.
    op.execute(
        "DELETE FROM activity_schedule WHERE frequency NOT IN ('weekly', 'fortnightly', 'once')"
    )
    with op.batch_alter_table('activity_schedule', schema=None) as batch_op:
        for name in NEW_CHECKS:
            batch_op.drop_constraint(batch_op.f(name), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_activity_schedule_complete'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_activity_schedule_known_frequency'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_activity_schedule_venue_id_venue'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_activity_schedule_venue_id'))
        batch_op.drop_column('venue_id')
        batch_op.drop_column('term_time_only')
        batch_op.drop_column('course_weeks')
        batch_op.drop_column('month_week')
        batch_op.drop_column('interval_weeks')
        batch_op.alter_column('frequency', existing_type=sa.String(length=13),
                              type_=sa.String(length=12), existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_activity_schedule_known_frequency'), OLD_KINDS)
        batch_op.create_check_constraint(batch_op.f('ck_activity_schedule_complete'), OLD_COMPLETE)

    with op.batch_alter_table('school_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_term_borough'))
    op.drop_table('school_term')
