"""Score the gazetteer candidates of a document's place mentions against each other.

A candidate's score is its prior (feature class, population, how its name matched, the mention's
qualifier) plus what the rest of the document says: the countries and first-level divisions the other
mentions point to, the outlet's country domain, and, in a second pass, closeness to (or containment
in) the places already chosen for the other mentions. Mentions with the same name share one sense per
document, so their evidence is pooled before the choice.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from crisislens.resolve.gazetteer import ALTERNATE, PRIMARY, Candidate
from crisislens.resolve.source_profile import Home

# Prior by GeoNames feature: a bare name is most often the country, then a division or capital.
# A division's population is the sum of its towns, so its prior is lower than a city's: a bare "Gaza"
# is the city, not Mozambique's Gaza province of a similar population.
FEATURE_PRIOR = {"A.PCLI": 3.0, "L.CONT": 2.5, "A.ADM1": 1.0, "P.PPLC": 2.0, "A.ADM2": 0.0, "P.PPL": 0.0}
DIVISION_OVER_TOWN = 10
CURATED_PRIOR = 2.5               # landmarks and regions from landmarks.tsv: listed because news names them
ADMIN_HINTS = {"region", "province", "oblast", "governorate", "state", "prefecture", "department",
               "territory", "regions", "provinces"}
COUNTY_HINTS = {"county", "parish", "district", "municipality", "counties"}
NATURAL = ("H.", "T.", "L.RGN")     # seas, lakes, mountains, regions: what "the" comes before
CITY_HINTS = {"city", "town", "village", "capital", "settlement", "township"}
COUNTRY_WEIGHT, ADMIN1_WEIGHT = 3.0, 2.0
# The source's home: a share of its documents, so a paper that names Ohio towns in every story lends an
# Ohio "Dublin" most of the population gap to Ireland's capital, and an occasional area lends little.
HOME_COUNTRY_WEIGHT, HOME_AREA_WEIGHT = 1.0, 3.0
OUTSIDE_TEXT = -10_000               # the position of a hint that is not in the text (the outlet's town)
LEAD_CHARS = 200                  # the headline and dateline name the story's place: they count double


@dataclass(frozen=True, slots=True)
class Group:
    """All mentions of one name in a document, with the candidates that name may refer to."""

    key: str
    positions: tuple[int, ...]           # mention start offsets
    hint: str | None
    candidates: tuple[Candidate, ...]


def prior(candidate: Candidate, hint: str | None) -> float:
    feature = candidate.feature
    score = FEATURE_PRIOR.get(feature, 0.0 if feature.startswith("P.") else CURATED_PRIOR)
    score += 0.5 * math.log10(candidate.population + 1)
    if candidate.kind == ALTERNATE and feature[0] in "PA":
        score -= 1.0                     # "Almaty" is the city's own name but only an alias of the division
    return score + _hint_bonus(feature, hint)


def _namesake_penalty(candidate: Candidate, group: Group) -> float:
    """A bare 'Aleppo' or 'Tbilisi' is the city, not the division named after it (unless 'province')."""
    if candidate.feature not in ("A.ADM1", "A.ADM2") or group.hint in ADMIN_HINTS | COUNTY_HINTS:
        return 0.0
    # The city need not sit in the division of its name: GeoNames puts Almaty city in its own "Almaty
    # City" division, apart from "Almaty Oblysy", and a bare "Almaty" is still the city.
    # But a division ten times the size of its namesake town is what a bare name means: "Quebec" in
    # Canadian news is the province of 8 million, not its capital of half a million.
    same = any(c.feature.startswith("P.") and c.country_code == candidate.country_code
               and (c.admin1 == candidate.admin1 or c.population >= 50_000)
               and candidate.population < DIVISION_OVER_TOWN * c.population for c in group.candidates)
    return 2.5 if same else 0.0


def _hint_bonus(feature: str, hint: str | None) -> float:
    if hint in ADMIN_HINTS:
        return 3.0 if feature == "A.ADM1" else 0.0
    if hint in COUNTY_HINTS:
        return 3.0 if feature == "A.ADM2" else 0.0
    if hint in CITY_HINTS:
        return 2.0 if feature.startswith("P.") else 0.0
    if hint == "the":
        return 2.0 if feature.startswith(NATURAL) else 0.0
    return 0.0


def softmax(scores: Sequence[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def choose(groups: Sequence[Group], *, home: Home | None = None) -> list[tuple[int, float]]:
    """For each group, the index of its chosen candidate and the probability the scores give it."""
    priors = [[prior(c, g.hint) - _namesake_penalty(c, g) for c in g.candidates] for g in groups]
    countries, admins = _area_weights(groups, priors)
    scores = [_context_scores(i, g, priors[i], countries, admins, home or Home()) for i, g in enumerate(groups)]
    picks = [_argmax(s) for s in scores]
    chosen = [g.candidates[p] if p is not None else None for g, p in zip(groups, picks, strict=True)]
    for i, group in enumerate(groups):            # second pass: near, or inside, what the others chose
        if group.candidates:
            others = [c for j, c in enumerate(chosen) if c is not None and j != i]
            scores[i] = [s + _nearness(c, others) for s, c in zip(scores[i], group.candidates, strict=True)]
    result = []
    for s in scores:
        pick = _argmax(s)
        result.append((pick, softmax(s)[pick]) if pick is not None else (-1, 0.0))
    return result


def _argmax(scores: Sequence[float]) -> int | None:
    return max(range(len(scores)), key=scores.__getitem__) if scores else None


def _area_weights(groups: Sequence[Group], priors: list[list[float]]):
    """Per group, how strongly it points to each country and (country, admin1): its candidates' softmax."""
    countries: list[dict[str, float]] = []
    admins: list[dict[tuple, float]] = []
    for group, group_priors in zip(groups, priors, strict=True):
        cw: dict[str, float] = defaultdict(float)
        aw: dict[tuple, float] = defaultdict(float)
        weight = len(group.positions) + sum(1 for p in group.positions if 0 <= p < LEAD_CHARS)
        for candidate, p in zip(group.candidates, softmax(group_priors) if group_priors else [], strict=True):
            if candidate.country_code:
                cw[candidate.country_code] = max(cw[candidate.country_code], p * weight)
                if candidate.admin1:
                    key = (candidate.country_code, candidate.admin1)
                    aw[key] = max(aw[key], p * weight)
        countries.append(cw)
        admins.append(aw)
    return countries, admins


def _context_scores(i, group, group_priors, countries, admins, home: Home) -> list[float]:
    """Prior plus agreement with the other groups' countries and divisions (its own evidence left out)
    and with where the source usually reports from."""
    cw = _others(countries, i)
    aw = _others(admins, i)
    scores = []
    for candidate, p in zip(group.candidates, group_priors, strict=True):
        cc = candidate.country_code
        score = p + COUNTRY_WEIGHT * cw.get(cc, 0.0)
        score += ADMIN1_WEIGHT * aw.get((cc, candidate.admin1), 0.0) if candidate.admin1 else 0.0
        score += HOME_COUNTRY_WEIGHT * home.countries.get(cc, 0.0) if cc else 0.0
        # a local paper calls its towns by their own names: an old or variant name ("Washington" for
        # Piqua, Ohio) is no local reading
        local = candidate.kind == PRIMARY
        scores.append(score + (HOME_AREA_WEIGHT * home.areas.get((cc, candidate.admin1_name), 0.0) if local else 0.0))
    return scores


def _others(weights: list[dict], i: int) -> dict:
    """Sum the other groups' weights and scale to 0..1: the share of the document behind each area."""
    total: dict = defaultdict(float)
    for j, w in enumerate(weights):
        if j != i:
            for key, value in w.items():
                total[key] += value
    top = max(total.values(), default=0.0)
    return {key: value / top for key, value in total.items()} if top else {}


def _nearness(candidate: Candidate, others: Sequence[Candidate]) -> float:
    """A landmark inside a city the document names, or a town near its other towns, is the likely one."""
    if candidate.within is not None and any(o.id == candidate.within for o in others):
        return 3.0
    best = 0.0
    for other in others:
        if other.feature in ("A.PCLI", "L.CONT", "A.ADM1") or other.id == candidate.id:
            continue
        km = distance_km(candidate.lat, candidate.lon, other.lat, other.lon)
        best = max(best, 1.5 if km < 50 else 1.0 if km < 200 else 0.0)
    return best


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))
