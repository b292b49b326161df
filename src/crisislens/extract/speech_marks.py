"""Find the stretches of text inside quotation marks, and the sentence units speech is read from.

Works on characters, not tokens, because quote marks are typographic conventions the tokenizer
does not pair: “…”, «…», „…“, ``…'', "…", ‘…’ and dialogue dashes (—We will not…—said X). A quote
left open at a paragraph end continues when the next paragraph opens with the same mark (the
newspaper convention for multi-paragraph quotations); otherwise it ends with its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

CLOSERS = {"“": "”", "«": "»", "„": "“”", "``": "''", '"': '"', "‘": "’", "‹": "›", "»": "«"}
OPENERS = re.compile(r"``|[“«„\"‘‹]")
DIALOGUE = re.compile(r"(?m)^[ \t]*[—―–](?=\w)")        # a paragraph opening with a dash, no space after
DIALOGUE_END = re.compile(r"\s[—―–]|\n")
PARAGRAPH = re.compile(r"\n\s*")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each top-level quotation, marks excluded, in text order."""
    spans = list(_marked(text))
    taken = [(s, e) for s, e in spans]
    for match in DIALOGUE.finditer(text):
        end = DIALOGUE_END.search(text, match.end())
        stop = end.start() if end else len(text)
        if not any(s <= match.end() < e for s, e in taken):
            spans.append((match.end(), stop))
    return sorted(_trimmed(text, s, e) for s, e in spans if e > s)


def _marked(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    while (match := OPENERS.search(text, pos)) is not None:
        opener, start = match.group(), match.end()
        if not _opens(text, match.start(), opener):
            pos = start
            continue
        end, resume = _close(text, start, opener)
        if end is None:
            pos = start
            continue
        yield start, end
        pos = resume


def _opens(text: str, at: int, opener: str) -> bool:
    """Straight and single marks double as apostrophes and inches: they open only after a boundary."""
    if opener in ('"', "‘"):
        before = text[at - 1] if at else " "
        return not before.isalnum() and at + 1 < len(text) and not text[at + 1].isspace()
    return True


def _close(text: str, start: int, opener: str) -> tuple[int | None, int]:
    """Where the quote opened at `start` ends (content end, resume position), across paragraphs."""
    closers = CLOSERS[opener]
    pos = start
    while True:
        ends = [i for c in (closers if opener != "``" else ("''",)) if (i := text.find(c, pos)) >= 0]
        close = min(ends) if ends else len(text)
        para = PARAGRAPH.search(text, pos, close)
        if para is None:
            return (close, close + (2 if opener == "``" else 1)) if ends else (None, start)
        if text.startswith(opener, para.end()):          # the quotation goes on in the next paragraph
            pos = para.end() + len(opener)
            continue
        return (para.start(), para.end()) if para.start() - start > 40 else (None, start)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n—–-":
        start += 1
    while end > start and text[end - 1] in " \t\n,—–-":
        end -= 1
    return start, end


def units(doc: Doc) -> list[SpacySpan]:
    """Sentences, also cut at line breaks: the parser runs headline, dateline and lead together."""
    out: list[SpacySpan] = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.is_space and "\n" in token.text:
                if token.i > start:
                    out.append(doc[start:token.i])
                start = token.i + 1
            elif "\n" in token.whitespace_ and token.i + 1 < sent.end:
                out.append(doc[start:token.i + 1])
                start = token.i + 1
        if sent.end > start:
            out.append(doc[start:sent.end])
    return [unit for unit in out if unit.text.strip()]
