"""Alembic environment: always run programmatically by attdash.register.store (never needs alembic.ini)."""

from alembic import context

from attdash.register.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
