"""Signed-in sessions that survive a reload: the SHA-256 hash of each session's random token, its account,
when it was made, last seen and expires, and when it was revoked (sign-out, account disabled, new password).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("last_seen", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.Column("handoff_until", TZ, nullable=True),
        sa.CheckConstraint("length(token_hash) = 64", name="ck_sessions_token_hash"),
    )
    op.create_index("ix_sessions_user", "sessions", ["user_id"])


def downgrade():
    op.drop_index("ix_sessions_user", "sessions")
    op.drop_table("sessions")
