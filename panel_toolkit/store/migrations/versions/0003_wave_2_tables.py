"""Wave 2 tables: staff links (issued_to, expires_at), closure (reopenings, ties, confirmation days),
removal corrections, directory overrides (override_reason, acting_for), the 第十六条 annual-report facts,
application materials. New NOT NULL text columns get server_default '' so existing rows upgrade.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 00:30:28.418741

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('confirmation_days',
    sa.Column('proposed_list_id', sa.Integer(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('proposed_list_id')
    )
    op.create_table('removal_corrections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('removal_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['removal_id'], ['removals.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('removal_corrections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_removal_corrections_removal_id'), ['removal_id'], unique=False)

    op.create_table('session_reopenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(), nullable=False),
    sa.Column('proposed_list_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('reopened_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('session_reopenings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_reopenings_session_id'), ['session_id'], unique=False)

    op.create_table('tie_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(), nullable=False),
    sa.Column('first_id', sa.Integer(), nullable=False),
    sa.Column('second_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tie_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tie_decisions_session_id'), ['session_id'], unique=False)

    op.create_table('materials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('filename', sa.String(), nullable=False),
    sa.Column('media_type', sa.String(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('actor', sa.String(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('materials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_materials_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_materials_session_id'), ['session_id'], unique=False)

    with op.batch_alter_table('annual_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('brand_use', sa.String(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('development', sa.String(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('violations', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('major_complaints', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('major_accidents', sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column('replaces_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.String(), server_default='', nullable=False))

    with op.batch_alter_table('directory_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('override_reason', sa.String(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('acting_for', sa.String(), server_default='', nullable=False))

    with op.batch_alter_table('viewer_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issued_to', sa.String(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('viewer_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
        batch_op.drop_column('issued_to')

    with op.batch_alter_table('directory_events', schema=None) as batch_op:
        batch_op.drop_column('acting_for')
        batch_op.drop_column('override_reason')

    with op.batch_alter_table('annual_reports', schema=None) as batch_op:
        batch_op.drop_column('reason')
        batch_op.drop_column('replaces_id')
        batch_op.drop_column('major_accidents')
        batch_op.drop_column('major_complaints')
        batch_op.drop_column('violations')
        batch_op.drop_column('development')
        batch_op.drop_column('brand_use')

    with op.batch_alter_table('materials', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_materials_session_id'))
        batch_op.drop_index(batch_op.f('ix_materials_application_id'))

    op.drop_table('materials')
    with op.batch_alter_table('tie_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tie_decisions_session_id'))

    op.drop_table('tie_decisions')
    with op.batch_alter_table('session_reopenings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_reopenings_session_id'))

    op.drop_table('session_reopenings')
    with op.batch_alter_table('removal_corrections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_removal_corrections_removal_id'))

    op.drop_table('removal_corrections')
    op.drop_table('confirmation_days')
