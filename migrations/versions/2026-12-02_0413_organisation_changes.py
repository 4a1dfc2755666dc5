"""Organisation changes: groups editing their organisation's details, as versions; admins archiving a venue

Revision ID: e4d5f6a7b8c9
Revises: e3c4d5f6a7b8
Create Date: 2026-12-02 04:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4d5f6a7b8c9'
down_revision = 'e3c4d5f6a7b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organisation_change',
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('before', sa.JSON(), nullable=False),
    sa.Column('after', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('comment', sa.String(length=500), nullable=False),
    sa.CheckConstraint("status IN ('pending', 'applied', 'returned')", name=op.f('ck_organisation_change_known_status')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_organisation_change_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['staff_user.id'], name=op.f('fk_organisation_change_reviewed_by_id_staff_user')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['staff_user.id'], name=op.f('fk_organisation_change_submitted_by_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_change'))
    )
    with op.batch_alter_table('organisation_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_change_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_change_status'), ['status'], unique=False)

    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('archived_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_venue_archived_by_id_staff_user'), 'staff_user', ['archived_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('venue', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_venue_archived_by_id_staff_user'), type_='foreignkey')
        batch_op.drop_column('archived_by_id')
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('organisation_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_change_status'))
        batch_op.drop_index(batch_op.f('ix_organisation_change_organisation_id'))

    op.drop_table('organisation_change')
