"""What clustering compares: one plain, JSON-ready `report` per extracted event (or per document, when
nothing was extracted), and what each report itself says — its figures, denials and counter-claims.

Extraction is imperfect, so every field has a document-level fallback: an event placed only at country
level takes the city the document names most; an undated event takes the week before publication; a
document without events is still a report (ordinal -1) placed and dated from its text, so three outlets
whose reports all failed extraction still meet in one cluster.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from crisislens.extract.counts import COPULA, FIGURE, NOUNS, NUMBER, count_of, number_value
from crisislens.records import Event, Record, Span
from crisislens.resolve.dates import anchor_date, event_date
from crisislens.taxonomy import CODES

NOT_NAMES = {"NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"}
DOCUMENT = -1                     # the ordinal of a report that stands for a whole document
FINE = ("exact", "city")
KINDS = ("killed", "injured", "detained", "abducted")
SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+[\"”’']?|$)")
WORD = re.compile(r"[a-zà-ÿ][a-zà-ÿ'-]{3,}")
ABDUCTED = (r"(?:abducted|kidnapped|seized|taken|missing|unaccounted\s+for|held\s+hostage|hostages|"
            r"captives)")
ABDUCT_VERBS = r"(?:abducted|abducting|abducts|abduct|kidnapped|kidnapping|kidnap|seized)"
# "the toll rose to 21", "has risen to 15": a new total for the outcome the sentence is about
RISEN = re.compile(rf"\b(?:risen|rose|rises|climbed|reached|reaches|increased|stands|stood)\s+(?:to|at)\s+{FIGURE}")
TOLL_AT = re.compile(rf"\b(?:toll|number\s+of\s+(?:the\s+)?(?:dead|deaths|people\s+killed|victims))\b[^.]{{0,60}}?"
                     rf"\b(?:at|to|of)\s+[\"“]?{FIGURE}")
RANGE = re.compile(rf"\bbetween\s+({NUMBER})\s+and\s+({NUMBER})\b")
ABDUCTION = re.compile(r"\b(?:kidnap\w*|abduct\w*|bandits?|gunmen|hostages?|raid\w*|stormed)\b")
# Deaths counts.py does not word: "20 people drowned", "buried 24 people", "recovered 27 bodies"
DIED = re.compile(rf"{FIGURE}(?={NOUNS}{COPULA}(?:drowned|burned\s+to\s+death|buried\s+alive)\b)|"
                  rf"\b(?:buried|recovered|retrieved)\s+{FIGURE}\s+(?:people|bodies|victims|dead)\b")
AMONG_WOUNDED = re.compile(r"\bof\s+the\s+(?:wounded|injured)\b")
TOLL_WORDS = re.compile(r"\b(?:toll|killed|dead|deaths|died|bodies)\b")
# A denial or refutation of another account; a claim of responsibility; a party's own account of the target.
DENIAL = re.compile(r"\b(?:den(?:y|ied|ies|ying)|reject(?:ed|s|ing)?|refut(?:e|ed|es|ing)|dismiss(?:ed|es|ing)|"
                    r"disput(?:e|ed|es|ing)|rul(?:ed|ing)\s+out|contradict(?:ed|s|ing)?)\b|"
                    r"\bwe\s+\w+\s+nothing\b|\bfabricated\b")
RESPONSIBILITY = re.compile(r"\bclaim(?:ed|s|ing)?\s+(?:responsibility|the\s+(?:attack|bombing|strike|killing))")
NO_CLAIM = re.compile(r"\bno\s+(?:group|one)\b|\bnot\s+(?:yet\s+)?(?:been\s+)?claimed\b|\bhas\s+not\b")
TARGET = re.compile(r"\b(?:precision\s+strike|military\s+(?:target|objects?|facilit(?:y|ies))|training\s+"
                    r"(?:site|camp|base)|terrorists?|militants?['’]?\s+(?:base|hideout|position)|"
                    r"(?:targeted|struck|hit)\s+[\"“]?(?:members|fighters|positions))")
# How the harm was done, as the report itself words it, for a "code differs" flag the extractor may miss.
MEANS = {
    "SUIC_BOMB": r"\bsuicide\s+(?:bomb|attack|bomber)",
    "GRENADE": r"\bgrenades?\b",
    "REM_EXPLOS": r"\b(?:improvised\s+explosive|ieds?\b|roadside\s+bomb|landmine|remote(?:ly)?[\s-]+"
                  r"(?:control|detonat|set\s+off)|set\s+off\s+remotely|car\s+bomb)",
    "AIR_STRIKE": r"\b(?:air\s?strikes?|air\s+raids?|drone\s+strikes?|(?:military|fighter)\s+jets?)\b",
    "ART_MISS_ATTACK": r"\b(?:missiles?|shell(?:ing|s)|artillery|rockets?)\b",
}


def sentences(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in SENTENCE.finditer(text) if m.group().strip()]


def tokens(record: Record) -> list[str]:
    """Content words of title and body, in order of first use: what text similarity compares."""
    document = record.document
    text = f"{document.title or ''} {document.body_span.text}".lower()
    seen: dict[str, None] = {}
    for word in WORD.findall(text):
        if word not in STOP_WORDS:
            seen.setdefault(word.strip("'-"), None)
    return list(seen)[:150]


def _name(text: str) -> str:
    return re.sub(r"(?:'s|’s)$", "", text.lower().removeprefix("the ").strip())


def names(record: Record, *, lead_only: bool = False) -> list[str]:
    """Specific names the document uses (entities, place mentions), lower-cased, possessives cut; countries
    and nationalities left out, since they say little about which event. lead_only: title and first sentence."""
    broad = {_name(p.mention.text) for p in record.places if p.precision == "country"}
    body = record.document.body_span
    lead_end = body.start + len(sentences(body.text)[0][1]) if body.text.strip() else body.end
    title = (record.document.title or "").lower()
    found = set()
    for item in (*record.entities, *record.places):
        name = _name(item.mention.text)
        if getattr(item, "label", None) in NOT_NAMES or name in broad or len(name) <= 2:
            continue
        if not lead_only or item.mention.start < lead_end or name in title:
            found.add(name)
    return sorted(found)


def lead_date(record: Record) -> tuple[date | None, str | None]:
    """The date of the document's first sentence, as an event in it would be dated."""
    body = record.document.body_span
    first = sentences(body.text)
    if not first:
        return None, None
    start = body.start + first[0][0]
    evidence = Span.of(record.document.text, start, start + len(first[0][1]))
    return event_date(evidence, record.times, document=record.document)


def place_dict(name, lat, lon, country, geonameid, precision, admin1=None) -> dict[str, Any]:
    return {"name": name, "lat": lat, "lon": lon, "country": country, "geonameid": geonameid,
            "precision": precision, "admin1": admin1}


def main_place(record: Record) -> dict[str, Any] | None:
    """The city the document names most often (first named on ties), else its first admin area or country."""
    fine = [p for p in record.places if p.lat is not None and p.precision in FINE and p.name]
    coarse = [p for p in record.places if p.lat is not None and p.name]
    pool = fine or coarse
    if not pool:
        return None
    counts = Counter(p.name for p in pool)
    best = max(pool, key=lambda p: counts[p.name])
    return place_dict(best.name, best.lat, best.lon, best.country_code, best.geonameid, best.precision, best.admin1)


def event_place(event: Event | None, record: Record) -> dict[str, Any] | None:
    location = event.location if event else None
    if location is not None and location.lat is not None and location.precision in FINE:
        return place_dict(location.name, location.lat, location.lon, location.country_code, location.geonameid,
                          location.precision, location.admin1)
    fallback = main_place(record)
    if fallback is None and location is not None and location.lat is not None:
        return place_dict(location.name, location.lat, location.lon, location.country_code, location.geonameid,
                          location.precision, location.admin1)
    return fallback


def date_range(event: Event | None, published: date | None, *, fallback: tuple[date | None, str | None] = (None, None)
               ) -> tuple[date | None, date | None, str | None]:
    """The days the event may have happened on, from its own date and precision (a report without events:
    its first sentence's), else from publication."""
    day, precision = (event.date, event.date_precision) if event else fallback
    if day is not None and precision in (None, "day"):
        return day, day, "day"
    if day is not None and precision == "week":
        return day - timedelta(days=6), day, "week"
    if day is not None and precision == "month":
        return day, day + timedelta(days=30), "month"
    if published is not None:          # reports describe what happened shortly before publication
        return published - timedelta(days=3), published, "week"
    return None, None, None


def actor_words(event: Event | None) -> list[str]:
    names = [a.name for a in (event.actor1, event.actor2) if event and a] if event else []
    return sorted({w for name in names for w in WORD.findall(name.lower()) if w not in STOP_WORDS})


def read_figures(record: Record) -> list[dict[str, Any]]:
    """Every figure the document gives, sentence by sentence, with its kind, qualifier and speaker."""
    document = record.document
    body = document.body_span
    speakers = {(c.mention.start, c.mention.end): c.speaker for c in record.claims}
    parts = [(body.start + start, text) for start, text in sentences(body.text)]
    if document.title:
        parts.insert(0, (None, document.title))
    figures, lead = [], set()
    for start, text in parts:
        for kind, value, qualifier in sentence_figures(text):
            speaker = next((s for (a, b), s in speakers.items() if start is not None and a < start + len(text)
                            and b > start), None)
            figures.append({"kind": kind, "value": value, "qualifier": qualifier, "speaker": speaker,
                            "lead": kind not in lead and start is not None, "start": start,
                            "end": None if start is None else start + len(text), "text": text.strip()})
            if start is not None:
                lead.add(kind)
    return figures


def sentence_figures(text: str) -> list[tuple[str, int, str | None]]:
    lower = text.lower()
    found = []
    total = (RISEN.search(lower) or TOLL_AT.search(lower)) if TOLL_WORDS.search(lower) else None
    if total and number_value(total.group(2)):      # a new total outranks the parts a sentence also gives
        found.append(("killed", number_value(total.group(2)), total.group(1)))
    span = RANGE.search(lower)
    if span and TOLL_WORDS.search(lower) and number_value(span.group(1)) and not found:
        found.append(("killed", number_value(span.group(1)), f"between {span.group(1)} and {span.group(2)}"))
    died = DIED.search(lower)
    if died and not found:
        qualifier, figure = (died.group(1), died.group(2)) if died.group(2) else (died.group(3), died.group(4))
        if number_value(figure):
            found.append(("killed", number_value(figure), qualifier))
    for kind, outcome in (("killed", "killed"), ("injured", "injured"), ("detained", "arrested")):
        if kind == "injured" and AMONG_WOUNDED.search(lower):   # "three of the wounded died": deaths, not injuries
            continue
        count = count_of(text, outcome)
        if count is not None and count.best and not any(k == kind for k, *_ in found):
            found.append((kind, count.best, qualifier_of(count)))
    abducted = abducted_count(lower) if ABDUCTION.search(lower) else None
    if abducted:
        found.append(("abducted", *abducted))
    return found


def qualifier_of(count) -> str | None:
    if count.low is not None and count.high is None:
        return "at least"
    if count.high is not None and count.low is None:
        return "up to"
    return None


def abducted_count(lower: str) -> tuple[int, str | None] | None:
    after = re.search(rf"{FIGURE}(?={NOUNS}{COPULA}{ABDUCTED}\b)", lower)
    before = re.search(rf"\b{ABDUCT_VERBS}\s+{FIGURE}", lower)
    match = after or before
    value = number_value(match.group(2)) if match else None
    return (value, match.group(1)) if value else None


def cues(record: Record) -> dict[str, Any]:
    """Denials, claims of responsibility and counter-accounts in the document; the means of harm it names."""
    body = record.document.body_span.text
    found: dict[str, Any] = {"denial": [], "responsibility": [], "counter": []}
    for _, text in sentences(body):
        lower = text.lower()
        if DENIAL.search(lower):
            found["denial"].append(text.strip())
        if RESPONSIBILITY.search(lower) and not NO_CLAIM.search(lower):
            found["responsibility"].append(text.strip())
        if TARGET.search(lower):
            found["counter"].append(text.strip())
    lead = " ".join([record.document.title or ""] + [t for _, t in sentences(body)[:2]]).lower()
    means = sorted(((m.start(), code) for code, pattern in MEANS.items() if (m := re.search(pattern, lead))))
    found["means"] = sorted({code for _, code in means})
    return found


def published_day(record: Record) -> date | None:
    return anchor_date(record.document.published)


def published_iso(record: Record) -> str | None:
    published = record.document.published
    if isinstance(published, datetime) and published.tzinfo is not None:
        return published.isoformat()
    return published.isoformat() if published is not None else None


def reports(record: Record, *, document_id: str) -> list[dict[str, Any]]:
    """One report per event, or one for the whole document when it has none; the first carries the cues."""
    published = published_day(record)
    shared = {"document_id": document_id, "source": record.document.source, "published": published_iso(record),
              "tokens": tokens(record), "names": names(record), "lead_names": names(record, lead_only=True),
              "countries": sorted({p.country_code for p in record.places if p.country_code})}
    events: list[tuple[int, Event | None]] = list(enumerate(record.events)) or [(DOCUMENT, None)]
    fallback = lead_date(record) if not record.events else (None, None)
    out = []
    for ordinal, event in events:
        lo, hi, precision = date_range(event, published, fallback=fallback)
        code = CODES.get(event.code) if event else None
        out.append({
            **shared, "ordinal": ordinal, "code": event.code if event else None,
            "event_type": code.event_type if code else None, "confidence": event.confidence if event else 0.0,
            "date_lo": lo.isoformat() if lo else None, "date_hi": hi.isoformat() if hi else None,
            "date_precision": precision, "place": event_place(event, record), "actors": actor_words(event),
            "fatalities": [event.fatalities, event.fatalities_low, event.fatalities_high] if event else [None] * 3,
        })
    out[0]["cues"] = cues(record)
    return out
