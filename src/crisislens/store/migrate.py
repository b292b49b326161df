"""Bring a database's schema to the newest migration, with an Alembic Config built in code.

A new migration, after changing tables.py (against a database already at head):

    python -c "from alembic import command; from crisislens.store.migrate import alembic_config as c;
               command.revision(c('sqlite:///dev.sqlite'), 'what changed', autogenerate=True, rev_id='0002')"
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str, *, connection: Connection | None = None) -> Config:
    """A Config pointing at the migrations shipped in the package; no alembic.ini is read."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser interpolation
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, *, revision: str = "head") -> None:
    """Run every migration not yet applied, in one transaction."""
    with engine.begin() as connection:
        url = engine.url.render_as_string(hide_password=False)
        command.upgrade(alembic_config(url, connection=connection), revision)
