"""Next steps for the bedside: pure rules from the case to what to do now.

Each step says the action, why it is shown (the input that triggered it) and its sources:
verified statements from knowledge/data/guideline_statements.yaml with the guideline's own
section and grade. Nothing here is written per page: the Case page, the summary at its top
and the chart note all show these steps.

Rules (thresholds are named constants with their source):
- withdraw: every drug still taken, led by the highest-ranked ALDEN drug; with no drugs,
  the culprit work-up is missing.
- care setting: detached/detachable BSA > 10 % on any day -> burn centre or ICU (BAD 2016);
  otherwise the multidisciplinary team the guideline asks for in every case.
- eye review and mucosal reviews: every case (BAD 2016 audit standards).
- SCORTEN timing: within 24 h and again on day 3, until a day-3 assessment exists.
- supportive care: the environment and nutrition statements read in the guideline.
- under 18: the children's guideline (BAD 2018); shown as a question when age is missing.
- before discharge: culprit avoidance and an alert bracelet (BAD 2016 audit standards), the
  culprit and chemically similar drugs contraindicated for life (French PNDS 2018).
- report the reaction: the national pharmacovigilance systems (UK Yellow Card, US MedWatch,
  Korea KAERS), each as its agency's own page describes it (not a guideline statement).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from knowledge.guidelines import (
    VERIFIED_IN_LABEL,
    GuidelineStatements,
    Statement,
    default_statements,
)
from scoring.alden import NOT_SCORED as ALDEN_NOT_SCORED
from scoring.alden import AldenResult
from scoring.models import CaseResult

# Creamer 2016, summary table, Care setting: "greater than 10% BSA epidermal loss".
CARE_SETTING_BSA_GT_PCT = 10.0
# McPherson 2019, Purpose and scope: children (0-12 years) and young people (13-17 years).
CHILDREN_GUIDELINE_AGE_LT_YEARS = 18
# Guégan 2006: "compute again the SCORTEN on day 3".
RESCORE_DAY = 3
# ALDEN category from which a drug is named as a suspect to stop (Sassolas 2010 bands).
SUSPECT_CATEGORIES = ("very probable", "probable", "possible")

StepKey = Literal[
    "withdraw",
    "culprit_workup",
    "care_setting",
    "eye_review",
    "scorten_timing",
    "mucosal_review",
    "initial_workup",
    "supportive_care",
    "children",
    "discharge",
    "report_reaction",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StepSource(_Frozen):
    statement_id: str
    guideline: str  # short name, e.g. "UK BAD adult guideline 2016"
    section: str
    grade: str
    text: str  # the wording read
    verified: str  # how it was verified, in words
    citation: str
    date_checked: str


class NextStep(_Frozen):
    key: StepKey
    title: str  # the action in a few words, e.g. "Stop lamotrigine now"
    action: str  # the action in full
    why: str  # the input that triggered it
    sources: tuple[StepSource, ...]
    link_drugs_page: bool = False  # the step is done on the Drugs page


def _source(statements: GuidelineStatements, statement: Statement) -> StepSource:
    return StepSource(
        statement_id=statement.id,
        guideline=statements.short(statement),
        section=statement.section,
        grade=statement.grade,
        text=statement.text.strip(),
        verified=VERIFIED_IN_LABEL[statement.verified_in],
        citation=statements.citation(statement).strip(),
        date_checked=statement.date_checked.isoformat(),
    )


def _sources(statements: GuidelineStatements, *ids: str) -> tuple[StepSource, ...]:
    return tuple(_source(statements, statements.get(i)) for i in ids)


def _pct(value: float) -> str:
    return f"{value:g} %"


# --- inputs read from the case --------------------------------------------------------------


def max_detachment(case: Mapping[str, Any]) -> tuple[float, int] | None:
    """The largest detached BSA entered on any day, with its day (None: never entered)."""
    best: tuple[float, int] | None = None
    for a in case.get("assessments", []):
        value = (a.get("inputs") or {}).get("bsa_detached_pct")
        if value is None:
            continue
        if best is None or float(value) > best[0]:
            best = (float(value), int(a["assessment_day"]))
    return best


def age_years(case: Mapping[str, Any]) -> float | None:
    """Age from the latest day that has it."""
    for a in sorted(case.get("assessments", []), key=lambda a: -a["assessment_day"]):
        value = (a.get("inputs") or {}).get("age_years")
        if value is not None:
            return float(value)
    return None


def _still_taken(drug: Mapping[str, Any]) -> bool:
    return not drug.get("stop")


def _drug_name(drug: Mapping[str, Any]) -> str:
    return str(drug.get("name") or "").strip()


# --- the rules ------------------------------------------------------------------------------


def withdraw_step(
    case: Mapping[str, Any], alden: AldenResult | None, statements: GuidelineStatements
) -> NextStep:
    drugs = [d for d in case.get("drugs", []) if _drug_name(d)]
    sources = _sources(statements, "withdraw_culprit")
    if not drugs:
        return NextStep(
            key="culprit_workup",
            title="Culprit work-up missing",
            action=(
                "No drugs entered yet: on the Drugs page, list every drug taken, with when "
                "each was started or changed (within 24 h of the diagnosis being made or "
                "suspected), then identify the causative agent and withdraw it immediately."
            ),
            why="No drugs on the Drugs page.",
            sources=sources + _sources(statements, "drug_history_24h"),
            link_drugs_page=True,
        )
    if alden is not None and alden.drugs:
        ranked = [(a, drugs_by_index(case, a.input_index)) for a in alden.drugs]
        taken = [(a, d) for a, d in ranked if d is not None and _still_taken(d)]
        suspects = [(a, d) for a, d in taken if a.category in SUSPECT_CATEGORIES]
        others = [(a, d) for a, d in taken if a.category not in SUSPECT_CATEGORIES]
        if suspects:
            names = [f"{a.name} (ALDEN {a.score}, {a.category})" for a, _ in suspects]
            lead = suspects[0][0]
            title = f"Stop {lead.name} now"
            action = "Withdraw now: " + "; ".join(names) + "."
        elif taken:
            lead = taken[0][0]
            title = f"Review {lead.name}: still taken"
            action = "No drug still taken ranks possible or higher by ALDEN."
        else:
            top = alden.drugs[0]
            return NextStep(
                key="withdraw",
                title=f"{top.name} already stopped",
                action=(
                    "Every entered drug was stopped before the index day; keep them "
                    f"stopped. Top ALDEN rank: {top.name} ({top.score}, {top.category})."
                ),
                why="All entered drugs have a last-intake date.",
                sources=sources,
                link_drugs_page=True,
            )
        if others:
            action += " Also still taken, lower ALDEN rank: " + "; ".join(
                f"{a.name} ({a.score}, {a.category})" for a, _ in others
            )
            action += "."
        return NextStep(
            key="withdraw",
            title=title,
            action=action,
            why=f"ALDEN ranking of {len(alden.drugs)} entered drug(s); still taken: {len(taken)}.",
            sources=sources,
            link_drugs_page=True,
        )
    taken_names = [_drug_name(d) for d in drugs if _still_taken(d)]
    listed = ", ".join(taken_names) if taken_names else "none still taken"
    return NextStep(
        key="withdraw",
        title="Withdraw the suspected drugs",
        action=(
            f"Drugs still taken: {listed}. ALDEN cannot rank them yet: complete the dates "
            "on the Drugs page (when each was started or changed, within 24 h of the "
            "diagnosis being made or suspected)."
        ),
        why=f"Drugs entered; {ALDEN_NOT_SCORED}",
        sources=sources + _sources(statements, "drug_history_24h"),
        link_drugs_page=True,
    )


def drugs_by_index(case: Mapping[str, Any], index: int) -> Mapping[str, Any] | None:
    drugs = case.get("drugs", [])
    return drugs[index] if 0 <= index < len(drugs) else None


def care_setting_step(case: Mapping[str, Any], statements: GuidelineStatements) -> NextStep:
    worst = max_detachment(case)
    if worst is not None and worst[0] > CARE_SETTING_BSA_GT_PCT:
        value, day = worst
        return NextStep(
            key="care_setting",
            title="Burn centre or ICU now",
            action=(
                "Admit without delay to a burn centre or ICU with experience of SJS/TEN and "
                "facilities for extensive skin-loss wound care."
            ),
            why=f"Detached BSA {_pct(value)} (day {day}) > {_pct(CARE_SETTING_BSA_GT_PCT)}.",
            sources=_sources(statements, "burn_centre_gt10", "mdt"),
        )
    if worst is None:
        why = (
            "Detached BSA not entered: above "
            f"{_pct(CARE_SETTING_BSA_GT_PCT)} the guideline asks for a burn centre or ICU."
        )
    else:
        why = (
            f"Detached BSA {_pct(worst[0])} (day {worst[1]}) ≤ "
            f"{_pct(CARE_SETTING_BSA_GT_PCT)}; above it the guideline asks for a burn "
            "centre or ICU."
        )
    return NextStep(
        key="care_setting",
        title="Multidisciplinary team",
        action=(
            "Convene a multidisciplinary team co-ordinated by a skin-failure specialist "
            "(usually dermatology and/or plastic surgery), with intensive care, ophthalmology "
            "and skin-care nursing."
        ),
        why=why,
        sources=_sources(statements, "mdt", "burn_centre_gt10"),
    )


def eye_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="eye_review",
        title="Ophthalmologist: initial eye assessment",
        action=(
            "Eye assessment by an ophthalmologist as part of the initial assessment, then "
            "daily eye assessment during the first 10 days."
        ),
        why="Every patient with suspected SJS/TEN.",
        sources=_sources(statements, "eye_assessment"),
    )


def scorten_step(
    case: Mapping[str, Any], results: Mapping[int, CaseResult], statements: GuidelineStatements
) -> NextStep | None:
    days = sorted(results)
    if any(day >= RESCORE_DAY for day in days):
        return None
    first = results[days[0]] if days else None
    if first is not None and first.valid and first.scorten.score is not None:
        why = f"SCORTEN complete on day {days[0]}; no day-{RESCORE_DAY} assessment yet."
    elif first is not None and first.valid:
        why = (
            f"SCORTEN incomplete on day {days[0]} ({len(first.scorten.missing)} input(s) "
            f"missing); no day-{RESCORE_DAY} assessment yet."
        )
    else:
        why = f"No complete SCORTEN yet; no day-{RESCORE_DAY} assessment yet."
    return NextStep(
        key="scorten_timing",
        title=f"SCORTEN within 24 h, again on day {RESCORE_DAY}",
        action=(
            "Calculate SCORTEN within the first 24 hours and again on day "
            f"{RESCORE_DAY} (add a day-{RESCORE_DAY} assessment above)."
        ),
        why=why,
        sources=_sources(statements, "scorten_first_24h", "scorten_day3"),
    )


def mucosal_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="mucosal_review",
        title="Mouth, genital skin, urinary tract",
        action=(
            "Assess the mouth, genital skin and urinary tract at the initial assessment and "
            "daily during the first 10 days; insert a urinary catheter if urogenital "
            "involvement causes significant dysuria or retention."
        ),
        why="Every patient with suspected SJS/TEN.",
        sources=_sources(statements, "mucosal_assessment", "urinary_catheter"),
    )


def workup_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="initial_workup",
        title="Initial work-up",
        action=(
            "History from the patient and/or relatives; full examination with baseline "
            "weight and vital signs incl. oxygen saturation; FBC, U&E, LFT, glucose, "
            "magnesium, phosphate, bicarbonate, mycoplasma serology, CXR, skin biopsy."
        ),
        why="Every patient with suspected SJS/TEN.",
        sources=_sources(statements, "initial_investigations"),
    )


def supportive_step(statements: GuidelineStatements) -> NextStep:
    # Only the supportive-care statements read in the guideline's own text (its summary
    # table): environment, venous access, nutrition. Skin care, fluids, analgesia,
    # antibiotics and thromboprophylaxis were not retrieved there, so they are not stated.
    return NextStep(
        key="supportive_care",
        title="Supportive care: environment, access, nutrition",
        action=(
            "Barrier nursing in a side room controlled for humidity, on a pressure-relieving "
            "mattress, ambient temperature 25-28 °C. Peripheral venous access. Nasogastric "
            "feeding if oral nutrition is inadequate."
        ),
        why="Every patient with suspected SJS/TEN.",
        sources=_sources(statements, "environment", "venous_access", "nasogastric_feeding"),
    )


def children_step(case: Mapping[str, Any], statements: GuidelineStatements) -> NextStep | None:
    age = age_years(case)
    if age is not None and age >= CHILDREN_GUIDELINE_AGE_LT_YEARS:
        return None
    sources = _sources(statements, "children_scope", "children_infection")
    if age is None:
        return NextStep(
            key="children",
            title="If under 18: children's guideline",
            action=(
                "If the patient is under 18, follow the BAD 2018 children's guideline; "
                "infection is a more common cause in children and young people; in the early "
                "stages, consider infection as the trigger as well as stopping any possible "
                "culprit medicine."
            ),
            why="Age not entered.",
            sources=sources,
        )
    return NextStep(
        key="children",
        title="Under 18: children's guideline",
        action=(
            "Follow the BAD 2018 children's guideline (children 0-12, young people 13-17 "
            "years); infection is a more common cause in children and young people; in the "
            "early stages, consider infection as the trigger as well as stopping any possible "
            "culprit medicine."
        ),
        why=f"Age {age:g} years < {CHILDREN_GUIDELINE_AGE_LT_YEARS}.",
        sources=sources,
    )


def discharge_step(alden: AldenResult | None, statements: GuidelineStatements) -> NextStep:
    suspects = [a for a in (alden.drugs if alden else ()) if a.category in SUSPECT_CATEGORIES]
    named = ", ".join(a.name for a in suspects)
    culprit = f" ({named})" if named else ""
    return NextStep(
        key="discharge",
        title="Before discharge: culprit avoidance",
        action=(
            f"Document advice on avoiding the culprit drug{culprit} and on requesting an "
            "alert bracelet or amulet (e.g. MedicAlert). The French national protocol (PNDS) "
            "contraindicates the culprit and chemically similar drugs for life."
        ),
        why=(
            f"ALDEN ranks {len(suspects)} drug(s) possible or higher."
            if alden is not None
            else "Every patient; name the culprit once ALDEN is scored."
        ),
        sources=_sources(statements, "discharge_advice", "culprit_similar_lifelong"),
    )


# The national systems named in the report step, with the statement that describes each.
REPORTING_SYSTEMS: tuple[tuple[str, str, str], ...] = (
    ("UK", "the Yellow Card scheme (MHRA)", "report_uk_yellowcard"),
    ("USA", "MedWatch (FDA; Form FDA 3500 for health professionals)", "report_us_medwatch"),
    ("Korea", "KAERS, run by KIDS (by telephone or online)", "report_kr_kaers"),
)


def report_step(alden: AldenResult | None, statements: GuidelineStatements) -> NextStep:
    suspects = [a for a in (alden.drugs if alden else ()) if a.category in SUSPECT_CATEGORIES]
    named = ", ".join(a.name for a in suspects)
    what = f"the suspected reaction to {named}" if named else "the suspected drug reaction"
    systems = "; ".join(f"{country}: {system}" for country, system, _ in REPORTING_SYSTEMS)
    return NextStep(
        key="report_reaction",
        title="Report the reaction to the national system",
        action=f"Report {what} to your national pharmacovigilance system. {systems}.",
        why=(
            f"ALDEN ranks {len(suspects)} drug(s) possible or higher."
            if alden is not None
            else "Every suspected drug reaction; name the drug once ALDEN is scored."
        ),
        sources=_sources(statements, *(sid for _, _, sid in REPORTING_SYSTEMS)),
    )


def next_steps(
    case: Mapping[str, Any],
    results: Mapping[int, CaseResult],
    alden: AldenResult | None,
    statements: GuidelineStatements | None = None,
) -> list[NextStep]:
    """The steps for this case, most urgent first."""
    statements = statements or default_statements()
    steps: list[NextStep | None] = [
        withdraw_step(case, alden, statements),
        care_setting_step(case, statements),
        eye_step(statements),
        children_step(case, statements),
        scorten_step(case, results, statements),
        mucosal_step(statements),
        workup_step(statements),
        supportive_step(statements),
        discharge_step(alden, statements),
        report_step(alden, statements),
    ]
    return [s for s in steps if s is not None]


def source_line(source: StepSource) -> str:
    """'UK BAD adult guideline 2016, Summary ...: Care setting — Strength of recommendation D'."""
    return f"{source.guideline}, {source.section} — {source.grade}"


def steps_text(steps: Sequence[NextStep]) -> list[str]:
    """The steps as plain-text lines (chart note)."""
    lines: list[str] = []
    for number, step in enumerate(steps, start=1):
        lines.append(f"{number}. {step.title}: {step.action}")
        lines.append(f"   Why: {step.why}")
        for source in step.sources:
            lines.append(f"   Source: {source_line(source)} ({source.verified}): “{source.text}”")
    return lines
