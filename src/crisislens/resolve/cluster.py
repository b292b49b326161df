"""Across sources: each stored document joins the events it reports, or starts them, without a rebuild.

    from crisislens.resolve.cluster import assign
    doc_id = store.save(record)
    assign(store, record, document_id=doc_id)      # one transaction; returns the canonical event ids
    save_and_assign(store, record, on_error=report) # both in one transaction, as `crisislens extract` does

For one document, in order:
1. its MinHash is looked up in the LSH bands (resolve/dedupe.py): a repost joins its original's events as
   a `duplicate`, which never counts as a source and never adds a figure twice;
2. its figures and cues are read (resolve/cluster_features.py) and kept per document (figure_history);
3. each extracted event (or the whole document, when none was) becomes a report. A later event of the same
   document at the same place and date is a `facet` of the first. Any other report is compared with the
   clusters in its blocking window (dates within WINDOW_DAYS, respecting precision; undated: same country)
   by resolve/cluster_score.py, and joins the best one whose evidence reaches MATCH, or starts a new event;
4. every event touched is summarised again (resolve/cluster_canon.py): code, date, place, toll, flags.
An analyst's split or merge pins reports: re-extraction keeps them where the analyst put them.
Re-extraction changes nothing when the document clusters as before (store/cluster_rerun.py); otherwise
its reports go back to their earlier events when those still fit, its reposts follow it, and it is never
a repost of itself. Writers hold the store's write lock (store/locks.py), so concurrent runs cluster in turn.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from crisislens.errors import CrisislensError, StoreError
from crisislens.records import Record
from crisislens.resolve import cluster_features, dedupe
from crisislens.resolve.cluster_score import MATCH, WINDOW_DAYS, day_gap, km, link, probability
from crisislens.store import cluster_rerun, clusters
from crisislens.store.convert import utc

FACET_KM = 30.0


def save_and_assign(store: Any, record: Record, *, on_error: Callable[[str, CrisislensError], None]) -> str | None:
    """Store a record and place it in canonical events, in one transaction under the store's write lock;
    returns the id it is stored under, or None when the store refused it. Clustering runs in a savepoint:
    a document that is stored but cannot be clustered stays stored (its earlier placement kept), and
    either failure goes to on_error."""
    failure: CrisislensError | None = None
    try:
        with store.writing() as session:
            document_id = store.save_in(session, record)
            try:
                with session.begin_nested():
                    assign_in(session, record, document_id=document_id)
            except (CrisislensError, DBAPIError) as exc:
                failure = exc if isinstance(exc, CrisislensError) else _cluster_error(document_id, exc)
    except DBAPIError as exc:
        on_error(record.document.id, StoreError(record.document.id, _first_line(exc)))
        return None
    except CrisislensError as exc:
        on_error(record.document.id, exc)
        return None
    if failure is not None:
        on_error(record.document.id, failure)
    return document_id


def assign(store: Any, record: Record, *, document_id: str | None = None) -> list[int]:
    """Place a stored document's reports in canonical events; returns the ids of the events it is in."""
    document_id = document_id or record.document.id
    try:
        with store.writing() as session:
            return assign_in(session, record, document_id=document_id)
    except DBAPIError as exc:
        raise _cluster_error(document_id, exc) from exc


def assign_in(session: Session, record: Record, *, document_id: str) -> list[int]:
    """assign() inside the caller's transaction. A document clustered before from the same signature,
    reports and figures is left as it is: a rerun changes nothing."""
    signature = dedupe.signature(record.document.body_span.text)
    figures = cluster_features.read_figures(record)
    reports = cluster_features.reports(record, document_id=document_id)
    source, reported_at = record.document.source, utc(record.document.published)
    if cluster_rerun.unchanged(session, document_id, minhash=dedupe.to_bytes(signature), reports=reports,
                               figures=figures, source=source, reported_at=reported_at):
        return cluster_rerun.events_of(session, document_id)
    pinned, earlier, touched = clusters.forget_document(session, document_id)
    original, similarity = find_original(session, signature, document_id=document_id)
    clusters.save_figures(session, document_id, figures, source=source, reported_at=reported_at)
    placed: list[int] = []
    for report in reports:
        cluster_id, role, score, reasons, pin = place(session, report, primary=reports[0], first=placed,
                                                      pinned=pinned, earlier=earlier, original=original,
                                                      similarity=similarity)
        clusters.add_member(session, report, cluster_id=cluster_id, role=role, score=score, reasons=reasons,
                            pinned=pin)
        placed.append(cluster_id)
        touched.add(cluster_id)
    touched |= cluster_rerun.rehome_reposts(session, document_id)
    for cluster_id in sorted(touched):
        clusters.refresh(session, cluster_id)
    return sorted(set(placed))


def find_original(session: Session, signature: Any, *, document_id: str) -> tuple[str | None, float | None]:
    """The stored document this one reposts (the first copy, following links), and their similarity.
    Its own reposts are never its original: a document is never a repost of itself."""
    keys = dedupe.band_keys(signature)[0].tolist()
    matches = [m for m in clusters.band_matches(session, document_id, keys) if m[2] != document_id]
    best = dedupe.best_match(signature, ((d, dedupe.from_bytes(raw)) for d, raw, _ in matches))
    original, similarity = (None, None) if best is None else best
    roots = {d: root for d, _, root in matches}
    if original is not None and roots.get(original):
        original = roots[original]
    clusters.save_signature(session, document_id, minhash=dedupe.to_bytes(signature), keys=keys,
                            duplicate_of=original, similarity=similarity)
    return original, similarity


def place(session: Session, report: dict[str, Any], *, primary: dict[str, Any], first: list[int],
          pinned: dict[int, int], earlier: dict[int, int], original: str | None, similarity: float | None
          ) -> tuple[int, str, float, list[str], bool]:
    """Where one report goes: (event id, role, score, reasons, pinned)."""
    ordinal = report["ordinal"]
    if ordinal in pinned and clusters.existing(session, pinned[ordinal]):
        return pinned[ordinal], "report", 1.0, ["placed by an analyst"], True
    if original is not None:
        target = clusters.member_of(session, original, ordinal) or clusters.member_of(session, original)
        if target is not None:
            return target, "duplicate", round(similarity or 1.0, 4), [
                f"repost of {original}: {similarity:.2f} of text shingles shared (MinHash)"], False
    if first and facet_of(report, primary):
        return first[0], "facet", 1.0, [f"same report as event {primary['ordinal']}, same place and date"], False
    return best_cluster(session, report, earlier=earlier.get(ordinal))


def facet_of(report: dict[str, Any], primary: dict[str, Any]) -> bool:
    """A later event of one document at the primary's place and date: another facet of the same incident."""
    gap = day_gap(report, primary)
    if gap is not None and gap > 1:
        return False
    a, b = report["place"], primary["place"]
    return not (a and b) or a["name"] == b["name"] or km(a, b) <= FACET_KM


def best_cluster(session: Session, report: dict[str, Any], *, earlier: int | None = None
                 ) -> tuple[int, str, float, list[str], bool]:
    """The event whose evidence for this report is strongest, if it reaches MATCH, else a new one. A report
    placed before goes back to its earlier event when that still matches, or when nothing else does and
    no other report is left there (the event keeps its id and analyst status across re-extraction)."""
    lo = date.fromisoformat(report["date_lo"]) if report["date_lo"] else None
    hi = date.fromisoformat(report["date_hi"]) if report["date_hi"] else None
    country = (report["place"] or {}).get("country")
    scored = sorted(((*link(report, members), cluster_id) for cluster_id, members in
                     clusters.candidates(session, lo=lo, hi=hi, window_days=WINDOW_DAYS, country=country).items()),
                    key=lambda s: (-s[0], s[2]))
    matching = [s for s in scored if s[0] >= MATCH]
    chosen = next((s for s in matching if s[2] == earlier), matching[0] if matching else None)
    if chosen is not None:
        total, reasons, cluster_id = chosen
        return cluster_id, "report", probability(total), [f"evidence {total:+.2f} ≥ {MATCH}", *reasons], False
    reason = (f"no event close enough: best evidence {scored[0][0]:+.2f} < {MATCH} (event {scored[0][2]})"
              if scored else "no event in its blocking window")
    if earlier is not None and clusters.existing(session, earlier) and not cluster_rerun.reports_in(session, earlier):
        return earlier, "report", 1.0, [reason], False
    return clusters.new_event(session), "report", 1.0, [reason], False


def _cluster_error(document_id: str, exc: DBAPIError) -> StoreError:
    return StoreError(document_id, f"cannot cluster: {_first_line(exc)}")


def _first_line(exc: DBAPIError) -> str:
    return (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
