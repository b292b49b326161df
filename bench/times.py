"""Temporal expressions: TempEval-3 style scores on AQUAINT, event dates on the dev snippets, speed.

    .venv/bin/python bench/times.py               # all three
    .venv/bin/python bench/times.py timex -v      # AQUAINT only, listing every miss and wrong value
    .venv/bin/python bench/times.py snippets -v   # dev snippets only, listing every wrong date

AQUAINT (gold ``dct`` is the anchor): detection strict (same span) and relaxed (overlapping span)
P/R/F1, then value accuracy on relaxed matches and value P/R/F1 (a value counts when its span
matches and its value is identical), as TempEval-3 scored them. HeidelTime: 0.78 value F1. "value"
reads ISO week numbers zero-padded on both sides (the gold writes 2000-W7 beside 2000-W10);
"value exact" compares the raw strings.
Snippets: the main event's evidence is the first sentence with a non-reporting verb (else the first
sentence); its date from resolve.dates.event_date is compared with gold ``date`` where there is one.
Floors sit below the measured figures with a noise margin; the script exits 1 under a floor.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from crisislens.extract.times import find_times
from crisislens.parse.nlp import load_nlp
from crisislens.records import Document, Parsed, Span, Time
from crisislens.resolve.dates import event_date

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"
REPORTING = {"say", "tell", "report", "add", "announce", "state", "accord", "claim", "confirm"}
TARGETS = {"relaxed_f1": 0.88, "value_f1": 0.80, "snippet_date_accuracy": 0.85}          # issue 4
# regression floors: the measured figures (0.951, 0.811, 0.989) less a noise margin of ~2 points
FLOORS = {"relaxed_f1": 0.93, "value_f1": 0.79, "snippet_date_accuracy": 0.96}
# ISO 8601 writes week numbers with two digits; the gold sometimes drops the zero ("2000-W7"). That is
# the same week, so the value figure pads both sides; "value exact" is the raw-string figure.
ISO_WEEK = re.compile(r"-W(\d)\b")
# The AQUAINT gold also writes values that differ from ours in precision, not only in spelling: "1949-XX"
# beside "1949", "Friday night" as "2000-01-07" beside TimeML's "2000-01-07TNI". The lenient figure
# forgives these too; it is never the one the targets and floors read.
SPELLING = ((re.compile(r"T(MO|AF|EV|NI)$"), ""), (re.compile(r"-W0(\d)\b"), r"-W\1"), (re.compile(r"(-XX)+$"), ""))


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, hits: int, predicted: int, gold: int) -> Scores:
        p, r = hits / max(predicted, 1), hits / max(gold, 1)
        return cls(p, r, 2 * p * r / max(p + r, 1e-9))

    def __str__(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}"


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def parse_timed(documents: list[Document]) -> tuple[list[Parsed], float]:
    nlp = load_nlp()
    started = time.perf_counter()
    docs = list(nlp.pipe((d.text for d in documents), batch_size=32))
    return [Parsed(document=d, doc=doc) for d, doc in zip(documents, docs, strict=True)], \
        time.perf_counter() - started


def extract_timed(parsed: list[Parsed]) -> tuple[list[list[Time]], float]:
    started = time.perf_counter()
    found = [find_times(p) for p in parsed]
    return found, time.perf_counter() - started


def pair(gold: list[dict], predicted: list[Time]) -> list[tuple[dict, Time]]:
    """One-to-one overlap matching, exact spans first."""
    pairs, used = [], set()
    for exact in (True, False):
        for g in gold:
            if any(g is p[0] for p in pairs):
                continue
            for i, t in enumerate(predicted):
                same = (t.mention.start, t.mention.end) == (g["start"], g["end"])
                if i not in used and (same if exact else t.mention.start < g["end"] and g["start"] < t.mention.end):
                    pairs.append((g, t))
                    used.add(i)
                    break
    return pairs


def timex_bench(verbose: bool) -> dict[str, float]:
    records = read(DEV / "aquaint_timex.jsonl")
    documents = [Document(id=r["id"], text=r["text"], origin=r["id"], published=date.fromisoformat(r["dct"]),
                          language="en") for r in records]
    parsed, parse_s = parse_timed(documents)
    found, extract_s = extract_timed(parsed)
    n_gold = n_pred = strict = relaxed = values = exact = lenient = types = 0
    for record, times in zip(records, found, strict=True):
        gold = record["timexes"]
        pairs = pair(gold, times)
        n_gold, n_pred, relaxed = n_gold + len(gold), n_pred + len(times), relaxed + len(pairs)
        strict += sum((g["start"], g["end"]) == (t.mention.start, t.mention.end) for g, t in pairs)
        values += sum(iso_weeks(g["value"]) == iso_weeks(t.value) for g, t in pairs)
        exact += sum(g["value"] == t.value for g, t in pairs)
        lenient += sum(spelled(g["value"]) == spelled(t.value) for g, t in pairs)
        types += sum(g["type"] == t.type for g, t in pairs)
        if verbose:
            explain(record, gold, times, pairs)
    scores = {"strict": Scores.of(strict, n_pred, n_gold), "relaxed": Scores.of(relaxed, n_pred, n_gold),
              "value": Scores.of(values, n_pred, n_gold), "value exact": Scores.of(exact, n_pred, n_gold)}
    print(f"AQUAINT TIMEX3: {len(records)} docs, {n_gold} gold, {n_pred} predicted")
    for name, score in scores.items():
        print(f"  {name:11} {score}")
    print(f"  value accuracy on matched {values / max(relaxed, 1):.3f}   type accuracy {types / max(relaxed, 1):.3f}")
    print(f"  notation-lenient value {Scores.of(lenient, n_pred, n_gold)}"
          f"  (accuracy on matched {lenient / max(relaxed, 1):.3f})")
    speed(len(records), parse_s, extract_s)
    return {"relaxed_f1": scores["relaxed"].f1, "value_f1": scores["value"].f1}


def iso_weeks(value: str | None) -> str | None:
    return ISO_WEEK.sub(r"-W0\1", value) if value else value


def spelled(value: str | None) -> str | None:
    for pattern, replacement in SPELLING:
        value = pattern.sub(replacement, value) if value else value
    return value


def explain(record: dict, gold: list[dict], times: list[Time], pairs: list[tuple[dict, Time]]) -> None:
    matched_gold = {id(g) for g, _ in pairs}
    matched_pred = {id(t) for _, t in pairs}
    context = record["text"]
    for g in gold:
        if id(g) not in matched_gold:
            print(f"  MISS  {record['dct']} {g['text']!r} {g['value']}  …{snippet(context, g['start'], g['end'])}…")
    for t in times:
        if id(t) not in matched_pred:
            where = snippet(context, t.mention.start, t.mention.end)
            print(f"  EXTRA {record['dct']} {t.mention.text!r} {t.value}  …{where}…")
    for g, t in pairs:
        if g["value"] != t.value or (g["start"], g["end"]) != (t.mention.start, t.mention.end):
            print(f"  DIFF  {record['dct']} gold {g['text']!r} {g['value']} | ours {t.mention.text!r} {t.value}")


def snippet(text: str, start: int, end: int) -> str:
    return text[max(0, start - 40):end + 30].replace("\n", " ")


def main_sentence(parsed: Parsed) -> Span:
    """The first sentence with a verb that is not one of reporting; else the first sentence."""
    sentences = list(parsed.doc.sents)
    for sent in sentences:
        if any(t.pos_ == "VERB" and t.lemma_ not in REPORTING for t in sent):
            return Span.of(parsed.document.text, sent.start_char, sent.end_char)
    first = sentences[0]
    return Span.of(parsed.document.text, first.start_char, first.end_char)


def snippets_bench(verbose: bool) -> dict[str, float]:
    records = read(DEV / "event_snippets.jsonl")
    documents = [Document(id=r["id"], text=r["text"], origin=r["id"], published=date.fromisoformat(r["published"]),
                          language="en") for r in records]
    parsed, parse_s = parse_timed(documents)
    found, extract_s = extract_timed(parsed)
    dated = right = precision_right = 0
    for record, p, times in zip(records, parsed, found, strict=True):
        day, precision = event_date(main_sentence(p), times, document=p.document)
        precision_right += precision == record["date_precision"]
        if record["date"] is None:
            continue
        dated += 1
        right += day == date.fromisoformat(record["date"])
        if verbose and day != date.fromisoformat(record["date"]):
            print(f"  WRONG {record['id']} pub {record['published']} gold {record['date']} ours {day} {precision}"
                  f"  {[(t.mention.text, t.value) for t in times]}  {record['text'][:160]!r}")
    accuracy = right / max(dated, 1)
    print(f"Snippets: {len(records)} docs, {dated} with a gold date: date accuracy {accuracy:.3f} ({right}/{dated});"
          f" precision agreement on all {precision_right / len(records):.3f}")
    speed(len(records), parse_s, extract_s)
    return {"snippet_date_accuracy": accuracy}


def speed(n: int, parse_s: float, extract_s: float) -> None:
    print(f"  speed: spaCy nlp.pipe {parse_s / n * 1000:.1f} ms/doc, find_times {extract_s / n * 1000:.2f} ms/doc"
          f" ({extract_s / parse_s:.1%} of parsing)")


def check(figures: dict[str, float], floors: Iterable[tuple[str, float]]) -> bool:
    for name, target in TARGETS.items():
        if name in figures:
            print(f"target {name} {target}: {'met' if figures[name] >= target else 'NOT met'} ({figures[name]:.3f})")
    ok = True
    for name, floor in floors:
        if name in figures and figures[name] < floor:
            print(f"BELOW FLOOR: {name} {figures[name]:.3f} < {floor}")
            ok = False
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", nargs="?", choices=("all", "timex", "snippets"), default="all")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and wrong value")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    if args.which in ("all", "timex"):
        figures |= timex_bench(args.verbose)
    if args.which in ("all", "snippets"):
        figures |= snippets_bench(args.verbose)
    return 0 if check(figures, FLOORS.items()) else 1


if __name__ == "__main__":
    sys.exit(main())
