"""Bring a database's schema to the newest migration, with an Alembic Config built in code."""

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
        command.upgrade(alembic_config(engine.url.render_as_string(), connection=connection), revision)
