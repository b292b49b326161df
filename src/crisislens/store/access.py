"""Who may change what, and what they changed: users with hashed tokens, and the claims' audit log.

    users        one per person or service; `token_hash` is the sha256 of the bearer token, never the token
    audit_log    one row per verification change: who, when, which claim, from → to, and the analyst's note

The tables share tables.Base's metadata; migrations/versions/0002_access.py creates them. As in repo.py,
rows never leave store/: callers get `User` and plain dicts.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, String, Text, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from crisislens.errors import StoreError
from crisislens.store.repo import Store
from crisislens.store.tables import Base, ClaimRow

ROLES = ("viewer", "analyst", "admin")
WRITERS = frozenset({"analyst", "admin"})
STATUSES = ("unverified", "corroborated", "disputed", "confirmed", "false")


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String, unique=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC


class AuditRow(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # naive UTC
    user_name: Mapped[str] = mapped_column(String)
    document_id: Mapped[str] = mapped_column(String, index=True)  # no foreign key: the log outlives documents
    claim: Mapped[int] = mapped_column(Integer)  # the claim's ordinal in its document
    claim_text: Mapped[str] = mapped_column(Text)  # as it read when judged; re-extraction may renumber claims
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


@dataclass(frozen=True, slots=True)
class User:
    name: str
    role: str

    @property
    def can_write(self) -> bool:
        return self.role in WRITERS


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def add_user(store: Store, name: str, *, role: str) -> str:
    """Create a user, or give an existing one a new role and token; returns the token, shown only once."""
    if role not in ROLES:
        raise StoreError(name, f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    token = secrets.token_urlsafe(32)
    with store.writing() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            session.add(UserRow(name=name, role=role, token_hash=hash_token(token), created_at=_now()))
        else:
            row.role, row.token_hash = role, hash_token(token)
    return token


def user_for_token(store: Store, token: str) -> User | None:
    with Session(store.engine) as session:
        row = session.scalar(select(UserRow).where(UserRow.token_hash == hash_token(token)))
        return User(row.name, row.role) if row is not None else None


def set_claim_status(store: Store, document_id: str, claim: int, status: str, *, user: User,
                     note: str | None = None) -> dict[str, Any]:
    """Change one claim's status and log it, in one transaction; returns the audit entry."""
    if status not in STATUSES:
        raise StoreError(document_id, f"unknown claim status {status!r}; choose one of {', '.join(STATUSES)}")
    try:
        with store.writing() as session:
            row = session.scalar(
                select(ClaimRow).where(ClaimRow.document_id == document_id, ClaimRow.ordinal == claim)
                .with_for_update()
            )
            if row is None:
                raise StoreError(document_id, f"has no claim number {claim}")
            entry = AuditRow(at=_now(), user_name=user.name, document_id=document_id, claim=claim,
                             claim_text=row.text, from_status=row.status, to_status=status, note=note or None)
            session.execute(update(ClaimRow).where(ClaimRow.document_id == document_id, ClaimRow.ordinal == claim)
                            .values(status=status))
            session.add(entry)
            session.flush()
            return audit_dict(entry)
    except IntegrityError as exc:
        raise StoreError(document_id, str(exc.orig).splitlines()[0]) from exc


def audit_dict(row: AuditRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at.replace(tzinfo=UTC).isoformat(),
        "user": row.user_name,
        "claim_id": f"{row.document_id}:{row.claim}",
        "document_id": row.document_id,
        "claim": row.claim,
        "claim_text": row.claim_text,
        "from": row.from_status,
        "to": row.to_status,
        "note": row.note,
    }


def audit_log(store: Store, *, document_id: str | None = None, claim: int | None = None, limit: int = 100,
              offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """The log, newest first, optionally of one document or one claim; with the total count."""
    conditions = []
    if document_id is not None:
        conditions.append(AuditRow.document_id == document_id)
        if claim is not None:
            conditions.append(AuditRow.claim == claim)
    with Session(store.engine) as session:
        total = session.scalar(select(func.count()).select_from(AuditRow).where(*conditions)) or 0
        rows = session.scalars(select(AuditRow).where(*conditions).order_by(AuditRow.id.desc())
                               .offset(offset).limit(limit))
        return total, [audit_dict(row) for row in rows]


def latest_notes(session: Session, document_id: str) -> dict[int, dict[str, Any]]:
    """The newest audit entry of each claim of a document, by claim ordinal (the note shown beside it)."""
    newest = (select(AuditRow.claim, func.max(AuditRow.id).label("id"))
              .where(AuditRow.document_id == document_id).group_by(AuditRow.claim).subquery())
    rows = session.scalars(select(AuditRow).join(newest, AuditRow.id == newest.c.id))
    return {row.claim: audit_dict(row) for row in rows}
