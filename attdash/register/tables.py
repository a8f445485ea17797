"""The register's tables (SQLAlchemy Core). Migrations (``migrations/versions``) create and change them."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("email", sa.String(254), nullable=True, unique=True),
    sa.Column("display_name", sa.String(120), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=True),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("failed_count", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
)

activities = sa.Table(
    "activities", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uid", sa.String(36), nullable=False, unique=True),
    sa.Column("activity_date", sa.Date, nullable=False),
    sa.Column("date_status", sa.String(16), nullable=False),
    sa.Column("actor_kind", sa.String(32), nullable=False),
    sa.Column("actor_name", sa.String(200), nullable=False),
    sa.Column("entered_by", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("level", sa.String(32), nullable=True),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("next_step", sa.Text, nullable=False),
    sa.Column("follow_up_date", sa.Date, nullable=True),
    sa.Column("visibility", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("deleted_by", sa.String(64), nullable=True),
    sa.Column("delete_reason", sa.Text, nullable=True),
)

activity_targets = sa.Table(
    "activity_targets", metadata,
    sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id"), primary_key=True),
    sa.Column("iso3", sa.String(3), primary_key=True),
)

activity_history = sa.Table(
    "activity_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id"), nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("changed_by", sa.String(64), nullable=False),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("before_json", sa.Text, nullable=True),
    sa.Column("after_json", sa.Text, nullable=False),
)

#: Signed-in browser sessions (migration 0002): only the SHA-256 hash of the cookie's random token is kept, so
#: a copy of the database signs no one in. Every server process reads them here (no per-process memory).
#: ``handoff_until`` is set while ``token_hash`` is still the hash of the one-time hand-off code (see
#: attdash.register.sessions); it is cleared when the browser has exchanged it for its cookie.
sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("handoff_until", sa.DateTime(timezone=True), nullable=True),
)
