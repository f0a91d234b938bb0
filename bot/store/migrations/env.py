"""Alembic's entry point, run by ``bot.store.connect.migrate`` on a connection it already holds
(inside the transaction that holds the migration lock), so there is no alembic.ini to find."""

from __future__ import annotations

from alembic import context

from bot.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=context.config.attributes["version_table"],
)
with context.begin_transaction():  # the caller's transaction: nothing begins or commits here
    context.run_migrations()
