"""The plain-text chart note for the medical record: severity per day, drugs with ALDEN and
flags, next steps, sources. Pure: no Streamlit, no patient identifiers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reports.case_file import INPUT_ORDER, drugs_by_position, iso_date
from reports.wording import (
    CALIBRATION_NOTE,
    DAY3_REMINDER,
    EXTENT_NOT_A_DIAGNOSIS,
    NOT_A_SUBSTITUTE,
    SCORTEN_CRITERIA,
    abcd10_headline,
    converted_text,
    criterion_line,
    extent_text,
    fmt_number,
    scorten_headline,
)
from scoring import abcd10, classification, drug_flags, scorten
from scoring.alden import REFERENCES as ALDEN_REFERENCES
from scoring.alden import AldenResult
from scoring.fields import FIELD_BY_NAME
from scoring.models import CaseResult
from scoring.next_steps import age_years, case_alden, next_steps, steps_text
from scoring.screen_labels import on_screen


def _input_text(field: str, value: Any) -> str:
    spec = FIELD_BY_NAME[field]
    if isinstance(value, bool):
        return f"{spec.label} {'yes' if value else 'no'}"
    text = f"{spec.label} {fmt_number(float(value))} {spec.unit}".rstrip()
    other = converted_text(field, float(value))
    return f"{text} ({other})" if other else text


def _assessment_note(assessment: Mapping[str, Any], result: CaseResult) -> list[str]:
    inputs = assessment.get("inputs", {})
    given = [_input_text(f, inputs[f]) for f in INPUT_ORDER if inputs.get(f) is not None]
    lines = [f"Assessment day {assessment['assessment_day']}"]
    lines.append("  Inputs: " + ("; ".join(given) if given else "none entered"))
    if result.errors:
        lines.append("  No score: the inputs contain an impossible value.")
        lines += [f"  Error: {on_screen(issue.message)}" for issue in result.errors]
        return lines
    lines.append("  " + scorten_headline(result.scorten))
    for row in result.scorten.criteria:
        lines.append("    " + criterion_line(row, SCORTEN_CRITERIA[row.key]))
    lines.append("  " + abcd10_headline(result.abcd10))
    extent = extent_text(result)
    if extent:
        lines.append(f"  {extent} — {EXTENT_NOT_A_DIAGNOSIS}.")
    lines += [f"  Note: {on_screen(issue.message)}" for issue in result.warnings]
    return lines


def _drug_dates(drug: Mapping[str, Any]) -> str:
    start = drug.get("start") or "first intake not entered"
    stop = drug.get("stop")
    return f"first intake {start}; " + (f"last intake {stop}" if stop else "still taken")


def case_flags(case: Mapping[str, Any]) -> list[drug_flags.DrugFlag]:
    """The Drugs page's flags for the case's drugs (same call, same inputs)."""
    names = [str(d["name"]) for d in case.get("drugs", []) if d.get("name")]
    starts = {
        str(d["name"]): start
        for d in case.get("drugs", [])
        if d.get("name") and (start := iso_date(d.get("start"))) is not None
    }
    return drug_flags.flag_drugs(
        names, index_day=iso_date(case.get("index_day")), starts=starts, age_years=age_years(case)
    )


def drugs_note(case: Mapping[str, Any], alden: AldenResult | None) -> list[str]:
    """The drugs with their ALDEN score, category and flags, highest rank first."""
    drugs = [d for d in case.get("drugs", []) if d.get("name")]
    if not drugs:
        return ["Drugs: none entered — culprit work-up missing."]
    index_day = case.get("index_day") or "not entered"
    lines = [f"Drugs (index day = first skin or mucosal signs: {index_day})"]
    if alden is not None:
        for rank, a in enumerate(alden.drugs, start=1):
            drug = drugs_by_position(case, a.input_index)
            dates = _drug_dates(drug) if drug else ""
            lines.append(f"  {rank}. {a.name} — ALDEN {a.score}, {a.category}; {dates}")
            criteria = ", ".join(f"{c.key.replace('_', ' ')} {c.points:+d}" for c in a.criteria)
            lines.append(f"     Criteria: {criteria}")
    else:
        lines.append("  ALDEN not scored: complete the dates and the index day on the Drugs page.")
        lines += [f"  - {d['name']}: {_drug_dates(d)}" for d in drugs]
    flags = case_flags(case)
    for flag in flags:
        unverified = "" if flag.verified else " (not verified in a primary source)"
        lines.append(f"  Flag ({flag.drug}): {flag.message}{unverified}")
    return lines


def chart_note(case: Mapping[str, Any], results: Mapping[int, CaseResult]) -> str:
    """A plain-text chart note: severity per day, drugs with ALDEN and flags, next steps.

    No patient identifiers.
    """
    alden = case_alden(case)
    lines = ["SJS/TEN assessment (SCORTEN, ABCD-10, extent, ALDEN)", NOT_A_SUBSTITUTE, ""]
    assessments = sorted(case["assessments"], key=lambda a: a["assessment_day"])
    for assessment in assessments:
        lines += _assessment_note(assessment, results[assessment["assessment_day"]])
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
    lines += drugs_note(case, alden)
    lines.append("")
    steps = next_steps(case, results, alden)
    lines.append("Next steps (why shown; source, section and grade)")
    lines += steps_text(steps)
    lines.append("")
    lines.append("Sources:")
    guideline_citations = {src.citation for step in steps for src in step.sources}
    lines += [
        f"- {ref}"
        for ref in (
            scorten.REFERENCE,
            scorten.DAY3_REFERENCE,
            abcd10.REFERENCE,
            classification.REFERENCE,
            *ALDEN_REFERENCES,
            *sorted(guideline_citations),
        )
    ]
    return "\n".join(lines) + "\n"
