"""Shared fixtures: the real spaCy model, loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from spacy.language import Language

from crisislens.parse.nlp import load_nlp, parse
from crisislens.records import Document, Parsed

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED_PATH = SHARED / "seed" / "000_345d00adf81d8220.txt"
DEV = SHARED / "data" / "dev"


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
