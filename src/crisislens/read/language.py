"""Language identification of a document's text (ISO 639-1)."""

from __future__ import annotations

from functools import cache

from lingua import LanguageDetector, LanguageDetectorBuilder

SAMPLE_CHARS = 2000   # the first paragraphs decide; more text costs time and changes nothing


@cache
def detector() -> LanguageDetector:
    # Low-accuracy mode keeps memory near 100 MB and is reliable on anything longer than a sentence.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str) -> str | None:
    language = detector().detect_language_of(text[:SAMPLE_CHARS])
    return language.iso_code_639_1.name.lower() if language else None
