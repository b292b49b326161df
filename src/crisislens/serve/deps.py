"""What a request needs: the settings, the store, who is asking and whether they may read or write.

Reads are open unless the app was made with public_reads=False (`crisislens serve --private`, or
CRISISLENS_PUBLIC_READS=0); writes always need a bearer token of an analyst or an admin. A token that
matches no user is refused (401) even where reads are open, so a typo never passes silently; so is an
Authorization header that is not `Bearer TOKEN` (Basic, a bare "Bearer", garbage), rather than being
taken for no header at all. Failed attempts are throttled per client address (guard.AuthThrottle).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from crisislens.errors import CrisislensError
from crisislens.records import Document, Record
from crisislens.serve.errors import ApiError
from crisislens.serve.guard import AuthThrottle
from crisislens.store import Store
from crisislens.store.access import User, user_for_token

REPO = Path(__file__).resolve().parents[3]  # the checkout, when installed editable (pip install -e .)


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() not in {"0", "false", "no", "off", ""}


def default_web_dir() -> Path:
    return Path(os.environ.get("CRISISLENS_WEB_DIR") or REPO / "web")


@dataclass
class Extractor:
    """The pipeline with its model and gazetteer, loaded on first use; one document batch at a time."""

    nlp: Any = None
    gazetteer: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, documents: Iterable[Document], errors: list[str], *, profiles: Any = None) -> Iterator[Record]:
        from crisislens.pipeline import run

        def failed(_source: str, exc: CrisislensError) -> None:
            errors.append(str(exc))

        with self.lock:
            if self.nlp is None:
                from crisislens.parse.nlp import load_nlp

                self.nlp = load_nlp()
            if self.gazetteer is None:
                from crisislens.resolve.gazetteer import Gazetteer

                self.gazetteer = Gazetteer.open()
            yield from run(documents, nlp=self.nlp, gazetteer=self.gazetteer, on_error=failed, profiles=profiles)


@dataclass
class Settings:
    public_reads: bool = field(default_factory=lambda: env_flag("CRISISLENS_PUBLIC_READS", True))
    web_dir: Path = field(default_factory=default_web_dir)
    auth_attempts: int = 10  # failed sign-ins per client address within auth_window_s, then 429
    auth_window_s: float = 60.0

    @property
    def vendor_dir(self) -> Path:
        return self.web_dir / "node_modules"


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_extractor(request: Request) -> Extractor:
    return request.app.state.extractor


def get_throttle(request: Request) -> AuthThrottle:
    return request.app.state.throttle


def client_address(request: Request) -> str:
    """Whom to throttle: the peer's address (behind a proxy, run uvicorn with --proxy-headers)."""
    return request.client.host if request.client else "unknown"


bearer = HTTPBearer(auto_error=False, description="A token from `crisislens users add NAME --role analyst`")
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ExtractorDep = Annotated[Extractor, Depends(get_extractor)]
ThrottleDep = Annotated[AuthThrottle, Depends(get_throttle)]
CHALLENGE = {"WWW-Authenticate": "Bearer"}
MALFORMED = {"WWW-Authenticate": 'Bearer error="invalid_request"'}
REFUSED = {"WWW-Authenticate": 'Bearer error="invalid_token"'}


def current_user(request: Request, store: StoreDep, throttle: ThrottleDep,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User | None:
    """The token's user; None without an Authorization header. `bearer` documents the scheme in OpenAPI."""
    if "authorization" not in request.headers:
        return None
    client = client_address(request)
    wait = throttle.retry_after(client)
    if wait is not None:
        raise ApiError(429, f"too many failed sign-ins from {client}: try again in {wait} s",
                       headers={"Retry-After": str(wait)})
    if credentials is None:  # HTTPBearer(auto_error=False) answers None for anything but "Bearer <token>"
        throttle.failed(client)
        raise ApiError(401, "the Authorization header must be 'Bearer TOKEN'", headers=MALFORMED)
    user = user_for_token(store, credentials.credentials)
    if user is None:
        throttle.failed(client)
        raise ApiError(401, "unknown or revoked token; ask an admin for a new one "
                            "(crisislens users add NAME --role analyst)", headers=REFUSED)
    return user


UserDep = Annotated[User | None, Depends(current_user)]


def reader(settings: SettingsDep, user: UserDep) -> User | None:
    if user is None and not settings.public_reads:
        raise ApiError(401, "this server's data is private: sign in with a bearer token", headers=CHALLENGE)
    return user


def writer(user: UserDep) -> User:
    if user is None:
        raise ApiError(401, "changing data needs a bearer token of an analyst or an admin", headers=CHALLENGE)
    if not user.can_write:
        raise ApiError(403, f"{user.name} is a {user.role}: only analysts and admins may change data")
    return user


Reader = Annotated[User | None, Depends(reader)]
Writer = Annotated[User, Depends(writer)]
