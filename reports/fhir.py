"""The case as a FHIR R4 (R4B models) Bundle of type collection: one Observation per input
(LOINC where a code exists), one Observation per registry score (scoring.scores) whose
`derivedFrom` points at them, the drugs with their ALDEN Observations, and the next steps
with their sources as a CarePlan (intent "proposal": suggestions for the clinician, who
decides). Everything is read from the case's one assessment (reports.assessment). Pure: no
Streamlit.

Language (issue 23): the Bundle and every resource that holds text carry `language` ("en",
"ko"); text, notes and the displays of this project's own code system are in that language.
A LOINC or SNOMED CT `display` stays the code system's own (FHIR: "following the rules of
the system"); under Korean it carries the Korean in FHIR's translation extension, and the
concept's `text` is Korean.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from knowledge.i18n import Lang, tr
from reports.assessment import CaseAssessment
from reports.case_file import INPUT_ORDER, iso_date
from reports.text_safety import visible
from reports.wording import calibration_note, in_lang, score_headline
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
TRANSLATION = "http://hl7.org/fhir/StructureDefinition/translation"


class ExportError(ValueError):
    """Nothing to export (e.g. the inputs hold an impossible value)."""


# field -> (system, code, UCUM unit or None for boolean, category). The concept's name is
# the catalogue's "fhir.observation_<field>": its English is the LOINC display.
_OBSERVATION_CODES: dict[str, tuple[str, str, str | None, str | None]] = {
    "age_years": (LOINC, "30525-0", "a", None),
    "heart_rate_bpm": (LOINC, "8867-4", "/min", "vital-signs"),
    "bun_mg_dl": (LOINC, "3094-0", "mg/dL", "laboratory"),
    "urea_mmol_l": (LOINC, "22664-7", "mmol/L", "laboratory"),
    "bicarbonate_mmol_l": (LOINC, "1963-8", "mmol/L", "laboratory"),
    "glucose_mg_dl": (LOINC, "2345-7", "mg/dL", "laboratory"),
    "glucose_mmol_l": (LOINC, "14749-6", "mmol/L", "laboratory"),
    "bsa_detached_pct": (PROJECT_CODE_SYSTEM, "bsa-detached-pct", "%", "exam"),
    "malignancy": (PROJECT_CODE_SYSTEM, "malignancy-active", None, None),
    "dialysis_before_admission": (PROJECT_CODE_SYSTEM, "dialysis-before-admission", None, None),
}


def coding(system: str, code: str, key: str, lang: Lang) -> dict[str, Any]:
    """A Coding whose meaning is the catalogue entry `key`.

    This project's code system is ours to display in either language; another system's
    display is its own (the English), with the Korean as FHIR's translation extension.
    """
    if system == PROJECT_CODE_SYSTEM:
        return {"system": system, "code": code, "display": tr(key, lang)}
    result: dict[str, Any] = {"system": system, "code": code, "display": tr(key, "en")}
    if lang != "en":
        result["_display"] = {
            "extension": [
                {
                    "url": TRANSLATION,
                    "extension": [
                        {"url": "lang", "valueCode": lang},
                        {"url": "content", "valueString": tr(key, lang)},
                    ],
                }
            ]
        }
    return result


def _urn() -> str:
    return f"urn:uuid:{uuid.uuid4()}"


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code}]}]


def _input_observation(field: str, value: Any, lang: Lang) -> dict[str, Any]:
    system, code, unit, category = _OBSERVATION_CODES[field]
    key = f"fhir.observation_{field}"
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "language": lang,
        "status": "final",
        "code": {"coding": [coding(system, code, key, lang)], "text": tr(key, lang)},
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
    lang: Lang,
) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "language": lang,
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


def _mortality_components(result: ScoreResult, lang: Lang) -> list[dict[str, Any]]:
    """The predicted mortality of a score with a verified equation, as a component."""
    score = registry.by_key(result.key)
    if score.logistic is None:
        return []
    code = {"text": tr("fhir.predicted_mortality", lang, score=score.name, source=score.citation)}
    if result.mortality_logistic is not None:
        return [{"code": code, "valueQuantity": _pct_quantity(result.mortality_logistic)}]
    low, high = result.mortality_logistic_min, result.mortality_logistic_max
    if low is None or high is None:
        return []
    return [{"code": code, "valueRange": {"low": _pct_quantity(low), "high": _pct_quantity(high)}}]


def fhir_bundle(
    case: Mapping[str, Any], assessment: CaseAssessment, *, lang: Lang = "en"
) -> dict[str, Any]:
    """A FHIR R4 Bundle (collection) of the day on screen (`assessment.result`), in `lang`.

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
                    "resource": _input_observation(field, inputs[field], lang),
                }
            )

    day_note = tr("fhir.day_note", lang, day=day)
    caveats = assessment.day_caveats.get(day or 1, {})
    for score in registry.SCORES:
        scored = result.scores[score.key]
        notes = [day_note, score_headline(scored, lang=lang)]
        if score.key in caveats:  # e.g. a score not validated for this assessment day
            notes.append(in_lang(caveats[score.key], lang=lang))
        notes.append(score.reference)
        if score is scorten.SCORTEN:  # SCORTEN's calibration under modern care
            notes.append(calibration_note(lang=lang))
        observation = _score_observation(
            score.name,
            score.name.lower(),
            scored,
            [url_by_field[r.field] for r in scored.criteria if r.field in url_by_field],
            notes,
            lang,
        )
        components = _mortality_components(scored, lang)
        if components:
            observation["component"] = components
        entries.append({"fullUrl": _urn(), "resource": observation})
    patient = _urn()  # an anonymous Patient, added only when a resource requires one
    entries += _drug_entries(case, assessment, patient, lang)
    entries.append({"fullUrl": _urn(), "resource": _care_plan(assessment.steps, patient, lang)})
    # The anonymous Patient holds no text: no language to state.
    entries.append({"fullUrl": patient, "resource": {"resourceType": "Patient", "active": True}})

    bundle = Bundle.model_validate(
        {"resourceType": "Bundle", "language": lang, "type": "collection", "entry": entries}
    )
    return bundle.model_dump(mode="json", exclude_none=True)


SNOMED = "http://snomed.info/sct"
# Verified in the HL7 International Patient Summary "Allergy Reaction" value set (SNOMED CT;
# hl7.org/fhir/uv/ips ValueSet allergy-reaction-uv-ips): 73442001 Stevens-Johnson syndrome,
# 23067006 Toxic epidermal necrolysis. No code for the SJS/TEN overlap was verified: that
# manifestation carries text only, never a guessed code.
SNOMED_MANIFESTATION: dict[str, str] = {
    classification.SJS: "73442001",
    classification.TEN: "23067006",
}
# The manifestation's name (its English is the SNOMED CT display where a code exists).
MANIFESTATION_KEY: dict[str, str] = {
    classification.SJS: "fhir.manifestation_sjs",
    classification.OVERLAP: "fhir.manifestation_overlap",
    classification.TEN: "fhir.manifestation_ten",
}
ALLERGY_CLINICAL = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
ALLERGY_VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"


def _manifestation(result: CaseResult, lang: Lang) -> dict[str, Any]:
    extent = result.classification
    if extent is None:
        return {"text": tr("fhir.manifestation_unknown_extent", lang)}
    key = MANIFESTATION_KEY[extent]
    concept: dict[str, Any] = {"text": tr(key, lang)}
    if extent in SNOMED_MANIFESTATION:
        concept["coding"] = [coding(SNOMED, SNOMED_MANIFESTATION[extent], key, lang)]
    return concept


def _medication_statement(drug: Mapping[str, Any], patient: str, lang: Lang) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "MedicationStatement",
        "language": lang,
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


def _alden_observation(a: Any, statement_url: str, patient: str, lang: Lang) -> dict[str, Any]:
    criteria = "; ".join(
        f"{c.key.replace('_', ' ')} {c.points:+d}: {c.label_text.render(lang)}" for c in a.criteria
    )
    return {
        "resourceType": "Observation",
        "language": lang,
        "status": "final",
        "category": _category("survey"),
        "code": {
            "coding": [coding(PROJECT_CODE_SYSTEM, "alden", "fhir.alden", lang)],
            "text": tr("fhir.alden_drug", lang, drug=visible(a.name)),
        },
        "subject": {"reference": patient},
        "focus": [{"reference": statement_url}],
        "valueInteger": a.score,
        "interpretation": [{"text": a.category_text.render(lang)}],
        "note": [
            {"text": tr("fhir.alden_criteria", lang, criteria=criteria)},
            {"text": ALDEN_REFERENCES[0]},
        ],
    }


def _drug_entries(
    case: Mapping[str, Any], assessment: CaseAssessment, patient: str, lang: Lang
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
                "resource": _medication_statement(drug, patient, lang),
            }
        )
    alden = assessment.alden
    if alden is None or not alden.drugs:
        return entries
    for a in alden.drugs:
        entries.append(
            {
                "fullUrl": _urn(),
                "resource": _alden_observation(a, url_by_position[a.input_index], patient, lang),
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
                    "language": lang,
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
                            "manifestation": [_manifestation(result, lang)],
                            "severity": "severe",
                            "description": tr(
                                "fhir.allergy_description",
                                lang,
                                score=a.score,
                                category=a.category_text.render(lang),
                            ),
                        }
                    ],
                    "note": [{"text": ALDEN_REFERENCES[0]}],
                },
            }
        )
    return entries


CARE_PLAN_DESCRIPTION = tr("fhir.care_plan_description", "en")


def _care_plan(steps: tuple[NextStep, ...], patient: str, lang: Lang) -> dict[str, Any]:
    """The next steps, most urgent first, each with why it is shown and its sources.

    A CarePlan requires a subject (the anonymous Patient). Each source goes in the
    activity's `progress` notes: the only free-text list an activity has.
    """
    return {
        "resourceType": "CarePlan",
        "language": lang,
        "status": "draft",  # suggested, not adopted: the clinician decides
        "intent": "proposal",
        "title": tr("fhir.care_plan_title", lang),
        "description": tr("fhir.care_plan_description", lang),
        "subject": {"reference": patient},
        "activity": [
            {
                "detail": {
                    "status": "not-started",
                    "description": visible(
                        f"{in_lang(step.title, lang=lang)}: {in_lang(step.action, lang=lang)}"
                    ),
                    "reasonCode": [
                        {
                            "text": visible(
                                tr("fhir.step_why", lang, why=in_lang(step.why, lang=lang))
                            )
                        }
                    ],
                },
                "progress": [
                    {
                        "text": tr(
                            "fhir.step_source",
                            lang,
                            source=source_line(src),
                            verified=in_lang(src.verified, lang=lang),
                            quote=src.text,
                            citation=src.citation,
                        )
                    }
                    for src in step.sources
                ],
            }
            for step in steps
        ],
    }


def fhir_bundle_json(
    case: Mapping[str, Any], assessment: CaseAssessment, *, lang: Lang = "en"
) -> str:
    bundle = fhir_bundle(case, assessment, lang=lang)
    return json.dumps(bundle, indent=2, ensure_ascii=False) + "\n"


# --- the engine's and the clinical texts' words in `lang` (scoring/, knowledge/)
