"""The plain-text chart note for the medical record: severity per day, drugs with ALDEN and
flags, next steps, sources, all read from the case's one assessment (reports.assessment).
User text (drug names) is quoted and kept on one line: it can never pass for a line the
app wrote. Pure: no Streamlit, no patient identifiers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reports.assessment import CaseAssessment
from reports.case_file import INPUT_ORDER, drugs_by_position
from reports.text_safety import quoted, visible
from reports.wording import (
    CALIBRATION_NOTE,
    DAY3_REMINDER,
    EXTENT_NOT_A_DIAGNOSIS,
    NOT_A_SUBSTITUTE,
    converted_text,
    criterion_lines,
    extent_text,
    fmt_number,
    score_headline,
)
from scoring import classification
from scoring import scores as registry
from scoring.alden import NOT_SCORED as ALDEN_NOT_SCORED
from scoring.alden import REFERENCES as ALDEN_REFERENCES
from scoring.fields import FIELD_BY_NAME
from scoring.models import CaseResult
from scoring.next_steps import steps_text
from scoring.screen_labels import on_screen, on_screen_drug


def _input_text(field: str, value: Any) -> str:
    spec = FIELD_BY_NAME[field]
    if isinstance(value, bool):
        return f"{spec.label} {'yes' if value else 'no'}"
    text = f"{spec.label} {fmt_number(float(value))} {spec.unit}".rstrip()
    other = converted_text(field, float(value))
    return f"{text} ({other})" if other else text


def _assessment_note(
    assessment: Mapping[str, Any], result: CaseResult, caveats: Mapping[str, str]
) -> list[str]:
    inputs = assessment.get("inputs", {})
    given = [_input_text(f, inputs[f]) for f in INPUT_ORDER if inputs.get(f) is not None]
    lines = [f"Assessment day {assessment['assessment_day']}"]
    lines.append("  Inputs: " + ("; ".join(given) if given else "none entered"))
    if result.errors:
        lines.append("  No score: the inputs contain an impossible value.")
        lines += [f"  Error: {on_screen(issue.message)}" for issue in result.errors]
        return lines
    for key, scored in result.scores.items():
        lines.append("  " + score_headline(scored))
        lines += ["    " + line for line in criterion_lines(scored)]
        if key in caveats:  # e.g. a score not validated for this assessment day
            lines.append(f"    Caveat: {caveats[key]}")
    extent = extent_text(result)
    if extent:
        lines.append(f"  {extent} — {EXTENT_NOT_A_DIAGNOSIS}.")
    lines += [f"  Note: {on_screen(issue.message)}" for issue in result.warnings]
    return lines


def _drug_dates(drug: Mapping[str, Any]) -> str:
    start = drug.get("start") or "first intake not entered"
    stop = drug.get("stop")
    return f"first intake {start}; " + (f"last intake {stop}" if stop else "still taken")


def drugs_note(case: Mapping[str, Any], assessment: CaseAssessment) -> list[str]:
    """The drugs with their ALDEN score, category and flags, highest rank first."""
    drugs = [d for d in case.get("drugs", []) if d.get("name")]
    if not drugs:
        return ["Drugs: none entered — culprit work-up missing."]
    index_day = visible(str(case.get("index_day") or "not entered"))
    lines = [f"Drugs (index day = first skin or mucosal signs: {index_day})"]
    alden = assessment.alden
    if alden is not None:
        for rank, a in enumerate(alden.drugs, start=1):
            drug = drugs_by_position(case, a.input_index)
            dates = visible(_drug_dates(drug)) if drug else ""
            lines.append(f"  {rank}. {quoted(a.name)} — ALDEN {a.score}, {a.category}; {dates}")
            criteria = ", ".join(f"{c.key.replace('_', ' ')} {c.points:+d}" for c in a.criteria)
            lines.append(f"     Criteria: {criteria}")
        if assessment.alden_partial:
            lines.append("  Left out of this ranking until corrected (Drugs page):")
    else:
        lines.append(f"  {ALDEN_NOT_SCORED}")
        lines += [f"  - {quoted(d['name'])}: {visible(_drug_dates(d))}" for d in drugs]
    if assessment.alden_partial or alden is None:
        lines += [f"  - {visible(on_screen_drug(e.message))}" for e in assessment.alden_errors]
    for flag in assessment.flags:
        unverified = "" if flag.verified else " (not verified in a primary source)"
        message = visible(flag.message.render("en"))
        lines.append(f"  Flag ({quoted(flag.drug)}): {message}{unverified}")
    return lines


def chart_note(case: Mapping[str, Any], assessment: CaseAssessment) -> str:
    """A plain-text chart note: severity per day, drugs with ALDEN and flags, next steps.

    No patient identifiers.
    """
    results = assessment.results
    names = ", ".join(score.name for score in registry.SCORES)
    lines = [f"SJS/TEN assessment ({names}, extent, ALDEN)", NOT_A_SUBSTITUTE, ""]
    assessments = sorted(case["assessments"], key=lambda a: a["assessment_day"])
    for day_inputs in assessments:
        day = day_inputs["assessment_day"]
        lines += _assessment_note(day_inputs, results[day], assessment.day_caveats.get(day, {}))
        lines.append("")
    if len(assessments) > 1:
        trend = []
        for day, result in sorted(results.items()):
            s = result.scorten
            if result.errors:
                trend.append(f"day {day}: no score")
            elif s.score is not None:
                trend.append(f"day {day}: {s.score}")
            else:
                trend.append(f"day {day}: {s.min}-{s.max}")
        lines.append("SCORTEN trend: " + "; ".join(trend))
    if not any(a["assessment_day"] >= 3 for a in assessments):
        lines.append(DAY3_REMINDER)
    lines.append(CALIBRATION_NOTE)
    lines.append("")
    lines += drugs_note(case, assessment)
    lines.append("")
    steps = assessment.steps
    lines.append("Next steps (why shown; source, section and grade)")
    lines += [visible(line) for line in steps_text(steps)]  # a step can name a drug
    lines.append("")
    lines.append("Sources:")
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
