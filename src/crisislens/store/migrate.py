"""Bring a database's schema to the newest migration, with an Alembic Config built in code.

Every migration of one upgrade runs in one transaction, under a lock, so a process killed halfway leaves
the old schema (never half of the new one), and processes opening a new store at once migrate it once:
the others wait for the lock, then find it current. PostgreSQL's DDL is transactional, and the lock is
`pg_advisory_xact_lock`. SQLite's is too, but only inside an explicit transaction: the sqlite3 driver
would run CREATE TABLE outside one (it opens its implicit transactions before INSERT/UPDATE/DELETE only),
so repo.Store hands it no transaction control (isolation_level None) and emits BEGIN itself; the
migration's BEGIN EXCLUSIVE is also the lock.

A new migration, after changing tables.py (against a database already at head):

    python -c "from alembic import command; from crisislens.store.migrate import alembic_config as c;
               command.revision(c('sqlite:///dev.sqlite'), 'what changed', autogenerate=True, rev_id='0002')"
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 0x63726973  # pg_advisory_xact_lock key: 'cris'; other users of advisory locks pick others


def alembic_config(url: str, *, connection: Connection | None = None) -> Config:
    """A Config pointing at the migrations shipped in the package; no alembic.ini is read."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser interpolation
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, *, revision: str = "head") -> None:
    """Run every migration not yet applied, in one transaction, under the migration lock."""
    url = engine.url.render_as_string(hide_password=False)
    if revision == "head" and _current(engine) == ScriptDirectory.from_config(alembic_config(url)).get_current_head():
        return  # the usual case: no lock taken, so opening a store never waits for a running writer
    with locked(engine) as connection:
        command.upgrade(alembic_config(url, connection=connection), revision)


@contextmanager
def locked(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the migration lock (alembic reads the current revision again inside it)."""
    if engine.dialect.name == "sqlite":
        with engine.execution_options(sqlite_begin="EXCLUSIVE").begin() as connection:
            yield connection
        return
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        yield connection


def _current(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
