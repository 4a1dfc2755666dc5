"""Search log read by every host from its own cursor: hosts, the pruned mark, no applied_at

Revision ID: 9a1b2c3d4e5f
Revises: 20c56f1799c9
Create Date: 2026-12-01 23:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9a1b2c3d4e5f'
down_revision = '20c56f1799c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_host',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('applied_through', sa.BigInteger(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_search_host'))
    )
    op.create_table('search_log_pruned',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('through_id', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_log_pruned'))
    )
    # Rows already applied were applied by the one host there was: nothing pending is lost
    # (each index's cursor starts at its rebuild, or at 0 and re-applies: harmless).
    # On SQLite the table is recreated with AUTOINCREMENT, so ids never come back.
    # (Only there: recreating a PostgreSQL table would restart its id sequence at 1.)
    sqlite = op.get_bind().dialect.name == 'sqlite'
    with op.batch_alter_table(
        'search_outbox', schema=None, recreate='always' if sqlite else 'auto',
        table_kwargs={'sqlite_autoincrement': True},
    ) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_outbox_applied_at'))
        batch_op.drop_column('applied_at')


def downgrade():
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_search_outbox_applied_at'), ['applied_at'], unique=False)

    op.drop_table('search_log_pruned')
    op.drop_table('search_host')
