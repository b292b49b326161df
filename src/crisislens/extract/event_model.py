"""The event classifier: P(code | sentence) over the 30 codes and NONE, learnt from data/events.

Word 1–2-grams and character 3–5-grams (which carry morphology such as "shell-ed", "abduct-ion" and
names such as "Shahed") feed a linear model trained by SGD on log loss. Its scores are calibrated by
one softmax temperature fitted on 3-fold out-of-fold scores, so that `confidence` means what it says
(expected calibration error 0.01–0.03 on the dev snippets) while a prediction stays one sparse product.
Training takes seconds, runs at setup (`crisislens setup`), and the model is kept in the data
directory, keyed by a fingerprint of the corpus and of this recipe, so a changed corpus retrains it and
nothing trained is ever committed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import joblib
import numpy as np
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, make_union

from crisislens.errors import SetupError
from crisislens.paths import data_dir

NONE = "NONE"
RECIPE = "tfidf-word12-char35+sgd-log+temperature/v3"   # change it when the recipe changes: retrains at setup
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


class EventModel:
    """Features, a linear classifier and the temperature that calibrates its softmax."""

    def __init__(self, features: FeatureUnion, linear: SGDClassifier, temperature: float) -> None:
        self.features, self.linear, self.temperature = features, linear, temperature
        self.classes_ = [str(code) for code in linear.classes_]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        scores = self.linear.decision_function(self.features.transform(texts)) / self.temperature
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)


def new_features() -> FeatureUnion:
    return make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float32),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=3, dtype=np.float32),
    )


def new_linear() -> SGDClassifier:
    return SGDClassifier(loss="log_loss", alpha=2e-5, max_iter=50, tol=1e-4, random_state=0)


def fit(texts: Sequence[str], codes: Sequence[str]) -> EventModel:
    features = new_features()
    matrix = features.fit_transform(texts)
    labels = np.asarray(codes)
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=0)
    held_out = cross_val_predict(new_linear(), matrix, labels, cv=folds, method="decision_function")
    temperature = fit_temperature(held_out, labels)
    return EventModel(features, new_linear().fit(matrix, labels), temperature)


def fit_temperature(scores: np.ndarray, labels: np.ndarray) -> float:
    """The softmax temperature that minimises the log loss of scores the model made on unseen folds."""
    rows = np.arange(len(labels))
    truth = np.searchsorted(np.unique(labels), labels)

    def log_loss(temperature: float) -> float:
        z = scores / temperature
        z = z - z.max(axis=1, keepdims=True)
        return float(-(z[rows, truth] - np.log(np.exp(z).sum(axis=1))).mean())

    return float(minimize_scalar(log_loss, bounds=(0.05, 20.0), method="bounded").x)


def train(*, corpus: Path | None = None, force: bool = False, progress: Callable[[str], None] | None = None) -> Path:
    """Train on the corpus and save the model, unless a model of this corpus and recipe exists."""
    files = corpus_files(corpus)
    path = model_path(files)
    if path.exists() and not force:
        return path
    texts, codes = load_examples(files)
    if progress:
        progress(f"Training the event classifier on {len(texts)} snippets…")
    model = fit(texts, codes)
    partial = path.with_suffix(".partial")
    joblib.dump(model, partial)
    partial.replace(path)   # a crash while writing never leaves a half model under the real name
    for old in data_dir().glob("event_model-*.joblib"):
        if old != path:
            old.unlink()
    return path


@cache
def load_model() -> EventModel:
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
    return [dict(zip(classes, row.tolist(), strict=True)) for row in model.predict_proba(list(texts))]
