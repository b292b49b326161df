"""Who a speaker token refers to: the fullest name in the document, with the title written beside it.

Resolution is deliberately shallow (no coreference model: the pipeline runs spaCy once). A surname
becomes the longest PERSON name containing it ("said Abayev" → "Dauren Abayev"); he/she/him/her
become the nearest person mentioned before; "the ministry" becomes the nearest earlier organisation
named with that word. Titles come from appositions ("X, the provincial governor"), copular sentences
("X is the spokesman of …") and words before the name ("Police spokesman X").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from crisislens.extract.speech import phrase

NOT_PEOPLE = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "DATE", "WORK_OF_ART"})
PERSONAL = frozenset({"he", "she", "him", "her"})
PLURAL_OR_THING = frozenset({"they", "them", "it"})
# ranks and honorifics that NER sometimes keeps inside a name; they are not part of it
RANKS = frozenset([
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "prof", "prof.", "colonel", "col.", "general",
    "gen.", "major", "maj.", "captain", "capt.", "lieutenant", "lt.", "sergeant", "sgt.", "brigadier",
    "senior", "junior", "admiral", "marshal", "sheikh", "imam", "father"
])
TITLE_WORDS = frozenset([
    "president", "governor", "mayor", "minister", "premier", "chancellor", "senator", "judge",
    "prosecutor", "spokesman", "spokeswoman", "spokesperson", "commander", "chief", "director",
    "secretary", "ambassador", "envoy", "king", "queen", "prince", "emperor", "pope", "deputy", "akim"
])


@dataclass(frozen=True, slots=True)
class Speaker:
    name: str
    title: str | None
    start: int                       # where it was mentioned: antecedents are the nearest before
    person: bool


@dataclass(slots=True)
class Names:
    """The people and organisations a document names, built once per document."""

    doc: Doc
    people: list[Speaker] = field(default_factory=list)
    orgs: list[Speaker] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)
    _by_word: dict[str, dict[str, int]] = field(default_factory=dict)   # word → {person name: first position}
    _fullest: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, doc: Doc) -> Names:
        names = cls(doc)
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                names.people.append(Speaker(_strip_ranks(ent), None, ent.start_char, True))
            elif ent.label_ in ("ORG", "NORP", "GPE"):
                names.orgs.append(Speaker(_bare(ent.text), None, ent.start_char, False))
        for token in doc:
            if token.dep_ in ("nsubj", "nsubjpass", "appos") and token.pos_ == "PROPN":
                run = _propn_run(phrase(token))
                if run is not None and len(run) > 1:
                    names.people.append(Speaker(run.text, None, run.start_char, True))
            elif token.dep_ == "nsubj" and token.lower_ in TITLE_WORDS:   # "the mayor … she said"
                names.people.append(Speaker(_bare(phrase(token).text), None, token.idx, True))
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                title = _apposition_title(ent) or _copular_title(ent)
                if title:
                    names.titles.setdefault(names.fullest(_strip_ranks(ent)), title)
        return names

    def fullest(self, name: str) -> str:
        """The longest person name in the document that contains every word of `name` (the first named
        of equally long ones). Remembered per name, and found through an index of the names' words: a long
        document names thousands of people, and every speaker asks."""
        if name not in self._fullest:
            if not self._by_word:
                for order, person in enumerate(self.people):
                    for word in person.name.split():
                        self._by_word.setdefault(word, {}).setdefault(person.name, order)
            words = name.split()
            if words:
                holders = [self._by_word.get(word, {}) for word in words]
                longer = {n: o for n, o in holders[0].items() if all(n in h for h in holders[1:])}
            else:
                longer = {p.name: o for o, p in reversed(list(enumerate(self.people)))}
            self._fullest[name] = max(longer, key=lambda n: (len(n), -longer[n]), default=name)
        return self._fullest[name]

    def resolve(self, head: Token, spoken: list[Speaker]) -> Speaker | None:
        """The speaker a subject token stands for, given the speakers already found before it."""
        if head.lower_ in PERSONAL | PLURAL_OR_THING:
            return self._antecedent(head, spoken)
        span = phrase(head)
        person = self._person_in(span) or self._person_in_apposition(head)
        if person is not None:
            name = self.fullest(_strip_ranks(person))
            title = _title_around(span, person, head) or self.titles.get(name)
            return Speaker(name, title, head.idx, True)
        if span.root.pos_ == "PRON":
            return None
        return self._definite(span) or Speaker(_as_written(span), None, head.idx, False)

    def _person_in(self, span: SpacySpan) -> SpacySpan | None:
        """The first person entity inside the span, else its proper-noun run. Read from the tokens' entity
        tags: Span.ents walks every entity of the document, and a long document has tens of thousands."""
        doc = span.doc
        for token in span:
            if token.ent_iob_ == "B" and token.ent_type_ == "PERSON":
                end = token.i + 1
                while end < len(doc) and doc[end].ent_iob_ == "I":
                    end += 1
                if end <= span.end:
                    return SpacySpan(doc, token.i, end, label="PERSON")
        return _propn_run(span)

    def _person_in_apposition(self, head: Token) -> SpacySpan | None:
        """ "the governor of the state, Miguel Ángel Torres": the parser may hang the name on any noun."""
        for child in (c for t in head.subtree if t.i >= head.i for c in t.children):
            if child.dep_ == "appos":
                found = self._person_in(phrase(child))
                if found is not None:
                    return found
        return None

    def _antecedent(self, pronoun: Token, spoken: list[Speaker]) -> Speaker | None:
        wants_person = pronoun.lower_ in PERSONAL
        pool = [s for s in [*spoken, *(self.people if wants_person else self.orgs)]
                if s.start < pronoun.idx and (s.person == wants_person or pronoun.lower_ != "it")]
        if not wants_person:
            said = set(spoken)   # a set: a long document has thousands of speakers to look through
            pool = [s for s in pool if s in said] or pool
        best = max(pool, key=lambda s: s.start, default=None)
        if best is None:                         # said as written: a speaker exists, unnamed here
            return Speaker(pronoun.lower_, None, pronoun.idx, wants_person)
        name = self.fullest(best.name) if best.person else best.name
        return Speaker(name, best.title or self.titles.get(name), pronoun.idx, best.person)

    def _definite(self, span: SpacySpan) -> Speaker | None:
        """ "the ministry" after "the Ministry of Defence" is that ministry: nearest earlier match."""
        first = span.doc[span.start - 1] if span.start else None
        if len(span) > 2 or first is None or first.lower_ != "the":
            return None
        word = span.root.lower_
        earlier = [o for o in self.orgs if o.start < span.start_char and word in o.name.lower().split()]
        earlier += [p for p in self.people if p.start < span.start_char
                    and word in (self.titles.get(self.fullest(p.name)) or "").lower().split()]
        best = max(earlier, key=lambda s: s.start, default=None)
        if best is None:
            return None
        name = self.fullest(best.name) if best.person else best.name
        return Speaker(name, self.titles.get(name), span.start_char, best.person)


def _propn_run(span: SpacySpan) -> SpacySpan | None:
    """The proper-noun run ending at the phrase head, when NER did not label it: the words after the
    last title or rank ("Kazakh President Kassym-Jomart Tokayev" → "Kassym-Jomart Tokayev")."""
    doc, end = span.doc, span.root.i + 1
    if span.root.pos_ != "PROPN":
        return None
    start = end
    while start > span.start and (doc[start - 1].pos_ == "PROPN" or doc[start - 1].text == "-"):
        start -= 1
    words = [t for t in doc[start:end] if t.lower_ in RANKS | TITLE_WORDS]
    if words:
        start = words[-1].i + 1
    run = doc[start:end]
    if not len(run) or not run[0].is_title or any(t.ent_type_ in NOT_PEOPLE for t in run):
        return None
    return run


def _strip_ranks(ent: SpacySpan) -> str:
    """A name without the titles NER sometimes keeps in it ("Kazakh President X", "spokesperson …, X")."""
    words = ent.text.rsplit(",", 1)[-1].split()
    cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.lower() in RANKS | TITLE_WORDS), default=0)
    return " ".join(words[cut:]).removesuffix("'s").removesuffix("’s")


def _as_written(span: SpacySpan) -> str:
    """A descriptive speaker without its article, lower-cased where only the sentence start capitalised it."""
    text = _bare(span.text)
    first = span[0] if span[0].pos_ != "DET" else span[1] if len(span) > 1 else span[0]
    if first.is_sent_start and first.pos_ == "NOUN" and text[:1].isupper():
        text = text[:1].lower() + text[1:]
    return text


def _bare(text: str) -> str:
    for article in ("the ", "The ", "a ", "A ", "an ", "An "):
        if text.startswith(article):
            return text[len(article):]
    return text


def _title_around(span: SpacySpan, person: SpacySpan, head: Token) -> str | None:
    """The title written with this mention: the phrase the name is apposed to ("the prefect …, X"),
    words before the name ("Police spokesman X"), or an apposition after it ("X, the governor")."""
    if not person.start <= head.i < person.end:
        return _clean(phrase(head).text) if head.pos_ in ("NOUN", "PROPN") else None
    before = [t for t in span.doc[span.start:person.start] if t.lower_ not in RANKS]
    if any(t.pos_ in ("NOUN", "PROPN") for t in before):
        return _clean(span.doc[before[0].i:before[-1].i + 1].text)
    return _apposition_title(person)


def _apposition_title(ent: SpacySpan) -> str | None:
    for child in ent.root.children:
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and child.ent_type_ != "PERSON":
            return _clean(child.doc[child.left_edge.i:child.right_edge.i + 1].text)
    head = ent.root.head
    if ent.root.dep_ == "appos" and head.pos_ == "NOUN":
        return _clean(phrase(head).text)
    return None


def _copular_title(ent: SpacySpan) -> str | None:
    """ "X is the spokesman of …": the attribute of a copula whose subject is the name."""
    verb = ent.root.head
    if ent.root.dep_ != "nsubj" or verb.lemma_ != "be":
        return None
    attr = next((c for c in verb.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
    return _clean(attr.doc[attr.left_edge.i:attr.right_edge.i + 1].text) if attr is not None else None


def _clean(text: str) -> str:
    return text.strip(" ,;:—–-\n")
