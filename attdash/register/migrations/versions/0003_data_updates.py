"""Data updates: the audit log of what the Secretariat published (uploads, depositary refreshes) and withdrew.

Revision ID: 0003
Revises: 0002 when the sessions migration is present, else 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
# The sessions migration (0002) is written in parallel; chain after it when it is there.
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "data_updates",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("snapshot", sa.String(32), nullable=True),
        sa.Column("file_name", sa.String(255), nullable=True),
        sa.Column("sha256", sa.String(64), nullable=True),
        sa.Column("tables", sa.Text, nullable=True),
        sa.Column("summary", sa.Text, nullable=False),
        sa.CheckConstraint("action IN ('publish', 'depositary', 'withdraw')", name="ck_data_updates_action"),
    )
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER data_updates_no_{verb.lower()} BEFORE {verb} ON data_updates "
                       "BEGIN SELECT RAISE(ABORT, 'data_updates is append-only'); END")
    else:
        op.execute("CREATE FUNCTION data_updates_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
                   "BEGIN RAISE EXCEPTION 'data_updates is append-only'; END $$")
        op.execute("CREATE TRIGGER data_updates_append_only BEFORE UPDATE OR DELETE ON data_updates "
                   "FOR EACH ROW EXECUTE FUNCTION data_updates_append_only()")


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP TRIGGER IF EXISTS data_updates_append_only ON data_updates")
        op.execute("DROP FUNCTION IF EXISTS data_updates_append_only()")
    op.drop_table("data_updates")
