"""Attribution on the dependency parse: which verb reports speech, and who its speaker is.

A reported statement is the clausal complement of a speech verb ("X said that …", "…, X told
reporters"), the clause an "according to X" modifies, or a direct quotation whose sentence holds a
speech verb. The speaker is the verb's subject, or the object of "according to"; its text is the
noun phrase without determiners, appositions and relative clauses (those give the title instead).
Names are resolved to their fullest form in speech_names.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

SPEECH_VERBS = frozenset([
    "say", "tell", "state", "announce", "add", "claim", "deny", "report", "confirm", "note", "explain",
    "stress", "insist", "warn", "allege", "declare", "affirm", "assert", "assure", "indicate",
    "specify", "point", "emphasize", "emphasise", "underline", "inform", "clarify", "comment", "reveal",
    "disclose", "acknowledge", "admit", "argue", "maintain", "mention", "write", "tweet", "post",
    "reiterate", "detail", "denounce", "complain", "accuse", "reject", "refute", "dismiss", "contend",
    "predict", "promise", "vow", "recall", "repeat", "answer", "reply", "respond", "introduce",
    "notify", "remind", "urge", "speak", "quote", "learn", "testify", "concede", "estimate", "observe",
    "brief", "publish"
])
DENIALS = frozenset({"deny", "reject", "refute", "dismiss"})
SUBJECTS = ("nsubj", "nsubjpass")
# "according to preliminary data": evidence without anyone to name, so no speaker
EVIDENCE_NOUNS = frozenset({"data", "datum", "statistic", "information", "version", "report", "estimate",
                            "figure", "reports", "statistics", "versions", "estimates", "figures"})
DROP_RIGHT = frozenset({"appos", "relcl", "acl", "punct", "cc", "conj", "advcl"})
LEADING_DROP = frozenset({"det", "predet", "punct", "nummod"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """A speech verb with the token heading its speaker's noun phrase (None: nobody named)."""

    verb: Token
    speaker: Token | None


def is_speech_verb(token: Token) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in SPEECH_VERBS


def attribution(verb: Token) -> Attribution:
    """Who a speech verb's statement belongs to: its subject, or its governor's ("…, adding that …")."""
    if _according(verb):                            # "according to X": X is the pobj of "to"
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        return Attribution(verb, None if pobj is None or _is_bare_evidence(pobj) else pobj)
    if verb.lemma_ == "say" and verb.dep_ == "pcomp" and verb.head.head.lemma_ == "quote":
        quoted = next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)  # "quoted X as saying"
        return Attribution(verb, quoted)
    subject = _subject(verb)
    if subject is None and verb.dep_ in ("advcl", "xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        subject = _subject(verb.head)
    if subject is not None and subject.dep_ == "nsubjpass" and subject.lower_ in ("it", "this"):
        subject = None                              # "it was reported that …": no named source
    return Attribution(verb, subject)


def _subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]   # a misparse can give two: prefer a name
    subject = next((c for c in subjects if c.ent_type_ == "PERSON"), subjects[0] if subjects else None)
    if subject is None:
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        subject = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if subject is None:                              # inverted "said the minister" is sometimes dobj/attr
        after = [c for c in verb.rights if c.dep_ in ("dobj", "attr", "npadvmod", "dep")
                 and c.pos_ in ("PROPN", "NOUN")]
        subject = after[0] if after and verb.lemma_ not in ("tell", "deny", "reject", "announce") else None
    return subject


def _is_bare_evidence(noun: Token) -> bool:
    return noun.lemma_.lower() in EVIDENCE_NOUNS and all(
        c.dep_ in ("det", "amod", "punct") for c in noun.children)


def phrase(head: Token) -> SpacySpan:
    """The noun phrase a speaker token heads, without appositions, clauses and leading articles."""
    doc = head.doc
    right = head.i
    for child in head.rights:
        if child.dep_ in DROP_RIGHT or child.is_punct:
            break
        right = child.right_edge.i
    left = head.left_edge.i
    while left < head.i and (doc[left].dep_ in LEADING_DROP or doc[left].is_punct):
        left += 1
    return doc[left:right + 1]


def content_span(verb: Token) -> SpacySpan | None:
    """The reported statement of a speech verb: its clausal complement, or what "according to" modifies."""
    doc = verb.doc
    if any(c.dep_ == "neg" for c in verb.children):
        return None                             # "did not confirm the toll": nothing is asserted
    if _according(verb) or _as_clause(verb):
        return _around(verb)
    comps = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
    if not comps and verb.lemma_ in DENIALS | {"announce", "confirm", "report"}:
        comps = [c for c in verb.children if c.dep_ == "dobj" and len(list(c.subtree)) > 3]
    if not comps:
        return None
    clause = comps[0]
    return _trim(doc[clause.left_edge.i:clause.right_edge.i + 1])


def _as_clause(verb: Token) -> bool:
    """ "As the governor informed, the fire has been localised": the statement is the main clause."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _around(according: Token) -> SpacySpan | None:
    """The clause "according to X" (or "as X said") modifies, without that phrase: before or after it."""
    doc, clause = according.doc, according.head
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    if according.left_edge.i <= lo:
        lo = according.right_edge.i + 1
    else:
        hi = according.left_edge.i
    return _trim(doc[lo:hi]) if clause.i != according.i else None


def _trim(span: SpacySpan) -> SpacySpan | None:
    doc, lo, hi = span.doc, span.start, span.end
    while lo < hi and (doc[lo].dep_ == "mark" or doc[lo].is_punct or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    return doc[lo:hi] if hi > lo else None


def governing_verb(span: SpacySpan) -> Token | None:
    """The speech verb a stretch of text depends on: the first speech verb above its roots, or an
    "according to" attached to one of them."""
    inside = range(span.start, span.end)
    for token in span:
        head = token.head
        if head.i in inside:
            according = next((c for c in token.children if c.i not in inside
                              and (_according(c) or (_as_clause(c) and is_speech_verb(c)))), None)
            if according is not None and head.i == token.i:
                return according
            continue
        while head.i not in inside and not is_speech_verb(head) and head.head.i != head.i:
            head = head.head
        if is_speech_verb(head) or _according(head):
            return head
    return None


ATTRIBUTION_DEPS = frozenset({"nsubj", "nsubjpass", "auxpass", "aux", "advmod", "agent", "neg"})


def attribution_tokens(verb: Token) -> list[Token]:
    """The words of an attribution itself ("X reportedly said", "it is learned", "according to
    preliminary data"), not of the statement or of clauses hanging off the verb."""
    if _according(verb):
        return list(verb.subtree)
    tokens = [verb]
    for child in verb.children:
        if child.dep_ in ATTRIBUTION_DEPS:
            tokens.extend(child.subtree)
    return sorted(tokens, key=lambda t: t.i)


def speech_verbs(unit: SpacySpan) -> list[Token]:
    """Speech verbs and "according to" markers of a sentence unit, in order."""
    return [t for t in unit if is_speech_verb(t) or _according(t)]


def _according(token: Token) -> bool:
    return token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"
