"""Shared fixtures: the real spaCy model, loaded once per test session."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from spacy.language import Language

from crisislens.parse.nlp import load_nlp, parse
from crisislens.records import Document, Parsed

# A bug met on one document propagates in tests instead of being logged and reported (crisislens.bugs);
# the tests of that reporting clear it for themselves.
os.environ.setdefault("CRISISLENS_RAISE", "1")

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_PATH = SHARED / "seed" / "000_345d00adf81d8220.txt"
DEV = SHARED / "data" / "dev"


@pytest.fixture(scope="session", autouse=True)
def installed() -> None:
    """What `crisislens setup` builds: the gazetteer and the event classifier (no-ops when current)."""
    from crisislens.extract.event_model import train
    from crisislens.resolve.gazetteer import build

    build()
    train()


@pytest.fixture(scope="session")
def nlp() -> Language:
    return load_nlp()


@pytest.fixture(scope="session")
def parsed_text(nlp) -> Callable[..., Parsed]:
    """Parse a text as a document published on `published` (a date or aware datetime)."""

    def make(text: str, *, published: date | datetime | None = None, title: str | None = None) -> Parsed:
        document = Document(id="test", text=text, origin="test", title=title, published=published)
        return parse(document, nlp=nlp)

    return make


# ---- real databases and the seed's extraction, shared by the store, API and browser tests ------------------
PG_URL = os.environ.get("CRISISLENS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[sa.Engine]:
    """The PostgreSQL server on 127.0.0.1 ($CRISISLENS_TEST_PG_URL); fails, never skips, when it is missing."""
    engine = sa.create_engine(PG_URL)
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database on each backend: a SQLite file, or a PostgreSQL schema dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'nested' / 'dir' / 'crisislens.sqlite'}"
        return
    with pg_schema(request.getfixturevalue("pg_admin")) as url:
        yield url


@contextmanager
def pg_schema(admin: sa.Engine, *, prefix: str = "crisislens_test") -> Iterator[str]:
    """A store URL on a new, empty PostgreSQL schema, dropped on leaving."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture
def store(db_url) -> Iterator:
    """An empty store on each backend (test files that need one filled define their own)."""
    from crisislens.store import Store

    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture(scope="session")
def gazetteer():
    from crisislens.resolve.gazetteer import Gazetteer

    return Gazetteer.open()


@pytest.fixture(scope="session")
def seed_record(nlp, gazetteer):
    """The seed document as the pipeline extracts it (the record the README's first command prints)."""
    from crisislens.pipeline import run
    from crisislens.read.files import documents

    [record] = run(documents([str(SEED_PATH)]), nlp=nlp, gazetteer=gazetteer)
    return record


@contextmanager
def serving(app) -> Iterator[str]:
    """The app under a real uvicorn on a free local port (what a browser or a broken stream needs); its URL."""
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
