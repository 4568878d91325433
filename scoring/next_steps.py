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

Words: every title, action and "why shown" is a `Text` (a key of
knowledge/data/messages/next_steps.yaml and its data: drug names, numbers), rendered in the
reader's language by the page and in English by the chart note and the CLI. A step's source
keeps the source's own words as published (section, grade, the wording read: a quotation);
only the app's labels of it (the source's short name, how it was verified) are `Text`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from knowledge.drugs import DrugCatalogue, default_catalogue
from knowledge.guidelines import GuidelineStatements, Statement, default_statements
from knowledge.i18n import LocalizedNote, Text
from scoring.alden import NOT_SCORED_TEXT, AldenResult, category_text
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
    guideline: Text  # the app's short name, e.g. "UK BAD adult guideline 2016"
    section: str  # as published: where to look in the source
    grade: str  # as published, or the project's description of the source (English)
    grade_text: Text  # the same in both languages (the Korean beside it in the data file)
    text: str  # the wording read: a quotation, in its own language
    verified: Text  # how it was verified, in words
    citation: str
    date_checked: str


class NextStep(_Frozen):
    key: StepKey
    title: Text  # the action in a few words, e.g. "Stop lamotrigine now"
    action: Text  # the action in full
    why: Text  # the input that triggered it
    sources: tuple[StepSource, ...]
    link_drugs_page: bool = False  # the step is done on the Drugs page


def _text(key: str, /, **params: Any) -> Text:
    """A step's words: the entry `next_steps.<key>` of the catalogue with its data."""
    return Text(f"next_steps.{key}", params)


def _sentences(first: Text, second: Text) -> Text:
    """Two sentences, one after the other."""
    return _text("sentences", first=first, second=second)


def _joined(items: Sequence[Text]) -> Text:
    """Items as one list, "a; b; c" (each item rendered in the reader's language)."""
    result = items[0]
    for item in items[1:]:
        result = _text("joined", first=result, second=item)
    return result


def _source(statements: GuidelineStatements, statement: Statement) -> StepSource:
    return StepSource(
        statement_id=statement.id,
        guideline=_text(f"source.{statement.source}"),
        section=statement.section,
        grade=statement.grade,
        grade_text=LocalizedNote.of(statement, "grade"),
        text=statement.text.strip(),
        verified=_text(f"verified.{statement.verified_in}"),
        citation=statements.citation(statement).strip(),
        date_checked=statement.date_checked.isoformat(),
    )


def _sources(statements: GuidelineStatements, *ids: str) -> tuple[StepSource, ...]:
    return tuple(_source(statements, statements.get(i)) for i in ids)


def _num(value: float) -> str:
    """A number as the steps write it in every language ("35", "9.9", "17.9")."""
    return f"{value:g}"


def _not_read(topics: Text) -> Text:
    """The one sentence that names what a step cannot state (no source's wording read)."""
    return _text("not_read", topics=topics)


# --- ALDEN's words (scoring/alden.py owns them) ----------------------------------------------
# The causality category and the "not scored" sentence are ALDEN's words, not this module's:
# they stay English until ALDEN gives them as `Text` (branch i23-engine adds
# `scoring.alden.category_text(category)` and the entry `alden.not_scored`); then these two
# return those, and the steps show them in the reader's language. No copy of them here.


def _category(category: str) -> Text:
    return category_text(category)  # type: ignore[arg-type]  # an ALDEN category's words


def _alden_not_scored() -> Text:
    return NOT_SCORED_TEXT


def _ranked(name: str, score: int, category: str) -> Text:
    """'lamotrigine (ALDEN 6, very probable)'."""
    return _text("drug_ranked", drug=name, score=score, category=_category(category))


def _ranked_short(name: str, score: int, category: str) -> Text:
    """'valproate (-1, very unlikely)': in a list that has already named ALDEN."""
    return _text("drug_ranked_short", drug=name, score=score, category=_category(category))


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
            title=_text("culprit_workup.title"),
            action=_text("culprit_workup.action"),
            why=_text("culprit_workup.why"),
            sources=sources + _sources(statements, "drug_history_24h"),
            link_drugs_page=True,
        )
    if alden is not None and alden.drugs:
        ranked = [(a, drugs_by_index(case, a.input_index)) for a in alden.drugs]
        taken = [(a, d) for a, d in ranked if d is not None and _still_taken(d)]
        suspects = [(a, d) for a, d in taken if a.category in SUSPECT_CATEGORIES]
        others = [(a, d) for a, d in taken if a.category not in SUSPECT_CATEGORIES]
        if suspects:
            lead = suspects[0][0]
            title = _text("withdraw.stop_title", drug=lead.name)
            action = _text(
                "withdraw.stop_action",
                drugs=_joined([_ranked(a.name, a.score, a.category) for a, _ in suspects]),
            )
        elif taken:
            lead = taken[0][0]
            # The sources read say: withdraw the causative agent; every drug received is a
            # potential cause. They do not say to stop every drug (essential ones included),
            # so the title names them as suspects, not as drugs to stop.
            title = _text("withdraw.suspects_title", drug=lead.name)
            action = _text(
                "withdraw.suspects_action",
                drugs=_joined([_ranked(a.name, a.score, a.category) for a, _ in taken]),
            )
            others = []  # all listed above
            sources = sources + _sources(statements, "ashm_all_drugs_suspect")
        else:
            top = alden.drugs[0]
            return NextStep(
                key="withdraw",
                title=_text("withdraw.stopped_title", drug=top.name),
                action=_text(
                    "withdraw.stopped_action",
                    drug=top.name,
                    score=top.score,
                    category=_category(top.category),
                ),
                why=_text("withdraw.stopped_why"),
                sources=sources,
                link_drugs_page=True,
            )
        if others:
            also = _joined([_ranked_short(a.name, a.score, a.category) for a, _ in others])
            action = _sentences(action, _text("withdraw.also_taken", drugs=also))
            sources = sources + _sources(statements, "ashm_all_drugs_suspect")
        return NextStep(
            key="withdraw",
            title=title,
            action=action,
            why=_text("withdraw.ranked_why", ranked=len(alden.drugs), taken=len(taken)),
            sources=sources,
            link_drugs_page=True,
        )
    taken_names = [_drug_name(d) for d in drugs if _still_taken(d)]
    listed: Text | str = ", ".join(taken_names) if taken_names else _text("withdraw.none_taken")
    return NextStep(
        key="withdraw",
        title=_text("withdraw.unranked_title"),
        action=_text("withdraw.unranked_action", drugs=listed),
        why=_text("withdraw.unranked_why", not_scored=_alden_not_scored()),
        sources=sources + _sources(statements, "drug_history_24h"),
        link_drugs_page=True,
    )


def drugs_by_index(case: Mapping[str, Any], index: int) -> Mapping[str, Any] | None:
    drugs = case.get("drugs", [])
    return drugs[index] if 0 <= index < len(drugs) else None


def care_setting_step(case: Mapping[str, Any], statements: GuidelineStatements) -> NextStep:
    worst = max_detachment(case)
    limit = _num(CARE_SETTING_BSA_GT_PCT)
    if worst is not None and worst[0] > CARE_SETTING_BSA_GT_PCT:
        value, day = worst
        return NextStep(
            key="care_setting",
            title=_text("care_setting.burn_centre_title"),
            action=_text("care_setting.burn_centre_action"),
            why=_text("care_setting.burn_centre_why", value=_num(value), day=day, limit=limit),
            sources=_sources(statements, "burn_centre_gt10", "mdt", "pnds_cornerstone"),
        )
    if worst is None:
        why = _text("care_setting.mdt_why_not_entered", limit=limit)
    else:
        why = _text("care_setting.mdt_why_below", value=_num(worst[0]), day=worst[1], limit=limit)
    return NextStep(
        key="care_setting",
        title=_text("care_setting.mdt_title"),
        action=_text("care_setting.mdt_action"),
        why=why,
        sources=_sources(statements, "mdt", "burn_centre_gt10"),
    )


# The review read gives the 24-hour target; the BAD audit text read says "initial".
EYE_REVIEW_WITHIN_HOURS = 24


def eye_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="eye_review",
        title=_text("eye_review.title", hours=EYE_REVIEW_WITHIN_HOURS),
        action=_text("eye_review.action", hours=EYE_REVIEW_WITHIN_HOURS),
        why=_text("why.every_patient"),
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
    if first is not None and first.scorten.complete:  # a withheld score is never complete
        why = _text("scorten_timing.why_complete", first_day=days[0], day=RESCORE_DAY)
    elif first is not None and not first.scorten.withheld:
        why = _text(
            "scorten_timing.why_incomplete",
            first_day=days[0],
            missing=len(first.scorten.missing),
            day=RESCORE_DAY,
        )
    else:
        why = _text("scorten_timing.why_none", day=RESCORE_DAY)
    return NextStep(
        key="scorten_timing",
        title=_text("scorten_timing.title", day=RESCORE_DAY),
        action=_text("scorten_timing.action", day=RESCORE_DAY),
        why=why,
        sources=_sources(statements, "scorten_first_24h", "scorten_day3"),
    )


def mucosal_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="mucosal_review",
        title=_text("mucosal_review.title"),
        action=_text("mucosal_review.action"),
        why=_text("why.every_patient"),
        sources=_sources(statements, "mucosal_assessment", "urinary_catheter"),
    )


def vulvovaginal_step(statements: GuidelineStatements) -> NextStep:
    # Expert opinion, shown with the series that questions it (no trial compares the two).
    return NextStep(
        key="vulvovaginal",
        title=_text("vulvovaginal.title"),
        action=_text("vulvovaginal.action"),
        why=_text("vulvovaginal.why"),
        sources=_sources(statements, "vulvovaginal_expert_care", "vulvovaginal_burn_centre_series"),
    )


# What the breathing step cannot state: no source's own wording was read for these (other
# reasons to call intensive care than detachment above 10 %).
ICU_TRIGGERS_NOT_READ = _text("breathing.not_read")


def breathing_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="breathing",
        title=_text("breathing.title"),
        action=_sentences(_text("breathing.action"), _not_read(ICU_TRIGGERS_NOT_READ)),
        why=_text("breathing.why"),
        sources=_sources(statements, "bronchial_involvement", "initial_investigations"),
    )


def infection_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="infection",
        title=_text("infection.title"),
        action=_text("infection.action"),
        why=_text("infection.why"),
        sources=_sources(
            statements,
            "ashm_no_prophylactic_antibiotics",
            "pnds_cornerstone",
        ),
    )


def workup_step(statements: GuidelineStatements) -> NextStep:
    return NextStep(
        key="initial_workup",
        title=_text("initial_workup.title"),
        action=_text("initial_workup.action"),
        why=_text("why.every_patient"),
        sources=_sources(statements, "initial_investigations"),
    )


# What the supportive-care step cannot state: no source's own wording was read for these
# (the BAD 2016 body text, the PNDS 2018 body, Brüggen 2021 and Seminario-Vidal 2020 full
# texts could not be read: the stored copies reach only their openings; issue 20, round 3):
# analgesia, fluid targets, thromboprophylaxis, stress-ulcer prophylaxis.
SUPPORTIVE_NOT_READ = _text("supportive_care.not_read")


def supportive_step(statements: GuidelineStatements) -> NextStep:
    # Only supportive-care statements read in their sources' own text: environment, venous
    # access and nutrition (BAD 2016 summary table); wound care, fluid, electrolyte and
    # temperature homeostasis and specialist input (ASHM page). The rest is named.
    return NextStep(
        key="supportive_care",
        title=_text("supportive_care.title"),
        action=_sentences(_text("supportive_care.action"), _not_read(SUPPORTIVE_NOT_READ)),
        why=_text("why.every_patient"),
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
CHILDREN_SCORTEN_CAVEAT = _text("children.scorten_caveat")


def children_step(case: Mapping[str, Any], statements: GuidelineStatements) -> NextStep | None:
    age = age_years(case)
    if age is not None and age >= CHILDREN_GUIDELINE_AGE_LT_YEARS:
        return None
    limit = CHILDREN_GUIDELINE_AGE_LT_YEARS
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
            title=_text("children.if_under_title", limit=limit),
            action=_sentences(
                _text("children.if_under_action", limit=limit), CHILDREN_SCORTEN_CAVEAT
            ),
            why=_text("children.why_age_not_entered"),
            sources=sources,
        )
    return NextStep(
        key="children",
        title=_text("children.under_title", limit=limit),
        action=_sentences(_text("children.under_action"), CHILDREN_SCORTEN_CAVEAT),
        why=_text("children.why_under", age=_num(age), limit=limit),
        sources=sources,
    )


# The drug class (knowledge/data/drugs.yaml) whose cross-reactivity a read source gives:
# "Clinicians should be aware of the cross-reactivity of the aromatic AEDs regarding cutaneous
# adverse events" (Epilepsy Res 2008, PMID 18490142).
CROSS_REACTING_CLASS = "aromatic anticonvulsant"


def _drug_list(names: Sequence[str]) -> str:
    """Drug names as entered, "a, b" (the same in every language)."""
    return ", ".join(names)


def _ranked_why(alden: AldenResult | None, suspects: Sequence[object], unscored: str) -> Text:
    """Why a step names the suspects: how many ALDEN ranks possible or higher."""
    if alden is None:
        return _text(unscored)
    return _text("why.ranked_suspects", count=len(suspects))


def discharge_step(
    alden: AldenResult | None,
    statements: GuidelineStatements,
    catalogue: DrugCatalogue | None = None,
) -> NextStep:
    catalogue = catalogue or default_catalogue()
    suspects = [a for a in (alden.drugs if alden else ()) if a.category in SUSPECT_CATEGORIES]
    if suspects:
        named = _drug_list([a.name for a in suspects])
        action = _text("discharge.action_named", drugs=named)
    else:
        action = _text("discharge.action")
    sources = _sources(statements, "discharge_advice", "culprit_similar_lifelong")
    aromatic = [
        a.name
        for a in suspects
        if _drug_class(a.normalized_name, catalogue) == CROSS_REACTING_CLASS
    ]
    if aromatic:
        action = _sentences(action, _text("discharge.cross_reactivity", drugs=_drug_list(aromatic)))
        sources = sources + _sources(statements, "aromatic_aed_cross_reactivity")
    return NextStep(
        key="discharge",
        title=_text("discharge.title"),
        action=action,
        why=_ranked_why(alden, suspects, "discharge.why_not_scored"),
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
        title=_text("follow_up.title", months=FOLLOW_UP_MONTHS),
        action=_text("follow_up.action", months=FOLLOW_UP_MONTHS),
        why=_text("follow_up.why"),
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


# The national systems named in the report step, in order, each with the statement that
# describes it (its words: `next_steps.report_reaction.system.<statement>`).
REPORTING_SYSTEMS: tuple[str, ...] = (
    "report_uk_yellowcard",
    "report_us_medwatch",
    "report_kr_kaers",
    "report_jp_pmda",
)


def report_step(alden: AldenResult | None, statements: GuidelineStatements) -> NextStep:
    suspects = [a for a in (alden.drugs if alden else ()) if a.category in SUSPECT_CATEGORIES]
    systems = _joined([_text(f"report_reaction.system.{sid}") for sid in REPORTING_SYSTEMS])
    # Korea's drug-injury relief programme (MFDS page): the patient's own route to compensation.
    relief = _text("report_reaction.korea_relief")
    if suspects:
        named = _drug_list([a.name for a in suspects])
        action = _text("report_reaction.action_named", drugs=named, systems=systems)
    else:
        action = _text("report_reaction.action", systems=systems)
    return NextStep(
        key="report_reaction",
        title=_text("report_reaction.title"),
        action=_sentences(action, relief),
        why=_ranked_why(alden, suspects, "report_reaction.why_not_scored"),
        sources=_sources(statements, *REPORTING_SYSTEMS, "report_kr_relief"),
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


def source_line(source: StepSource) -> Text:
    """'UK BAD adult guideline 2016, Summary ...: Care setting — Strength of recommendation D':
    the short name in the reader's language, the section and grade as published."""
    return _text(
        "source_line", guideline=source.guideline, section=source.section, grade=source.grade_text
    )


def steps_text(steps: Sequence[NextStep]) -> list[str]:
    """The steps as plain-text lines, in English (chart note)."""
    lines: list[str] = []
    for number, step in enumerate(steps, start=1):
        title, action, why = (t.render("en") for t in (step.title, step.action, step.why))
        lines.append(f"{number}. {title}: {action}")
        lines.append(f"   Why: {why}")
        for source in step.sources:
            line, verified = source_line(source).render("en"), source.verified.render("en")
            lines.append(f"   Source: {line} ({verified}): “{source.text}”")
    return lines
