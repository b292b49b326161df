"""Saving Records to SQL and reading them back; rows never leave this package (see repo.Store)."""

from crisislens.store import access, clusters  # noqa: F401  (every table on Base.metadata, wherever imported)
from crisislens.store.repo import Store

__all__ = ["Store"]
