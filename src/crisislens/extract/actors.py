"""Who acted and against whom: actor phrases read off the dependency parse of an evidence sentence.

Active subjects and passive agents ("repelled by border troops") act; objects, passive subjects and
the targets of "attacks on …" are acted upon. A phrase counts as an actor when its head names a
group of people (police, rebels, protesters …) or it is a named organisation or group.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from crisislens.records import Actor

# ACLED's actor types, keyed by the head nouns that name them in news text.
KINDS: dict[str, set[str]] = {
    "state forces": {"police", "policeman", "policemen", "officer", "army", "military", "soldier", "troop", "force",
                     "guard", "gendarme", "gendarmerie", "ministry", "division", "unit", "battalion", "brigade",
                     "regiment", "commando", "cadet", "government", "authority", "security", "navy", "marine",
                     "airforce", "special", "servicemen", "serviceman", "border", "law", "enforcement"},
    "rebels": {"rebel", "insurgent", "guerrilla", "separatist", "jihadist", "jihadi"},
    "political militia": {"militant", "terrorist", "bandit", "gunman", "gunmen", "fighter", "militia",
                          "militiaman", "invader", "sniper", "assailant", "attacker", "provocateur"},
    "identity militia": {"herder", "vigilante", "clan", "tribesmen", "tribesman"},
    "rioters": {"rioter", "crowd", "mob", "looter"},
    "protesters": {"protester", "protestor", "demonstrator", "marcher", "activist", "striker"},
    "civilians": {"civilian", "resident", "villager", "woman", "child", "people", "farmer", "worshipper",
                  "student", "journalist", "passenger", "man", "family", "pupil", "teacher", "patient"},
    "external/other forces": {"peacekeeper", "contingent", "coalition", "nato", "csto", "mission", "un"},
}
KIND_OF = {word: kind for kind, words in KINDS.items() for word in words}
ACTOR_LABELS = {"ORG", "NORP", "PERSON", "GPE"}
ACTING = {"nsubj", "agent_object"}
ACTED_ON = {"nsubjpass", "dobj", "target_object"}
TARGET_PREPOSITIONS = {"on", "against", "at", "of"}
MAX_WORDS = 14   # a longer phrase is a clause, not a name


def actors_in(sentence: SpacySpan) -> tuple[Actor | None, Actor | None]:
    """The first acting and the first acted-upon actor phrase of a sentence."""
    acting = acted_on = None
    for role, phrase in actor_phrases(sentence):
        actor = Actor(name=phrase.text.strip(), kind=actor_kind(phrase))
        if role in ACTING and acting is None:
            acting = actor
        elif role in ACTED_ON and acted_on is None:
            acted_on = actor
    return acting, acted_on


def actor_phrases(sentence: SpacySpan) -> Iterator[tuple[str, SpacySpan]]:
    for token in sentence:
        role = role_of(token)
        if role and names_actor(token):
            phrase = phrase_of(token)
            if len(phrase) <= MAX_WORDS:
                yield role, phrase


def role_of(token: Token) -> str | None:
    if token.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return token.dep_
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return "agent_object"
    if token.dep_ == "pobj" and token.head.lower_ in TARGET_PREPOSITIONS and is_violent(token.head.head):
        return "target_object"
    if token.dep_ == "attr" and token.head.lemma_ == "be" and any(
            child.dep_ == "nsubj" and child.lemma_ in {"target", "victim"} for child in token.head.children):
        return "target_object"   # "the main target was law enforcement officers"
    return None


def is_violent(token: Token) -> bool:
    return token.lemma_.lower() in {"attack", "assault", "raid", "strike", "fire", "violence", "crackdown",
                                    "ambush", "offensive", "use", "shoot"}


def names_actor(token: Token) -> bool:
    """The phrase's head, or one of its conjuncts, is a group of people or a named group."""
    return any(is_actor_word(head) for head in (token, *token.conjuncts))


def is_actor_word(token: Token) -> bool:
    if token.pos_ == "PRON":
        return False
    return (token.lemma_.lower() in KIND_OF or token.lower_ in KIND_OF
            or (token.ent_type_ in ACTOR_LABELS and token.pos_ == "PROPN"))


KEPT_DEPENDENTS = {"det", "amod", "compound", "nummod", "poss", "case", "nmod", "quantmod", "advmod", "npadvmod",
                   "conj", "cc", "pobj", "prep", "punct", "predet", "nn"}


def phrase_of(token: Token) -> SpacySpan:
    """The token's noun phrase with its conjuncts and 'of' complements, without clauses or other preps."""
    kept, frontier = {token.i}, [token]
    while frontier:
        for child in frontier.pop().children:
            if child.dep_ not in KEPT_DEPENDENTS or (child.dep_ == "prep" and child.lower_ != "of"):
                continue
            if child.dep_ == "punct" and child.text != ",":
                continue
            kept.add(child.i)
            frontier.append(child)
    doc = token.doc
    start, end = min(kept), max(kept) + 1
    while start < end and doc[start].dep_ in ("punct", "cc", "prep"):
        start += 1
    while end > start and doc[end - 1].dep_ in ("punct", "cc", "prep"):
        end -= 1
    return doc[start:end]


def actor_kind(phrase: SpacySpan) -> str | None:
    for token in [phrase.root, *phrase]:
        kind = KIND_OF.get(token.lemma_.lower()) or KIND_OF.get(token.lower_)
        if kind:
            return kind
    return None
