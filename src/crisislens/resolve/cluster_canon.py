"""One canonical event from its reports: the best-supported code, date and place, the toll, flags and status.

Independent sources are distinct outlets among the non-duplicate reports (a repost and an outlet's own
follow-up add none). The toll follows UCDP: each source counts with the latest lead figure it gave;
`low` is the lowest of those, `high` the highest (a range's upper end included), and `best` the figure the
most independent sources gave, ties going to the most recent (tolls rise as bodies are found).

Flags, each with the documents behind it:
    counts_differ:<kind>  reports' lead figures differ by more than 10% of the larger (killed, injured, detained,
                          abducted): a toll that rose, or two accounts; figure_history shows which
    code_differs          reports name different means of attack (grenade vs IED) or confident codes differ
    denial                a report carries a denial or refutation ("denied that…", "we signed nothing")
    counter_claim         a party's own account of the target ("precision strike on a workshop")
    attribution           a claim of responsibility
The suggested status is `disputed` with a denial or counter-claim, else `corroborated` with two or more
independent sources, else `unverified`; an analyst's status, when set, always wins.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from crisislens.taxonomy import CODES

CONFIDENT = 0.8
TOLERANCE = 0.1
STATEMENTS = {"ATTRIB", "DIPLO"}
DISPUTING = ("denial", "counter_claim")


def source_of(report: dict[str, Any]) -> str:
    return report.get("source") or report["document_id"]


def independent(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m for m in members if m["role"] != "duplicate"]


def vote(values: list[tuple[Any, float, str]]) -> Any:
    """The value with most weight; ties by the latest report behind it."""
    if not values:
        return None
    weight: Counter = Counter()
    latest: dict[Any, str] = {}
    for value, w, when in values:
        weight[value] += w
        latest[value] = max(latest.get(value, ""), when)
    return max(weight, key=lambda v: (round(weight[v], 6), latest[v]))


def canonical_code(reports: list[dict[str, Any]]) -> str | None:
    """The code most reports give, weighted by confidence; statements about an event (attribution, diplomacy)
    name it only when no report codes the act itself."""
    coded = [r for r in reports if r["code"]]
    acts = [r for r in coded if r["code"] not in STATEMENTS] or coded
    return vote([(r["code"], 1.0 + r["confidence"], r["published"] or "") for r in acts])


def canonical_date(reports: list[dict[str, Any]]) -> tuple[str | None, str | None]:
    """The day most reports give; ties go to the earlier day (an event precedes the reports of it)."""
    days = Counter(r["date_lo"] for r in reports if r["date_precision"] == "day")
    if days:
        return max(days, key=lambda d: (days[d], [-int(part) for part in d.split("-")])), "day"
    ends = sorted(r["date_hi"] for r in reports if r["date_hi"])
    return (ends[0], "week") if ends else (None, None)


def canonical_place(reports: list[dict[str, Any]]) -> dict[str, Any] | None:
    places = [r["place"] for r in reports if r["place"]]
    fine = [p for p in places if p["precision"] in ("exact", "city")] or places
    name = vote([(p["name"], 1.0, "") for p in fine])
    return next((p for p in fine if p["name"] == name), None)


def per_source(figures: list[dict[str, Any]], documents: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """kind → source → the latest lead figure that source gave (with its document and time)."""
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for figure in sorted(figures, key=lambda f: (f["reported_at"] or "", f["document_id"])):
        report = documents.get(figure["document_id"])
        if report is None or not figure["lead"]:
            continue
        out[figure["kind"]][source_of(report)] = figure
    return out


def toll(by_source: dict[str, Any], figures: list[dict[str, Any]]) -> tuple[int | None, int | None, int | None]:
    if not by_source:
        return None, None, None
    values = [f["value"] for f in by_source.values()]
    highs = [int(q.split()[-1]) for f in figures if (q := f["qualifier"] or "").startswith("between ")
             and q.split()[-1].isdigit()]
    best = vote([(f["value"], 1.0, f["reported_at"] or "") for f in by_source.values()])
    return best, min(values), max([*values, *highs])


def count_flags(figures: list[dict[str, Any]], documents: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Reports whose lead figures differ by more than TOLERANCE of the larger (any difference below 10)."""
    leads: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for figure in figures:
        if figure["lead"] and figure["document_id"] in documents:
            leads[figure["kind"]].append(figure)
    flags = []
    for kind, found in sorted(leads.items()):
        values = [f["value"] for f in found]
        if max(values) - min(values) <= TOLERANCE * max(values):
            continue
        groups: dict[int, set[str]] = defaultdict(set)
        for figure in found:
            groups[figure["value"]].add(f"{source_of(documents[figure['document_id']])} {figure['document_id']}")
        detail = f"{kind}: " + "; ".join(f"{v} ({', '.join(sorted(s))})" for v, s in sorted(groups.items()))
        flags.append({"kind": f"counts_differ:{kind}", "detail": detail,
                      "document_ids": sorted({f["document_id"] for f in found})})
    return flags


def code_flags(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    named: dict[str, set[str]] = {}
    for r in reports:
        codes = set(r.get("cues", {}).get("means", []))
        if r["code"] and r["confidence"] >= CONFIDENT:
            codes.add(r["code"])
        if codes:
            named.setdefault(r["document_id"], set()).update(codes)
    clashing = [(a, b) for a in named for b in named if a < b and not named[a] & named[b]]
    if not clashing:
        return []
    documents = sorted({d for pair in clashing for d in pair})
    detail = "; ".join(f"{d}: {'/'.join(sorted(named[d]))}" for d in documents)
    return [{"kind": "code_differs", "detail": detail, "document_ids": documents}]


def cue_flags(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    flags = []
    for r in reports:
        cues = r.get("cues") or {}
        for kind, key in (("denial", "denial"), ("counter_claim", "counter"), ("attribution", "responsibility")):
            flags.extend({"kind": kind, "detail": f"{source_of(r)}: {text}", "document_ids": [r["document_id"]]}
                         for text in cues.get(key, []))
    return flags


def summarise(members: list[dict[str, Any]], figures: list[dict[str, Any]]) -> dict[str, Any]:
    """Canonical fields, flags and suggested status from members ({role, **report features}) and figures."""
    own = independent(members)
    reports = [m for m in own if m["role"] == "report"] or own or members
    documents = {m["document_id"]: m for m in sorted(own, key=lambda m: m["ordinal"], reverse=True)}
    kinds = per_source(figures, documents)
    code = canonical_code(reports)
    day, precision = canonical_date(reports)
    place = canonical_place(reports)
    best, low, high = toll(kinds.get("killed", {}), [f for f in figures if f["kind"] == "killed"])
    sources = len({source_of(m) for m in own})
    flags = count_flags(figures, documents) + code_flags(list(documents.values())) + cue_flags(
        [m for m in own if m.get("cues")])
    disputed = any(f["kind"] in DISPUTING for f in flags)
    status = "disputed" if disputed else "corroborated" if sources >= 2 else "unverified"
    return {
        "code": code, "event_type": CODES[code].event_type if code in CODES else None,
        "date": day, "date_precision": precision,
        "date_lo": min((m["date_lo"] for m in members if m["date_lo"]), default=None),
        "date_hi": max((m["date_hi"] for m in members if m["date_hi"]), default=None),
        "place": place, "fatalities_best": best, "fatalities_low": low, "fatalities_high": high,
        "sources": sources, "suggested_status": status, "flags": flags,
    }


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
