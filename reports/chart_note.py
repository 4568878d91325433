"""The plain-text chart note for the medical record: severity per day, drugs with ALDEN and
flags, next steps, sources, all read from the case's one assessment (reports.assessment).
User text (drug names) is quoted and kept on one line: it can never pass for a line the
app wrote. Pure: no Streamlit, no patient identifiers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from knowledge.i18n import Lang, Text, tr
from reports.assessment import CaseAssessment
from reports.case_file import INPUT_ORDER, drugs_by_position
from reports.text_safety import quoted, visible
from reports.wording import (
    calibration_note,
    converted_text,
    criterion_lines,
    day3_reminder,
    extent_not_a_diagnosis,
    extent_text,
    fmt_number,
    in_lang,
    not_a_substitute,
    score_headline,
    value_with_unit,
    yes_no,
)
from scoring import classification
from scoring import scores as registry
from scoring.alden import NOT_SCORED_TEXT as ALDEN_NOT_SCORED
from scoring.alden import REFERENCES as ALDEN_REFERENCES
from scoring.fields import FIELD_BY_NAME
from scoring.models import CaseResult, Issue
from scoring.next_steps import NextStep, source_line
from scoring.screen_labels import on_screen, on_screen_drug


def _input_text(field: str, value: Any, lang: Lang) -> str:
    spec = FIELD_BY_NAME[field]
    label = _field_label(field, lang)
    if isinstance(value, bool):
        return f"{label} {yes_no(value, lang=lang)}"
    text = f"{label} {value_with_unit(fmt_number(float(value)), spec.unit, lang=lang)}"
    other = converted_text(field, float(value), lang=lang)
    return f"{text} ({other})" if other else text


def _assessment_note(
    assessment: Mapping[str, Any],
    result: CaseResult,
    caveats: Mapping[str, Text | str],
    lang: Lang,
) -> list[str]:
    inputs = assessment.get("inputs", {})
    given = [_input_text(f, inputs[f], lang) for f in INPUT_ORDER if inputs.get(f) is not None]
    lines = [tr("chart_note.assessment_day", lang, day=assessment["assessment_day"])]
    none = tr("chart_note.none_entered", lang)
    lines.append(tr("chart_note.inputs", lang, inputs="; ".join(given) if given else none))
    errors = [tr("chart_note.error", lang, message=_issue(i, lang)) for i in result.errors]
    if all(scored.withheld for scored in result.scores.values()):
        return [*lines, tr("chart_note.no_score", lang), *errors]
    lines += errors  # an impossible input withholds only the scores that read it
    for key, scored in result.scores.items():
        if scored.withheld:
            lines.append(f"  {scored.name}: {tr('chart_note.trend_no_score', lang)}")
            continue
        lines.append("  " + score_headline(scored, lang=lang))
        lines += ["    " + line for line in criterion_lines(scored, lang=lang)]
        if key in caveats:  # e.g. a score not validated for this assessment day
            lines.append(tr("chart_note.caveat", lang, caveat=in_lang(caveats[key], lang=lang)))
    extent = extent_text(result, lang=lang)
    if extent:
        lines.append(f"  {extent} — {extent_not_a_diagnosis(lang=lang)}.")
    lines += [tr("chart_note.warning", lang, message=_issue(i, lang)) for i in result.warnings]
    return lines


def _drug_dates(drug: Mapping[str, Any], lang: Lang) -> str:
    start, stop = drug.get("start"), drug.get("stop")
    last = tr("chart_note.last_intake", lang, date=stop) if stop else tr("chart_note.taken", lang)
    if not start:
        return tr("chart_note.drug_dates_no_start", lang, last=last)
    return tr("chart_note.drug_dates", lang, start=start, last=last)


def drugs_note(
    case: Mapping[str, Any], assessment: CaseAssessment, *, lang: Lang = "en"
) -> list[str]:
    """The drugs with their ALDEN score, category and flags, highest rank first."""
    drugs = [d for d in case.get("drugs", []) if d.get("name")]
    if not drugs:
        return [tr("chart_note.no_drugs", lang)]
    index_day = visible(str(case.get("index_day") or tr("chart_note.not_entered", lang)))
    lines = [tr("chart_note.drugs", lang, index_day=index_day)]
    alden = assessment.alden
    if alden is not None:
        for rank, a in enumerate(alden.drugs, start=1):
            drug = drugs_by_position(case, a.input_index)
            dates = visible(_drug_dates(drug, lang)) if drug else ""
            category = a.category_text.render(lang)
            lines.append(f"  {rank}. {quoted(a.name)} — ALDEN {a.score}, {category}; {dates}")
            criteria = ", ".join(
                tr(f"chart_note.alden_key.{c.key}", lang) + f" {c.points:+d}" for c in a.criteria
            )
            lines.append(tr("chart_note.alden_criteria", lang, criteria=criteria))
        if assessment.alden_partial:
            lines.append(tr("chart_note.left_out", lang))
    else:
        lines.append(f"  {ALDEN_NOT_SCORED.render(lang)}")
        lines += [f"  - {quoted(d['name'])}: {visible(_drug_dates(d, lang))}" for d in drugs]
    if assessment.alden_partial or alden is None:
        lines += [f"  - {visible(_drug_issue(e, lang))}" for e in assessment.alden_errors]
    for flag in assessment.flags:
        unverified = "" if flag.verified else tr("chart_note.flag_unverified", lang)
        lines.append(
            tr(
                "chart_note.flag",
                lang,
                drug=quoted(flag.drug),
                message=visible(in_lang(flag.message, lang=lang)),
                unverified=unverified,
            )
        )
    return lines


def _steps_lines(steps: Sequence[NextStep], lang: Lang) -> list[str]:
    """The steps as plain-text lines, each with why it is shown and its sources."""
    lines: list[str] = []
    for number, step in enumerate(steps, start=1):
        lines.append(
            f"{number}. {in_lang(step.title, lang=lang)}: {in_lang(step.action, lang=lang)}"
        )
        lines.append(tr("chart_note.step_why", lang, why=in_lang(step.why, lang=lang)))
        for source in step.sources:
            lines.append(
                tr(
                    "chart_note.step_source",
                    lang,
                    source=source_line(source),
                    verified=in_lang(source.verified, lang=lang),
                    quote=source.text,
                )
            )
    return lines


def chart_note(case: Mapping[str, Any], assessment: CaseAssessment, *, lang: Lang = "en") -> str:
    """A plain-text chart note in `lang`: severity per day, drugs with ALDEN and flags, next
    steps. Numbers, codes, drug names and citations are the same in every language.

    No patient identifiers.
    """
    results = assessment.results
    names = ", ".join(score.name for score in registry.SCORES)
    lines = [tr("chart_note.title", lang, scores=names), not_a_substitute(lang=lang), ""]
    assessments = sorted(case["assessments"], key=lambda a: a["assessment_day"])
    for day_inputs in assessments:
        day = day_inputs["assessment_day"]
        caveats = assessment.day_caveats.get(day, {})
        lines += _assessment_note(day_inputs, results[day], caveats, lang)
        lines.append("")
    if len(assessments) > 1:
        trend = []
        for day, result in sorted(results.items()):
            s = result.scorten
            if s.withheld:
                reading = tr("chart_note.trend_no_score", lang)
            elif s.score is not None:
                reading = f"{s.score}"
            else:
                reading = f"{s.min}-{s.max}"
            trend.append(tr("chart_note.trend_day", lang, day=day, reading=reading))
        lines.append(tr("chart_note.trend", lang, trend="; ".join(trend)))
    if not any(a["assessment_day"] >= 3 for a in assessments):
        lines.append(day3_reminder(lang=lang))
    lines.append(calibration_note(lang=lang))
    lines.append("")
    lines += drugs_note(case, assessment, lang=lang)
    lines.append("")
    steps = assessment.steps
    lines.append(tr("chart_note.next_steps", lang))
    lines += [visible(line) for line in _steps_lines(steps, lang)]  # a step can name a drug
    lines.append("")
    lines.append(tr("chart_note.sources", lang))
    guideline_citations = {src.citation for step in steps for src in step.sources}
    lines += [
        f"- {ref}"
        for ref in (
            *(ref for score in registry.SCORES for ref in score.references),
            classification.REFERENCE,
            *ALDEN_REFERENCES,
            *sorted(guideline_citations),
        )
    ]
    return "\n".join(lines) + "\n"


# --- the engine's and the clinical texts' words in `lang` (scoring/, knowledge/)


def _field_label(field: str, lang: Lang) -> str:
    return FIELD_BY_NAME[field].label_text.render(lang)


def _issue(issue: Issue, lang: Lang) -> str:
    """An engine error or warning, the field named as on screen."""
    if issue.text is not None:
        return issue.text.render(lang)
    return on_screen(issue.message)


def _drug_issue(issue: Issue, lang: Lang) -> str:
    if issue.text is not None:
        return issue.text.render(lang)
    return on_screen_drug(issue.message)
