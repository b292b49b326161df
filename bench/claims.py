"""Attribution and hedging accuracy on the hand-written gold set (data/claims/claims_gold.jsonl).

Usage: .venv/bin/python bench/claims.py [--errors] [--min 0.90]
Prints speaker accuracy, hedge precision/recall, cue/title/negation/direct agreement and no-claim
precision; exits 1 when speaker accuracy or hedge precision or recall is below --min (default 0:
report only). See data/claims/README.md for how the set was made and scored.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from crisislens.extract.claims import find_claims
from crisislens.extract.quotes import find_quotes
from crisislens.parse.nlp import load_nlp, parse
from crisislens.records import Claim, Document, Quote

GOLD = Path(__file__).resolve().parents[1] / "data" / "claims" / "claims_gold.jsonl"
ARTICLES = ("the ", "a ", "an ")


@dataclass(frozen=True, slots=True)
class Predicted:
    quotes: list[Quote]
    claims: list[Claim]


def norm(name: str | None) -> str | None:
    if name is None:
        return None
    name = name.lower().replace("’s", "").replace("'s", "").strip()
    for article in ARTICLES:
        name = name.removeprefix(article)
    return " ".join(name.split())


def predict(text: str, nlp) -> Predicted:
    parsed = parse(Document(id="bench", text=text, origin="bench"), nlp=nlp)
    quotes = find_quotes(parsed)
    return Predicted(quotes, find_claims(parsed, quotes))


def best_claim(item: dict, claims: list[Claim]) -> Claim | None:
    start = item["text"].index(item["claim"])
    end = start + len(item["claim"])
    scored = [(min(end, c.mention.end) - max(start, c.mention.start), c) for c in claims]
    scored = [(s, c) for s, c in scored if s > 0]
    return max(scored, key=lambda sc: sc[0])[1] if scored else None


def quote_of(claim: Claim | None, quotes: list[Quote]) -> Quote | None:
    if claim is None:
        return None
    return next((q for q in quotes if q.mention.start <= claim.mention.start < q.mention.end), None)


def cue_agrees(gold: str, found: str | None) -> bool:
    return found is not None and bool(set(gold.lower().split()) & set(found.lower().split()))


def score(items: list[dict], nlp, *, show_errors: bool) -> dict[str, float]:
    tally: dict[str, list[bool]] = {k: [] for k in ("speaker", "title", "cue", "negated", "direct", "no_claim")}
    tp = fp = fn = 0
    for item in items:
        got = predict(item["text"], nlp)
        if item["claim"] is None:
            tally["no_claim"].append(not got.claims)
            if got.claims and show_errors:
                print(f"{item['id']} NO-CLAIM got {[c.mention.text for c in got.claims]}")
            continue
        claim = best_claim(item, got.claims)
        speaker = claim.speaker if claim else None
        hedged = bool(claim and claim.hedged)
        ok = norm(speaker) == norm(item["speaker"])
        tally["speaker"].append(ok)
        tp, fp, fn = tp + (hedged and item["hedged"]), fp + (hedged and not item["hedged"]), fn + (
            item["hedged"] and not hedged)
        if item["hedged"] and hedged:
            tally["cue"].append(cue_agrees(item["hedge"], claim.hedge))
        quote = quote_of(claim, got.quotes)
        if item["speaker_title"]:
            title = norm(quote.speaker_title if quote else None) or ""
            gold_title = norm(item["speaker_title"])
            tally["title"].append(bool(title) and (gold_title in title or title in gold_title))
        if claim is not None:
            tally["negated"].append(claim.negated == item["negated"])
            tally["direct"].append(bool(quote and quote.direct) == item["direct"])
        if show_errors and (not ok or hedged != item["hedged"] or (claim and claim.negated != item["negated"])):
            print(f"{item['id']} speaker={speaker!r} gold={item['speaker']!r} hedged={hedged}/{item['hedged']} "
                  f"cue={claim.hedge if claim else None!r}/{item['hedge']!r} neg={claim.negated if claim else None}"
                  f"/{item['negated']} claim={claim.mention.text if claim else None!r}")
    out = {k: sum(v) / len(v) for k, v in tally.items() if v}
    out["hedge_precision"] = tp / (tp + fp) if tp + fp else 0.0
    out["hedge_recall"] = tp / (tp + fn) if tp + fn else 0.0
    out["items"] = len(items)
    return out


def main(argv: list[str]) -> int:
    minimum = float(argv[argv.index("--min") + 1]) if "--min" in argv else 0.0
    items = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = score(items, load_nlp(), show_errors="--errors" in argv)
    for key, value in result.items():
        print(f"{key:16} {value:.3f}" if isinstance(value, float) else f"{key:16} {value}")
    floors = (result["speaker"], result["hedge_precision"], result["hedge_recall"])
    return 0 if min(floors) >= minimum else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
