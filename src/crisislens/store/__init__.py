"""Saving Records to SQL and reading them back; rows never leave this package (see repo.Store)."""

from crisislens.store import access, clusters, queries  # noqa: F401  (every table and index on Base.metadata)
from crisislens.store.repo import Store

__all__ = ["Store"]
