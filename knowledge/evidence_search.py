"""The Evidence page's search words: what a typed word also finds, in English and Korean.

Search words, not clinical claims: a search for one spelling or name finds the entries that
use any of its equivalents.
- English: spellings and names that mean the same search (issue 22: "ciclosporin", the UK
  and INN spelling, found only the German guideline), `SEARCH_SYNONYMS`.
- Korean (issue 23): a Korean term of the glossary (knowledge/data/glossary_ko.yaml) also
  finds the English words it stands for (시클로스포린 -> ciclosporin, cyclosporine;
  면역글로불린 -> IVIG; 스테로이드 -> corticosteroids), and they join their English groups.
An entry's own Korean text (`ko`) is part of what the search reads (`entry_matches`).
"""

from __future__ import annotations

import re
from functools import cache

from knowledge.evidence import EvidenceEntry, iter_strings
from knowledge.glossary import english_for, search_key, search_synonyms

SEARCH_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"ciclosporin", "cyclosporin", "cyclosporine", "ciclosporine"}),
    frozenset({"ivig", "immunoglobulin", "immune globulin", "immunoglobulins"}),
    frozenset({"tnf", "anti-tnf", "etanercept", "infliximab"}),
)
MIN_SYNONYM_PREFIX = 3  # "cic" already means ciclosporin; "ci" could be a CI
# A Korean syllable carries about as much as a Latin word's first letters: "시클" is already
# a search for 시클로스포린, "시" alone is not.
MIN_KOREAN_PREFIX = 2
HANGUL = re.compile(r"[가-힣]")


@cache
def _korean_terms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Every Korean spelling of the glossary as the search compares it, with the English
    words it finds (static data, read once)."""
    return tuple((search_key(spelling), words) for spelling, words in search_synonyms().items())


def english_of_korean(text: str) -> frozenset[str]:
    """The English words (case-folded) a Korean search stands for: those of the glossary term
    it names, whatever its spacing, and of every term it begins ("스테로" -> steroid)."""
    if not HANGUL.search(text):
        return frozenset()
    words = set(english_for(text))
    typed = search_key(text)
    if len(typed) >= MIN_KOREAN_PREFIX:
        for spelling, english in _korean_terms():
            if spelling.startswith(typed):
                words.update(english)
    return frozenset(word.casefold() for word in words)


def _with_synonyms(word: str) -> set[str]:
    """A word and, from three letters on, every spelling of a synonym group it joins: when it
    starts one of the group's words ("ciclo") or one of them starts it ("cyclosporine a")."""
    terms = {word}
    if len(word) >= MIN_SYNONYM_PREFIX:
        for group in SEARCH_SYNONYMS:
            if any(other.startswith(word) or word.startswith(other) for other in group):
                terms |= group
    return terms


def search_terms(text: str) -> frozenset[str]:
    """The typed text and every spelling or name it stands for, case-folded."""
    needle = text.strip().casefold()
    terms = _with_synonyms(needle)
    for word in english_of_korean(needle):
        terms |= _with_synonyms(word)
    return frozenset(terms)


def entry_matches(entry: EvidenceEntry, text: str) -> bool:
    """Whether any text of the entry, its Korean included, holds the search or a synonym."""
    terms = search_terms(text)
    haystack = (s.casefold() for _, s in iter_strings(entry.model_dump(mode="json")))
    return any(term in s for s in haystack for term in terms)
