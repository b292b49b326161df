"""Who the bearer token belongs to: the page asks after sign-in to show or hide the analyst's buttons."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel

from crisislens.serve.deps import CHALLENGE, UserDep
from crisislens.serve.errors import ApiError

router = APIRouter(tags=["access"])


class Me(BaseModel):
    name: str
    role: str
    can_write: bool


@router.get("/me", response_model=Me)
def me(user: UserDep) -> dict[str, Any]:
    """The signed-in user's name and role; 401 without a valid bearer token."""
    if user is None:
        raise ApiError(401, "not signed in: send Authorization: Bearer TOKEN", headers=CHALLENGE)
    return {"name": user.name, "role": user.role, "can_write": user.can_write}
