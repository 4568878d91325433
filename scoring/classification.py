"""Extent category by epidermal detachment (Bastuji-Garin et al. 1993).

Bastuji-Garin S et al. Clinical classification of cases of toxic epidermal necrolysis,
Stevens-Johnson syndrome, and erythema multiforme. Arch Dermatol 1993;129(1):92-6.
doi:10.1001/archderm.1993.01680220104023, PMID 8420497.
Below 10 % SJS; 10 % to 30 % (both ends included) overlap; above 30 % TEN.
"""

from __future__ import annotations

import numpy as np

from knowledge.i18n import Text
from scoring.words import english

REFERENCE = (
    "Bastuji-Garin S et al. Clinical classification of cases of TEN, SJS and erythema "
    "multiforme. Arch Dermatol 1993;129(1):92-6. doi:10.1001/archderm.1993.01680220104023"
)
# Naming, as in every rule module: REFERENCE is the rule's primary source (one text);
# REFERENCES all the sources the module's rules cite, the primary first.
REFERENCES: tuple[str, ...] = (REFERENCE,)
SJS_BELOW_PCT = 10.0  # "detachment below 10 %"
TEN_ABOVE_PCT = 30.0  # "TEN with spots: above 30 %"

# The categories as the contract writes them (`classification`); on screen in the reader's
# language: `category_text`.
SJS = "SJS"
OVERLAP = "SJS/TEN overlap"
TEN = "TEN"
_CATEGORY_KEYS = {
    SJS: "engine.extent.sjs",
    OVERLAP: "engine.extent.overlap",
    TEN: "engine.extent.ten",
}

CAVEAT_TEXT = Text("engine.extent.caveat")
CAVEAT = english(CAVEAT_TEXT)


def category_text(category: str) -> Text:
    """An extent category in words ("SJS/TEN overlap" -> "SJS/TEN 중첩반응")."""
    return Text(_CATEGORY_KEYS[category])


def classify(bsa_detached_pct: float | None) -> str | None:
    """One case: the cohort rule below on one row, so the bands are written once."""
    if bsa_detached_pct is None:
        return None
    return classify_array(np.array([bsa_detached_pct], dtype=np.float64))[0]


def classify_array(bsa: np.ndarray) -> np.ndarray:
    """The extent category of each value; NaN (not known) gives None."""
    labels = np.select(
        [bsa < SJS_BELOW_PCT, bsa <= TEN_ABOVE_PCT, bsa > TEN_ABOVE_PCT],
        [SJS, OVERLAP, TEN],
        default="",
    ).astype(object)
    labels[labels == ""] = None
    return labels
