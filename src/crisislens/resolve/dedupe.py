"""Near-duplicate documents: MinHash over word shingles, banded LSH, then a check on the estimate itself.

A repost copies a report and adds a headline, an outlet credit or "Subscribe to…" boilerplate: its word
5-gram shingles overlap the original's with a Jaccard well above 0.7 (0.86–0.91 for the three reposts of
cross_doc), while two outlets' own wordings of one event share almost none (< 0.05 there). MinHash
(datasketch, 64 permutations, affine32) estimates that Jaccard; 16 bands of 4 rows make a pair at 0.7 a
candidate with p ≈ 0.99 and a pair at 0.3 with p ≈ 0.12; a candidate is a duplicate when its estimate
is ≥ THRESHOLD. The first copy stored is the original: later copies point at it (`duplicate_of`).

`BandIndex` keeps many signatures in sorted numpy arrays (12 bytes per band entry) for batch work
(bench/dedup.py); the store keeps the same band keys in an indexed table (store/clusters.py).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from datasketch import MinHash

NUM_PERM, BANDS, ROWS = 64, 16, 4
SHINGLE = 5
THRESHOLD = 0.7
SEED = 1
WORD = re.compile(r"\w+")
_MASK = np.uint64((1 << 63) - 1)  # band keys fit a signed BIGINT column


@lru_cache(maxsize=1)
def _template() -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED)


def shingles(text: str, *, size: int = SHINGLE) -> list[bytes]:
    """Lower-cased word n-grams; a text shorter than n words is one shingle."""
    words = WORD.findall(text.lower())
    if len(words) <= size:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)]


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text: NUM_PERM uint32 values."""
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, hashfunc=zlib.crc32, permutations=template.permutations,
                      scheme=template.scheme)
    minhash.update_batch(shingles(text))
    return minhash.hashvalues.astype(np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard of the two texts' shingle sets."""
    return float(np.mean(a == b))


def band_keys(signatures: np.ndarray) -> np.ndarray:
    """(n, NUM_PERM) signatures → (n, BANDS) 63-bit keys; equal keys in a band mean 4 equal minhashes."""
    rows = np.atleast_2d(signatures).astype(np.uint64).reshape(-1, BANDS, ROWS)
    key = np.full(rows.shape[:2], np.uint64(1469598103934665603))
    with np.errstate(over="ignore"):
        for r in range(ROWS):
            key = (key ^ rows[:, :, r]) * np.uint64(1099511628211)
            key ^= key >> np.uint64(29)
    return key & _MASK


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u4").tobytes()


def from_bytes(raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype="<u4").astype(np.uint32)


def best_match(sig: np.ndarray, candidates: Iterable[tuple[str, np.ndarray]]) -> tuple[str, float] | None:
    """The most similar candidate at or above THRESHOLD (the earlier one on ties), or None."""
    best: tuple[str, float] | None = None
    for candidate_id, other in candidates:
        score = similarity(sig, other)
        if score >= THRESHOLD and (best is None or score > best[1]):
            best = (candidate_id, score)
    return best


class BandIndex:
    """Many signatures, for batch de-duplication: per band a sorted key array and the row ids under it."""

    def __init__(self) -> None:
        self._chunks: list[tuple[np.ndarray, np.ndarray]] = []   # (ids, signatures), in insertion order
        self._sorted: list[tuple[np.ndarray, np.ndarray]] | None = None

    def add(self, ids: Sequence[int] | np.ndarray, signatures: np.ndarray) -> None:
        self._chunks.append((np.asarray(ids, dtype=np.int64), np.asarray(signatures, dtype=np.uint32)))
        self._sorted = None

    def __len__(self) -> int:
        return sum(len(ids) for ids, _ in self._chunks)

    @property
    def nbytes(self) -> int:
        bands = sum(keys.nbytes + ids.nbytes for keys, ids in self._sorted or [])
        return bands + sum(ids.nbytes + sigs.nbytes for ids, sigs in self._chunks)

    def _build(self) -> tuple[list[tuple[np.ndarray, np.ndarray]], np.ndarray, np.ndarray]:
        ids = np.concatenate([c[0] for c in self._chunks])
        sigs = np.concatenate([c[1] for c in self._chunks])
        if self._sorted is None:
            keys = band_keys(sigs)
            self._sorted = []
            for band in range(BANDS):
                order = np.argsort(keys[:, band], kind="stable")   # equal keys keep insertion order
                self._sorted.append((keys[order, band], ids[order]))
        return self._sorted, ids, sigs

    def first_duplicates(self, ids: np.ndarray, signatures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """For each query, the earliest indexed row (lower id) sharing a band and ≥ THRESHOLD similar, else -1.

        Returns (original ids, similarities). Queries are themselves usually in the index.
        """
        bands, all_ids, all_sigs = self._build()
        position = np.full(int(all_ids.max()) + 1, -1, dtype=np.int64)
        position[all_ids] = np.arange(len(all_ids))
        keys = band_keys(signatures)
        best = np.full(len(ids), -1, dtype=np.int64)
        best_sim = np.zeros(len(ids))
        for band, (sorted_keys, sorted_ids) in enumerate(bands):
            at = np.minimum(np.searchsorted(sorted_keys, keys[:, band]), len(sorted_keys) - 1)
            hit = (sorted_keys[at] == keys[:, band]) & (sorted_ids[at] < ids)
            rows = np.flatnonzero(hit)
            if not len(rows):
                continue
            candidates = sorted_ids[at[rows]]
            sims = (all_sigs[position[candidates]] == signatures[rows]).mean(axis=1)
            better = (sims >= THRESHOLD) & ((sims > best_sim[rows]) | ((sims == best_sim[rows])
                                                                      & (candidates < best[rows])))
            best[rows[better]], best_sim[rows[better]] = candidates[better], sims[better]
        return best, best_sim
