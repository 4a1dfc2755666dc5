"""Inbox search key: names and phone digits kept in the inbox index, so a search reads the
index rather than every open case's row; a follow-up index for the urgent list's deep pages

Revision ID: e6a7b8c9d0e1
Revises: e5f6a7b8c9d0
Create Date: 2026-12-02 07:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e6a7b8c9d0e1'
down_revision = 'e5f6a7b8c9d0'
branch_labels = None
depends_on = None

OLD_COLUMNS = ['merged_into_id', 'status', 'respond_by', 'follow_up_on', 'assigned_to_id', 'created_at']
NEW_COLUMNS = OLD_COLUMNS + ['area', 'search_key', 'email_key', 'id']
FOLLOW_UP_COLUMNS = ['merged_into_id', 'follow_up_on', 'status', 'id']
BATCH = 2000


def upgrade():
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_key', sa.String(length=300), server_default='', nullable=False))
    _fill_search_keys()
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_inbox')
        batch_op.create_index('ix_referral_inbox', NEW_COLUMNS, unique=False)
        batch_op.create_index('ix_referral_follow_up', FOLLOW_UP_COLUMNS, unique=False)


def _fill_search_keys():
    # The key normalises names in Python (accents, apostrophes): the same function the
    # model's save event uses, so rows made before and after this match alike.
    from directory_app.domain.people import search_key

    bind = op.get_bind()
    update = sa.text("UPDATE referral SET search_key = :key WHERE id = :id")
    last_id = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, full_name, preferred_name, phone FROM referral"
                " WHERE id > :last ORDER BY id LIMIT :batch"
            ),
            {"last": last_id, "batch": BATCH},
        ).all()
        if not rows:
            return
        bind.execute(
            update,
            [
                {"id": row.id, "key": search_key(row.full_name, row.preferred_name, row.phone)}
                for row in rows
            ],
        )
        last_id = rows[-1].id


def downgrade():
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index('ix_referral_follow_up')
        batch_op.drop_index('ix_referral_inbox')
        batch_op.create_index('ix_referral_inbox', OLD_COLUMNS, unique=False)
        batch_op.drop_column('search_key')
