"""Request drafts: a resident's unsent answers kept on the server between question pages

Revision ID: e5f6a7b8c9d0
Revises: e4d5f6a7b8c9
Create Date: 2026-12-02 05:14:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5f6a7b8c9d0'
down_revision = 'e4d5f6a7b8c9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('request_draft',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_draft'))
    )
    with op.batch_alter_table('request_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_draft_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('request_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_draft_expires_at'))

    op.drop_table('request_draft')
