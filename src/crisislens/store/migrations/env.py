"""Alembic environment for the crisislens store.

Store.open runs it through `crisislens.store.migrate.upgrade`, which hands over an open connection in
`config.attributes["connection"]`; without one it connects to the Config's sqlalchemy.url (or `-x url=...`).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool

from crisislens.store import access, clusters  # noqa: F401  (their tables join Base.metadata)
from crisislens.store.tables import Base

config = context.config
target_metadata = Base.metadata
# SQLite cannot ALTER most things; batch mode rebuilds the table instead, and is a no-op elsewhere.
OPTIONS = {"target_metadata": target_metadata, "render_as_batch": True, "compare_type": True}


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **OPTIONS)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, **OPTIONS)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
