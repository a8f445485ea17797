"""The register's first schema: users, activities, their target States and the append-only history.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("email", sa.String(254), nullable=True, unique=True),
        sa.Column("display_name", sa.String(120), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("failed_count", sa.Integer, nullable=False),
        sa.Column("locked_until", TZ, nullable=True),
        sa.CheckConstraint("role IN ('member', 'secretariat')", name="ck_users_role"),
    )
    op.create_table(
        "activities",
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
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("deleted_at", TZ, nullable=True),
        sa.Column("deleted_by", sa.String(64), nullable=True),
        sa.Column("delete_reason", sa.Text, nullable=True),
        sa.CheckConstraint("visibility IN ('members', 'secretariat')", name="ck_activities_visibility"),
    )
    op.create_index("ix_activities_date", "activities", ["activity_date"])
    op.create_table(
        "activity_targets",
        sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id"), primary_key=True),
        sa.Column("iso3", sa.String(3), primary_key=True),
    )
    op.create_index("ix_activity_targets_iso3", "activity_targets", ["iso3"])
    op.create_table(
        "activity_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("activity_id", sa.Integer, sa.ForeignKey("activities.id"), nullable=False),
        sa.Column("changed_at", TZ, nullable=False),
        sa.Column("changed_by", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("before_json", sa.Text, nullable=True),
        sa.Column("after_json", sa.Text, nullable=False),
    )
    op.create_index("ix_activity_history_activity", "activity_history", ["activity_id"])
    # The history is append-only in the database itself, not only in the code.
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER activity_history_no_{verb.lower()} BEFORE {verb} ON activity_history "
                       "BEGIN SELECT RAISE(ABORT, 'activity_history is append-only'); END")
    else:
        op.execute("CREATE FUNCTION activity_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN RAISE EXCEPTION 'activity_history is append-only'; END $$")
        op.execute("CREATE TRIGGER activity_history_append_only BEFORE UPDATE OR DELETE ON activity_history "
                   "FOR EACH ROW EXECUTE FUNCTION activity_history_append_only()")


def downgrade():
    raise NotImplementedError("the register's history is never dropped")
