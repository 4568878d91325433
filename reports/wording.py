"""Every caveat, disclaimer and explanation the app shows, written once, and the text
helpers that turn a result into words. Pure: no Streamlit.

The page, the bedside summary, the chart note and the FHIR notes all take their words from
here, so the screen and the record say the same thing. Nothing here decides a point: every
decision comes from `scoring.case.score_case`; numbers come from the scoring modules.
"""

from __future__ import annotations

from collections.abc import Mapping

from reports.method_tables import derivation_total, linkify, pct
from scoring import scores as registry
from scoring import scorten
from scoring.case import CANONICAL_PAIR
from scoring.criteria import SYMBOL, Criterion
from scoring.fields import FIELD_BY_NAME
from scoring.models import CaseResult, CriterionResult, ScoreResult

# ---------------------------------------------------------------------------------------
# Caveats and disclaimers
# ---------------------------------------------------------------------------------------

NOT_A_SUBSTITUTE = "Decision support for clinicians — not a substitute for clinical judgement."
# The banner on every page that shows results (ui/widgets/disclaimer.py renders it).
DISCLAIMER = (
    f"{NOT_A_SUBSTITUTE} "
    "Every number shows its basis (inputs, rule and source) so it can be reviewed "
    "independently; see the Method page."
)

# The same banner on the Method page itself, which it would otherwise send the reader to.
DISCLAIMER_METHOD_PAGE = (
    f"{NOT_A_SUBSTITUTE} "
    "Every number in the app shows its basis (inputs, rule and source) so it can be reviewed "
    "independently; this page sets out the rules and their sources."
)

# SCORTEN's calibration in later cohorts (issue 20): ONE note, written once. The summary,
# the score card, the Method page, the Cohort page, the teaching captions, the chart note
# and the FHIR note all show this same text; every figure comes from scoring/scorten.py,
# where the source's own words are quoted. It says what the sources say and no more.
_LOW, _HIGH = scorten.TORRES_NAVARRO_2020_SMR_CI
CALIBRATION_NOTE = (
    "SCORTEN's calibration differs between cohorts and eras. Its predictions come from a "
    f"1990s French cohort (n = {derivation_total()}, Bastuji-Garin 2000). A meta-analysis of "
    f"{scorten.TORRES_NAVARRO_2020_STUDIES} studies found a pooled log SMR (observed/"
    f"predicted) of {scorten.TORRES_NAVARRO_2020_POOLED_LOG_SMR:g} (95 % CI "
    f"{scorten.TORRES_NAVARRO_2020_LOG_SMR_CI[0]:g} to "
    f"{scorten.TORRES_NAVARRO_2020_LOG_SMR_CI[1]:g}), read by its authors as a reasonable "
    "behaviour of SCORTEN (Torres-Navarro 2020): SMR "
    f"{scorten.TORRES_NAVARRO_2020_SMR:.2f}, 95 % CI {_LOW:.2f}-{_HIGH:.2f} (our "
    "exponentiation; includes 1). In RegiSCAR, SCORTEN under-estimated in-hospital deaths "
    f"by {scorten.SEKULA_2011_UNDERESTIMATION_PCT} % (Sekula 2011); in a US cohort where "
    f"{scorten.MICHELETTI_2018_PHARMACOLOGIC_THERAPY_PCT:g} % had pharmacologic therapy, "
    f"{scorten.MICHELETTI_2018_OBSERVED_DEATHS} deaths were observed vs "
    f"{scorten.MICHELETTI_2018_EXPECTED_DEATHS:g} predicted (SMR "
    f"{scorten.MICHELETTI_2018_SMR:.2f}, 95 % CI {scorten.MICHELETTI_2018_SMR_CI[0]:.2f}-"
    f"{scorten.MICHELETTI_2018_SMR_CI[1]:.2f}; Micheletti 2018). For one "
    "patient the number is a cohort estimate: escalate on the clinical picture, not on the "
    "score alone."
)
# What the Method page adds below the note: the sources as links, and what was looked for
# and not found (a per-score observed-mortality table from a later cohort).
CALIBRATION_SOURCES_MD = (
    f"Sources: {linkify(scorten.TORRES_NAVARRO_2020)} (mean age and the study's end year "
    f"influenced SCORTEN's predictions); {linkify(scorten.SEKULA_2011)}; "
    f"{scorten.MICHELETTI_2018}, PMID 29758282. A per-score table of observed mortality "
    "from a later cohort (Koh 2020, JAMA Dermatol, PMC7578915, Singapore 2003-2019, "
    "n = 196) could not be read in full text here, so no later per-score figures are shown "
    "beside the 1990s prediction."
)

DAY3_REMINDER = (
    "Rescore on day 3 with the same formula: SCORTEN discriminated best on day 3 (Guégan 2006)."
)
# After an extent in running text (chart note); the full explanation is
# scoring.classification's.
EXTENT_NOT_A_DIAGNOSIS = "an extent category, not a diagnosis"

# ---------------------------------------------------------------------------------------
# Results in words
# ---------------------------------------------------------------------------------------

# The relation shown when a criterion is *not* met: the negation of its rule.
NEGATED_SYMBOL = {"gt": "≤", "lt": "≥", "ge": "<"}

# Display precision per unit: enough to show which side of a cut-off a value lies on
# (28 mg/dL BUN = 10.0 mmol/L), no more.
_DECIMALS = {"mg/dL": 0, "mmol/L": 1}


def criteria_of(result: ScoreResult) -> dict[str, Criterion]:
    """The criteria of a result's score, by input key (from the registry)."""
    return {c.key: c for c in registry.by_key(result.key).criteria}


def fmt_number(value: float) -> str:
    """A value as entered: no trailing zeros (67, 12.1, 0.5)."""
    return f"{value:g}"


# A probability (0..1) as a percentage with one decimal: 0.622 -> '62.2 %'. One formatter
# for every page and export (written in method_tables, which this module imports).
fmt_pct = pct


def fmt_in_unit(value: float, unit: str) -> str:
    decimals = _DECIMALS.get(unit)
    shown = fmt_number(value) if decimals is None else f"{value:.{decimals}f}"
    return f"{shown} {unit}".rstrip()


def converted_text(field: str, value: float) -> str | None:
    """The other unit of a lab value, for display under the field ('= 34 mg/dL BUN')."""
    for pair in CANONICAL_PAIR.values():
        if field == pair.canonical:
            other = FIELD_BY_NAME[pair.alternate]
            suffix = " BUN" if other.name == "bun_mg_dl" else ""
            return f"= {fmt_in_unit(pair.from_canonical(value), other.unit)}{suffix}"
        if field == pair.alternate:
            suffix = " urea" if pair.canonical == "urea_mmol_l" else ""
            return f"= {fmt_in_unit(pair.to_canonical(value), 'mmol/L')}{suffix}"
    return None


def _criterion_value_text(row: CriterionResult) -> str:
    """The value as given, with its conversion when it came in the other unit."""
    if isinstance(row.input_value, bool):
        return "yes" if row.input_value else "no"
    given = fmt_number(float(row.input_value))  # type: ignore[arg-type]
    unit = row.input_unit.replace("% BSA", "%")
    text = f"{given} {unit}".rstrip() if unit != "%" else f"{given} %"
    other = converted_text(row.field, float(row.input_value))  # type: ignore[arg-type]
    return f"{text} ({other})" if other else text


# The analyte as the user entered it, where it differs from the criterion's name.
ANALYTE_AS_ENTERED: dict[str, str] = {"bun_mg_dl": "BUN"}


def criterion_line(row: CriterionResult, criterion: Criterion) -> str:
    """One line of the breakdown: mark, value vs cut-off (both units), points."""
    if row.met is None:
        return f"• {row.label} — missing (would add {row.points_if_met} if present)"
    row = row.model_copy(update={"label": ANALYTE_AS_ENTERED.get(row.field, row.label)})
    mark = "✓" if row.met else "✗"
    points = f"{row.points} point" + ("" if row.points == 1 else "s")
    if criterion.comparison == "true":
        return f"{mark} {row.label}: {_criterion_value_text(row)} — {points}"
    symbol = SYMBOL[criterion.comparison] if row.met else NEGATED_SYMBOL[criterion.comparison]
    if row.on_cutoff:
        symbol = "="
    alt = f" ({criterion.alt_unit_cutoff})" if criterion.alt_unit_cutoff else ""
    cut = f"{fmt_number(float(criterion.cutoff))} {criterion.unit}".rstrip()  # type: ignore[arg-type]
    return f"{mark} {row.label} {_criterion_value_text(row)} {symbol} {cut}{alt} — {points}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def missing_labels(result: ScoreResult) -> list[str]:
    # "detached BSA", not "detached bsa": lower-case the first letter only.
    criteria = criteria_of(result)
    return [_lower_first(criteria[key].label) for key in result.missing]


def criterion_lines(result: ScoreResult) -> list[str]:
    """The breakdown of a score, one `criterion_line` per criterion."""
    criteria = criteria_of(result)
    return [criterion_line(row, criteria[row.key]) for row in result.criteria]


def score_title(result: ScoreResult) -> str:
    """The score alone, for a heading: 'SCORTEN 4 of 7' or 'SCORTEN 4-5 of 7 (glucose missing)'.

    One figure per line on screen: the mortality and the derivation band are separate lines
    (`mortality_text`, `band_text`), never crammed into the heading.
    """
    top = result.max_possible
    if result.score is not None:
        return f"{result.name} {result.score} of {top}"
    missing = ", ".join(missing_labels(result))
    return f"{result.name} {result.min}-{result.max} of {top} ({missing} missing)"


def score_headline(result: ScoreResult) -> str:
    """The title, then the predicted mortality and the derivation band where the score has
    them: 'SCORTEN 4 of 7 · predicted mortality 62.2 % · derivation band 58.3 % (...)'."""
    text = score_title(result)
    mortality = mortality_text(result)
    if mortality is not None:
        text += f" · predicted mortality {mortality}"
    if result.band is not None:
        text += f" · derivation band {band_text(result)}"
    return text


def mortality_text(result: ScoreResult) -> str | None:
    """'62.2 %' for a complete score, '62.2-85.0 %' for a range, None when unknown."""
    if result.score is not None and result.mortality_logistic is not None:
        return fmt_pct(result.mortality_logistic)
    low, high = result.mortality_logistic_min, result.mortality_logistic_max
    if low is None or high is None:
        return None
    return f"{fmt_pct(low).removesuffix(' %')}-{fmt_pct(high)}"


def band_text(result: ScoreResult) -> str:
    """'58.3 % (14/24; 95 % CI 36.6-77.9)' for the observed band of a complete score."""
    band = result.band
    if band is None:
        return ""
    return (
        f"{fmt_pct(band.mortality)} ({band.deaths}/{band.n}; 95 % CI "
        f"{band.ci_low_pct:g}-{band.ci_high_pct:g})"
    )


def _points_text(points: int, name: str) -> str:
    return f"{points} {name} point{'' if points == 1 else 's'}"


def score_differences(first: ScoreResult, second: ScoreResult) -> list[str]:
    """Why two scores read differently for this case, from their criteria.

    Lists inputs that earn points in one score but not the other (different cut-off,
    different weight, or an item only one of them has).
    """
    s_rows = {r.key: r for r in first.criteria}
    a_rows = {r.key: r for r in second.criteria}
    one, two = first.name, second.name
    notes: list[str] = []
    for key in dict.fromkeys([*s_rows, *a_rows]):
        s, a = s_rows.get(key), a_rows.get(key)
        s_points = s.points if s else None
        a_points = a.points if a else None
        label = (s or a).label  # type: ignore[union-attr]
        if s is None and a_points:
            notes.append(f"{label}: {_points_text(a_points, two)}; not part of {one}.")
        elif a is None and s_points:
            notes.append(f"{label}: {_points_text(s_points, one)}; not part of {two}.")
        elif s and a and s_points is not None and a_points is not None:
            if bool(s_points) != bool(a_points):
                notes.append(
                    f"{label}: {'counts' if s_points else 'does not count'} in {one} "
                    f"({s.rule}), {'counts' if a_points else 'does not count'} in {two} "
                    f"({a.rule})."
                )
            elif s_points and a_points and s_points != a_points:
                notes.append(
                    f"{label}: {_points_text(s_points, one)}, {_points_text(a_points, two)}."
                )
    return notes


def extent_text(result: CaseResult) -> str | None:
    if result.classification is None:
        return None
    bsa = next((r for r in result.scorten.criteria if r.key == "bsa_detached_pct"), None)
    detail = ""
    if bsa is not None and bsa.met is not None:  # met known: the input is a number
        detail = f" ({fmt_number(float(bsa.input_value))} % detached)"  # type: ignore[arg-type]
    return f"Extent: {result.classification}{detail}"


def _score_words(result: CaseResult) -> str:
    s = result.scorten
    if result.errors:
        return "no score"
    return f"{s.score}" if s.score is not None else f"{s.min}-{s.max}"


def change_since_first_day(results: Mapping[int, CaseResult], day: int) -> str | None:
    """'SCORTEN day 1: 2 → day 3: 4 (up 2)' for the bedside summary; None on day 1 alone.

    A difference is stated only between two complete scores; with a range on either day
    both readings are shown and nothing is subtracted.
    """
    first = min(results)
    if day == first or day not in results:
        return None
    before, now = results[first], results[day]
    text = f"SCORTEN day {first}: {_score_words(before)} → day {day}: {_score_words(now)}"
    a, b = before.scorten.score, now.scorten.score
    if a is not None and b is not None and not before.errors and not now.errors:
        change = b - a
        direction = "up" if change > 0 else "down"
        text += " (no change)" if change == 0 else f" ({direction} {abs(change)})"
    return text
