"""The tense of the clause a temporal expression sits in, read off the spaCy parse.

News reports the past, so a bare "Monday" is the last one; this module says when the clause looks
forward instead ("will meet on Monday", "talks are to resume on Monday", "postponed until Tuesday").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

FUTURE_AUX = {"will", "'ll", "’ll", "shall", "wo"}
MODALS = {"would", "should", "must", "might", "may", "'d"}     # forward unless negated: "would not comment Monday"
# verbs whose complement lies ahead ("plans to visit on Monday") but which may be dated themselves
# in the past ("On Friday, the government planned to pay")...
INTENT = {"due", "schedule", "slate", "expect", "plan", "intend", "hope", "aim", "prepare", "promise", "vow",
          "threaten", "upcoming"}
# ...and verbs that push their own time adjunct ahead even in the past tense ("postponed until Tuesday")
DEFERRAL = {"postpone", "delay", "adjourn", "defer", "extend", "reschedule"}
# "as soon as Tuesday", "until 9 a.m. Tuesday", "between now and Feb. 10": a deadline or an earliest day
FUTURE_CUE = re.compile(r"\b(?:as\s+soon\s+as|as\s+early\s+as|no\s+later\s+than|between\s+now\s+and|until|till|"
                        r"by|from\s+now\s+to)\s+$", re.IGNORECASE)


def token_span(doc: Doc, start: int, end: int) -> SpacySpan | None:
    return doc.char_span(start, end, alignment_mode="expand")


def tense_at(doc: Doc, text: str, start: int, end: int) -> str | None:
    """'future' when the clause the expression sits in looks forward, 'past' when its verb is past.
    (`text` is the document's: Doc.text rebuilds the string from every token on each access.)"""
    span = token_span(doc, start, end)
    if span is None or len(span) == 0:
        return None
    verb = clause_verb(span.root)
    if FUTURE_CUE.search(text[max(0, start - 40):start]) and not simple_past(verb):
        return "future"                          # "has given them until Tuesday"; "lasted until Tuesday" stays past
    if verb is not None and planned_ahead(verb, span):
        return "future"
    return verb_tense(verb) if verb is not None else None


def planned_ahead(verb: Token, span: SpacySpan) -> bool:
    """'planned a demonstration on Saturday': a time after the object of a verb of intent dates the
    thing intended, even in the past tense; 'vowed Tuesday to attack' and 'planned on Friday to pay'
    have no object before the time and date the vowing and the planning."""
    return verb.lemma_ in INTENT and any(c.dep_ == "dobj" and c.i < span.start for c in verb.children)


def simple_past(verb: Token | None) -> bool:
    return verb is not None and (verb.tag_ == "VBD" or auxes_past(list(verb.children)))


def clause_verb(token: Token) -> Token | None:
    """Climb from the time expression to the verb of its clause (a few steps at most)."""
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def verb_tense(verb: Token) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    negated = any(c.dep_ == "neg" for c in verb.children)
    intent = verb.lemma_ in INTENT or any(c.lemma_ in INTENT for c in verb.children)
    if words & FUTURE_AUX or (words & MODALS and not negated) or verb.lemma_ in DEFERRAL \
            or (intent and verb.tag_ != "VBD" and not auxes_past(auxes)):
        return "future"
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "future"                          # "is meeting on Thursday"
    if "to" in words and verb.head is not verb:
        head = verb.head
        if (head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP")) or head.lemma_ in INTENT | DEFERRAL:
            return "future"                      # "talks are to resume on Monday", "were planning to drive"
        return None                              # "ordered him to leave Friday" or "tried to flee Friday"
    if verb.tag_ == "VBD" or auxes_past(auxes):
        return "past"
    if any(a.lemma_ == "have" for a in auxes):
        return "past"                            # "has been searching since Oct. 23"
    return None


def auxes_past(tokens: list[Token]) -> bool:
    return any(a.tag_ == "VBD" and a.dep_ in ("aux", "auxpass") for a in tokens)
