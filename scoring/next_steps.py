"""Next steps for the bedside: pure rules from the case to what to do now.

Each step says the action, why it is shown (the input that triggered it) and its sources:
verified statements from knowledge/data/guideline_statements.yaml with the guideline's own
section and grade. Nothing here is written per page: the Case page, the summary at its top
and the chart note all show these steps.

Rules (thresholds are named constants with their source):
- withdraw: every drug still taken, led by the highest-ranked ALDEN drug; with no drugs,
  the culprit work-up is missing. It never goes soft: when ALDEN ranks nothing still taken
  "possible" or higher, the step still says to identify and withdraw the causative agent
  (dates can be wrong; a drug missing from the knowledge base scores notoriety 0).
- care setting: detached/detachable BSA > 10 % on any day -> burn centre or ICU (BAD 2016);
  otherwise the multidisciplinary team the guideline asks for in every case.
- eye review and mucosal reviews: every case (BAD 2016 audit standards); the eye step adds
  the 24-hour target of an ophthalmology review and the acute eye care most French
  reference centres give.
- breathing: every case; the early respiratory signs that went with bronchial involvement,
  ventilation and death in a prospective series (Lebargy 1997); names the intensive-care
  triggers no source's own wording was read for.
- vulvovaginal care: every case (sex is not an input); a review's expert recommendations
  (O'Brien 2021) beside a burn-centre series that questions them (Ross 2024).
- infection: every case; no prophylactic antibiotics (ASHM page, a society web page with no
  grade), prevention and treatment of infections (PNDS abstract).
- SCORTEN timing: within 24 h and again on day 3, until a day-3 assessment exists.
- supportive care: the environment, access, nutrition, wound-care, fluid/electrolyte/
  temperature and specialist-input statements read in their sources; it names what was not
  read (analgesia, fluid targets, thromboprophylaxis, stress-ulcer prophylaxis).
- under 18: the children's guideline (BAD 2018) and what two retrospective series say of
  SCORTEN in children; shown as a question when age is missing.
- before discharge: culprit avoidance and an alert bracelet (BAD 2016 audit standards), the
  culprit and chemically similar drugs contraindicated for life (French PNDS 2018); when a
  drug ranked possible or higher is an aromatic anticonvulsant, the cross-reactivity of
  that group (Epilepsy Res 2008).
- follow-up: 1-2 months after discharge, the professionals involved and skin care (the
  post-acute Delphi consensus, Ingen-Housz-Oro 2023, Table 1, with its medians).
- report the reaction: the national pharmacovigilance systems (UK Yellow Card, US MedWatch,
  Korea KAERS, Japan PMDA), each as its agency's own page describes it (not a guideline
  statement), and Korea's drug-injury relief programme (MFDS page).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from knowledge.drugs import DrugCatalogue, default_catalogue
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
    "breathing",
    "mucosal_review",
    "vulvovaginal",
    "infection",
    "initial_workup",
    "supportive_care",
    "children",
    "discharge",
    "follow_up",
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


def _not_read(topics: str) -> str:
    """The one sentence that names what a step cannot state (no source's wording read)."""
    return f"Not stated here, because no source's own wording was read: {topics}."


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
            # The sources read say: withdraw the causative agent; every drug received is a
            # potential cause. They do not say to stop every drug (essential ones included),
            # so the title names them as suspects, not as drugs to stop.
            title = f"Withdraw the culprit: every drug still taken is a suspect ({lead.name} first)"
            action = (
                "Identify the causative agent and withdraw it immediately. No drug still "
                "taken ranks possible or higher by ALDEN; that does not clear them (dates "
                "may be wrong, and a drug missing from the knowledge base scores notoriety "
                "0). Every drug the patient receives, including over-the-counter, herbal "
                "and traditional medicines, is a potential cause. Still taken: "
                + "; ".join(f"{a.name} (ALDEN {a.score}, {a.category})" for a, _ in taken)
                + "."
            )
            others = []  # all listed above
            sources = sources + _sources(statements, "ashm_all_drugs_suspect")
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
            action += "; every drug the patient receives is a potential cause."
            sources = sources + _sources(statements, "ashm_all_drugs_suspect")
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
            sources=_sources(statements, "burn_centre_gt10", "mdt", "pnds_cornerstone"),
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


# The review read gives the 24-hour target; the BAD audit text read says "initial".
EYE_REVIEW_WITHIN_HOURS = 24


def eye_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="eye_review",
        title=f"Ophthalmologist within {EYE_REVIEW_WITHIN_HOURS} h, then daily",
        action=(
            "Eye assessment by an ophthalmologist as part of the initial assessment (a "
            f"review advises within {EYE_REVIEW_WITHIN_HOURS} h of symptom onset), then "
            "daily eye assessment during the first 10 days. Acute eye care in most French "
            "reference centres: pseudomembrane removal, artificial tears and vitamin A "
            "ointment; amniotic membrane by clinical course, never systematically; "
            "restrict preservatives in eye drops."
        ),
        why="Every patient with suspected SJS/TEN.",
        sources=_sources(
            statements, "eye_assessment", "eye_within_24h_review", "eye_acute_french_practice"
        ),
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


def vulvovaginal_step(statements: GuidelineStatements) -> NextStep:
    # Expert opinion, shown with the series that questions it (no trial compares the two).
    return NextStep(
        key="vulvovaginal",
        title="Women: look for vulvovaginal involvement",
        action=(
            "Acute vulvovaginal involvement can reach 70 % in TEN, and up to 28 % of female "
            "patients develop chronic sequelae. A review's expert recommendations: an ultrapotent "
            "topical steroid, then a non-irritating barrier cream, on vulvar and perineal "
            "lesions; with vaginal involvement, an intravaginal steroid with vaginal dilation "
            "in adults (avoid in prepubertal adolescents); consider menstrual suppression "
            "in women of reproductive age until the lesions heal. The review combines the "
            "literature with expert opinion. In a burn-centre series of 34 female patients, "
            "the 8 with confirmed lesions had no direct sequelae of SJS/TEN requiring "
            "intervention, and its authors suggest that in burn centres interventions such as "
            "steroids may not be needed."
        ),
        why="Every patient with suspected SJS/TEN: sex is not an input of this app.",
        sources=_sources(statements, "vulvovaginal_expert_care", "vulvovaginal_burn_centre_series"),
    )


# What the breathing step cannot state: no source's own wording was read for these.
ICU_TRIGGERS_NOT_READ = (
    "other reasons to call intensive care than detachment above 10 % (a high SCORTEN, rapid "
    "progression, airway involvement as a trigger)"
)


def breathing_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="breathing",
        title="Breathing: look for bronchial involvement",
        action=(
            "Look for dyspnoea, bronchial hypersecretion and hypoxaemia (oxygen saturation is "
            "part of the initial work-up). In a prospective series of 41 patients, 10 had "
            "early respiratory signs (dyspnoea in 10, hypoxaemia in 10, bronchial "
            "hypersecretion in 7) and bronchial epithelium sloughing on bronchoscopy. The "
            "abstract reports 9 patients needing mechanical ventilation and 7 deaths but does "
            "not say how many were among those 10. " + _not_read(ICU_TRIGGERS_NOT_READ)
        ),
        why="Every patient with suspected SJS/TEN: breathing signs are not an input of this app.",
        sources=_sources(statements, "bronchial_involvement", "initial_investigations"),
    )


def infection_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="infection",
        title="Infection: no prophylactic antibiotics; prevent and treat infection",
        action=(
            "Prophylactic antibiotics are not recommended. Prevent infection, watch for it "
            "and treat it."
        ),
        why="Every patient with suspected SJS/TEN: the skin barrier is broken.",
        sources=_sources(
            statements,
            "ashm_no_prophylactic_antibiotics",
            "pnds_cornerstone",
        ),
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


# What the supportive-care step cannot state: no source's own wording was read for these
# (the BAD 2016 body text, the PNDS 2018 body, Brüggen 2021 and Seminario-Vidal 2020 full
# texts could not be read: the stored copies reach only their openings; issue 20, round 3).
SUPPORTIVE_NOT_READ = (
    "analgesia and pain scoring, fluid targets guided by urine output, thromboprophylaxis "
    "and stress-ulcer prophylaxis"
)


def supportive_step(statements: GuidelineStatements) -> NextStep:
    # Only supportive-care statements read in their sources' own text: environment, venous
    # access and nutrition (BAD 2016 summary table); wound care, fluid, electrolyte and
    # temperature homeostasis and specialist input (ASHM page). The rest is named.
    return NextStep(
        key="supportive_care",
        title="Supportive care: environment, fluids, skin, nutrition",
        action=(
            "Barrier nursing in a side room controlled for humidity, on a pressure-relieving "
            "mattress, ambient temperature 25-28 °C. Peripheral venous access; wound care; "
            "maintain fluid, electrolyte and temperature homeostasis; multidisciplinary "
            "specialist input (e.g. ophthalmology, urology, pain team). Nasogastric feeding "
            "if oral nutrition is inadequate. " + _not_read(SUPPORTIVE_NOT_READ)
        ),
        why="Every patient with suspected SJS/TEN.",
        sources=_sources(
            statements,
            "environment",
            "venous_access",
            "nasogastric_feeding",
            "ashm_supportive_measures",
        ),
    )


# Two retrospective series disagree on SCORTEN in children (issue 20): shown with
# the children's step, where SCORTEN is shown for someone under 18.
CHILDREN_SCORTEN_CAVEAT = (
    " SCORTEN was derived in adults; in children two retrospective series disagree: one "
    "found it predicted outcome, one of 24 children found it unrelated to outcome measures."
)


def children_step(case: Mapping[str, Any], statements: GuidelineStatements) -> NextStep | None:
    age = age_years(case)
    if age is not None and age >= CHILDREN_GUIDELINE_AGE_LT_YEARS:
        return None
    sources = _sources(
        statements,
        "children_scope",
        "children_infection",
        "children_scorten_predicts",
        "children_scorten_not_useful",
    )
    if age is None:
        return NextStep(
            key="children",
            title="If under 18: children's guideline",
            action=(
                "If the patient is under 18, follow the BAD 2018 children's guideline; "
                "infection is a more common cause in children and young people; in the early "
                "stages, consider infection as the trigger as well as stopping any possible "
                "culprit medicine." + CHILDREN_SCORTEN_CAVEAT
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
            "culprit medicine." + CHILDREN_SCORTEN_CAVEAT
        ),
        why=f"Age {age:g} years < {CHILDREN_GUIDELINE_AGE_LT_YEARS}.",
        sources=sources,
    )


# The drug class (knowledge/data/drugs.yaml) whose cross-reactivity a read source gives:
# "Clinicians should be aware of the cross-reactivity of the aromatic AEDs regarding cutaneous
# adverse events" (Epilepsy Res 2008, PMID 18490142).
CROSS_REACTING_CLASS = "aromatic anticonvulsant"


def discharge_step(
    alden: AldenResult | None,
    statements: GuidelineStatements,
    catalogue: DrugCatalogue | None = None,
) -> NextStep:
    catalogue = catalogue or default_catalogue()
    suspects = [a for a in (alden.drugs if alden else ()) if a.category in SUSPECT_CATEGORIES]
    named = ", ".join(a.name for a in suspects)
    culprit = f" ({named})" if named else ""
    action = (
        f"Document advice on avoiding the culprit drug{culprit} and on requesting an "
        "alert bracelet or amulet (e.g. MedicAlert). The French national protocol (PNDS) "
        "contraindicates the culprit and chemically similar drugs for life."
    )
    sources = _sources(statements, "discharge_advice", "culprit_similar_lifelong")
    aromatic = [
        a.name
        for a in suspects
        if _drug_class(a.normalized_name, catalogue) == CROSS_REACTING_CLASS
    ]
    if aromatic:
        action += (
            f" Cross-reactivity ({', '.join(aromatic)}: aromatic antiepileptic): in 663 adults "
            "with epilepsy, after a rash with another antiepileptic, phenytoin, carbamazepine "
            "and oxcarbazepine caused a rash in 27-35 % and lamotrigine in 17 % (rashes of "
            "any kind, not SJS/TEN only)."
        )
        sources = sources + _sources(statements, "aromatic_aed_cross_reactivity")
    return NextStep(
        key="discharge",
        title="Before discharge: culprit avoidance",
        action=action,
        why=(
            f"ALDEN ranks {len(suspects)} drug(s) possible or higher."
            if alden is not None
            else "Every patient; name the culprit once ALDEN is scored."
        ),
        sources=sources,
    )


def _drug_class(normalized_name: str, catalogue: DrugCatalogue) -> str | None:
    entry = catalogue.get(normalized_name)
    return entry.drug_class if entry is not None else None


# Post-acute Delphi consensus (Ingen-Housz-Oro 2023, Table 1): "A follow-up control SHOULD
# be performed 1-2 months after discharge from the hospital".
FOLLOW_UP_MONTHS = "1-2"


def follow_up_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="follow_up",
        title=f"After discharge: follow-up at {FOLLOW_UP_MONTHS} months",
        action=(
            f"Follow-up {FOLLOW_UP_MONTHS} months after discharge and regularly thereafter, "
            "led by the dermatologist; an ophthalmologist if the eyes were involved; offer "
            "psychiatric and/or psychological support; a dentist or stomatologist for "
            "chronic oral involvement; a urologist or gynaecologist for severe genital "
            "involvement with a risk of synechiae or strictures; an ENT specialist if the "
            "nasopharynx or larynx, a pulmonologist if the lungs were involved in the acute "
            "phase. Daily emollients and careful sun protection."
        ),
        why="Every patient (post-acute Delphi consensus, items rated appropriate).",
        sources=_sources(
            statements,
            "followup_1_2_months",
            "followup_dermatologist_leads",
            "followup_ophthalmologist",
            "followup_psychological_support",
            "followup_oral",
            "followup_genital",
            "followup_ent_pulmonology",
            "followup_skin",
        ),
    )


# The national systems named in the report step, with the statement that describes each.
REPORTING_SYSTEMS: tuple[tuple[str, str, str], ...] = (
    ("UK", "the Yellow Card scheme (MHRA)", "report_uk_yellowcard"),
    ("USA", "MedWatch (FDA; Form FDA 3500 for health professionals)", "report_us_medwatch"),
    ("Korea", "KAERS, run by KIDS (by telephone or online)", "report_kr_kaers"),
    (
        "Japan",
        "the Drug and Medical Device Safety Information Reporting System (to PMDA)",
        "report_jp_pmda",
    ),
)


# Korea's drug-injury relief programme (MFDS page): the patient's own route to compensation.
KOREA_RELIEF = (
    "In Korea a patient harmed by a drug (death, disability, illness) can apply to the "
    "drug-injury relief programme (MFDS; 1644-6223 or 14-3330)."
)


def report_step(alden: AldenResult | None, statements: GuidelineStatements) -> NextStep:
    suspects = [a for a in (alden.drugs if alden else ()) if a.category in SUSPECT_CATEGORIES]
    named = ", ".join(a.name for a in suspects)
    what = f"the suspected reaction to {named}" if named else "the suspected drug reaction"
    systems = "; ".join(f"{country}: {system}" for country, system, _ in REPORTING_SYSTEMS)
    return NextStep(
        key="report_reaction",
        title="Report the reaction to the national system",
        action=(
            f"Report {what} to your national pharmacovigilance system. {systems}. " + KOREA_RELIEF
        ),
        why=(
            f"ALDEN ranks {len(suspects)} drug(s) possible or higher."
            if alden is not None
            else "Every suspected drug reaction; name the drug once ALDEN is scored."
        ),
        sources=_sources(statements, *(sid for _, _, sid in REPORTING_SYSTEMS), "report_kr_relief"),
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
        breathing_step(statements),
        scorten_step(case, results, statements),
        mucosal_step(statements),
        vulvovaginal_step(statements),
        infection_step(statements),
        workup_step(statements),
        supportive_step(statements),
        discharge_step(alden, statements),
        follow_up_step(statements),
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
