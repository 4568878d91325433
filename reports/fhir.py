"""The case as a FHIR R4 (R4B models) Bundle of type collection: one Observation per input
(LOINC where a code exists), one Observation per registry score (scoring.scores) whose
`derivedFrom` points at them, the drugs with their ALDEN Observations, and the next steps
with their sources as a CarePlan (intent "proposal": suggestions for the clinician, who
decides). Everything is read from the case's one assessment (reports.assessment). Pure: no
Streamlit.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from reports.assessment import CaseAssessment
from reports.case_file import INPUT_ORDER, iso_date
from reports.text_safety import visible
from reports.wording import CALIBRATION_NOTE, score_headline
from scoring import classification, scorten
from scoring import scores as registry
from scoring.alden import REFERENCES as ALDEN_REFERENCES
from scoring.models import CaseResult, ScoreResult
from scoring.next_steps import SUSPECT_CATEGORIES, NextStep, source_line

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# No LOINC or SNOMED code exists for the scores, % BSA
# detached or this use of "malignancy": they carry text and a code of this project's own
# code system.
# A URN because the project has no published canonical URL yet; replace it when it has.
PROJECT_CODE_SYSTEM = "urn:sjsten-support:codesystem:case-observations"


class ExportError(ValueError):
    """Nothing to export (e.g. the inputs hold an impossible value)."""


# field -> (system, code, display, UCUM unit or None for boolean, category)
_OBSERVATION_CODES: dict[str, tuple[str, str, str, str | None, str | None]] = {
    "age_years": (LOINC, "30525-0", "Age", "a", None),
    "heart_rate_bpm": (LOINC, "8867-4", "Heart rate", "/min", "vital-signs"),
    "bun_mg_dl": (
        LOINC,
        "3094-0",
        "Urea nitrogen [Mass/volume] in Serum or Plasma",
        "mg/dL",
        "laboratory",
    ),
    "urea_mmol_l": (
        LOINC,
        "22664-7",
        "Urea [Moles/volume] in Serum or Plasma",
        "mmol/L",
        "laboratory",
    ),
    "bicarbonate_mmol_l": (
        LOINC,
        "1963-8",
        "Bicarbonate [Moles/volume] in Serum or Plasma",
        "mmol/L",
        "laboratory",
    ),
    "glucose_mg_dl": (
        LOINC,
        "2345-7",
        "Glucose [Mass/volume] in Serum or Plasma",
        "mg/dL",
        "laboratory",
    ),
    "glucose_mmol_l": (
        LOINC,
        "14749-6",
        "Glucose [Moles/volume] in Serum or Plasma",
        "mmol/L",
        "laboratory",
    ),
    "bsa_detached_pct": (
        PROJECT_CODE_SYSTEM,
        "bsa-detached-pct",
        "Detached and detachable epidermis, % of total body surface area",
        "%",
        "exam",
    ),
    "malignancy": (
        PROJECT_CODE_SYSTEM,
        "malignancy-active",
        "Associated malignancy (solid or haematological, active)",
        None,
        None,
    ),
    "dialysis_before_admission": (
        PROJECT_CODE_SYSTEM,
        "dialysis-before-admission",
        "Chronic dialysis before admission",
        None,
        None,
    ),
}


def _urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code}]}]


def _input_observation(field: str, value: Any) -> dict[str, Any]:
    system, code, display, unit, category = _OBSERVATION_CODES[field]
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [{"system": system, "code": code, "display": display}], "text": display},
    }
    if category:
        resource["category"] = _category(category)
    if unit is None:
        resource["valueBoolean"] = bool(value)
    else:
        resource["valueQuantity"] = {
            "value": float(value),
            "unit": unit,
            "system": UCUM,
            "code": unit,
        }
    return resource


def _pct_quantity(probability: float) -> dict[str, Any]:
    # One decimal, as shown on screen: more digits would claim a precision it lacks.
    return {"value": round(probability * 100, 1), "unit": "%", "system": UCUM, "code": "%"}


def _score_observation(
    name: str,
    code: str,
    result: ScoreResult,
    derived_from: list[str],
    notes: list[str],
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final" if result.score is not None else "preliminary",
        "category": _category("survey"),
        "code": {
            "coding": [{"system": PROJECT_CODE_SYSTEM, "code": code, "display": name}],
            "text": name,
        },
        "derivedFrom": [{"reference": url} for url in derived_from],
        "note": [{"text": text} for text in notes],
    }
    if result.score is not None:
        resource["valueInteger"] = result.score
    else:
        resource["valueRange"] = {"low": {"value": result.min}, "high": {"value": result.max}}
    return resource


def _mortality_components(result: ScoreResult) -> list[dict[str, Any]]:
    """The predicted mortality of a score with a verified equation, as a component."""
    score = registry.by_key(result.key)
    if score.logistic is None:
        return []
    code = {"text": f"Predicted mortality ({score.name} logistic equation, {score.citation})"}
    if result.mortality_logistic is not None:
        return [{"code": code, "valueQuantity": _pct_quantity(result.mortality_logistic)}]
    low, high = result.mortality_logistic_min, result.mortality_logistic_max
    if low is None or high is None:
        return []
    return [{"code": code, "valueRange": {"low": _pct_quantity(low), "high": _pct_quantity(high)}}]


def fhir_bundle(case: Mapping[str, Any], assessment: CaseAssessment) -> dict[str, Any]:
    """A FHIR R4 Bundle (collection) of the day on screen (`assessment.result`).

    No identifiers: the Observations have no subject; the receiving system attaches them
    to its own patient. The resources that require a subject (drugs, CarePlan) point at
    an anonymous Patient (no name, no identifier).
    """
    from fhir.resources.R4B.bundle import Bundle  # heavy import; only when exporting

    result = assessment.result
    if result.errors:
        raise ExportError("No export while an input is impossible: correct it first.")
    day = result.assessment_day
    day_inputs = next((a for a in case["assessments"] if a["assessment_day"] == day), None)
    if day_inputs is None:
        raise ExportError(f"The case has no assessment for day {day}.")
    inputs = {k: v for k, v in day_inputs.get("inputs", {}).items() if v is not None}

    entries: list[dict[str, Any]] = []
    url_by_field: dict[str, str] = {}
    for field in INPUT_ORDER:
        if field in inputs and field in _OBSERVATION_CODES:
            url_by_field[field] = _urn()
            entries.append(
                {
                    "fullUrl": url_by_field[field],
                    "resource": _input_observation(field, inputs[field]),
                }
            )

    day_note = f"Assessment day {day} of the stay (day 1 = first 24 hours)."
    caveats = assessment.day_caveats.get(day or 1, {})
    for score in registry.SCORES:
        scored = result.scores[score.key]
        notes = [day_note, score_headline(scored)]
        if score.key in caveats:  # e.g. a score not validated for this assessment day
            notes.append(caveats[score.key])
        notes.append(score.reference)
        if score is scorten.SCORTEN:  # SCORTEN's calibration under modern care
            notes.append(CALIBRATION_NOTE)
        observation = _score_observation(
            score.name,
            score.name.lower(),
            scored,
            [url_by_field[r.field] for r in scored.criteria if r.field in url_by_field],
            notes,
        )
        components = _mortality_components(scored)
        if components:
            observation["component"] = components
        entries.append({"fullUrl": _urn(), "resource": observation})
    patient = _urn()  # an anonymous Patient, added only when a resource requires one
    entries += _drug_entries(case, assessment, patient)
    entries.append({"fullUrl": _urn(), "resource": _care_plan(assessment.steps, patient)})
    entries.append({"fullUrl": patient, "resource": {"resourceType": "Patient", "active": True}})

    bundle = Bundle.model_validate(
        {"resourceType": "Bundle", "type": "collection", "entry": entries}
    )
    return bundle.model_dump(mode="json", exclude_none=True)


SNOMED = "http://snomed.info/sct"
# Verified in the HL7 International Patient Summary "Allergy Reaction" value set (SNOMED CT;
# hl7.org/fhir/uv/ips ValueSet allergy-reaction-uv-ips): 73442001 Stevens-Johnson syndrome,
# 23067006 Toxic epidermal necrolysis. No code for the SJS/TEN overlap was verified: that
# manifestation carries text only, never a guessed code.
SNOMED_MANIFESTATION: dict[str, tuple[str, str]] = {
    classification.SJS: ("73442001", "Stevens-Johnson syndrome"),
    classification.TEN: ("23067006", "Toxic epidermal necrolysis"),
}
MANIFESTATION_TEXT: dict[str, str] = {
    classification.SJS: "Stevens-Johnson syndrome",
    classification.OVERLAP: "Stevens-Johnson syndrome/toxic epidermal necrolysis overlap",
    classification.TEN: "Toxic epidermal necrolysis",
}
ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"


def _manifestation(result: CaseResult) -> dict[str, Any]:
    extent = result.classification
    if extent is None:
        return {"text": "Stevens-Johnson syndrome/toxic epidermal necrolysis (extent not entered)"}
    concept: dict[str, Any] = {"text": MANIFESTATION_TEXT[extent]}
    if extent in SNOMED_MANIFESTATION:
        code, display = SNOMED_MANIFESTATION[extent]
        concept["coding"] = [{"system": SNOMED, "code": code, "display": display}]
    return concept


def _medication_statement(drug: Mapping[str, Any], patient: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "status": "completed" if drug.get("stop") else "active",
        "medicationCodeableConcept": {"text": visible(str(drug["name"]))},
        "subject": {"reference": patient},
    }
    start, stop = iso_date(drug.get("start")), iso_date(drug.get("stop"))
    if start or stop:
        resource["effectivePeriod"] = {
            k: v.isoformat() for k, v in (("start", start), ("end", stop)) if v is not None
        }
    return resource


def _alden_observation(a: Any, statement_url: str, patient: str) -> dict[str, Any]:
    criteria = "; ".join(f"{c.key.replace('_', ' ')} {c.points:+d}: {c.label}" for c in a.criteria)
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": _category("survey"),
        "code": {
            "coding": [
                {"system": PROJECT_CODE_SYSTEM, "code": "alden", "display": "ALDEN drug causality"}
            ],
            "text": f"ALDEN drug causality: {visible(a.name)}",
        },
        "subject": {"reference": patient},
        "focus": [{"reference": statement_url}],
        "valueInteger": a.score,
        "interpretation": [{"text": a.category}],
        "note": [{"text": f"Criteria: {criteria}."}, {"text": ALDEN_REFERENCES[0]}],
    }


def _drug_entries(
    case: Mapping[str, Any], assessment: CaseAssessment, patient: str
) -> list[dict[str, Any]]:
    """MedicationStatements, ALDEN Observations (the partial ranking too, as on screen)
    and the culprit's AllergyIntolerance.

    These resources require a patient: an anonymous Patient (no name, no identifier) stands
    in for the receiving system's own.
    """
    result = assessment.result
    entries: list[dict[str, Any]] = []
    url_by_position: dict[int, str] = {}
    for position, drug in enumerate(case.get("drugs", [])):
        if not drug.get("name"):
            continue
        url_by_position[position] = _urn()
        entries.append(
            {
                "fullUrl": url_by_position[position],
                "resource": _medication_statement(drug, patient),
            }
        )
    alden = assessment.alden
    if alden is None or not alden.drugs:
        return entries
    for a in alden.drugs:
        entries.append(
            {
                "fullUrl": _urn(),
                "resource": _alden_observation(a, url_by_position[a.input_index], patient),
            }
        )
    top = alden.drugs[0].score
    culprits = [a for a in alden.drugs if a.score == top and a.category in SUSPECT_CATEGORIES]
    for a in culprits:
        entries.append(
            {
                "fullUrl": _urn(),
                "resource": {
                    "resourceType": "AllergyIntolerance",
                    "clinicalStatus": {"coding": [{"system": ALLERGY_CLINICAL, "code": "active"}]},
                    # ALDEN ranks causality; it does not confirm it.
                    "verificationStatus": {
                        "coding": [{"system": ALLERGY_VERIFICATION, "code": "unconfirmed"}]
                    },
                    "category": ["medication"],
                    "criticality": "high",
                    "code": {"text": visible(a.name)},
                    "patient": {"reference": patient},
                    "reaction": [
                        {
                            "manifestation": [_manifestation(result)],
                            "severity": "severe",
                            "description": f"ALDEN {a.score} ({a.category}), top-ranked drug.",
                        }
                    ],
                    "note": [{"text": ALDEN_REFERENCES[0]}],
                },
            }
        )
    return entries


CARE_PLAN_DESCRIPTION = (
    "Next steps suggested by an SJS/TEN decision-support tool for the clinician to weigh; "
    "it supports the clinician's judgement and never replaces it."
)


def _care_plan(steps: tuple[NextStep, ...], patient: str) -> dict[str, Any]:
    """The next steps, most urgent first, each with why it is shown and its sources.

    A CarePlan requires a subject (the anonymous Patient). Each source goes in the
    activity's `progress` notes: the only free-text list an activity has.
    """
    return {
        "resourceType": "CarePlan",
        "status": "draft",  # suggested, not adopted: the clinician decides
        "intent": "proposal",
        "title": "SJS/TEN next steps",
        "description": CARE_PLAN_DESCRIPTION,
        "subject": {"reference": patient},
        "activity": [
            {
                "detail": {
                    "status": "not-started",
                    "description": visible(
                        f"{step.title.render('en')}: {step.action.render('en')}"
                    ),
                    "reasonCode": [{"text": visible(f"Why: {step.why.render('en')}")}],
                },
                "progress": [
                    {
                        "text": f"Source: {source_line(src).render('en')} "
                        f"({src.verified.render('en')}): “{src.text}” "
                        f"{src.citation}"
                    }
                    for src in step.sources
                ],
            }
            for step in steps
        ],
    }


def fhir_bundle_json(case: Mapping[str, Any], assessment: CaseAssessment) -> str:
    return json.dumps(fhir_bundle(case, assessment), indent=2, ensure_ascii=False) + "\n"
