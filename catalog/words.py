"""The words shoppers type: normalised, filler left out, reduced to a stem, and corrected by one edit.

Plain Python with no database, shared by product search (on every database) and by the
knowledge base's condition and body-area search. Which words are filler, which plurals are
irregular and which words mean the same are data: `content/search_words.yaml`.
"""

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).resolve().parent / "content" / "search_words.yaml"
MIN_TYPO_LENGTH = 4  # shorter words must be spelled right: one edit turns "arm" into "ark"
MIN_PREFIX_LENGTH = 6  # "tendin" names tendinopathy; "run" names nothing but run
MAX_WORDS = 8  # a search reads at most this many words; the rest is not what a shopper looks for


@dataclass(frozen=True)
class SearchWords:
    """The search word lists: filler, irregular plurals (plural -> singular), and words that mean the same."""

    filler: frozenset[str]
    plurals: Mapping[str, str]
    same_as: Mapping[str, tuple[str, ...]]


def search_words_parse(data: object) -> SearchWords:
    """Return the word lists of a parsed `search_words.yaml`, or raise ValueError naming what is wrong."""
    if not isinstance(data, dict) or set(data) - {"filler", "plurals", "same_as"}:
        raise ValueError("search words: expected a mapping with filler, plurals and same_as")
    filler, plurals, same_as = data.get("filler") or [], data.get("plurals") or {}, data.get("same_as") or {}
    word = re.compile(r"[a-z0-9]+")
    if not isinstance(filler, list) or not all(isinstance(w, str) and word.fullmatch(w) for w in filler):
        raise ValueError("search words: filler must be a list of lower-case words")
    if not isinstance(plurals, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and word.fullmatch(k) and word.fullmatch(v)
        for k, v in plurals.items()
    ):
        raise ValueError("search words: plurals must map lower-case words to lower-case words")
    if (
        not isinstance(same_as, dict)
        or not all(
            isinstance(k, str) and word.fullmatch(k) and isinstance(v, list) and all(isinstance(w, str) for w in v)
            for k, v in same_as.items()
        )
        or not all(word.fullmatch(w) for v in same_as.values() for w in v)
    ):
        raise ValueError("search words: same_as must map lower-case words to lists of lower-case words")
    return SearchWords(frozenset(filler), dict(plurals), {k: tuple(v) for k, v in same_as.items()})


@functools.cache
def search_words() -> SearchWords:
    """Return the word lists of `content/search_words.yaml`, read once per process."""
    return search_words_parse(yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8")))


def _normalised(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("'", "").replace("\u2019", "")
    return re.findall(r"[a-z0-9]+", text)


def words_of(text: str) -> list[str]:
    """Return the lower-case words of a text, apostrophes dropped ("runner's" is "runners"), filler left out.

    A text made only of filler ("pain") keeps its words: something was asked for.
    """
    words = _normalised(text)
    filler = search_words().filler
    kept = [word for word in words if word not in filler]
    return kept or words


def word_stem(word: str) -> str:
    """Return a word without its plural or -ing ending: rollers, roller -> roller; stretching -> stretch."""
    plurals = search_words().plurals
    if word in plurals:
        return plurals[word]
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


def word_forms(word: str) -> tuple[str, ...]:
    """Return a word and its irregular other number ("calf" and "calves"), which stemmers do not join."""
    plurals = search_words().plurals
    forms = [word]
    forms += [plural for plural, singular in plurals.items() if singular == word]
    if word in plurals:
        forms.append(plurals[word])
    return tuple(dict.fromkeys(forms))


def words_same_as(word: str) -> tuple[str, ...]:
    """Return the words that mean what `word` means in the shop ("ice" -> "cold"), not the word itself."""
    same_as = search_words().same_as
    found = [*same_as.get(word, ()), *same_as.get(word_stem(word), ())]
    return tuple(w for w in dict.fromkeys(found) if w != word)


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class Vocabulary:
    """Known words with how many texts hold each, and which of them a misspelled word is one edit away from."""

    def __init__(self, counts: Mapping[str, int] | Iterable[str]):
        self.counts = dict(counts) if isinstance(counts, Mapping) else dict.fromkeys(counts, 1)
        self.stems = frozenset(self.counts)
        self._by_deletion: dict[str, set[str]] = {}
        for stem in self.stems:
            if len(stem) >= MIN_TYPO_LENGTH:
                for key in _deletions(stem) | {stem}:
                    self._by_deletion.setdefault(key, set()).add(stem)
        self._sorted = sorted(self.stems)

    def __contains__(self, word: str) -> bool:
        return word in self.stems

    def _within_one_edit(self, stem: str) -> set[str]:
        found: set[str] = set()
        for key in _deletions(stem) | {stem}:
            found |= self._by_deletion.get(key, set())
        return {c for c in found if words_within_one_edit(stem, c)}

    def corrections(self, stem: str) -> list[str]:
        """Return the known words one insertion, deletion, substitution or swap away, the most used first."""
        if stem in self.stems or len(stem) < MIN_TYPO_LENGTH:
            return []
        return sorted(self._within_one_edit(stem) - {stem}, key=lambda c: (-self.counts[c], len(c), c))

    def matching(self, stem: str) -> set[str]:
        """Return the known stems a typed stem names: itself, and those it begins (6 letters or more)."""
        found = {stem} & self.stems
        if len(stem) >= MIN_PREFIX_LENGTH:
            at = bisect.bisect_left(self._sorted, stem)
            while at < len(self._sorted) and self._sorted[at].startswith(stem):
                found.add(self._sorted[at])
                at += 1
        return found


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
