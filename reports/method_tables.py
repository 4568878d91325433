"""Rows for the Method page, built from the engine's own constants.

Nothing here retypes a number: every cut-off, weight, probability and reason is read
from scoring/ (and the ALDEN notoriety labels from knowledge/), so the page cannot drift
from what the engine computes. Pure functions returning plain rows; the page renders them.

Every word is in the reader's language (`lang`): sentences and table headers come from the
catalogue (knowledge/data/messages/method_tables.yaml, headers `method_tables.col_<name>`),
the engine's own words (criteria, ALDEN values, reasons) from the engine's texts. Citations
stay as published.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import Any

from knowledge.citations import doi_link, pubmed_link
from knowledge.drugs import NOTORIETY_LABELS, default_catalogue
from knowledge.evidence import (
    EXPERIMENTAL_KEY,
    HARMFUL_KEY,
    ONGOING_KEY,
    SECTION_KEYS,
    Tier,
    label_key,
)
from knowledge.i18n import Lang, Text, tr
from scoring import alden, classification, drug_flags, scorten, units
from scoring import scores as registry
from scoring.bounds import BOUNDS, FieldBounds, Limit
from scoring.criteria import SYMBOL, Criterion, ObservedBand, PointsScore
from scoring.words import quantity_text

Row = dict[str, Any]


def _tr(name: str, lang: Lang, /, **params: Any) -> str:
    return tr(f"method_tables.{name}", lang, **params)


def column(name: str, lang: Lang) -> str:
    """A table's header in `lang` (`method_tables.col_<name>` in the catalogue)."""
    return tr(f"method_tables.col_{name}", lang)


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


def criteria_rows(criteria: tuple[Criterion, ...], *, lang: Lang) -> list[Row]:
    return [
        {
            column("criterion", lang): c.label_text.render(lang),
            column("rule_points", lang): c.rule_text.render(lang),
            column("points", lang): c.points,
            column("on_cutoff", lang): _on_cutoff_text(c, lang),
            column("source", lang): c.source.render(lang)
            if isinstance(c.source, Text)
            else c.source,
        }
        for c in criteria
    ]


def _on_cutoff_text(criterion: Criterion, lang: Lang) -> str:
    if criterion.comparison == "true":
        return "—"
    if criterion.comparison == "ge":
        return _tr("on_cutoff_counts", lang)
    return _tr("on_cutoff_strict", lang)


_NUMBER_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")


def count_text(n: int, *, lang: Lang) -> str:
    """A count as the Method page writes it: in English 'Seven' (words up to nine, then
    digits); in Korean digits, which the sentence follows with its counter (7개)."""
    if lang == "en" and n < len(_NUMBER_WORDS):
        return _NUMBER_WORDS[n]
    return str(n)


def score_intro(score: PointsScore, *, lang: Lang) -> str:
    """'Seven risk factors measured within 24 h of admission, one point each (0-7). ...'."""
    criteria = score.criteria
    weights = "one_point_each" if all(c.points == 1 for c in criteria) else "weighted_as_below"
    params = {
        "count": count_text(len(criteria), lang=lang),
        "noun": _tr("risk_factor" if len(criteria) == 1 else "risk_factors", lang),
        "weights": _tr(weights, lang),
        "max": score.max_score,
        "missing": _tr("missing_never_normal", lang),
    }
    if score.measured_text is not None:  # a Text: rendered in the reader's language
        return _tr("score_intro_measured", lang, measured=score.measured_text, **params)
    return _tr("score_intro", lang, **params)


def no_mortality_text(score: PointsScore, *, lang: Lang) -> str:
    return _tr("no_mortality", lang, name=score.name)


def formula_text(score: PointsScore, *, lang: Lang) -> str | None:
    """The score's mortality equation, or None when it has none."""
    model = score.logistic
    if model is None:
        return None
    sign = "−" if model.intercept < 0 else "+"
    return _tr(
        "formula",
        lang,
        intercept=f"{sign}{abs(model.intercept):g}",
        slope=f"{model.slope:g}",
        name=score.name,
    )


def logistic_rows(score: PointsScore = scorten.SCORTEN, *, lang: Lang) -> list[Row]:
    return [
        {score.name: value, column("predicted_logistic", lang): pct(p)}
        for value, p in enumerate(score.logistic_by_score or ())
    ]


def observed_rows(score: PointsScore = scorten.SCORTEN, *, lang: Lang) -> list[Row]:
    return [
        {
            score.name: band.label,
            column("deaths_patients", lang): f"{band.deaths}/{band.n}",
            column("observed", lang): pct(band.mortality),
            column("ci95", lang): f"{band.ci_low_pct:g}-{band.ci_high_pct:g} %",
        }
        for band in score.observed_bands
    ]


def score_tables(*, lang: Lang) -> list[tuple[PointsScore, list[Row]]]:
    """Each registry score with its criteria table, in the registry's order."""
    return [(score, criteria_rows(score.criteria, lang=lang)) for score in registry.SCORES]


def adults_only_text(*, lang: Lang) -> str:
    names = _tr("names_joined", lang).join(score.name for score in registry.SCORES)
    return _tr("adults_only", lang, names=names)


def score_conventions(*, lang: Lang) -> list[str]:
    """The registry scores' own conventions where sources disagree."""
    return [text.render(lang) for score in registry.SCORES for text in score.convention_texts]


def derivation_total() -> int:
    return sum(band.n for band in scorten.OBSERVED_BANDS)


def top_band() -> ObservedBand:
    return scorten.OBSERVED_BANDS[-1]


def classification_rows(*, lang: Lang) -> list[Row]:
    low, high = classification.SJS_BELOW_PCT, classification.TEN_ABOVE_PCT
    detachment, extent = column("detachment", lang), column("extent", lang)
    return [
        {detachment: f"< {low:g} %", extent: _extent(classification.SJS, lang)},
        {
            detachment: _tr("both_ends_included", lang, low=f"{low:g}", high=f"{high:g}"),
            extent: _extent(classification.OVERLAP, lang),
        },
        {detachment: f"> {high:g} %", extent: _extent(classification.TEN, lang)},
    ]


def _extent(category: str, lang: Lang) -> str:
    return classification.category_text(category).render(lang)


def _criterion_label(key: str, lang: Lang) -> str:
    """An analyte as SCORTEN's criterion names it ("Urea" / "혈청 요소")."""
    return next(c for c in scorten.CRITERIA if c.key == key).label_text.render(lang)


def unit_rows(*, lang: Lang) -> list[Row]:
    urea_cut = scorten.UREA_GT_MMOL_L
    glucose_cut = scorten.GLUCOSE_GT_MMOL_L
    analyte, conversion = column("analyte", lang), column("conversion", lang)
    cutoffs = column("cutoff_both_units", lang)
    return [
        {
            analyte: _criterion_label("urea_mmol_l", lang),
            conversion: _tr("urea_conversion", lang, factor=f"{units.BUN_MG_DL_PER_UREA_MMOL_L:g}"),
            cutoffs: (
                f"{urea_cut:g} mmol/L = BUN {units.urea_mmol_l_to_bun_mg_dl(urea_cut):g} mg/dL"
            ),
        },
        {
            analyte: _criterion_label("glucose_mmol_l", lang),
            conversion: _tr(
                "glucose_conversion", lang, factor=f"{units.GLUCOSE_MG_DL_PER_MMOL_L:g}"
            ),
            cutoffs: (
                f"{glucose_cut:g} mmol/L = {units.glucose_mmol_l_to_mg_dl(glucose_cut):.1f} mg/dL"
            ),
        },
        {
            analyte: _criterion_label("bicarbonate_mmol_l", lang),
            conversion: _tr("bicarbonate_conversion", lang),
            cutoffs: f"{scorten.BICARBONATE_LT_MMOL_L:g} mmol/L",
        },
    ]


def _limit_text(limit: Limit | None, side: str, lang: Lang) -> str:
    if limit is None:
        return ""
    return _tr(
        f"limit_{side}", lang, value=f"{limit.value:g}", reason=limit.reason_text.render(lang)
    )


def _unit_text(unit: str, lang: Lang) -> str:
    """A unit alone, in the engine's words for a quantity without its number ("years" /
    "세"; "/min" and "mmol/L" are the same in both); none: "—"."""
    return quantity_text("", unit).render(lang).strip() if unit else "—"


def bounds_rows(*, lang: Lang) -> list[Row]:
    return [_bounds_row(b, lang) for b in BOUNDS.values()]


def _bounds_row(b: FieldBounds, lang: Lang) -> Row:
    errors = [
        _tr("positive_only", lang) if b.positive else "",
        _limit_text(b.error_below, "below", lang),
        _limit_text(b.error_above, "above", lang),
    ]
    warnings = [
        _limit_text(b.warn_below, "below", lang),
        _limit_text(b.warn_above, "above", lang),
    ]
    return {
        column("field", lang): b.field,
        column("unit", lang): _unit_text(b.unit, lang),
        column("error", lang): "; ".join(t for t in errors if t) or "—",
        column("warning", lang): "; ".join(t for t in warnings if t) or "—",
    }


# --- ALDEN ------------------------------------------------------------------------------


def alden_delay_rows(*, lang: Lang) -> list[Row]:
    # Read from the one table the score uses (scoring.alden.DELAY_BANDS), highest first;
    # after a previous reaction to the same drug, only the bands that change.
    normal = sorted(alden.DELAY_BANDS, key=lambda b: -b.points)
    changed = [b for b in alden.DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION if b not in normal]
    return [_row(b.label_text, b.points, b.days_words(" to "), lang) for b in normal] + [
        _row(
            Text("method_tables.previous_same_drug", {"label": b.label_text}),
            b.points,
            b.days_words(" to "),
            lang,
        )
        for b in sorted(changed, key=lambda b: -b.points)
    ]


def _alden_value(code: str) -> Text:
    """An ALDEN value as the engine words it for its criteria ("Definite" / "확실")."""
    return Text(f"alden.value.{code}")


def alden_presence_rows(*, lang: Lang) -> list[Row]:
    n = {"n": alden.PRESENCE_HALF_LIVES}
    return [
        _row(
            _alden_value("definite"),
            alden.PRESENCE_DEFINITE,
            Text("method_tables.presence_definite_rule", n),
            lang,
        ),
        _row(
            _alden_value("doubtful"),
            alden.PRESENCE_DOUBTFUL,
            Text("method_tables.presence_doubtful_rule", n),
            lang,
        ),
        _row(
            _alden_value("excluded"),
            alden.PRESENCE_EXCLUDED,
            Text("method_tables.presence_excluded_rule", n),
            lang,
        ),
    ]


def alden_prechallenge_rows(*, lang: Lang) -> list[Row]:
    return [
        {
            column("value", lang): value.render(lang),
            column("points", lang): signed(points),
            column("rule", lang): Text(f"alden.why.{key}").render(lang),
            column("input_value", lang): key,
        }
        for key, (points, value) in alden.PRECHALLENGE.items()
    ]


def alden_dechallenge_rows(*, lang: Lang) -> list[Row]:
    return [
        _row(
            _alden_value("neutral"),
            alden.DECHALLENGE_NEUTRAL,
            Text("method_tables.dechallenge_neutral_rule"),
            lang,
        ),
        _row(
            _alden_value("negative"),
            alden.DECHALLENGE_NEGATIVE,
            Text("method_tables.dechallenge_negative_rule"),
            lang,
        ),
    ]


def alden_notoriety_rows(*, lang: Lang) -> list[Row]:
    return [
        {
            column("value", lang): alden.notoriety_text(points).render(lang),
            column("points", lang): signed(points),
        }
        for points in sorted(NOTORIETY_LABELS, reverse=True)
    ]


def _alden_text(name: str, lang: Lang) -> str:
    """An ALDEN sentence of the catalogue, filled in from the engine's constants."""
    return _tr(
        name,
        lang,
        trigger=alden.OTHER_CAUSE_TRIGGER_GT,
        penalty=alden.OTHER_CAUSE_PENALTY,
        convention=alden.NON_DRUG_CAUSE_CONVENTION_TEXT,
        very_probable=alden.category_text("very probable"),
        max=alden.INTERMEDIATE_MAX,
    )


def alden_other_cause_text(*, lang: Lang) -> str:
    return _alden_text("other_cause", lang)


def alden_non_drug_text(*, lang: Lang) -> str:
    return _alden_text("alden_non_drug", lang)


def alden_broken_drug_text(*, lang: Lang) -> str:
    return _alden_text("alden_broken_drug", lang)


def alden_category_rows(*, lang: Lang) -> list[Row]:
    """Score bands derived by running the engine's own `category()` over the full range."""
    scores = range(alden.SCORE_MIN, alden.SCORE_MAX + 1)
    rows = []
    for name, group in groupby(scores, key=alden.category):
        members = list(group)
        low, high = members[0], members[-1]
        band = str(low) if low == high else _tr("score_band", lang, low=low, high=high)
        rows.append(
            {
                column("final_score", lang): band,
                column("category", lang): alden.category_text(name).render(lang),
            }
        )
    return list(reversed(rows))


def _row(value: Text, points: int, rule: Text, lang: Lang) -> Row:
    return {
        column("value", lang): value.render(lang),
        column("points", lang): signed(points),
        column("rule", lang): rule.render(lang),
    }


# --- conventions --------------------------------------------------------------------------


# Criteria that other calculators score with "≥" (MSD Manual, MDCalc, openEHR GDL2).
INCLUSIVE_ELSEWHERE = ("age_years", "heart_rate_bpm", "bsa_detached_pct")
MSD_GLUCOSE_GT_MG_DL = 250  # MSD Manual's SCORTEN glucose cut-off (see INCLUSIVE_ELSEWHERE)


def _in_sentence(label: str, lang: Lang) -> str:
    """A criterion's name inside an English sentence is lower case ("heart rate"); Korean
    has no case, and "BSA" in its Korean name stays as written."""
    return label.lower() if lang == "en" else label


def strict_cutoff_text(*, lang: Lang) -> str:
    strict = [c for c in scorten.CRITERIA if c.comparison in ("gt", "lt")]
    rules = ", ".join(c.rule_text.render(lang) for c in strict)
    inclusive = ", ".join(
        f"{_in_sentence(c.label_text.render(lang), lang)} {SYMBOL['ge']} "
        f"{quantity_text(f'{c.cutoff:g}', c.unit).render(lang)}"
        for c in strict
        if c.key in INCLUSIVE_ELSEWHERE
    )
    msd_glucose = units.glucose_mg_dl_to_mmol_l(MSD_GLUCOSE_GT_MG_DL)
    return _tr(
        "strict_cutoffs",
        lang,
        rules=rules,
        inclusive=inclusive,
        msd_mg_dl=MSD_GLUCOSE_GT_MG_DL,
        msd_mmol_l=f"{msd_glucose:.2f}",
    )


def top_band_text(*, lang: Lang) -> str:
    band = top_band()
    return _tr(
        "top_band",
        lang,
        label=band.label,
        deaths=band.deaths,
        n=band.n,
        mortality=pct(band.mortality),
        ci_low=f"{band.ci_low_pct:g}",
        ci_high=f"{band.ci_high_pct:g}",
    )


def alden_tie_text(*, lang: Lang) -> str:
    return _alden_text("alden_tie", lang)


# --- knowledge bases ------------------------------------------------------------------------


def drug_source_rows(*, lang: Lang) -> list[Row]:
    """Every source the drug knowledge base cites, with whether it was read in full."""
    verified = {True: _tr("source_verified", lang), False: _tr("source_not_verified", lang)}
    return [
        {
            column("source", lang): linkify(source.citation),
            column("verified", lang): verified[source.verified],
        }
        for source in default_catalogue().sources.values()
    ]


def drug_base_text(*, lang: Lang) -> str:
    return _tr(
        "drug_base",
        lang,
        count=len(default_catalogue()),
        high_risk=drug_flags.HIGH_RISK_NOTORIETY,
        high_label=alden.notoriety_text(drug_flags.HIGH_RISK_NOTORIETY, in_text=True),
        unknown=alden.notoriety_text(alden.NOTORIETY_UNKNOWN, in_text=True),
    )


def evidence_tier_rows(*, lang: Lang) -> list[Row]:
    """The Evidence page's labels, in the words that page shows in `lang`."""
    label = column("label_shown", lang)
    keys = [*(label_key("tier", tier) for tier in Tier), HARMFUL_KEY, EXPERIMENTAL_KEY, ONGOING_KEY]
    return [{label: tr(key, lang)} for key in keys]


def evidence_sections_text(*, lang: Lang) -> str:
    titles = " · ".join(tr(label_key("section", key), lang) for key in SECTION_KEYS)
    return _tr("evidence_sections", lang, sections=titles)
