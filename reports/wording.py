"""Every caveat, disclaimer and explanation the app shows, written once, and the text
helpers that turn a result into words. Pure: no Streamlit.

The page, the bedside summary, the chart note and the FHIR notes all take their words from
here, so the screen and the record say the same thing. Nothing here decides a point: every
decision comes from `scoring.case.score_case`; numbers come from the scoring modules.
"""

from __future__ import annotations

from collections.abc import Mapping

from knowledge.i18n import Lang, Text, tr
from reports.method_tables import derivation_total, linkify, pct
from scoring import classification, scorten
from scoring import scores as registry
from scoring.case import CANONICAL_PAIR
from scoring.criteria import SYMBOL, Criterion
from scoring.fields import FIELD_BY_NAME
from scoring.models import CaseResult, CriterionResult, ScoreResult
from scoring.words import quantity_text

# ---------------------------------------------------------------------------------------
# Caveats and disclaimers
# ---------------------------------------------------------------------------------------
#
# Each text is a function of the reader's language (the words in
# knowledge/data/messages/wording.yaml); the upper-case constants are the English, for the
# CLI-side callers and the pages not yet converted (issue 23).


def not_a_substitute(*, lang: Lang = "en") -> str:
    return tr("wording.not_a_substitute", lang)


def disclaimer(*, lang: Lang = "en", method_page: bool = False) -> str:
    """The banner on every page that shows results (ui/widgets/disclaimer.py renders it); on
    the Method page itself it does not send the reader to the Method page."""
    key = "wording.disclaimer_method_page" if method_page else "wording.disclaimer"
    return tr(key, lang, not_a_substitute=not_a_substitute(lang=lang))


# SCORTEN's calibration in later cohorts (issue 20): ONE note, written once. The summary,
# the score card, the Method page, the Cohort page, the teaching captions, the chart note
# and the FHIR note all show this same text; every figure comes from scoring/scorten.py,
# where the source's own words are quoted. It says what the sources say and no more.
def calibration_note(*, lang: Lang = "en") -> str:
    low, high = scorten.TORRES_NAVARRO_2020_SMR_CI
    log_low, log_high = scorten.TORRES_NAVARRO_2020_LOG_SMR_CI
    return tr(
        "wording.calibration_note",
        lang,
        n=derivation_total(),
        studies=scorten.TORRES_NAVARRO_2020_STUDIES,
        log_smr=f"{scorten.TORRES_NAVARRO_2020_POOLED_LOG_SMR:g}",
        log_smr_low=f"{log_low:g}",
        log_smr_high=f"{log_high:g}",
        smr=f"{scorten.TORRES_NAVARRO_2020_SMR:.2f}",
        smr_low=f"{low:.2f}",
        smr_high=f"{high:.2f}",
        sekula_pct=scorten.SEKULA_2011_UNDERESTIMATION_PCT,
        treated_pct=f"{scorten.MICHELETTI_2018_PHARMACOLOGIC_THERAPY_PCT:g}",
        observed=scorten.MICHELETTI_2018_OBSERVED_DEATHS,
        expected=f"{scorten.MICHELETTI_2018_EXPECTED_DEATHS:g}",
        micheletti_smr=f"{scorten.MICHELETTI_2018_SMR:.2f}",
        micheletti_smr_low=f"{scorten.MICHELETTI_2018_SMR_CI[0]:.2f}",
        micheletti_smr_high=f"{scorten.MICHELETTI_2018_SMR_CI[1]:.2f}",
    )


# What the Method page adds below the note: the sources as links, and what was looked for
# and not found (a per-score observed-mortality table from a later cohort).
def calibration_sources_md(*, lang: Lang = "en") -> str:
    return tr(
        "wording.calibration_sources_md",
        lang,
        torres_navarro=linkify(scorten.TORRES_NAVARRO_2020),
        sekula=linkify(scorten.SEKULA_2011),
        micheletti=scorten.MICHELETTI_2018,
    )


def day3_reminder(*, lang: Lang = "en") -> str:
    return tr("wording.day3_reminder", lang)


# After an extent in running text (chart note); the full explanation is
# scoring.classification's.
def extent_not_a_diagnosis(*, lang: Lang = "en") -> str:
    return tr("wording.extent_not_a_diagnosis", lang)


NOT_A_SUBSTITUTE = not_a_substitute()
DISCLAIMER = disclaimer()
DISCLAIMER_METHOD_PAGE = disclaimer(method_page=True)
CALIBRATION_NOTE = calibration_note()
CALIBRATION_SOURCES_MD = calibration_sources_md()
DAY3_REMINDER = day3_reminder()
EXTENT_NOT_A_DIAGNOSIS = extent_not_a_diagnosis()

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


def value_with_unit(shown: str, unit: str, *, lang: Lang = "en") -> str:
    """A number with its unit: units stay as written (mg/dL, /min, %), "years" is a word
    (the engine's `quantity_text`)."""
    return quantity_text(shown, unit).render(lang)


def converted_text(field: str, value: float, *, lang: Lang = "en") -> str | None:
    """The other unit of a lab value, for display under the field ('= 34 mg/dL BUN')."""
    for pair in CANONICAL_PAIR.values():
        if field == pair.canonical:
            other = FIELD_BY_NAME[pair.alternate]
            shown = fmt_in_unit(pair.from_canonical(value), other.unit)
            if other.name == "bun_mg_dl":
                return tr("wording.converted_bun", lang, value=shown)
            return f"= {shown}"
        if field == pair.alternate:
            shown = fmt_in_unit(pair.to_canonical(value), "mmol/L")
            if pair.canonical == "urea_mmol_l":
                return tr("wording.converted_urea", lang, value=shown)
            return f"= {shown}"
    return None


def yes_no(value: bool, *, lang: Lang = "en") -> str:
    return tr("wording.yes" if value else "wording.no", lang)


def _criterion_value_text(row: CriterionResult, lang: Lang) -> str:
    """The value as given, with its conversion when it came in the other unit."""
    if isinstance(row.input_value, bool):
        return yes_no(row.input_value, lang=lang)
    given = fmt_number(float(row.input_value))  # type: ignore[arg-type]
    unit = row.input_unit.replace("% BSA", "%")
    text = value_with_unit(given, unit, lang=lang)
    other = converted_text(row.field, float(row.input_value), lang=lang)  # type: ignore[arg-type]
    return f"{text} ({other})" if other else text


# The analyte as the user entered it, where it differs from the criterion's name.
ANALYTE_AS_ENTERED: dict[str, str] = {"bun_mg_dl": "BUN"}


def points_text(points: int, *, lang: Lang = "en") -> str:
    """'1 point', '0 points' ('1점', '0점')."""
    return tr("wording.points_one" if points == 1 else "wording.points_many", lang, points=points)


def criterion_line(row: CriterionResult, criterion: Criterion, *, lang: Lang = "en") -> str:
    """One line of the breakdown: mark, value vs cut-off (both units), points."""
    label = _criterion_label(criterion, lang)
    if row.met is None:
        return tr("wording.criterion_missing", lang, label=label, points=row.points_if_met)
    label = ANALYTE_AS_ENTERED.get(row.field, label)
    mark = "✓" if row.met else "✗"
    points = points_text(row.points or 0, lang=lang)  # known: the criterion was judged
    value = _criterion_value_text(row, lang)
    if criterion.comparison == "true":
        return f"{mark} {label}: {value} — {points}"
    symbol = SYMBOL[criterion.comparison] if row.met else NEGATED_SYMBOL[criterion.comparison]
    if row.on_cutoff:
        symbol = "="
    alt_cutoff = _alt_unit_cutoff(criterion, lang)
    alt = f" ({alt_cutoff})" if alt_cutoff else ""
    cut = value_with_unit(fmt_number(float(criterion.cutoff)), criterion.unit, lang=lang)  # type: ignore[arg-type]
    return f"{mark} {label} {value} {symbol} {cut}{alt} — {points}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def missing_labels(result: ScoreResult, *, lang: Lang = "en") -> list[str]:
    # "detached BSA", not "detached bsa": lower-case the first letter only.
    criteria = criteria_of(result)
    labels = [_criterion_label(criteria[key], lang) for key in result.missing]
    return [_lower_first(label) for label in labels] if lang == "en" else labels


def criterion_lines(result: ScoreResult, *, lang: Lang = "en") -> list[str]:
    """The breakdown of a score, one `criterion_line` per criterion."""
    criteria = criteria_of(result)
    return [criterion_line(row, criteria[row.key], lang=lang) for row in result.criteria]


def score_title(result: ScoreResult, *, lang: Lang = "en") -> str:
    """The score alone, for a heading: 'SCORTEN 4 of 7' or 'SCORTEN 4-5 of 7 (glucose missing)'.

    One figure per line on screen: the mortality and the derivation band are separate lines
    (`mortality_text`, `band_text`), never crammed into the heading.
    """
    top = result.max_possible
    if result.score is not None:
        return tr("wording.score_title", lang, name=result.name, score=result.score, top=top)
    missing = tr("wording.list_separator", lang).join(missing_labels(result, lang=lang))
    return tr(
        "wording.score_title_range",
        lang,
        name=result.name,
        low=result.min,
        high=result.max,
        top=top,
        missing=missing,
    )


def score_headline(result: ScoreResult, *, lang: Lang = "en") -> str:
    """The title, then the predicted mortality and the derivation band where the score has
    them: 'SCORTEN 4 of 7 · predicted mortality 62.2 % · derivation band 58.3 % (...)'."""
    text = score_title(result, lang=lang)
    mortality = mortality_text(result)
    if mortality is not None:
        text += tr("wording.headline_mortality", lang, mortality=mortality)
    if result.band is not None:
        text += tr("wording.headline_band", lang, band=band_text(result))
    return text


def mortality_text(result: ScoreResult) -> str | None:
    """'62.2 %' for a complete score, '62.2-85.0 %' for a range, None when unknown.

    Numbers only: the same in every language."""
    if result.score is not None and result.mortality_logistic is not None:
        return fmt_pct(result.mortality_logistic)
    low, high = result.mortality_logistic_min, result.mortality_logistic_max
    if low is None or high is None:
        return None
    return f"{fmt_pct(low).removesuffix(' %')}-{fmt_pct(high)}"


def band_text(result: ScoreResult) -> str:
    """'58.3 % (14/24; 95 % CI 36.6-77.9)' for the observed band of a complete score.

    Numbers only: the same in every language."""
    band = result.band
    if band is None:
        return ""
    return (
        f"{fmt_pct(band.mortality)} ({band.deaths}/{band.n}; 95 % CI "
        f"{band.ci_low_pct:g}-{band.ci_high_pct:g})"
    )


def _points_text(points: int, name: str, lang: Lang) -> str:
    key = "wording.score_points_one" if points == 1 else "wording.score_points_many"
    return tr(key, lang, points=points, score=name)


def score_differences(first: ScoreResult, second: ScoreResult, *, lang: Lang = "en") -> list[str]:
    """Why two scores read differently for this case, from their criteria.

    Lists inputs that earn points in one score but not the other (different cut-off,
    different weight, or an item only one of them has).
    """
    s_rows = {r.key: r for r in first.criteria}
    a_rows = {r.key: r for r in second.criteria}
    s_criteria, a_criteria = criteria_of(first), criteria_of(second)
    one, two = first.name, second.name
    notes: list[str] = []
    for key in dict.fromkeys([*s_rows, *a_rows]):
        s, a = s_rows.get(key), a_rows.get(key)
        s_points = s.points if s else None
        a_points = a.points if a else None
        criterion = s_criteria[key] if s else a_criteria[key]
        label = _criterion_label(criterion, lang)
        only_in = (a_points, two, one) if s is None else (s_points, one, two) if a is None else None
        if only_in is not None:
            points, score, other = only_in
            if points:
                notes.append(
                    tr(
                        "wording.difference_only_in",
                        lang,
                        label=label,
                        points=_points_text(points, score, lang),
                        other=other,
                    )
                )
        elif s and a and s_points is not None and a_points is not None:
            if bool(s_points) != bool(a_points):
                notes.append(
                    tr(
                        "wording.difference_counts",
                        lang,
                        label=label,
                        first=one,
                        first_counts=_counts(bool(s_points), lang),
                        first_rule=_criterion_rule(s_criteria[key], lang),
                        second=two,
                        second_counts=_counts(bool(a_points), lang),
                        second_rule=_criterion_rule(a_criteria[key], lang),
                    )
                )
            elif s_points and a_points and s_points != a_points:
                notes.append(
                    tr(
                        "wording.difference_weights",
                        lang,
                        label=label,
                        first_points=_points_text(s_points, one, lang),
                        second_points=_points_text(a_points, two, lang),
                    )
                )
    return notes


def _counts(counts: bool, lang: Lang) -> str:
    return tr("wording.counts" if counts else "wording.does_not_count", lang)


def extent_category_text(result: CaseResult, *, lang: Lang = "en") -> str | None:
    """'SJS/TEN overlap (18 % detached)': the extent category, without its heading."""
    if result.classification is None:
        return None
    category = _extent_category(result.classification, lang)
    # From any score that was given (SCORTEN may be withheld for another input).
    criteria = (r for score in result.scores.values() for r in score.criteria)
    bsa = next((r for r in criteria if r.key == "bsa_detached_pct"), None)
    if bsa is not None and bsa.met is not None:  # met known: the input is a number
        pct = fmt_number(float(bsa.input_value))  # type: ignore[arg-type]
        return tr("wording.extent_detached", lang, category=category, pct=pct)
    return category


def extent_text(result: CaseResult, *, lang: Lang = "en") -> str | None:
    """'Extent: SJS/TEN overlap (18 % detached)'."""
    category = extent_category_text(result, lang=lang)
    return None if category is None else tr("wording.extent", lang, category=category)


def _score_words(result: CaseResult, lang: Lang) -> str:
    s = result.scorten
    if s.withheld:
        return tr("wording.no_score", lang)
    return f"{s.score}" if s.score is not None else f"{s.min}-{s.max}"


def change_since_first_day(
    results: Mapping[int, CaseResult], day: int, *, lang: Lang = "en"
) -> str | None:
    """'SCORTEN day 1: 2 → day 3: 4 (up 2)' for the bedside summary; None on day 1 alone.

    A difference is stated only between two complete scores; with a range on either day
    both readings are shown and nothing is subtracted.
    """
    first = min(results)
    if day == first or day not in results:
        return None
    before, now = results[first], results[day]
    text = tr(
        "wording.change",
        lang,
        first=first,
        before=_score_words(before, lang),
        day=day,
        now=_score_words(now, lang),
    )
    a, b = before.scorten.score, now.scorten.score
    if a is not None and b is not None:  # a withheld score is None
        change = b - a
        if change == 0:
            text += tr("wording.change_none", lang)
        else:
            key = "wording.change_up" if change > 0 else "wording.change_down"
            text += tr(key, lang, points=abs(change))
    return text


# ---------------------------------------------------------------------------------------
# The engine's words in the reader's language
# ---------------------------------------------------------------------------------------
# Labels, rules and categories are the engine's (scoring/); these read them in `lang`.


def in_lang(text: Text | str, *, lang: Lang) -> str:
    """An engine or clinical text in `lang`: a `Text` is rendered; a plain string (a drug
    name, a citation, a verified English text not yet translated) is shown as written."""
    return text.render(lang) if isinstance(text, Text) else text


def _criterion_label(criterion: Criterion, lang: Lang) -> str:
    return criterion.label_text.render(lang)


def _criterion_rule(criterion: Criterion, lang: Lang) -> str:
    return criterion.rule_text.render(lang)


def _alt_unit_cutoff(criterion: Criterion, lang: Lang) -> str | None:
    alt = criterion.alt_cutoff_text
    return in_lang(alt, lang=lang) if alt else None


def _extent_category(category: str, lang: Lang) -> str:
    return classification.category_text(category).render(lang)
