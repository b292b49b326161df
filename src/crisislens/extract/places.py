"""Find every place-name mention in a document: spaCy's GPE/LOC/FAC entities plus gazetteer matches.

spaCy's small model misses or mislabels places ("Koktobe" as PRODUCT, "Kazakh" as ORG) and labels
some non-places as GPE ("Arystan, Arlan, Berkut divisions" are special units), so entities are
checked against the gazetteer and the dependency parse, and capitalised words it did not label are
looked up in the gazetteer. Qualifiers read around a mention go into PlaceMention.hint:
"city" ("the city of X"), the division word ("X region", "X County"), or a direction ("northern X").
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from crisislens.extract.place_qualifiers import ADMIN_WORDS, DIRECTIONS, SETTLEMENT_WORDS, facility_mentions, qualifier
from crisislens.records import Parsed, PlaceMention, Span
from crisislens.resolve.gazetteer import ABBREVIATION, DEMONYM, PRIMARY, Candidate, Gazetteer

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Labels a gazetteer match may override: the small model often puts rare toponyms under these.
OVERRIDABLE = {"", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE", "NORP"}
# A name attached to one of these nouns names a unit or team, not a place ("Berkut divisions").
UNIT_NOUNS = {"division", "unit", "battalion", "brigade", "regiment", "squadron", "detachment", "team",
              "club", "squad", "company"}
LOCATIVE = {"in", "near", "at", "outside", "from", "to", "into", "across", "around", "toward", "towards",
            "through", "inside", "via", "of"}
CONNECTORS = {"of", "de", "del", "al", "el", "-", "la", "le", "on", "upon", "du", "da", "am", "au", "aux", "sur",
              "en", "les", "di", "do", "dos", "das", "des"}
MAX_WORDS = 5
# Capitalised common words that are also the names of some village or division somewhere ("West",
# "Gulf", "Man"): alone they are never taken from the gazetteer, only inside a longer name.
GENERIC_WORDS = DIRECTIONS | ADMIN_WORDS | SETTLEMENT_WORDS | {
    "gulf", "bay", "island", "islands", "river", "lake", "mount", "park", "valley", "hill", "hills", "sea",
    "ocean", "coast", "border", "man", "god", "jesus", "young", "subway", "union", "victoria", "hope",
    "mission", "independence", "liberty", "unity", "center", "centre", "president", "police", "army",
    "northwest", "northeast", "southwest", "southeast", "midwest", "metro", "federal", "capitol"}


def find_places(parsed: Parsed, *, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Every place-name mention, in text order; spans index parsed.document.text exactly."""
    gazetteer = gazetteer or _default_gazetteer()
    doc, text = parsed.doc, parsed.document.text
    taken: set[int] = set()
    found: list[tuple[SpacySpan, str]] = []
    # The longest reading of a stretch wins: "Lagos de Moreno" over the entity "Lagos" inside it.
    readings = [*_entity_places(doc, gazetteer), *_gazetteer_places(doc, gazetteer)]
    for span, kind in sorted(readings, key=lambda reading: (-len(reading[0]), reading[0].start)):
        tokens = set(range(span.start, span.end))
        if not tokens & taken:
            taken |= tokens
            found.append((span, kind))
    found.sort(key=lambda reading: reading[0].start)
    found += _same_names(doc, found, taken, gazetteer)
    mentions = [PlaceMention(Span.of(text, s.start_char, s.end_char), kind, qualifier(s)) for s, kind in found]
    mentions += facility_mentions(doc, taken)
    return sorted(mentions, key=lambda m: m.mention.start)


@cache
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.open()


# -- spaCy entities ------------------------------------------------------------------------------------

def _entity_places(doc: Doc, gazetteer: Gazetteer):
    for ent in doc.ents:
        for span in _parts(ent):
            yield from _entity_place(span, ent.label_, gazetteer)


def _parts(ent: SpacySpan):
    """'Edwardsville, Ill.' is two places; each comma-separated part, trimmed, is looked at alone."""
    start = ent.start
    for token in [*ent, None]:
        if token is None or token.text == ",":
            end = token.i if token is not None else ent.end
            part = _trim(ent.doc[start:end]) if end > start else None
            if part is not None:
                yield part
            start = end + 1


def _entity_place(span: SpacySpan, label: str, gazetteer: Gazetteer):
    candidates = gazetteer.lookup(span.text)
    demonym = any(c.kind == DEMONYM for c in candidates)
    if label in ("NORP", "ORG") and demonym and len(span) <= 2:
        yield span, "demonym"                        # "Kazakh residents", "Russian troops"
    elif label in MISTAKEN_LABELS and _place_context(span) and any(_town(c) for c in candidates):
        yield span, "toponym"                        # "in Dakar", "the Kherson region": the small model says PERSON
    elif label in PLACE_LABELS and not _names_unit(span):
        if demonym and all(c.kind == DEMONYM for c in candidates):
            yield span, "demonym"
        elif candidates or (len(span) > 1 and label != "FAC"):
            # an unknown one-word "GPE" is more often a surname (LGL: 82 of 111); FAC without a
            # gazetteer entry covers streets and buildings nobody maps
            yield span, "facility" if label == "FAC" else "toponym"


def _trim(span: SpacySpan) -> SpacySpan | None:
    """Drop a leading 'the', a trailing possessive and punctuation; None when no capitalised word is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or (doc[end - 1].is_punct and doc[end - 1].text != ".")):
        end -= 1
    trimmed = doc[start:end]
    return trimmed if trimmed.text[:1].isupper() else None


def _names_unit(span: SpacySpan) -> bool:
    """True for 'Arystan, Arlan, Berkut divisions': any conjunct modifies a unit noun."""
    group, todo = set(), [span.root]
    while todo:
        token = todo.pop()
        if token.i in group:
            continue
        group.add(token.i)
        todo += [child for child in token.children if child.dep_ == "conj"]
        if token.dep_ == "conj":
            todo.append(token.head)
    for i in group:
        token = span.doc[i]
        if token.lemma_.lower() in UNIT_NOUNS:
            return True                               # "Arlan, Berkut divisions": the noun is a conjunct
        if token.dep_ in ("amod", "compound", "nmod") and token.head.lemma_.lower() in UNIT_NOUNS:
            return True
    return False


# -- gazetteer matches for what NER missed -----------------------------------------------------------

def _gazetteer_places(doc: Doc, gazetteer: Gazetteer):
    i = 0
    while i < len(doc):
        found = _longest_match(doc, i, gazetteer) if _may_start(doc[i]) else None
        if found is None:
            i += 1
            continue
        span, kind = found
        yield span, kind
        i = span.end


def _may_start(token: Token) -> bool:
    return token.text[:1].isupper() and not token.is_stop   # _name_shaped decides what may follow


def _open(token: Token) -> bool:
    """Tokens a gazetteer match may claim: unlabelled, mislabelled, or inside an organisation's name
    ("Gainesville Police Department" names Gainesville; LGL and analysts count it)."""
    return token.ent_type_ in OVERRIDABLE or token.ent_type_ == "ORG"


def _longest_match(doc: Doc, i: int, gazetteer: Gazetteer) -> tuple[SpacySpan, str] | None:
    for end in range(min(len(doc), i + MAX_WORDS), i, -1):
        span = doc[i:end]
        if not _name_shaped(span):
            continue
        candidates = gazetteer.lookup(span.text)
        kind = _accept(span, candidates) if candidates else None
        if kind:
            return span, kind
    return None


def _name_shaped(span: SpacySpan) -> bool:
    """Capitalised words, possibly joined by 'of', 'al-' and the like: 'Bab al-Hawa', 'Isle of Man'."""
    last = span[-1]
    capitalised = sum(t.text[:1].isupper() for t in span)
    # A town's full name of several words may span what the small model took for a person
    # ("Dera Ismail Khan"); _accept then asks for a real town of that exact name.
    if not last.text[:1].isupper() or (capitalised < 2 and not all(_open(t) for t in span)):
        return False
    if len(span) == 1 and last.lower_ in GENERIC_WORDS:
        return False
    return all(t.text[:1].isupper() or t.lower_ in CONNECTORS for t in span)


def _accept(span: SpacySpan, candidates: tuple[Candidate, ...]) -> str | None:
    """Keep a gazetteer match only where a reader would take it as a place, not a word or a surname."""
    if not all(_open(t) for t in span):
        exact = [c for c in candidates if c.kind == PRIMARY and _town(c)]
        return "toponym" if exact else None
    if any(c.kind == DEMONYM for c in candidates):
        return "demonym" if span[0].ent_type_ in ("", "NORP") else None
    if span[0].ent_type_ == "ORG":
        # Inside an organisation's name only a country or a sizeable town that opens the name counts
        # ("Gainesville Police Department"); "Boko Haram" and "Al-Shabaab" name no Norwegian municipality.
        opens = span[0].ent_iob_ == "B" or (span.start > 0 and span.doc[span.start - 1].ent_iob_ == "B"
                                            and span.doc[span.start - 1].lower_ == "the")
        primary = [c for c in candidates if c.kind == PRIMARY]
        # A local institution names its town whatever the town's size: "Ripley County Sheriff's Office".
        local = span.end < len(span.doc) and span.doc[span.end].lemma_.lower() in INSTITUTIONS
        ok = opens and (any(_sizeable(c) for c in primary) or (local and any(_town_or_county(c) for c in primary)))
        return "toponym" if ok and span[0].pos_ == "PROPN" else None
    first = span[0]
    after_town = first.i >= 2 and first.nbor(-1).text == "," and first.nbor(-2).text[:1].isupper()
    trusted = [c for c in candidates if c.kind != ABBREVIATION or after_town]
    if not trusted or (len(span) == 1 and first.pos_ not in ("PROPN", "ADJ") and not after_town):
        return None
    locative = first.i > 0 and first.nbor(-1).lower_ in LOCATIVE
    if any(_prominent(c) for c in trusted) and (not first.is_sent_start or len(span) > 1):
        return "toponym"
    if locative and any((c.kind == 0 and c.population >= 1000) or c.feature[0] in "STL" for c in trusted):
        return "toponym"
    return None


# The small model often calls a town PERSON or ORG ("near Goma", "the Kherson region"); a name in a
# context that only places take, and that the gazetteer knows as a town, is read as the place.
MISTAKEN_LABELS = {"PERSON", "ORG"}
PLACE_PREPOSITIONS = {"in", "near", "at", "outside", "inside", "around", "across", "toward", "towards", "through"}
PLACE_HEADS = {"city", "town", "village", "outskirts", "edge", "centre", "center", "port", "suburbs", "district",
               "province", "region", "north", "south", "east", "west", "streets", "capital"}


def _place_context(span: SpacySpan) -> bool:
    doc = span.doc
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    if before is not None and before.lower_ == "the" and span.start > 1:
        before = doc[span.start - 2] if doc[span.start - 2].lower_ in PLACE_PREPOSITIONS else before
    return bool(
        (before is not None and (before.lower_ in PLACE_PREPOSITIONS | DIRECTIONS
                                 or (before.lower_ == "of" and span.start > 1
                                     and doc[span.start - 2].lower_ in PLACE_HEADS)))
        or (after is not None and after.lower_ in ADMIN_WORDS | SETTLEMENT_WORDS)
    )


INSTITUTIONS = {"police", "county", "city", "sheriff", "department", "council", "school", "university", "college",
                "hospital", "airport", "court", "fire", "township", "municipal", "regional", "district", "board"}


def _town_or_county(candidate: Candidate) -> bool:
    return candidate.feature.startswith("P.") or candidate.feature in ("A.ADM1", "A.ADM2")


def _town(candidate: Candidate) -> bool:
    return candidate.feature in ("A.PCLI", "A.ADM1") or (candidate.feature.startswith("P.")
                                                          and candidate.population >= 5_000)


def _sizeable(candidate: Candidate) -> bool:
    """A country or a town of 50,000 people: what a name inside another entity may safely mean."""
    return candidate.feature == "A.PCLI" or (candidate.feature.startswith("P.") and candidate.population >= 50_000)


def _prominent(candidate: Candidate) -> bool:
    """A country, division, continent, curated landmark or large city is a place wherever it is named."""
    if candidate.feature.startswith("P."):
        return candidate.kind == 0 and candidate.population >= 100_000
    return candidate.kind <= 1


def _same_names(doc: Doc, found: list[tuple[SpacySpan, str]], taken: set[int], gazetteer: Gazetteer):
    """One sense per document: a name taken as a place once is a place wherever else it appears,
    even where the model called it a person ("Gainesville said ..."), unless inside a longer name.
    A one-word name must be well known for this: small-town names are also surnames ("Ripley")."""
    names = {tuple(t.text for t in span) for span, kind in found if kind == "toponym"
             and (len(span) > 1 or any(_prominent(c) for c in gazetteer.lookup(span.text)))}
    longest = max((len(n) for n in names), default=0)
    extra = []
    for i in range(len(doc)):
        for n in range(longest, 0, -1):
            words = tuple(t.text for t in doc[i:i + n])
            if words in names and not taken & set(range(i, i + n)) and _whole_entity(doc[i:i + n]):
                taken |= set(range(i, i + n))
                extra.append((doc[i:i + n], "toponym"))
                break
    return extra


def _whole_entity(span: SpacySpan) -> bool:
    """The span is not a piece of a longer person's name ('George Washington')."""
    first, last = span[0], span[-1]
    inside_person = first.ent_type_ == "PERSON" and (first.ent_iob_ == "I" or (
        last.i + 1 < len(span.doc) and span.doc[last.i + 1].ent_iob_ == "I"
        and span.doc[last.i + 1].ent_type_ == "PERSON"))
    return not inside_person
