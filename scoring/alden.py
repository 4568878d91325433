"""ALDEN: algorithm of drug causality for epidermal necrolysis.

Primary source: Sassolas B, Haddad C, Mockenhaupt M, et al. Clin Pharmacol Ther
2010;88(1):60-68, doi:10.1038/clpt.2009.252, PMID 20375998, Table 1 (read as reproduced
in Burns 2021;48:1561-73, PMC9124451 Table 1, and Eur J Med Res 2023, doi:
10.1186/s40001-023-01142-2, Table 3). Where the paper leaves room, the project's rules
apply (docs/cli-contract.md, `alden`).

Pure functions: no I/O, no UI. `assess(record)` takes one contract input object and
returns the contract output object; `assess_case(case)` is the typed core the app uses.
The typed input and its parser are in scoring/alden_input.py (re-exported here); the
delay bands are data (`DELAY_BANDS`), read by the score, the Method page and the timeline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict

from knowledge.drugs import NOTORIETY_MAX, NOTORIETY_MIN, DrugCatalogue
from knowledge.drugs import default_catalogue as _default_catalogue
from knowledge.i18n import LocalizedNote, Text
from scoring.alden_input import (
    DRUG_FIELDS,
    AldenCase,
    DrugExposure,
    Named,
    Parser,
    PreviousExposure,
    drug_who,
    is_echoable,
    message_texts,
    parse,
)
from scoring.models import FieldRef, Issue
from scoring.words import english

REFERENCE = (
    "Sassolas B, Haddad C, Mockenhaupt M, et al. ALDEN, an algorithm for assessment of drug "
    "causality in Stevens-Johnson syndrome and toxic epidermal necrolysis: comparison with "
    "case-control analysis. Clin Pharmacol Ther 2010;88(1):60-68. doi:10.1038/clpt.2009.252"
)
REFERENCES: tuple[str, ...] = (REFERENCE,)
# Drugs entered but no ranking: the one wording of it (chart note, next steps, summary).
NOT_SCORED_TEXT = Text("alden.not_scored")
NOT_SCORED = english(NOT_SCORED_TEXT)


def _t(key: str, **params: Any) -> Text:
    """An ALDEN word (alden.yaml `alden.<key>`)."""
    return Text(f"alden.{key}", params)


# --- criterion 1: delay from first intake to the index day (Sassolas 2010, Table 1) -------
# The bands are data: the score, the Method page and the timeline all read this one table.
# Days are inclusive calendar-day differences (index day - first intake); None = open end.
# A drug started on or after the index day (delay <= 0) is "excluded" (Table 1; contract).


@dataclass(frozen=True)
class DelayBand:
    """One row of ALDEN criterion 1: a first intake `first_day` to `last_day` days before
    the index day (inclusive, None = open end) scores `points`."""

    label: str
    points: int
    first_day: int | None
    last_day: int | None

    def contains(self, delay_days: int) -> bool:
        above = self.first_day is None or delay_days >= self.first_day
        return above and (self.last_day is None or delay_days <= self.last_day)

    @property
    def label_text(self) -> Text:
        """The band's value in words ("Suggestive" / "시사적")."""
        return _t(f"delay.{self.label.lower()}")

    def days_words(self, to: Literal["-", " to "] = "-") -> Text:
        """The band in words, e.g. "5-28 days" ("5 to 28 days"), "more than 56 days"."""
        if self.first_day is None:
            return _t("band.on_or_after")
        if self.last_day is None:
            return _t("band.more_than", days=self.first_day - 1)
        key = "band.range" if to == "-" else "band.range_to"
        return _t(key, first=self.first_day, last=self.last_day)

    def days_text(self, to: Literal["-", " to "] = "-") -> str:
        """`days_words` in English."""
        return english(self.days_words(to))


_DELAY_EXCLUDED = DelayBand("Excluded", -3, None, 0)
_DELAY_UNLIKELY = DelayBand("Unlikely", -1, 57, None)  # "> 56 days"
DELAY_BANDS: tuple[DelayBand, ...] = (
    _DELAY_EXCLUDED,
    DelayBand("Likely", 1, 1, 4),  # "Likely +1: from 1 to 4 days"
    DelayBand("Suggestive", 3, 5, 28),  # "Suggestive +3: from 5 to 28 days"
    DelayBand("Compatible", 2, 29, 56),  # "Compatible +2: from 29 to 56 days"
    _DELAY_UNLIKELY,
)
# "In case of previous reaction to the same drug, only changes for: Suggestive +3 from 1 to
# 4 days; Likely +1 from 5 to 56 days" (Table 1). > 56 days and "excluded" are unchanged.
DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION: tuple[DelayBand, ...] = (
    _DELAY_EXCLUDED,
    DelayBand("Suggestive", 3, 1, 4),
    DelayBand("Likely", 1, 5, 56),
    _DELAY_UNLIKELY,
)


def delay_band(label: str, previous_same_drug_reaction: bool = False) -> DelayBand:
    """The band called `label` (e.g. "Suggestive") in the table that applies."""
    bands = DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION if previous_same_drug_reaction else DELAY_BANDS
    return next(b for b in bands if b.label == label)


# --- criterion 2: drug present in the body on the index day (Table 1) ---------------------
# "stopped at a time point less than 5 times the elimination half-life before the index
# day" = definite; the paper does not cover equality: the project counts an interval of
# exactly 5 half-lives as present (drugs.md §1.4.4: interval <= 5 x t1/2).
PRESENCE_HALF_LIVES = 5
HOURS_PER_DAY = 24
PRESENCE_DEFINITE = 0
PRESENCE_DOUBTFUL = -1  # > 5 t1/2 but liver/kidney alterations or suspected interactions
PRESENCE_EXCLUDED = -3  # > 5 t1/2 without them

# --- criterion 3: prechallenge/rechallenge (Table 1; mapping of contract values, §1.4.5) ---
# (points, Table 1's value) per contract value; why: `alden.why.<value>` (alden.yaml).
PRECHALLENGE: Mapping[PreviousExposure, tuple[int, Text]] = {
    "sjs_ten_same_drug": (4, _t("value.positive_specific_both")),
    "sjs_ten_similar_drug": (2, _t("value.positive_specific_either")),
    "other_reaction_same_drug": (2, _t("value.positive_specific_either")),
    "other_reaction_similar_drug": (1, _t("value.positive_unspecific")),
    "none": (0, _t("value.not_done")),
    "unknown": (0, _t("value.not_done")),
    "tolerated": (-2, _t("value.negative")),
}
# The same in English: (points, value, why), as every caller has read it.
PRECHALLENGE_POINTS: Mapping[PreviousExposure, tuple[int, str, str]] = {
    exposure: (points, english(value), english(_t(f"why.{exposure}")))
    for exposure, (points, value) in PRECHALLENGE.items()
}
# Only a previous reaction to the SAME drug changes the delay bands (Table 1, "same drug").
PREVIOUS_SAME_DRUG_REACTION = frozenset({"sjs_ten_same_drug", "other_reaction_same_drug"})

# --- criterion 4: dechallenge (Table 1) ----------------------------------------------------
DECHALLENGE_NEUTRAL = 0  # drug stopped (or unknown)
DECHALLENGE_NEGATIVE = -2  # drug continued without harm (contract: continued_after_onset true)

# --- criterion 5: notoriety, -1..3 (Table 1); value from knowledge/data/drugs.yaml ---------
NOTORIETY_UNKNOWN = 0  # "Unknown: all other drugs including newly released ones"

# --- criterion 6: other cause (Table 1, as reproduced in secondary sources; drugs.md §1.4.8)
# "Rank all drugs from highest to lowest intermediate score. If at least one has an
# intermediate score > 3, subtract 1 point from the score of each of the other drugs."
# Drugs tied at the top keep 0 (Meregildo-Rodriguez 2021/2022 worked case). Never below -1.
OTHER_CAUSE_TRIGGER_GT = 3
OTHER_CAUSE_PENALTY = -1
# A proven non-drug cause (e.g. Mycoplasma) giving -1 to EVERY drug is this project's
# convention (docs/cli-contract.md, record field `other_cause_non_drug`), not Sassolas 2010
# Table 1, which ranks drugs only against each other.
NON_DRUG_CAUSE_CONVENTION_TEXT = _t("non_drug_convention")
NON_DRUG_CAUSE_CONVENTION = english(NON_DRUG_CAUSE_CONVENTION_TEXT)

# --- final categories (Sassolas 2010; bands confirmed in secondary sources, drugs.md §1.1) --
CATEGORY_VERY_PROBABLE_GE = 6
CATEGORY_PROBABLE_GE = 4
CATEGORY_POSSIBLE_GE = 2
CATEGORY_UNLIKELY_GE = 0  # below this: "very unlikely"
SCORE_MIN = -12  # -3 -3 -2 -2 -1 -1
SCORE_MAX = 10  # 3 + 0 + 4 + 0 + 3 + 0

# Lowest and highest points of criteria 1-5 (Table 1): bound the intermediate score of a
# drug whose input is broken, so criterion 6 of the other drugs can still be decided.
CRITERION_RANGES: Mapping[str, tuple[int, int]] = {
    "delay": (min(b.points for b in DELAY_BANDS), max(b.points for b in DELAY_BANDS)),
    "presence": (PRESENCE_EXCLUDED, PRESENCE_DEFINITE),
    "prechallenge": (
        min(p for p, _, _ in PRECHALLENGE_POINTS.values()),
        max(p for p, _, _ in PRECHALLENGE_POINTS.values()),
    ),
    "dechallenge": (DECHALLENGE_NEGATIVE, DECHALLENGE_NEUTRAL),
    "notoriety": (NOTORIETY_MIN, NOTORIETY_MAX),
}
INTERMEDIATE_MIN = sum(low for low, _ in CRITERION_RANGES.values())  # -11
INTERMEDIATE_MAX = sum(high for _, high in CRITERION_RANGES.values())  # 10

# --- provenance of every constant and rule (tests/scoring/test_registry.py) ---------------
# Each clinical constant and each rule where the paper leaves room names its source: the
# paper (with DOI), or "project convention" where this project chose (docs/cli-contract.md).
SASSOLAS_TABLE_1 = "Sassolas 2010, Table 1 (doi:10.1038/clpt.2009.252, PMID 20375998)"
PROJECT_CONVENTION = "project convention (docs/cli-contract.md)"
PROVENANCE: Mapping[str, str] = {
    "DELAY_BANDS": SASSOLAS_TABLE_1,
    "DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION": SASSOLAS_TABLE_1,
    "PRESENCE_HALF_LIVES": f"{SASSOLAS_TABLE_1}; exactly 5 half-lives counts as present: "
    f"{PROJECT_CONVENTION}",
    "HOURS_PER_DAY": f"unit: calendar days x 24 h, delays in calendar days: {PROJECT_CONVENTION}",
    "PRESENCE_DEFINITE": SASSOLAS_TABLE_1,
    "PRESENCE_DOUBTFUL": SASSOLAS_TABLE_1,
    "PRESENCE_EXCLUDED": SASSOLAS_TABLE_1,
    "PRECHALLENGE_POINTS": f"points: {SASSOLAS_TABLE_1}; mapping of the contract's "
    f"previous_exposure values: {PROJECT_CONVENTION}",
    "PRECHALLENGE": f"points: {SASSOLAS_TABLE_1}; mapping of the contract's "
    f"previous_exposure values: {PROJECT_CONVENTION}",
    "DECHALLENGE_NEUTRAL": SASSOLAS_TABLE_1,
    "DECHALLENGE_NEGATIVE": f"{SASSOLAS_TABLE_1}; continued_after_onset true = continued "
    f"without harm: {PROJECT_CONVENTION}",
    "NOTORIETY_UNKNOWN": SASSOLAS_TABLE_1,
    "NOTORIETY_MIN": f"{SASSOLAS_TABLE_1} (defined in knowledge/drugs.py)",
    "NOTORIETY_MAX": f"{SASSOLAS_TABLE_1} (defined in knowledge/drugs.py)",
    "NOTORIETY_LABELS": f"{SASSOLAS_TABLE_1} (defined in knowledge/drugs.py)",
    "OTHER_CAUSE_TRIGGER_GT": SASSOLAS_TABLE_1,
    "OTHER_CAUSE_PENALTY": SASSOLAS_TABLE_1,
    "CATEGORY_VERY_PROBABLE_GE": "Sassolas 2010 score bands (doi:10.1038/clpt.2009.252)",
    "CATEGORY_PROBABLE_GE": "Sassolas 2010 score bands (doi:10.1038/clpt.2009.252)",
    "CATEGORY_POSSIBLE_GE": "Sassolas 2010 score bands (doi:10.1038/clpt.2009.252)",
    "CATEGORY_UNLIKELY_GE": "Sassolas 2010 score bands (doi:10.1038/clpt.2009.252)",
    "SCORE_MIN": f"sum of the lowest points of criteria 1-6, {SASSOLAS_TABLE_1}",
    "SCORE_MAX": f"sum of the highest points of criteria 1-6, {SASSOLAS_TABLE_1}",
    "CRITERION_RANGES": f"lowest and highest points of criteria 1-5, {SASSOLAS_TABLE_1}",
    "INTERMEDIATE_MIN": f"sum of CRITERION_RANGES lows, {SASSOLAS_TABLE_1}",
    "INTERMEDIATE_MAX": f"sum of CRITERION_RANGES highs, {SASSOLAS_TABLE_1}",
    # Rules where the paper leaves room.
    "rule: drug started on or after the index day is excluded (-3), not rejected": (
        f"{SASSOLAS_TABLE_1}; 'not rejected': {PROJECT_CONVENTION}"
    ),
    "rule: unknown half-life scores presence 0 with a warning": PROJECT_CONVENTION,
    "rule: drugs tied at the top keep 0 for criterion 6": (
        f"{PROJECT_CONVENTION}; follows the worked case of Meregildo-Rodriguez 2021/2022"
    ),
    "rule: a non-drug cause gives -1 to every drug": PROJECT_CONVENTION,
    "rule: an error in one drug's input is an error for that drug; criterion 6 bounded": (
        PROJECT_CONVENTION
    ),
}

Category = Literal["very unlikely", "unlikely", "possible", "probable", "very probable"]
CriterionKey = Literal[
    "delay", "presence", "prechallenge", "dechallenge", "notoriety", "other_cause"
]
CRITERIA: tuple[CriterionKey, ...] = get_args(CriterionKey)


def category_text(category: Category) -> Text:
    """A causality category in words ("very probable" / "매우 가능성 높음")."""
    return _t(f"category.{category.replace(' ', '_')}")


# Notoriety (criterion 5) in words, by value (knowledge.drugs.NOTORIETY_LABELS in English).
_NOTORIETY_CODES: Mapping[int, str] = {
    3: "strongly_associated",
    2: "associated",
    1: "suspected",
    0: "unknown",
    -1: "not_suspected",
}


def notoriety_text(value: int, *, in_text: bool = False) -> Text:
    """A notoriety value's name ("Strongly associated"; inside a sentence, "strongly
    associated")."""
    return _t(("notoriety." if in_text else "notoriety_value.") + _NOTORIETY_CODES[value])


def category(score: int) -> Category:
    """ALDEN causality category of a final score."""
    if score >= CATEGORY_VERY_PROBABLE_GE:
        return "very probable"
    if score >= CATEGORY_PROBABLE_GE:
        return "probable"
    if score >= CATEGORY_POSSIBLE_GE:
        return "possible"
    if score >= CATEGORY_UNLIKELY_GE:
        return "unlikely"
    return "very unlikely"


# --- typed models ----------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AldenCriterion(_Frozen):
    key: CriterionKey
    points: int
    label: str  # ALDEN wording of the value, e.g. "Suggestive" (English)
    explanation: str  # why, in words (English)
    label_text: Text  # the same two for the screen, in the reader's language
    explanation_text: Text


class DrugAssessment(_Frozen):
    input_index: int  # position in the input list (output is sorted by score)
    name: str
    normalized_name: str
    known: bool  # in the knowledge base
    criteria: tuple[AldenCriterion, ...]
    intermediate_score: int  # criteria 1-5
    score: int
    category: Category
    notes: tuple[str, ...] = ()  # in English (the contract's)
    note_texts: tuple[Text, ...] = ()  # the same notes for the screen

    @property
    def category_text(self) -> Text:
        return category_text(self.category)

    def points(self, key: CriterionKey) -> int:
        return next(c.points for c in self.criteria if c.key == key)

    def to_contract(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "normalized_name": self.normalized_name,
            "criteria": {c.key: c.points for c in self.criteria},
            "score": self.score,
            "category": self.category,
            "notes": list(self.notes),
        }


class AldenResult(_Frozen):
    id: Any = None
    index_day: date | None = None
    drugs: tuple[DrugAssessment, ...] = ()  # sorted by final score, highest first
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    references: tuple[str, ...] = REFERENCES


# --- criteria ----------------------------------------------------------------------------


def _days(days: int) -> Text:
    return _t("days.one") if days == 1 else _t("days.many", days=days)


def score_delay(delay_days: int, previous_same_drug_reaction: bool) -> AldenCriterion:
    """Criterion 1 from the calendar-day delay (index day - start)."""
    bands = DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION if previous_same_drug_reaction else DELAY_BANDS
    band = next(b for b in bands if b.contains(delay_days))
    if band.first_day is None:
        when = _t("when.on") if delay_days == 0 else _t("when.after", days=_days(-delay_days))
        return _c("delay", band.points, band.label_text, _t("why.delay_excluded", when=when))
    if band not in DELAY_BANDS:  # a band that a previous reaction to the same drug changes
        why = _t(
            "why.delay_changed",
            days=_days(delay_days),
            band=band.days_words(),
            value=_t(f"delay_in_text.{band.label.lower()}"),
        )
        return _c("delay", band.points, band.label_text, why)
    why = _t("why.delay", days=_days(delay_days), band=band.days_words())
    return _c("delay", band.points, band.label_text, why)


def score_presence(
    days_stopped_before_index: int | None,
    half_life_hours: float | None,
    organ_impairment_or_interaction: bool,
) -> AldenCriterion:
    """Criterion 2. `days_stopped_before_index` None or <= 0 = taken up to the index day."""
    definite = _t("value.definite")
    if days_stopped_before_index is None:
        return _c("presence", PRESENCE_DEFINITE, definite, _t("why.still_taken"))
    if days_stopped_before_index <= 0:
        return _c("presence", PRESENCE_DEFINITE, definite, _t("why.taken_up_to"))
    gap_hours = days_stopped_before_index * HOURS_PER_DAY
    stopped = _t("why.stopped_before", days=days_stopped_before_index, hours=gap_hours)
    if half_life_hours is None:
        return _c(
            "presence",
            PRESENCE_DEFINITE,
            _t("value.definite_half_life_unknown"),
            _t("why.half_life_unknown", stopped=stopped),
        )
    limit = PRESENCE_HALF_LIVES * half_life_hours
    compare = _t(
        "why.five_half_lives", stopped=stopped, half_life=f"{half_life_hours:g}", limit=f"{limit:g}"
    )
    if gap_hours <= limit:
        return _c("presence", PRESENCE_DEFINITE, definite, _t("why.within", compare=compare))
    if organ_impairment_or_interaction:
        return _c(
            "presence",
            PRESENCE_DOUBTFUL,
            _t("value.doubtful"),
            _t("why.beyond_but_slowed", compare=compare),
        )
    return _c(
        "presence", PRESENCE_EXCLUDED, _t("value.excluded"), _t("why.beyond", compare=compare)
    )


def score_prechallenge(previous_exposure: PreviousExposure) -> AldenCriterion:
    points, value = PRECHALLENGE[previous_exposure]
    return _c("prechallenge", points, value, _t(f"why.{previous_exposure}"))


def score_dechallenge(continued_after_onset: bool | None) -> AldenCriterion:
    if continued_after_onset is True:
        return _c("dechallenge", DECHALLENGE_NEGATIVE, _t("value.negative"), _t("why.continued"))
    why = _t("why.stopped") if continued_after_onset is False else _t("why.continued_unknown")
    return _c("dechallenge", DECHALLENGE_NEUTRAL, _t("value.neutral"), why)


def score_notoriety(value: int, basis: Text) -> AldenCriterion:
    return _c("notoriety", value, notoriety_text(value), basis)


def other_cause_points(intermediate: Sequence[int], non_drug_cause: bool) -> list[int]:
    """Criterion 6 for every drug: -1 iff another drug's intermediate score is > 3 and
    higher than this one (ties at the top keep 0), or a non-drug cause is given."""
    top = max(intermediate, default=0)
    points = []
    for value in intermediate:
        outranked = top > OTHER_CAUSE_TRIGGER_GT and value < top
        points.append(OTHER_CAUSE_PENALTY if outranked or non_drug_cause else 0)
    return points


def _other_cause_criterion(points: int, value: int, top: int, non_drug: bool) -> AldenCriterion:
    possible = _t("value.possible")
    if non_drug:
        why = _t("why.non_drug_cause", convention=NON_DRUG_CAUSE_CONVENTION_TEXT)
        return _c("other_cause", points, possible, why)
    if points:
        return _c("other_cause", points, possible, _t("why.outranked", top=top, value=value))
    if top > OTHER_CAUSE_TRIGGER_GT:
        return _c("other_cause", 0, _t("value.none"), _t("why.top_ranked", value=value))
    return _c("other_cause", 0, _t("value.none"), _t("why.none_above_3"))


def _c(key: CriterionKey, points: int, label: Text, explanation: Text) -> AldenCriterion:
    return AldenCriterion(
        key=key,
        points=points,
        label=english(label),
        explanation=english(explanation),
        label_text=label,
        explanation_text=explanation,
    )


# --- one drug, then the case ------------------------------------------------------------


class _Knowledge(BaseModel):
    """What the knowledge base says about one input name (internal)."""

    model_config = ConfigDict(frozen=True)
    normalized_name: str
    known: bool
    notoriety: int | None
    notoriety_text: Text  # why criterion 5 scores the knowledge base's value
    half_life_hours: float | None
    half_life_text: Text
    notes: tuple[Text, ...] = ()
    warnings: tuple[Text, ...] = ()


def _knowledge(name: str, catalogue: DrugCatalogue) -> _Knowledge:
    match = catalogue.lookup(name)
    entry = match.entry
    if entry is None:
        return _unknown_knowledge(name, match.normalized_name, match.suggestion, catalogue)
    brand = match.how not in ("", "generic name")
    notes = [_t("note.brand", name=name, generic=entry.name)] if brand else []
    basis = _t(
        "why.notoriety_kb",
        label=notoriety_text(entry.notoriety.value, in_text=True),
        citations=catalogue.citations(entry.notoriety),
    )
    if not catalogue.is_verified(entry.notoriety):
        notes.append(_t("note.unverified_notoriety", value=f"{entry.notoriety.value:+d}"))
    half_life, half_life_text = None, _t("half_life.not_in_knowledge_base")
    if entry.half_life is not None:
        half_life = entry.half_life.hours
        half_life_text = _t(
            "half_life.knowledge_base",
            hours=f"{entry.half_life.hours:g}",
            substance=LocalizedNote.of(entry.half_life, "substance"),
        )
    return _Knowledge(
        normalized_name=entry.name,
        known=True,
        notoriety=entry.notoriety.value,
        notoriety_text=basis,
        half_life_hours=half_life,
        half_life_text=half_life_text,
        notes=tuple(notes),
    )


def _unknown_knowledge(
    name: str, combination: str | None, suggestion: str | None, catalogue: DrugCatalogue
) -> _Knowledge:
    if combination is not None:
        # Every component is known, but the product is not: ALDEN scores each drug on its
        # own, so separate drugs typed on one line must be entered separately.
        parts = [catalogue.get(c) for c in combination.split("/")]
        listed = ", ".join(f"{p.name} {p.notoriety.value:+d}" for p in parts if p is not None)
        note = _t("note.combination", name=name, listed=listed)
        return _not_in_knowledge_base(combination, note)
    if suggestion:
        note = _t("note.unknown_drug_suggestion", name=name, suggestion=suggestion)
    else:
        note = _t("note.unknown_drug", name=name)
    return _not_in_knowledge_base(re.sub(r"\s+", " ", name.strip().lower()), note)


def _not_in_knowledge_base(normalized_name: str, note: Text) -> _Knowledge:
    """ALDEN's default for a drug the knowledge base does not hold: notoriety unknown."""
    return _Knowledge(
        normalized_name=normalized_name,
        known=False,
        notoriety=None,
        notoriety_text=_t("half_life.not_in_knowledge_base"),
        half_life_hours=None,
        half_life_text=_t("half_life.not_in_knowledge_base"),
        notes=(note,),
        warnings=(note,),
    )


def _criteria_1_to_5(
    drug: DrugExposure, index_day: date, kb: _Knowledge
) -> tuple[list[AldenCriterion], list[Text], list[tuple[str, str, Text]]]:
    """Criteria 1-5, notes for the drug, and (field, message, text) warnings."""
    notes = list(kb.notes)
    warnings = [("name", english(w), w) for w in kb.warnings]
    delay = score_delay(
        (index_day - drug.start).days, drug.previous_exposure in PREVIOUS_SAME_DRUG_REACTION
    )
    half_life, basis = kb.half_life_hours, kb.half_life_text
    if drug.half_life_hours is not None:
        half_life = drug.half_life_hours
        basis = _t("half_life.given", hours=f"{drug.half_life_hours:g}")
    stopped_before = None if drug.stop is None else (index_day - drug.stop).days
    presence = score_presence(stopped_before, half_life, drug.organ_impairment_or_interaction)
    if stopped_before is not None and stopped_before > 0:
        notes.append(_t("note.half_life_used", basis=basis))
        if half_life is None:
            message, text = message_texts(
                "alden.warning.half_life_unknown",
                name=drug.name,
                field=Named("half_life_hours", first=False),
            )
            warnings.append(("half_life_hours", message, text))
    if drug.notoriety is not None:
        notoriety = score_notoriety(drug.notoriety, _t("why.notoriety_given"))
        if drug.notoriety != kb.notoriety:
            was: Text | str = (
                _t("note.notoriety_unknown") if kb.notoriety is None else f"{kb.notoriety:+d}"
            )
            notes.append(_t("note.notoriety_given", value=f"{drug.notoriety:+d}", was=was))
    elif kb.notoriety is not None:
        notoriety = score_notoriety(kb.notoriety, kb.notoriety_text)
    else:
        notoriety = score_notoriety(NOTORIETY_UNKNOWN, _t("why.not_in_knowledge_base"))
    criteria = [
        delay,
        presence,
        score_prechallenge(drug.previous_exposure),
        score_dechallenge(drug.continued_after_onset),
        notoriety,
    ]
    return criteria, notes, warnings


def assess_case(case: AldenCase, catalogue: DrugCatalogue | None = None) -> AldenResult:
    """ALDEN for every drug of a validated case, sorted by final score (highest first)."""
    catalogue = catalogue or _default_catalogue()
    partial = []
    warnings: list[Issue] = []
    for i, drug in enumerate(case.drugs):
        kb = _knowledge(drug.name, catalogue)
        criteria, notes, drug_warnings = _criteria_1_to_5(drug, case.index_day, kb)
        warnings += [Issue.at(FieldRef(field, i), m, t) for field, m, t in drug_warnings]
        partial.append((i, drug, kb, criteria, notes))
    intermediate = [sum(c.points for c in p[3]) for p in partial]
    sixth = other_cause_points(intermediate, case.other_cause_non_drug)
    top = max(intermediate)
    assessed = []
    for (i, drug, kb, criteria, notes), value, points in zip(
        partial, intermediate, sixth, strict=True
    ):
        other = _other_cause_criterion(points, value, top, case.other_cause_non_drug)
        final = value + points
        assessed.append(
            DrugAssessment(
                input_index=i,
                name=drug.name,
                normalized_name=kb.normalized_name,
                known=kb.known,
                criteria=(*criteria, other),
                intermediate_score=value,
                score=final,
                category=category(final),
                notes=tuple(english(note) for note in notes),
                note_texts=tuple(notes),
            )
        )
    # sorted() is stable: equal scores keep the input order.
    assessed.sort(key=lambda a: -a.score)
    return AldenResult(
        id=case.id, index_day=case.index_day, drugs=tuple(assessed), warnings=tuple(warnings)
    )


def _unscored_drugs(record: Any, catalogue: DrugCatalogue) -> list[dict[str, Any]]:
    """The drugs of an invalid record, named but without any score (used for every drug
    when the record itself is broken, and for the broken drugs otherwise)."""
    drugs = record.get("drugs") if isinstance(record, Mapping) else None
    out: list[dict[str, Any]] = []
    for raw in drugs if isinstance(drugs, list) else []:
        name = raw.get("name") if isinstance(raw, Mapping) else None
        if not isinstance(name, str):
            name = None
        match = catalogue.lookup(name) if name else None
        normalized = match.normalized_name if match and match.normalized_name else None
        if normalized is None and name:
            normalized = _name_key_text(name)
        out.append(
            {
                "name": name,
                "normalized_name": normalized,
                "criteria": None,
                "score": None,
                "category": None,
                "notes": [],
            }
        )
    return out


def _name_key_text(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower())


# --- one broken drug among good ones ---------------------------------------------------
#
# Contract: an error in one drug's input is an error *for that drug*. The other drugs are
# still scored, because criteria 1-5 of a drug depend only on its own input. Criterion 6
# couples the drugs: drug d gets -1 when another drug's intermediate score is above 3 and
# above d's. A broken drug b whose intermediate score is unknown but lies in [lo, hi]
# (bounded criterion by criterion from the fields that did parse, CRITERION_RANGES for
# the rest) changes d's criterion 6 only if it could become the new top drug, i.e. only if
# hi > max(T, 3), where T is the highest intermediate score among the scored drugs:
#   - b <= T: the top stays T, nothing changes;
#   - T < b <= 3: nothing is above 3, nothing changes;
#   - b > max(T, 3): every other drug gets -1, including the previous top drug(s).
# So d's criterion 6 is decided when a non-drug cause is given (-1 for all), or when d is
# already outranked by a scored drug above 3 (-1 whatever b is), or when hi <= max(T, 3).
# Otherwise d is scored as if b were absent, with a warning that its criterion 6 could be
# -1 once b's input is corrected (its final score one point lower).

# Inputs each criterion reads; a criterion with any of them broken takes its full range.
# `start` is in presence too: "start after stop" is reported on start, but either date
# may be the wrong one; `continued_after_onset` likewise conflicts with `stop`.
_CRITERION_INPUTS: Mapping[str, frozenset[str]] = {
    "delay": frozenset({"start", "previous_exposure"}),
    "presence": frozenset(
        {
            "start",
            "stop",
            "half_life_hours",
            "organ_impairment_or_interaction",
            "name",
            "continued_after_onset",
        }
    ),
    "prechallenge": frozenset({"previous_exposure"}),
    "dechallenge": frozenset({"continued_after_onset"}),
    "notoriety": frozenset({"notoriety", "name"}),
}


def _broken_drugs(errors: Sequence[Issue], n_drugs: int) -> dict[int, set[str]] | None:
    """{drug index: broken field names} when every error belongs to one drug; None when
    any error is about the record itself (then nothing can be scored)."""
    broken: dict[int, set[str]] = {}
    for issue in errors:
        if issue.drug is None or issue.drug >= n_drugs:
            return None
        # The drug itself (not an object) breaks every input of the drug.
        broken.setdefault(issue.drug, set()).add(issue.key or "*")
    return broken


def intermediate_bounds(
    raw: Any, bad_fields: set[str], index_day: date, catalogue: DrugCatalogue
) -> tuple[int, int]:
    """Lowest and highest intermediate score (criteria 1-5) a drug with broken fields could
    have once corrected: exact for criteria whose inputs parsed, full range for the rest.
    A misspelt optional field silently takes its default, so an unknown field (or a drug
    that is not an object) leaves every criterion open."""
    if not isinstance(raw, Mapping) or "*" in bad_fields or bad_fields - DRUG_FIELDS:
        return INTERMEDIATE_MIN, INTERMEDIATE_MAX
    parser = Parser()
    known = {}
    for key in DRUG_FIELDS - bad_fields:
        known[key] = raw.get(key)
    name = known.get("name")
    exposure = parser._previous(known.get("previous_exposure"))
    low = high = 0
    for key, (lowest, highest) in CRITERION_RANGES.items():
        if _CRITERION_INPUTS[key] & bad_fields:
            low, high = low + lowest, high + highest
            continue
        points = _criterion_from_parsed(key, known, exposure, index_day, name, catalogue)
        low, high = low + points, high + points
    return low, high


def _criterion_from_parsed(
    key: str,
    known: Mapping[str, Any],
    exposure: PreviousExposure,
    index_day: date,
    name: Any,
    catalogue: DrugCatalogue,
) -> int:
    """Points of one criterion from fields that parsed without error."""
    parser = Parser()
    if key == "prechallenge":
        return PRECHALLENGE_POINTS[exposure][0]
    if key == "dechallenge":
        return score_dechallenge(known.get("continued_after_onset")).points
    if key == "delay":
        start = parser.parse_date(known["start"], "start")
        assert start is not None  # start parsed: it is not among the broken fields
        return score_delay((index_day - start).days, exposure in PREVIOUS_SAME_DRUG_REACTION).points
    kb = _knowledge(name, catalogue) if isinstance(name, str) and name.strip() else None
    if key == "notoriety":
        given = known.get("notoriety")
        if given is not None:
            return int(given)
        return kb.notoriety if kb is not None and kb.notoriety is not None else 0
    # presence
    stop = None if known.get("stop") is None else parser.parse_date(known["stop"], "stop")
    half_life = known.get("half_life_hours")
    if half_life is None and kb is not None:
        half_life = kb.half_life_hours
    stopped_before = None if stop is None else (index_day - stop).days
    organ = bool(known.get("organ_impairment_or_interaction", False))
    return score_presence(stopped_before, half_life, organ).points


def assess_partial(
    record: Mapping[str, Any],
    errors: Sequence[Issue],
    catalogue: DrugCatalogue | None = None,
) -> AldenResult | None:
    """ALDEN for the drugs whose input is sound when only some drugs are broken; None if
    nothing can be scored (a record-level error, or every drug broken).

    The result's drugs keep their position in the input (`input_index`); a drug whose
    criterion 6 could change once a broken drug is corrected carries a note and a warning
    (see `_other_cause_doubt`). Used by the CLI (`assess`) and the Drugs page alike."""
    catalogue = catalogue or _default_catalogue()
    raw_drugs = record.get("drugs")
    if not isinstance(raw_drugs, list):
        return None
    broken = _broken_drugs(list(errors), len(raw_drugs))
    if broken is None or len(broken) == len(raw_drugs):
        return None
    parser = Parser()
    index_day = parser.parse_date(record.get("index_day"), "index_day")
    non_drug = record.get("other_cause_non_drug", False)
    if index_day is None or not isinstance(non_drug, bool):
        return None
    good = [i for i in range(len(raw_drugs)) if i not in broken]
    drugs = [parser.drug(raw_drugs[i], i) for i in good]
    if parser.errors or any(d is None for d in drugs):
        return None  # cannot happen: these drugs raised no error before
    case = AldenCase(
        id=record.get("id"),
        index_day=index_day,
        other_cause_non_drug=non_drug,
        drugs=tuple(d for d in drugs if d is not None),
    )
    result = assess_case(case, catalogue)
    highest_broken = max(
        (intermediate_bounds(raw_drugs[i], fields, index_day, catalogue)[1], i)
        for i, fields in broken.items()
    )
    top = max(d.intermediate_score for d in result.drugs)
    warnings = [_renumber(w, good) for w in result.warnings]
    assessed = []
    for assessment in result.drugs:
        original = good[assessment.input_index]
        update: dict[str, Any] = {"input_index": original}
        doubt = _other_cause_doubt(assessment, top, highest_broken, non_drug, raw_drugs, original)
        if doubt:
            message, text = doubt
            update["notes"] = (*assessment.notes, message)
            update["note_texts"] = (*assessment.note_texts, text)
            warnings.append(Issue.at(FieldRef(None, original), message, text))
        assessed.append(assessment.model_copy(update=update))
    return result.model_copy(
        update={"drugs": tuple(assessed), "errors": tuple(errors), "warnings": tuple(warnings)}
    )


def _partially_scored(
    record: Mapping[str, Any],
    errors: list[Issue],
    catalogue: DrugCatalogue,
) -> dict[str, Any] | None:
    """The contract output when only some drugs are broken: the sound drugs scored (ranked),
    then the broken ones unscored; None if nothing can be scored."""
    result = assess_partial(record, errors, catalogue)
    if result is None:
        return None
    unscored = _unscored_drugs(record, catalogue)
    scored = {a.input_index for a in result.drugs}
    return {
        "id": record.get("id"),
        "drugs": [a.to_contract() for a in result.drugs]
        + [unscored[i] for i in range(len(unscored)) if i not in scored],
        "errors": [e.to_contract() for e in errors],
        "warnings": [w.to_contract() for w in result.warnings],
    }


def _other_cause_doubt(
    assessment: DrugAssessment,
    top: int,
    highest_broken: tuple[int, int],
    non_drug: bool,
    raw_drugs: list[Any],
    original: int,
) -> tuple[str, Text] | None:
    """Why this drug's criterion 6 could change once the broken drug is corrected, or
    None when it cannot (see the rule above)."""
    bound, broken_index = highest_broken
    if non_drug or assessment.points("other_cause") == OTHER_CAUSE_PENALTY:
        return None  # already -1: a further drug cannot change that (never below -1)
    if bound <= max(top, OTHER_CAUSE_TRIGGER_GT):
        return None
    raw = raw_drugs[broken_index]
    name = raw.get("name") if isinstance(raw, Mapping) else None
    return message_texts(
        "alden.warning.other_cause_doubt",
        drug_who(original + 1, assessment.name),
        other=drug_who(broken_index + 1, name if isinstance(name, str) else None),
        bound=bound,
        top=max(top, OTHER_CAUSE_TRIGGER_GT),
        penalty=OTHER_CAUSE_PENALTY,
    )


def _renumber(issue: Issue, good: list[int]) -> Issue:
    """A warning of the sub-case (drug k of the good drugs) in the input's numbering."""
    if issue.drug is None:
        return issue
    return Issue.at(FieldRef(issue.key, good[issue.drug]), issue.message, issue.text)


def assess(record: Mapping[str, Any], catalogue: DrugCatalogue | None = None) -> dict[str, Any]:
    """The contract output object for one input object; never raises on bad input.

    An error in one drug is an error for that drug: the other drugs are still scored
    (see `_partially_scored` for criterion 6)."""
    catalogue = catalogue or _default_catalogue()
    case, errors = parse(record)
    record_id = record.get("id") if isinstance(record, Mapping) else None
    if not is_echoable(record_id):  # the error says why; the output must stay valid JSON
        record_id = None
    if case is None:
        partial = (
            _partially_scored(record, errors, catalogue) if isinstance(record, Mapping) else None
        )
        if partial is not None:
            return partial
        return {
            "id": record_id,
            "drugs": _unscored_drugs(record, catalogue),
            "errors": [e.to_contract() for e in errors],
            "warnings": [],
        }
    result = assess_case(case, catalogue)
    return {
        "id": record_id,
        "drugs": [d.to_contract() for d in result.drugs],
        "errors": [],
        "warnings": [w.to_contract() for w in result.warnings],
    }


__all__ = [
    "CRITERIA",
    "REFERENCES",
    "AldenCase",
    "AldenCriterion",
    "AldenResult",
    "DrugAssessment",
    "DrugExposure",
    "Issue",
    "assess",
    "assess_case",
    "assess_partial",
    "category",
    "category_text",
    "intermediate_bounds",
    "notoriety_text",
    "other_cause_points",
    "parse",
]
