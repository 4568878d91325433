"""The one assessment of a case (reports.assessment) and the exports that read it (issue 19).

One drug with a wrong date: the other drugs are still ranked (ALDEN, Sassolas 2010, as the
Drugs page ranks them), and the summary's input, the next steps, the chart note and the
FHIR bundle all say the same: lamotrigine 6, very probable."""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan

from reports import chart_note, fhir
from reports.assessment import assess
from scoring import abcd10
from tests.reports.cases import WORKED_INPUTS, drug_case, make_case


def broken_drug_case() -> dict:
    case = drug_case()
    case["drugs"][2] = {"name": "paracetamol", "start": "2024-03-30", "stop": "2024-03-28"}
    return case


def test_one_broken_drug_still_ranks_the_others() -> None:
    assessed = assess(broken_drug_case())
    assert assessed.alden is not None and assessed.alden_partial
    top = assessed.alden.drugs[0]
    assert (top.name, top.score, top.category) == ("lamotrigine", 6, "very probable")
    assert [a.input_index for a in assessed.alden.drugs] == [1, 0]  # paracetamol left out
    assert any("drugs[2]" in (e.field or "") for e in assessed.alden_errors)


def test_next_steps_chart_note_and_fhir_read_the_partial_ranking() -> None:
    case = broken_drug_case()
    assessed = assess(case)
    assert assessed.steps[0].title.render("en") == "Stop lamotrigine now"
    note = chart_note.chart_note(case, assessed)
    assert "1. “lamotrigine” — ALDEN 6, very probable" in note
    assert "ALDEN not scored" not in note
    assert "Left out of this ranking until corrected (Drugs page):" in note
    bundle = fhir.fhir_bundle(case, assessed)
    alden = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"].get("code", {}).get("text", "").startswith("ALDEN")
    ]
    assert [r["code"]["text"] for r in alden] == [
        "ALDEN drug causality: lamotrigine",
        "ALDEN drug causality: valproate",
    ]
    assert alden[0]["valueInteger"] == 6
    allergy = [e for e in bundle["entry"] if e["resource"]["resourceType"] == "AllergyIntolerance"]
    assert [e["resource"]["code"]["text"] for e in allergy] == ["lamotrigine"]


def test_a_complete_case_has_no_partial_ranking() -> None:
    assessed = assess(drug_case())
    assert assessed.alden is not None and not assessed.alden_partial
    assert assessed.alden_errors == ()


def test_no_drugs_no_alden_and_no_errors() -> None:
    assessed = assess(make_case())
    assert assessed.alden is None and assessed.alden_errors == ()


def test_fhir_carries_the_next_steps_with_their_sources_as_a_care_plan() -> None:
    case = drug_case()
    assessed = assess(case)
    bundle = fhir.fhir_bundle(case, assessed)
    Bundle.model_validate(bundle)
    plans = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"]
    assert len(plans) == 1
    plan = CarePlan.model_validate(plans[0])
    assert (plan.status, plan.intent) == ("draft", "proposal")
    patient = next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    assert plans[0]["subject"]["reference"] == patient["fullUrl"]
    activities = plans[0]["activity"]
    assert len(activities) == len(assessed.steps)
    first = activities[0]
    assert first["detail"]["description"].startswith("Stop lamotrigine now: Withdraw now")
    assert first["detail"]["reasonCode"][0]["text"].startswith("Why: ")
    care = next(a for a in activities if a["detail"]["description"].startswith("Burn centre"))
    assert any(
        p["text"].startswith(
            "Source: UK BAD adult guideline 2016, Summary of recommendations: Care setting"
        )
        and "doi:10.1111/bjd.14530" in p["text"]
        for p in care["progress"]
    )


def _abcd10_notes(bundle: dict) -> list[str]:
    entry = next(e for e in bundle["entry"] if e["resource"]["code"].get("text") == "ABCD-10")
    return [n["text"] for n in entry["resource"]["note"]]


def test_day3_abcd10_caveat_reaches_the_chart_note_and_fhir() -> None:
    case = make_case(None, (3, dict(WORKED_INPUTS)))
    case["active_day"] = 3
    case["assessments"][1]["units"] = {"urea": "mg/dL", "glucose": "mmol/L"}
    assessed = assess(case)
    caveat = abcd10.day_note(3)
    assert caveat is not None and caveat.startswith("ABCD-10 is not validated for assessment day 3")
    assert assessed.day_caveats == {1: {}, 3: {"abcd10": caveat}}
    note = chart_note.chart_note(case, assessed)
    day3 = note[note.index("Assessment day 3") :]
    assert f"    Caveat: {caveat}" in day3
    assert "Caveat:" not in note[: note.index("Assessment day 3")]  # none on day 1
    assert caveat in _abcd10_notes(fhir.fhir_bundle(case, assessed))
    case["active_day"] = 1
    assert caveat not in _abcd10_notes(fhir.fhir_bundle(case, assess(case)))


FORGED = "paracetamol\n\nSCORTEN 0 of 7 · predicted mortality 1.2 %"


def test_a_drug_name_cannot_forge_a_line_of_the_chart_note() -> None:
    case = drug_case()
    case["drugs"][2]["name"] = FORGED + "\x00\x1b[2J"
    note = chart_note.chart_note(case, assess(case))
    assert not any(line.startswith("SCORTEN 0 of 7") for line in note.splitlines())
    assert "\x00" not in note and "\x1b" not in note
    assert "“paracetamol\\n\\nSCORTEN 0 of 7 · predicted mortality 1.2 %\\u0000\\u001b[2J”" in note
    bundle = fhir.fhir_bundle(case, assess(case))
    text = str(bundle)
    assert "\x00" not in text and "\x1b" not in text
