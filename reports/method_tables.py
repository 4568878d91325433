"""Rows for the Method page, built from the engine's own constants.

Nothing here retypes a number: every cut-off, weight, probability and reason is read
from scoring/ (and the ALDEN notoriety labels from knowledge/), so the page cannot drift
from what the engine computes. Pure functions returning plain rows; the page renders them.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

from knowledge.citations import doi_link, pubmed_link
from knowledge.drugs import NOTORIETY_LABELS, default_catalogue
from knowledge.evidence import (
    EXPERIMENTAL_LABEL,
    HARMFUL_LABEL,
    ONGOING_LABEL,
    SECTION_TITLES,
    TIER_LABELS,
)
from scoring import alden, classification, drug_flags, scorten, units
from scoring import scores as registry
from scoring.bounds import BOUNDS, FieldBounds, Limit
from scoring.criteria import SYMBOL, Criterion, ObservedBand, PointsScore

Row = dict[str, Any]


def pct(probability: float) -> str:
    """Probability as the app prints it everywhere: one decimal, then a space and %."""
    return f"{probability * 100:.1f} %"


_DOI = re.compile(r"doi:(10\.\d{4,9}/[^\s,;]+?)(?=[.,;]?(?:\s|$))")
_PMID = re.compile(r"PMID (\d{1,9})")


def linkify(citation: str) -> str:
    """Markdown with DOI and PMID made into links (https://doi.org/..., PubMed)."""
    text = _DOI.sub(lambda m: f"[doi:{m.group(1)}]({doi_link(m.group(1))})", citation)
    return _PMID.sub(lambda m: f"[PMID {m.group(1)}]({pubmed_link(m.group(1))})", text)


def signed(points: int) -> str:
    return f"{points:+d}" if points else "0"


# --- severity ---------------------------------------------------------------------------


def criteria_rows(criteria: tuple[Criterion, ...]) -> list[Row]:
    return [
        {
            "Criterion": c.label,
            "Rule (earns the points)": c.rule,
            "Points": c.points,
            "Exactly on the cut-off": _on_cutoff_text(c),
            "Source": c.source,
        }
        for c in criteria
    ]


def _on_cutoff_text(criterion: Criterion) -> str:
    if criterion.comparison == "true":
        return "—"
    if criterion.comparison == "ge":
        return "counts (≥)"
    return "no point (strict)"


_NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")


def count_text(n: int) -> str:
    """A count as the Method page writes it: 'Seven' (words up to nine, then digits)."""
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)


def score_intro(score: PointsScore) -> str:
    """'Seven risk factors measured within 24 h of admission, one point each (0-7). ...'."""
    criteria = score.criteria
    weights = "one point each" if all(c.points == 1 for c in criteria) else "weighted as below"
    measured = f" {score.measured}" if score.measured else ""
    noun = "risk factor" if len(criteria) == 1 else "risk factors"
    return (
        f"{count_text(len(criteria))} {noun}{measured}, {weights} "
        f"(0-{score.max_score}). A missing input never counts as normal: the score is then "
        "shown as the range it could take."
    )


def no_mortality_text(score: PointsScore) -> str:
    return (
        f"{score.name} mortality is not shown: no per-score mortality equation could be "
        "verified against the paper, so the app gives the points only."
    )


def formula_text(score: PointsScore) -> str | None:
    """The score's mortality equation, or None when it has none."""
    model = score.logistic
    if model is None:
        return None
    sign = "−" if model.intercept < 0 else "+"
    return (
        f"logit = {sign}{abs(model.intercept):g} + {model.slope:g} × {score.name};  "
        "predicted mortality = e^logit / (1 + e^logit)"
    )


def scorten_formula() -> str:
    return formula_text(scorten.SCORTEN)  # type: ignore[return-value]


def logistic_rows(score: PointsScore = scorten.SCORTEN) -> list[Row]:
    return [
        {score.name: value, "Predicted mortality (logistic)": pct(p)}
        for value, p in enumerate(score.logistic_by_score or ())
    ]


def observed_rows(score: PointsScore = scorten.SCORTEN) -> list[Row]:
    return [
        {
            score.name: band.label,
            "Deaths / patients": f"{band.deaths}/{band.n}",
            "Observed mortality": pct(band.mortality),
            "95 % CI": f"{band.ci_low_pct:g}-{band.ci_high_pct:g} %",
        }
        for band in score.observed_bands
    ]


def score_tables() -> list[tuple[PointsScore, list[Row]]]:
    """Each registry score with its criteria table, in the registry's order."""
    return [(score, criteria_rows(score.criteria)) for score in registry.SCORES]


def adults_only_text() -> str:
    names = " and ".join(score.name for score in registry.SCORES)
    return f"{names} were derived in adults; their predictions are not validated in children."


def score_conventions() -> list[str]:
    """The registry scores' own conventions where sources disagree."""
    return [text for score in registry.SCORES for text in score.conventions]


def derivation_total() -> int:
    return sum(band.n for band in scorten.OBSERVED_BANDS)


def top_band() -> ObservedBand:
    return scorten.OBSERVED_BANDS[-1]


def classification_rows() -> list[Row]:
    low, high = classification.SJS_BELOW_PCT, classification.TEN_ABOVE_PCT
    return [
        {"Detachment (% BSA)": f"< {low:g} %", "Extent category": classification.SJS},
        {
            "Detachment (% BSA)": f"{low:g} % to {high:g} % (both ends included)",
            "Extent category": classification.OVERLAP,
        },
        {"Detachment (% BSA)": f"> {high:g} %", "Extent category": classification.TEN},
    ]


def unit_rows() -> list[Row]:
    urea_cut = scorten.UREA_GT_MMOL_L
    glucose_cut = scorten.GLUCOSE_GT_MMOL_L
    return [
        {
            "Analyte": "Urea",
            "Conversion": (
                f"urea mmol/L = BUN mg/dL ÷ {units.BUN_MG_DL_PER_UREA_MMOL_L:g} "
                "(BUN = blood urea nitrogen)"
            ),
            "SCORTEN cut-off in both units": (
                f"{urea_cut:g} mmol/L = BUN {units.urea_mmol_l_to_bun_mg_dl(urea_cut):g} mg/dL"
            ),
        },
        {
            "Analyte": "Glucose",
            "Conversion": f"glucose mmol/L = mg/dL ÷ {units.GLUCOSE_MG_DL_PER_MMOL_L:g}",
            "SCORTEN cut-off in both units": (
                f"{glucose_cut:g} mmol/L = {units.glucose_mmol_l_to_mg_dl(glucose_cut):.1f} mg/dL"
            ),
        },
        {
            "Analyte": "Bicarbonate",
            "Conversion": "mEq/L = mmol/L (monovalent ion)",
            "SCORTEN cut-off in both units": f"{scorten.BICARBONATE_LT_MMOL_L:g} mmol/L",
        },
    ]


def _limit_text(limit: Limit | None, side: str) -> str:
    return "" if limit is None else f"{side} {limit.value:g}: {limit.reason}"


def bounds_rows() -> list[Row]:
    return [_bounds_row(b) for b in BOUNDS.values()]


def _bounds_row(b: FieldBounds) -> Row:
    errors = [
        "0 or below: a concentration or rate must be above 0" if b.positive else "",
        _limit_text(b.error_below, "below"),
        _limit_text(b.error_above, "above"),
    ]
    warnings = [_limit_text(b.warn_below, "below"), _limit_text(b.warn_above, "above")]
    return {
        "Field": b.field,
        "Unit": b.unit or "—",
        "Error (no score)": "; ".join(t for t in errors if t) or "—",
        "Warning (scored, flagged)": "; ".join(t for t in warnings if t) or "—",
    }


# --- ALDEN ------------------------------------------------------------------------------


def alden_delay_rows() -> list[Row]:
    # Read from the one table the score uses (scoring.alden.DELAY_BANDS), highest first;
    # after a previous reaction to the same drug, only the bands that change.
    normal = sorted(alden.DELAY_BANDS, key=lambda b: -b.points)
    changed = [b for b in alden.DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION if b not in normal]
    return [_row(b.label, b.points, b.days_text(" to ")) for b in normal] + [
        _row(f"{b.label} (previous reaction to the same drug)", b.points, b.days_text(" to "))
        for b in sorted(changed, key=lambda b: -b.points)
    ]


def alden_presence_rows() -> list[Row]:
    n = alden.PRESENCE_HALF_LIVES
    return [
        _row(
            "Definite",
            alden.PRESENCE_DEFINITE,
            f"taken up to the index day, or stopped no more than {n} half-lives before it; "
            "also when the half-life is unknown (presence cannot be excluded; a warning says so)",
        ),
        _row(
            "Doubtful",
            alden.PRESENCE_DOUBTFUL,
            f"stopped more than {n} half-lives before, with liver or kidney impairment or a "
            "suspected interaction",
        ),
        _row(
            "Excluded",
            alden.PRESENCE_EXCLUDED,
            f"stopped more than {n} half-lives before, without them",
        ),
    ]


def alden_prechallenge_rows() -> list[Row]:
    return [
        {"Value": label, "Points": signed(points), "Rule": why, "Input value": key}
        for key, (points, label, why) in alden.PRECHALLENGE_POINTS.items()
    ]


def alden_dechallenge_rows() -> list[Row]:
    return [
        _row("Neutral", alden.DECHALLENGE_NEUTRAL, "drug stopped, or not known"),
        _row(
            "Negative",
            alden.DECHALLENGE_NEGATIVE,
            "drug continued after onset without harm (the reaction did not progress)",
        ),
    ]


def alden_notoriety_rows() -> list[Row]:
    return [
        {"Value": label.capitalize(), "Points": signed(points)}
        for points, label in sorted(NOTORIETY_LABELS.items(), reverse=True)
    ]


def alden_other_cause_text() -> str:
    trigger, penalty = alden.OTHER_CAUSE_TRIGGER_GT, alden.OTHER_CAUSE_PENALTY
    return (
        f"Criterion 6 (other cause, {penalty} or 0): rank all drugs by their intermediate "
        f"score (criteria 1-5). If the highest is above {trigger}, every drug whose "
        f"intermediate score is below that highest gets {penalty}. Drugs tied at the top "
        f"keep 0 (this app's reading; see the conventions below). A non-drug cause given for "
        f"the case (e.g. proven Mycoplasma infection) gives {penalty} to every drug: "
        f"{alden.NON_DRUG_CAUSE_CONVENTION}. Never below {penalty}."
    )


def alden_non_drug_text() -> str:
    penalty = alden.OTHER_CAUSE_PENALTY
    return (
        f"ALDEN non-drug cause: {penalty} for every drug when a non-drug cause (e.g. proven "
        f"Mycoplasma infection) is given is {alden.NON_DRUG_CAUSE_CONVENTION}. Sassolas "
        "2010 ranks drugs only against each other; the convention lets a proven infection "
        "lower every drug's score by the same point, never below "
        f"{penalty} for criterion 6."
    )


def alden_broken_drug_text() -> str:
    trigger, penalty = alden.OTHER_CAUSE_TRIGGER_GT, alden.OTHER_CAUSE_PENALTY
    return (
        "ALDEN with one broken drug (this project's rule): an error in one drug's input "
        "(e.g. an impossible date) is an error for that drug only; it gets no score and the "
        "other drugs are still scored, because criteria 1-5 depend only on each drug's own "
        "input. Criterion 6 couples the drugs, so the broken drug's intermediate score is "
        "bounded: criteria whose inputs were read take their value, the others their full "
        f"range (highest possible {alden.INTERMEDIATE_MAX}). With T the highest intermediate "
        f"score among the scored drugs, the broken drug can change another drug's criterion "
        f"6 only if its upper bound exceeds both T and {trigger}. When it cannot (or when a "
        f"non-drug cause or a higher scored drug already gives {penalty}), the score stands; "
        f"when it can, the drug is scored without the broken drug and a warning says that "
        f"its criterion 6 could become {penalty} once the error is corrected. An error in "
        "the case itself (index day, non-drug cause) leaves every drug unscored."
    )


def alden_category_rows() -> list[Row]:
    """Score bands derived by running the engine's own `category()` over the full range."""
    scores = range(alden.SCORE_MIN, alden.SCORE_MAX + 1)
    rows = []
    for name, group in groupby(scores, key=alden.category):
        members = list(group)
        low, high = members[0], members[-1]
        band = str(low) if low == high else f"{low} to {high}"
        rows.append({"Final score": band, "Category": name})
    return list(reversed(rows))


def _row(value: str, points: int, rule: str) -> Row:
    return {"Value": value, "Points": signed(points), "Rule": rule}


# --- conventions --------------------------------------------------------------------------


# Criteria that other calculators score with "≥" (MSD Manual, MDCalc, openEHR GDL2).
INCLUSIVE_ELSEWHERE = ("age_years", "heart_rate_bpm", "bsa_detached_pct")
MSD_GLUCOSE_GT_MG_DL = 250  # MSD Manual's SCORTEN glucose cut-off (see INCLUSIVE_ELSEWHERE)


def strict_cutoff_text() -> str:
    strict = [c for c in scorten.CRITERIA if c.comparison in ("gt", "lt")]
    rules = ", ".join(c.rule for c in strict)
    inclusive = ", ".join(
        f"{c.label.lower()} {SYMBOL['ge']} {c.cutoff:g}{' ' + c.unit if c.unit else ''}"
        for c in strict
        if c.key in INCLUSIVE_ELSEWHERE
    )
    msd_glucose = units.glucose_mg_dl_to_mmol_l(MSD_GLUCOSE_GT_MG_DL)
    return (
        f"SCORTEN uses the strict wording of Bastuji-Garin 2000 ({rules}): a value exactly on "
        "a cut-off earns no point, and the app warns when that happens. The MSD Manual, the "
        f"openEHR GDL2 model and the R package cliot count the cut-off itself ({inclusive}); "
        f"the MSD Manual also uses glucose > {MSD_GLUCOSE_GT_MG_DL} mg/dL "
        f"(= {msd_glucose:.2f} mmol/L). MDCalc's laboratory cut-offs agree with the original."
    )


def top_band_text() -> str:
    band = top_band()
    return (
        f'Observed mortality for SCORTEN {band.label}: many reproductions print "> 90 %"; '
        f"the derivation data give {band.deaths}/{band.n} = {pct(band.mortality)} "
        f"(95 % CI {band.ci_low_pct:g}-{band.ci_high_pct:g} %), which the app shows."
    )


def alden_tie_text() -> str:
    trigger = alden.OTHER_CAUSE_TRIGGER_GT
    return (
        f"ALDEN criterion 6 when drugs tie: if two or more drugs share the highest "
        f"intermediate score above {trigger}, none of them is 'more likely' than the others, "
        f"so all keep 0 and only lower-ranked drugs get {alden.OTHER_CAUSE_PENALTY}. Some "
        "calculators subtract from every drug whenever any other drug is above "
        f"{trigger}; that can demote the top-ranked drug and makes the result depend on input "
        "order. A published worked case (Meregildo-Rodríguez 2021/2022: lamotrigine and "
        "phenobarbital both 'very probable') follows the reading used here."
    )


# --- knowledge bases ------------------------------------------------------------------------


def drug_source_rows() -> list[Row]:
    """Every source the drug knowledge base cites, with whether it was read in full."""
    return [
        {
            "Source": linkify(source.citation),
            "Verified": "yes" if source.verified else "no: not read in the primary text",
        }
        for source in default_catalogue().sources.values()
    ]


def drug_base_text() -> str:
    catalogue = default_catalogue()
    high = NOTORIETY_LABELS[drug_flags.HIGH_RISK_NOTORIETY]
    return (
        f"{len(catalogue)} curated drugs with brand names and synonyms, ALDEN notoriety, "
        "elimination half-life (of the parent drug or its active metabolite), usual onset "
        "window, risk notes and HLA associations, each fact with its sources. A drug is "
        f"flagged high-risk when its notoriety is +{drug_flags.HIGH_RISK_NOTORIETY} ({high}). "
        "A name the base does not know is never guessed: it keeps notoriety 0 (unknown) and "
        "a 'did you mean' is offered for near misses. Flags inform and never change a score."
    )


def evidence_tier_rows() -> list[Row]:
    return [{"Label shown": label} for label in TIER_LABELS.values()] + [
        {"Label shown": HARMFUL_LABEL},
        {"Label shown": EXPERIMENTAL_LABEL},
        {"Label shown": ONGOING_LABEL},
    ]


def evidence_sections_text() -> str:
    return (
        "The Evidence page groups entries as: " + " · ".join(SECTION_TITLES.values()) + ". "
        "The order of tiers (guideline, randomised trial, observational, case reports, "
        "preclinical) is this project's decision, informed by the OCEBM 2011 levels; GRADE "
        "certainty is shown only where a review (e.g. Cochrane 2022) graded the comparison. "
        "Harmful and experimental entries have their own sections, and experimental entries "
        "never show a dose."
    )
