"""The words shoppers type: normalised, reduced to a stem, and matched with one typo allowed.

Plain Python with no database, shared by product search (on every database) and by the
knowledge base's condition and symptom search.
"""

import bisect
import re
import unicodedata
from collections.abc import Iterable

# Words that say nothing about what a shopper wants.
STOPWORDS = frozenset(
    {"a", "an", "and", "at", "by", "for", "from", "i", "in", "is", "it", "its"}
    | {"me", "my", "of", "on", "or", "the", "to", "with"}
)
IRREGULAR = {"calves": "calf", "feet": "foot", "heels": "heel", "thighs": "thigh"}
MIN_TYPO_LENGTH = 4  # shorter words must be spelled right: one edit turns "arm" into "ark"


def words_of(text: str) -> list[str]:
    """Return the lower-case words of a text, apostrophes dropped ("runner's" is "runners"), stopwords left out."""
    text = unicodedata.normalize("NFKC", text).lower().replace("'", "").replace("\u2019", "")
    return [word for word in re.findall(r"[a-z0-9]+", text) if word not in STOPWORDS]


def word_stem(word: str) -> str:
    """Return a word without its plural or -ing ending: rollers, roller -> roller; stretching -> stretch."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        stem = word[:-3]
        # running -> run, not runn
        return stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsz" else stem
    return word


def stems_of(text: str) -> list[str]:
    """Return the stems of a text's words, in order."""
    return [word_stem(word) for word in words_of(text)]


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Vocabulary:
    """Known stems, and which of them a misspelled stem is one edit away from."""

    def __init__(self, stems: Iterable[str]):
        self.stems = frozenset(stems)
        self._by_deletion: dict[str, set[str]] = {}
        for stem in self.stems:
            if len(stem) >= MIN_TYPO_LENGTH:
                for key in _deletions(stem) | {stem}:
                    self._by_deletion.setdefault(key, set()).add(stem)

        self._sorted = sorted(self.stems)

    def _within_one_edit(self, stem: str) -> set[str]:
        found: set[str] = set()
        for key in _deletions(stem) | {stem}:
            found |= self._by_deletion.get(key, set())
        return {c for c in found if words_within_one_edit(stem, c)}

    def corrections(self, stem: str) -> list[str]:
        """Return the known stems one insertion, deletion, substitution or swap away, best first."""
        if stem in self.stems or len(stem) < MIN_TYPO_LENGTH:
            return []
        return sorted(self._within_one_edit(stem) - {stem}, key=lambda c: (len(c), c))

    def matching(self, stem: str) -> set[str]:
        """Return the known stems `stem_matches` accepts for a typed stem, found by lookup rather than a scan."""
        found = {stem} & self.stems
        if len(stem) >= MIN_TYPO_LENGTH:
            found |= self._within_one_edit(stem)
        if len(stem) >= 6:
            at = bisect.bisect_left(self._sorted, stem)
            while at < len(self._sorted) and self._sorted[at].startswith(stem):
                found.add(self._sorted[at])
                at += 1
        return found

    def variants(self, stem: str) -> list[str]:
        """Return the stem itself and, when it is unknown, its corrections."""
        return [stem, *self.corrections(stem)]


def words_within_one_edit(a: str, b: str) -> bool:
    """Whether two words differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def stem_matches(query: str, known: str) -> bool:
    """Whether a typed stem names a known stem: the same, one edit away (long words), or its start (6+ letters)."""
    if query == known:
        return True
    if len(query) >= MIN_TYPO_LENGTH and len(known) >= MIN_TYPO_LENGTH and words_within_one_edit(query, known):
        return True
    return len(query) >= 6 and known.startswith(query)
