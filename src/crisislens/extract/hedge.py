"""How firmly a statement is made: its hedge cue, if any, and whether it is negated.

A hedge is the speaker signalling uncertainty or hearsay: epistemic adverbs ("apparently"), modals of
possibility ("may", "might", "could"), agentless evidential passives ("are reported to", "it is
learned", "is known"), lower bounds and estimates ("at least", "up to", "an estimated") and the
hearsay conditional of translations ("would have been arrested"). Speech verbs themselves
("claimed") and certainty markers ("as is known") are not hedges. Cues are read from the parse,
so "May 3" and "could not be verified" stay unhedged.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

ADVERBS = frozenset([
    "apparently", "reportedly", "allegedly", "purportedly", "supposedly", "presumably", "probably",
    "possibly", "perhaps", "likely", "seemingly", "ostensibly", "reputedly", "conceivably", "maybe",
    "unconfirmed", "unverified", "preliminary", "unofficial", "estimated", "feared", "suspected",
    "alleged", "presumed", "possible", "purported"
])
MODALS = frozenset({"may", "might", "could"})
EVIDENTIAL = frozenset({"report", "believe", "think", "fear", "say", "know", "understand", "suspect",
                        "presume", "expect", "learn", "rumour", "rumor", "estimate", "allege"})
APPEAR = frozenset({"seem", "appear"})
BOUNDS = (("at", "least"), ("up", "to"), ("as", "many", "as"))
NEGATIVE_WORDS = frozenset({"no", "none", "nobody", "nothing", "never", "neither", "nor", "no-one"})
DENIALS = frozenset({"deny", "reject", "refute", "dismiss"})


def hedge_cue(tokens: Sequence[Token]) -> Token | tuple[Token, Token] | None:
    """The first hedge cue among `tokens`, as its token or its (first, last) tokens."""
    for index, token in enumerate(tokens):
        found = _cue_at(tokens, index, token)
        if found is not None:
            return found
    return None


def cue_text(cue: Token | tuple[Token, Token]) -> str:
    first, last = cue if isinstance(cue, tuple) else (cue, cue)
    return first.doc[first.i:last.i + 1].text      # Doc.text rebuilds the whole string: slice instead


def _cue_at(tokens: Sequence[Token], index: int, token: Token) -> Token | tuple[Token, Token] | None:
    lower = token.lower_
    if lower in ADVERBS and not _as_known(token):
        return token
    if lower in MODALS and token.tag_ == "MD" and not any(c.dep_ == "neg" for c in token.head.children):
        return token
    if lower == "would" and _hearsay_conditional(token):
        return (token, token.nbor(2))
    if bound := _bound(tokens, index):
        return bound
    if token.lemma_ in EVIDENTIAL and token.tag_ == "VBN":
        return _evidential(token)
    if token.lemma_ in APPEAR and any(c.dep_ in ("xcomp", "ccomp") or c.dep_ == "expl" for c in token.children):
        return _with_subject_it(token)
    return None


def _as_known(token: Token) -> bool:
    return token.i > 0 and token.nbor(-1).lower_ == "as"


def _hearsay_conditional(would: Token) -> bool:
    """ "would have been arrested": the French/Spanish conditional of unconfirmed news, not "if" clauses."""
    doc = would.doc
    if would.i + 2 >= len(doc) or doc[would.i + 1].lower_ != "have" or doc[would.i + 2].tag_ != "VBN":
        return False
    return not any(t.lower_ == "if" for t in would.sent)


def _bound(tokens: Sequence[Token], index: int) -> tuple[Token, Token] | None:
    for words in BOUNDS:
        stop = index + len(words)
        matched = stop < len(tokens) and tuple(t.lower_ for t in tokens[index:stop]) == words
        if matched and (tokens[stop].like_num or tokens[stop].pos_ == "NUM"):
            return (tokens[index], tokens[stop - 1])
    if tokens[index].lower_ == "an" and index + 1 < len(tokens) and tokens[index + 1].lower_ == "estimated":
        return (tokens[index], tokens[index + 1])
    return None


def _evidential(verb: Token) -> Token | tuple[Token, Token] | None:
    """ "are reported to be", "is believed to", "it is learned that", "a case is known"."""
    if _as_known(verb) or not any(c.dep_ == "auxpass" for c in verb.children):
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    aux = next(c for c in verb.children if c.dep_ == "auxpass")
    to = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if to is not None:
        marker = next((c for c in to.children if c.lower_ == "to" and c.i == verb.i + 1), None)
        return (aux, marker or verb)
    if subject is not None and subject.lower_ == "it":
        return (subject, verb)
    if verb.lemma_ == "know" and subject is not None and subject.pos_ in ("NOUN", "PROPN"):
        return (aux, verb)
    return None


def _with_subject_it(verb: Token) -> Token | tuple[Token, Token]:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "expl") and c.lower_ == "it"), None)
    to = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    marker = next((c for c in to.children if c.lower_ == "to"), None) if to is not None else None
    if subject is not None:
        return (subject, verb)
    return (verb, marker) if marker is not None and marker.i == verb.i + 1 else verb


def negated(tokens: Sequence[Token]) -> bool:
    """The clause's own polarity: a negated main verb, or a negative subject, object or attribute."""
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    for root in sorted(roots, key=lambda t: t.left_edge.i - t.right_edge.i)[:1]:
        if any(c.dep_ == "neg" or c.lower_ in ("never", "no longer") for c in root.children):
            return True
        for child in root.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "expl") and _negative_np(child):
                return True
    return False


def _negative_np(noun: Token) -> bool:
    no_one = noun.lower_ == "one" and noun.i > 0 and noun.nbor(-1).lower_ == "no"   # "One" may open the text
    return noun.lower_ in NEGATIVE_WORDS or no_one or any(
        c.lower_ in NEGATIVE_WORDS and c.dep_ in ("det", "neg") for c in noun.children)
