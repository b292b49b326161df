"""Do two reports describe the same event? A Fellegi–Sunter style sum of evidence weights, each with its reason.

Each field adds or subtracts a weight (log-odds-like, hand-set): agreement on the day and on the place
counts most, because ACLED and UCDP define an event by its date and location; code, actors, figures and
shared wording follow. A pair is the same event when the sum reaches MATCH (2.0); `probability` maps the
sum onto 0–1 for storage. Weights are set from the semantics of the fields (a different day is strong
evidence against, a code mismatch weak, since extraction mislabels), not fitted to any test file.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from crisislens.resolve.geo_scoring import distance_km

MATCH = 2.0
WINDOW_DAYS = 3       # blocking: a report is compared with clusters whose dates lie within this many days

Report = dict[str, Any]


def km(a: dict[str, Any], b: dict[str, Any]) -> float:
    """Great-circle distance in kilometres between two reports' places."""
    return distance_km(a["lat"], a["lon"], b["lat"], b["lon"])


def day_gap(a: Report, b: Report) -> int | None:
    """Days between the two reports' date ranges; 0 when they overlap; None when either is undated."""
    if not (a["date_lo"] and b["date_lo"]):
        return None
    a_lo, a_hi = date.fromisoformat(a["date_lo"]), date.fromisoformat(a["date_hi"])
    b_lo, b_hi = date.fromisoformat(b["date_lo"]), date.fromisoformat(b["date_hi"])
    return max(0, (b_lo - a_hi).days, (a_lo - b_hi).days)


def date_weight(a: Report, b: Report) -> tuple[float, str]:
    gap = day_gap(a, b)
    exact = a["date_precision"] == b["date_precision"] == "day"
    if gap is None:
        return 0.0, "date: unknown"
    if gap == 0:
        return (2.0, "date: same day") if exact else (0.5, "date: ranges overlap")
    if gap == 1:
        return 0.25, "date: one day apart"
    if gap == 2:
        return -1.5, "date: two days apart"
    return -5.0, f"date: {gap} days apart"


def place_weight(a: Report, b: Report) -> tuple[float, str]:
    pa, pb = a["place"], b["place"]
    if not pa or not pb:
        return 0.0, "place: unknown"
    fine = pa["precision"] in ("exact", "city") and pb["precision"] in ("exact", "city")
    if (pa["geonameid"] and pa["geonameid"] == pb["geonameid"]) or pa["name"] == pb["name"]:
        return (3.0 if fine else 1.0), f"place: both {pa['name']}"
    distance = km(pa, pb)
    common = sorted(set(a["countries"]) & set(b["countries"]))
    if fine and distance > 1000 and common:
        # geocoding put one of them abroad (a street named like a foreign city) while both name a country
        return -0.5, f"place: {distance:.0f} km apart, yet both name {'/'.join(common)}"
    if fine:
        if distance < 10:
            return 2.0, f"place: {distance:.0f} km apart"
        if distance < 30:
            return 0.5, f"place: {distance:.0f} km apart"
        return (-1.5 if distance < 100 else -3.0), f"place: {distance:.0f} km apart"
    if pa["country"] and pa["country"] == pb["country"]:
        return 0.3, f"place: same country {pa['country']}"
    return -0.5, f"place: {pa['name']} vs {pb['name']}, one only a country or region"


def code_weight(a: Report, b: Report) -> tuple[float, str]:
    if not (a["code"] and b["code"]):
        return 0.0, "code: unknown"
    if a["code"] == b["code"]:
        return 1.5, f"code: both {a['code']}"
    if a["event_type"] == b["event_type"]:
        return 0.75, f"code: same type {a['event_type']}"
    return -1.0, f"code: {a['code']} vs {b['code']}"


def jaccard(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def text_weight(a: Report, b: Report) -> tuple[float, str]:
    # Two outlets' own wordings of one event share ~15–30% of content words; unrelated reports ~5%.
    share = jaccard(a["tokens"], b["tokens"])
    return max(-1.0, min(2.5, 12.0 * (share - 0.12))), f"text: {share:.2f} of words shared"


def name_weight(a: Report, b: Report) -> tuple[float, str] | None:
    # Shared names catch what geocoding missed (an unresolved city, a market, a unit); none shared is a hint
    # of two different places or parties.
    if not (a["names"] and b["names"]):
        return None
    share = jaccard(a["names"], b["names"])
    if share == 0:
        return -1.0, "names: none shared"
    return (1.5 if share >= 0.34 else 0.5), f"names: {share:.2f} shared"


def lead_weight(a: Report, b: Report) -> tuple[float, str] | None:
    # The names in headline and first sentence say where and who the report is about: disjoint ones
    # mean two incidents (two cities hit the same day), shared ones the same: as strong as 100 km apart.
    la, lb = set(a["lead_names"]), set(b["lead_names"])
    if not (la and lb):
        return None
    shared = la & lb
    if shared:
        return 1.0, f"lead names shared: {', '.join(sorted(shared))}"
    return -4.0, f"lead names differ: {', '.join(sorted(la))} vs {', '.join(sorted(lb))}"


def actor_weight(a: Report, b: Report) -> tuple[float, str] | None:
    share = jaccard(a["actors"], b["actors"])
    return (0.5, f"actors: {share:.2f} shared") if share >= 0.3 else None


def count_weight(a: Report, b: Report) -> tuple[float, str] | None:
    x, y = a["fatalities"][0], b["fatalities"][0]
    if not (x and y):
        return None
    ratio = max(x, y) / min(x, y)
    if ratio <= 1.5:
        return 0.5, f"fatalities: {x} and {y} agree"
    return (-0.5, f"fatalities: {x} vs {y}") if ratio > 3 else None


def score(a: Report, b: Report) -> tuple[float, list[str]]:
    """The evidence sum for a pair and the reasons, strongest first."""
    parts = [date_weight(a, b), place_weight(a, b), code_weight(a, b), text_weight(a, b),
             name_weight(a, b), lead_weight(a, b), actor_weight(a, b), count_weight(a, b)]
    kept = sorted((p for p in parts if p and p[0] != 0.0), key=lambda p: -abs(p[0]))
    return sum(w for w, _ in kept), [f"{reason} ({w:+.2f})" for w, reason in kept]


def probability(total: float) -> float:
    return round(1.0 / (1.0 + math.exp(-(total - MATCH))), 4)


def link(report: Report, members: list[Report]) -> tuple[float, list[str]]:
    """Report vs a cluster: the mean of its best and its average pair evidence (robust to one noisy member)."""
    pairs = sorted(((*score(report, member), member) for member in members), key=lambda p: -p[0])
    if not pairs:
        return -math.inf, []
    mean = sum(total for total, *_ in pairs) / len(pairs)
    best_total, best_reasons, best = pairs[0]
    reasons = [f"closest report {best['document_id']} ({best_total:+.2f}); mean over {len(pairs)}: {mean:+.2f}"]
    return round((best_total + mean) / 2, 4), reasons + best_reasons
