"""Alembic environment: runs on the connection :func:`panel_toolkit.store.migrations.upgrade` hands in."""
from alembic import context

from panel_toolkit.store import schema

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=schema.metadata,
                  render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
with context.begin_transaction():
    context.run_migrations()
