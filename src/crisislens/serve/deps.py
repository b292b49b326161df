"""What a request needs: the settings, the store, who is asking and whether they may read or write.

Reads are open unless the app was made with public_reads=False (`crisislens serve --private`, or
CRISISLENS_PUBLIC_READS=0); writes always need a bearer token of an analyst or an admin. A token that
matches no user is refused (401) even where reads are open, so a typo never passes silently.
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

    @property
    def vendor_dir(self) -> Path:
        return self.web_dir / "node_modules"


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_extractor(request: Request) -> Extractor:
    return request.app.state.extractor


bearer = HTTPBearer(auto_error=False, description="A token from `crisislens users add NAME --role analyst`")
StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ExtractorDep = Annotated[Extractor, Depends(get_extractor)]
CHALLENGE = {"WWW-Authenticate": "Bearer"}


def current_user(store: StoreDep,
                 credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User | None:
    if credentials is None:
        return None
    user = user_for_token(store, credentials.credentials)
    if user is None:
        raise ApiError(401, "unknown or revoked token; ask an admin for a new one "
                            "(crisislens users add NAME --role analyst)", headers=CHALLENGE)
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
