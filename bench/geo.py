"""Geoparsing benchmark: toponym recognition and resolution on the dev corpora (LGL, TR-News, GeoVirus).

Recognition: precision, recall and F1 with one-to-one span-overlap matching (exact-match F1 beside it).
Resolution, over gold toponyms that have coordinates and were recognised: accuracy within 161 km (100
miles, the "Pragmatic Guide" metric), mean and median error in km. A recognised toponym left unresolved
(null coordinates) counts as a miss at 161 km and is left out of the km figures. "right area" also
counts a country or first-level division resolved to the very one the gold names but placed elsewhere
in it (see same_area): it measures the choice apart from the corpora's differing reference points, and
is never the target.

    .venv/bin/python bench/geo.py                      # all three corpora, a few minutes on 2 cores
    .venv/bin/python bench/geo.py --limit 50 lgl       # first 50 documents of one corpus
    .venv/bin/python bench/geo.py --errors /tmp/geo-errors.jsonl
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from crisislens.extract.places import find_places
from crisislens.parse.nlp import load_nlp, parse_all
from crisislens.pipeline import batched
from crisislens.records import Document, Place
from crisislens.resolve.batch_places import locate_batch
from crisislens.resolve.gazetteer import Gazetteer, build, name_key
from crisislens.resolve.geo_scoring import distance_km
from crisislens.resolve.geocode import resolve_places
from crisislens.resolve.source_profile import SourceProfiles

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"
CORPORA = ("lgl", "tr_news", "geovirus")
MILES_100 = 161.0
AREA_FEATURES = {"A.PCLI", "A.ADM1", "L.CONT"}
BATCH = 32                        # the pipeline's default batch


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    exact: int = 0
    errors_km: list[float] = field(default_factory=list)
    unresolved: int = 0
    same_area: int = 0                # beyond 161 km, but the very country or division the gold names
    seconds: float = 0.0

    def line(self, name: str) -> str:
        p, r = self.matched / max(self.predicted, 1), self.matched / max(self.gold, 1)
        f1 = 2 * p * r / max(p + r, 1e-9)
        ep, er = self.exact / max(self.predicted, 1), self.exact / max(self.gold, 1)
        exact_f1 = 2 * ep * er / max(ep + er, 1e-9)
        scored = len(self.errors_km) + self.unresolved
        acc = sum(e <= MILES_100 for e in self.errors_km) / max(scored, 1)
        mean = statistics.fmean(self.errors_km) if self.errors_km else float("nan")
        median = statistics.median(self.errors_km) if self.errors_km else float("nan")
        area = (self.same_area + sum(e <= MILES_100 for e in self.errors_km)) / max(scored, 1)
        return (f"{name:9} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (exact F1 {exact_f1:.3f})  "
                f"acc@161 {acc:.3f} (right area {area:.3f})  mean {mean:6.0f} km  median {median:5.0f} km  "
                f"resolved {len(self.errors_km)}/{scored}  [{self.seconds:.0f} s]")


def read(corpus: str, limit: int | None) -> Iterator[tuple[Document, list[dict]]]:
    path = DEV / f"{corpus}.jsonl"
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if limit is not None and number > limit:
                return
            row = json.loads(line)
            source = row.get("domain") or row.get("source")
            yield Document(id=row["id"], text=row["text"], origin=f"{path.name}:{number}", source=source), \
                row["toponyms"]


def match(gold: list[dict], places: list[Place]) -> list[tuple[dict, Place | None]]:
    """Pair each gold toponym with at most one overlapping prediction (greedy, in text order)."""
    used: set[int] = set()
    pairs = []
    for g in gold:
        hit = next((i for i, p in enumerate(places) if i not in used
                    and p.mention.start < g["end"] and g["start"] < p.mention.end), None)
        if hit is not None:
            used.add(hit)
        pairs.append((g, places[hit] if hit is not None else None))
    return pairs


def same_area(gold: dict, place: Place) -> bool:
    """The gold and the prediction name the same country or division, only placed at another point of it:
    the corpora put Canada at GeoNames' point in Alberta (TR-News) or at (60, -95) (LGL, GeoVirus), China
    at (35, 105) or (35, 103). Same GeoNames id, or the same name as the gold's GeoNames name or
    Wikipedia title, for a country, first-level division or continent."""
    if place.feature not in AREA_FEATURES:
        return False
    if gold.get("geonameid") and place.geonameid:
        return gold["geonameid"] == place.geonameid
    title = unquote(gold.get("page", "").rsplit("/", 1)[-1]).replace("_", " ")
    return name_key(place.name or "") in {name_key(gold.get("name") or ""), name_key(title)} - {""}


def score_document(score: Score, gold: list[dict], places: list[Place], errors) -> None:
    score.gold += len(gold)
    score.predicted += len(places)
    for g, place in match(gold, places):
        if place is None:
            continue
        score.matched += 1
        score.exact += (place.mention.start, place.mention.end) == (g["start"], g["end"])
        if g.get("lat") is None:
            continue
        if place.lat is None:
            score.unresolved += 1
            continue
        km = distance_km(g["lat"], g["lon"], place.lat, place.lon)
        score.errors_km.append(km)
        score.same_area += km > MILES_100 and same_area(g, place)
        if errors and km > MILES_100:
            errors.write(json.dumps({"gold": g, "name": place.name, "cc": place.country_code,
                                     "feature": place.feature, "km": round(km)}) + "\n")


def run(corpus: str, *, limit: int | None, gazetteer: Gazetteer, errors, profiles: bool) -> Score:
    """Documents go through in corpus order and in batches of 32, as the pipeline takes them: each
    source's profile is learnt from its documents in the batch and before it."""
    nlp = load_nlp()
    score, started = Score(), time.monotonic()
    pairs = list(read(corpus, limit))
    golds = {document.id: gold for document, gold in pairs}
    learnt = SourceProfiles()
    for batch in batched(parse_all((d for d, _ in pairs), nlp=nlp), BATCH):
        if profiles:
            found = [places for _, places in locate_batch(batch, gazetteer=gazetteer, profiles=learnt)]
        else:
            found = [resolve_places(find_places(p, gazetteer=gazetteer), parsed=p, gazetteer=gazetteer) for p in batch]
        for parsed, places in zip(batch, found, strict=True):
            score_document(score, golds[parsed.document.id], places, errors)
    score.seconds = time.monotonic() - started
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="*", help=f"any of {', '.join(CORPORA)} (default: all)")
    parser.add_argument("--limit", type=int, help="documents per corpus")
    parser.add_argument("--errors", type=Path, help="write resolutions beyond 161 km here (JSON lines)")
    parser.add_argument("--no-profiles", action="store_true",
                        help="resolve each document alone, without what its source's other documents teach")
    args = parser.parse_args(argv)
    unknown = set(args.corpora) - set(CORPORA)
    if unknown:
        parser.error(f"unknown corpus: {', '.join(sorted(unknown))}")
    gazetteer = Gazetteer.open(build(progress=lambda m: print(m, file=sys.stderr)))
    errors = args.errors.open("w", encoding="utf-8") if args.errors else None
    for corpus in args.corpora or CORPORA:
        print(run(corpus, limit=args.limit, gazetteer=gazetteer, errors=errors,
                  profiles=not args.no_profiles).line(corpus), flush=True)
    if errors:
        errors.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
