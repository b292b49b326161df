"""The event classifier: P(code | sentence) over the 30 codes and NONE, learnt from data/events.

Word 1–2-grams and character 3–5-grams (which carry morphology such as "shell-ed", "abduct-ion" and
names such as "Shahed") feed a linear model trained by SGD on log loss and calibrated by Platt scaling
over 3 folds, so that `confidence` means what it says. Training takes seconds, runs at setup
(`crisislens setup`), and the model is kept in the data directory, keyed by a fingerprint of the corpus
and of this recipe, so a changed corpus retrains it and nothing trained is ever committed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import joblib
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline, make_pipeline, make_union

from crisislens.errors import SetupError
from crisislens.paths import data_dir

NONE = "NONE"
RECIPE = "tfidf-word12-char35+sgd-log+platt3/v1"   # change it when the recipe changes: retrains at setup
CORPUS = Path(__file__).resolve().parents[3] / "data" / "events"


def corpus_files(corpus: Path | None = None) -> list[Path]:
    corpus = corpus or CORPUS
    files = sorted(corpus.glob("*.jsonl"))
    if not files:
        raise SetupError(f"no training corpus in {corpus}: crisislens must be installed from its repository")
    return files


def fingerprint(files: Sequence[Path]) -> str:
    digest = hashlib.sha256(RECIPE.encode())
    for file in files:
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def model_path(files: Sequence[Path]) -> Path:
    return data_dir() / f"event_model-{fingerprint(files)}.joblib"


def load_examples(files: Sequence[Path]) -> tuple[list[str], list[str]]:
    texts, codes = [], []
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                texts.append(item["text"])
                codes.append(item["code"])
    return texts, codes


def new_model() -> Pipeline:
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2),
    )
    linear = SGDClassifier(loss="log_loss", alpha=2e-5, max_iter=50, tol=1e-4, random_state=0)
    return make_pipeline(features, CalibratedClassifierCV(linear, method="sigmoid", cv=3))


def train(*, corpus: Path | None = None, force: bool = False, progress: Callable[[str], None] | None = None) -> Path:
    """Train on the corpus and save the model, unless a model of this corpus and recipe exists."""
    files = corpus_files(corpus)
    path = model_path(files)
    if path.exists() and not force:
        return path
    texts, codes = load_examples(files)
    if progress:
        progress(f"Training the event classifier on {len(texts)} snippets…")
    model = new_model().fit(texts, codes)
    partial = path.with_suffix(".partial")
    joblib.dump(model, partial)
    partial.replace(path)   # a crash while writing never leaves a half model under the real name
    for old in data_dir().glob("event_model-*.joblib"):
        if old != path:
            old.unlink()
    return path


@cache
def load_model() -> Pipeline:
    path = model_path(corpus_files())
    if not path.exists():
        raise SetupError("event classifier not trained: run `crisislens setup`")
    return joblib.load(path)


def code_probabilities(texts: Sequence[str]) -> list[dict[str, float]]:
    """For each text, the probability of every code and of NONE (no event)."""
    if not texts:
        return []
    model = load_model()
    classes = list(model.classes_)
    return [dict(zip(classes, row, strict=True)) for row in model.predict_proba(list(texts))]
