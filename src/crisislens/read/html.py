"""HTML pages → Document: the main text as trafilatura extracts it, which offsets then index."""

from __future__ import annotations

from datetime import date

import trafilatura

from crisislens.errors import InputError
from crisislens.read.language import detect_language
from crisislens.records import Document, Span


def read_html(markup: str, *, source: str, doc_id: str) -> Document:
    text = trafilatura.extract(markup, include_comments=False, include_tables=False, favor_precision=True)
    if not text or not text.strip():
        raise InputError(source, "no main text found in the HTML page")
    metadata = trafilatura.extract_metadata(markup)
    title = metadata.title if metadata and metadata.title else None
    return Document(
        id=doc_id,
        text=text,
        origin=source,
        title=title,
        published=page_date(metadata.date if metadata else None),
        source=metadata.sitename if metadata and metadata.sitename else None,
        language=detect_language(text),
        body=body_after_title(text, title),
        text_is_extracted=True,
    )


def page_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def body_after_title(text: str, title: str | None) -> Span:
    # trafilatura repeats the <h1> headline as the first line of the text; the body starts after it.
    first, _, _ = text.partition("\n")
    start = len(first) + 1 if title and first.strip() == title.strip() and "\n" in text else 0
    return Span.of(text, start, len(text))
