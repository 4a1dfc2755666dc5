"""Open data: a public UUID for organisations, venues, activities and activity-at-venue

Revision ID: 7c1d2e3f4a5b
Revises: 60b635bd56c1
Create Date: 2026-12-01 18:15:00.000000

"""
import uuid

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1d2e3f4a5b'
down_revision = '60b635bd56c1'
branch_labels = None
depends_on = None

COLUMNS = {
    'organisation': ('public_id',),
    'venue': ('public_id',),
    'activity': ('public_id', 'at_venue_public_id'),
}


def upgrade():
    connection = op.get_bind()
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(sa.Column(column, sa.Uuid(), nullable=True))
        # Existing rows get a random id once; it never changes afterwards.
        rows = sa.table(table, sa.column('id', sa.Integer), *(sa.column(c, sa.Uuid) for c in columns))
        ids = [row.id for row in connection.execute(sa.select(rows.c.id))]
        for row_id in ids:
            connection.execute(
                rows.update()
                .where(rows.c.id == row_id)
                .values({column: uuid.uuid4() for column in columns})
            )
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, existing_type=sa.Uuid(), nullable=False)
                batch_op.create_unique_constraint(f'uq_{table}_{column}', [column])


def downgrade():
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_constraint(f'uq_{table}_{column}', type_='unique')
                batch_op.drop_column(column)
