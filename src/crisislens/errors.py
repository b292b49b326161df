"""Errors crisislens raises on purpose. Anything else is a bug and propagates.

    CrisislensError
    ├── InputError        an input that cannot be read: '<source>: <reason>'
    ├── StoreError        a document the store could not save: '<document id>: <reason>'
    └── SetupError        a missing model or gazetteer: says which command installs it
"""

from __future__ import annotations


class CrisislensError(Exception):
    """Base of every error crisislens reports to the user as one line."""


class InputError(CrisislensError):
    """An input that cannot be read. str() is one line: '<source>: <reason>'."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source, self.reason = source, reason


class StoreError(CrisislensError):
    """A record the store refused. str() is one line: '<document id>: <reason>'."""

    def __init__(self, document_id: str, reason: str) -> None:
        super().__init__(f"{document_id}: {reason}")
        self.document_id, self.reason = document_id, reason


class SetupError(CrisislensError):
    """Something installed at setup is missing; the message names the command that fixes it."""
