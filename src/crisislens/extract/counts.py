"""Casualty and detention figures: "at least 12 killed", "dozens wounded", "seven rebels and two soldiers".

Conventions follow ACLED and UCDP: "at least N" / "more than N" give the low estimate N;
"up to N" the high one; "dozens" is coded 12 and "scores" 20 (ACLED's rule for vague plurals);
parts of one toll are added up ("seven rebels and two soldiers were killed" → 9).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "both": 2, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
VAGUE = {"dozens": 12, "dozen": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "several": None,
         "many": None, "some": None, "a few": None}

# "a", "an" and "no" count only inside a number ("a hundred"), never alone ("a number of people").
WORD = "|".join(sorted({*UNITS, *TENS, *SCALES} - {"a", "an", "no"}, key=len, reverse=True))
NUMBER = rf"(?:\d{{1,3}}(?:[,\s]\d{{3}})+|\d+|(?:(?:{WORD})(?:[\s-]+(?:and\s+)?(?:{WORD}))*))"
LOW = r"(?:at\s+least|more\s+than|over|no\s+fewer\s+than|not\s+less\s+than|upwards\s+of)"
HIGH = r"(?:up\s+to|as\s+many\s+as|no\s+more\s+than|nearly|almost)"
APPROX = r"(?:about|around|some|roughly|approximately|an\s+estimated|close\s+to)"
# Up to five words between a figure and its outcome ("seven rebels and two soldiers were killed"),
# none of them an outcome itself, so "12 killed and 30 wounded" keeps its two figures apart, and one
# parenthetical phrase ("70 people, including children, were killed").
NOUN_WORD = r"(?!(?:killed|dead|died|wounded|injured|hurt|arrested|detained)\b)[a-z0-9'-]+"
NOUNS = rf"(?:\s+(?:{NOUN_WORD}\s+){{0,5}}?(?:{NOUN_WORD},[^,.;]{{1,40}},\s+)?)"

OUTCOMES = {
    "killed": r"(?:killed|dead|died|deaths?|bodies|lives|fatalities|slain|massacred|murdered|executed|perished|"
              r"beheaded|lost\s+their\s+lives)",
    "injured": r"(?:injured|wounded|hurt|injuries|hospitali[sz]ed)",
    "arrested": r"(?:arrested|detained|held|apprehended|taken\s+into\s+custody|rounded\s+up|arrests|detentions)",
}
# Active voice puts the figure after the verb: "the blast killed 12", "police detained 120 people".
VERBS_BEFORE = {
    "killed": r"(?:killed|killing|kills|kill|claimed\s+the\s+lives\s+of|left|shot\s+dead|shooting\s+dead|beheaded|"
              r"beheading|executed|executing|massacred|murdered|hacked\s+to\s+death|stabbed\s+to\s+death|"
              r"beat\s+to\s+death|lynched|(?:death\s+)?toll\s+(?:at|to|of|rose\s+to|climbed\s+to|stood\s+at|reached))",
    "injured": r"(?:injured|injuring|injures|wounded|wounding|wounds)",
    "arrested": r"(?:arrested|arresting|arrests|detained|detaining|detains|rounded\s+up|apprehended)",
}
NONE_HURT = re.compile(r"\bno\s+(?:one|body|casualties|deaths|injuries|fatalities)\b|\bnobody\b|"
                       r"\bwithout\s+(?:casualties|injuries)\b")
COPULA = (r"(?:(?:were|are|was|is|have\s+been|had\s+been|has\s+been|reported(?:\s+to\s+be)?|reportedly|"
          r"confirmed|feared|believed\s+to\s+be|left|now)\s+)*")


@dataclass(frozen=True, slots=True)
class Count:
    best: int | None
    low: int | None
    high: int | None


def number_value(phrase: str) -> int | None:
    """12, 1,200, 'twenty-seven', 'two hundred and five', 'dozens' → int (None for 'several')."""
    phrase = phrase.lower().strip()
    if phrase in VAGUE:
        return VAGUE[phrase]
    digits = re.sub(r"[,\s]", "", phrase)
    if digits.isdigit():
        return int(digits)
    total = current = 0
    for word in re.split(r"[\s-]+", phrase):
        if word == "and":
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in SCALES:
            current = max(current, 1) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0
        else:
            return None
    return total + current


# One person killed: "killing a 16-year-old boy", "a tractor driver was killed", "beat a man to death".
PERSON = (r"(?:man|woman|boy|girl|child|baby|teenager|student|pupil|driver|leader|officer|policeman|policewoman|"
          r"soldier|civilian|journalist|reporter|farmer|worker|labourer|laborer|villager|resident|teacher|priest|"
          r"imam|pastor|activist|protester|demonstrator|member|guard|passenger|pilot|doctor|nurse|official|chief|"
          r"commander|youth|person|suspect|trader|herder|elder|mayor|judge|lawyer|politician|candidate|fighter|"
          r"minister|director|playwright|writer|blogger|figure|spokesman|spokeswoman|editor|general|colonel|"
          r"\d+-year-old)")
ADJECTIVES = r"(?:[\w'-]+\s+){0,4}?"
SINGLE_KILLED = [
    rf"\b(?:{VERBS_BEFORE['killed']})\s+(?:a|an|the|one)\s+{ADJECTIVES}{PERSON}\b",
    rf"\b(?:a|an|one)\s+{ADJECTIVES}{PERSON}\s+(?:was|has\s+been|had\s+been)\s+(?:\w+\s+)?"
    rf"(?:killed|shot\s+dead|beaten\s+to\s+death|stabbed\s+to\s+death|murdered|lynched|beheaded)",
    rf"\b(?:a|an|one)\s+{ADJECTIVES}{PERSON}\s+(?:\w+\s+)?died\b",
    rf"\b(?:beat|beaten|hacked|stabbed|stoned)\s+(?:a|an|the)\s+{ADJECTIVES}{PERSON}\s+to\s+death",
]
SINGLE_ARRESTED = [rf"\b{VERBS_BEFORE['arrested']}\s+(?:a|an|the|one)\s+{ADJECTIVES}{PERSON}\b",
                   rf"\b(?:a|an|one)\s+{ADJECTIVES}{PERSON}\s+(?:was|has\s+been)\s+(?:arrested|detained)"]
SINGLE = {"killed": re.compile("|".join(SINGLE_KILLED)), "injured": None,
          "arrested": re.compile("|".join(SINGLE_ARRESTED))}
AND_ONE = re.compile(rf"\s+(?:[\w-]+\s+){{0,3}}?and\s+(a|an|one)\s+{ADJECTIVES}{PERSON}\b")

# A figure after "of the" is a group's size, not a toll ("one of the two hostages died" → 1), and one
# after "all" restates a figure already given ("police arrested 19 …; all 19 were held").
FIGURE = rf"(?<!of\sthe\s)(?<!\ball\s)(?:\b({LOW}|{HIGH}|{APPROX})\s+)?\b({NUMBER}|dozens|scores|hundreds|thousands)\b"


def count_of(sentence: str, outcome: str) -> Count | None:
    """The figure a sentence gives for one outcome (killed, injured, arrested), its parts summed."""
    text = sentence.lower()
    if outcome != "arrested" and NONE_HURT.search(text):
        return Count(0, 0, 0)
    parts = {}
    for pattern in PATTERNS[outcome]:
        for match in pattern.finditer(text):
            parts[match.start(2)] = (match.group(1) or "", number_value(match.group(2)))
            if one := AND_ONE.match(text, match.end(2)):   # "killed two civilians and a soldier"
                parts.setdefault(one.start(1), ("", 1))
    if not parts and SINGLE[outcome] and (single := SINGLE[outcome].search(text)):
        return Count(*[1 + bool(AND_ONE.match(text, single.end()))] * 3)   # "a director and a playwright"
    return combine([parts[start] for start in sorted(parts)])


PATTERNS = {outcome: (re.compile(rf"{FIGURE}(?={NOUNS}{COPULA}{words}\b)"),
                      re.compile(rf"\b{VERBS_BEFORE[outcome]}\s+{FIGURE}"))
            for outcome, words in OUTCOMES.items()}


def combine(parts: list[tuple[str, int | None]]) -> Count | None:
    values = [(qualifier, value) for qualifier, value in parts if value]
    if not values:
        return None
    best = sum(value for _, value in values)
    qualifiers = " ".join(qualifier for qualifier, _ in values).strip()
    low = best if re.search(LOW, qualifiers) or not qualifiers else None
    high = best if re.search(HIGH, qualifiers) or not qualifiers else None
    return Count(best, low, high)
