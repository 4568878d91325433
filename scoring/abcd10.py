"""ABCD-10, shown beside SCORTEN.

Noe MH, Rosenbach M, Hubbard RA, et al. Development and validation of a risk prediction
model for in-hospital mortality among patients with Stevens-Johnson syndrome/toxic
epidermal necrolysis - ABCD-10. JAMA Dermatol 2019;155(4):448-54.
doi:10.1001/jamadermatol.2018.5605.

Points: Age >= 50 y (1), Bicarbonate < 20 mmol/L (1), Cancer, active (2), Dialysis before
admission (3), detachment >= 10 % BSA (1); range 0-8. No mortality equation per score has
been verified against the paper, so none is given (mortality_logistic stays null).
"""

from __future__ import annotations

from knowledge.i18n import Text
from scoring.criteria import SYMBOL, Criterion, PointsScore, max_points
from scoring.words import english

REFERENCE = (
    "Noe MH et al. Development and validation of a risk prediction model for in-hospital "
    "mortality among patients with SJS/TEN: ABCD-10. JAMA Dermatol 2019;155(4):448-54. "
    "doi:10.1001/jamadermatol.2018.5605"
)
# Naming, as in every rule module: REFERENCE is the rule's primary source (one text);
# REFERENCES all the sources the module's rules cite, the primary first.
REFERENCES: tuple[str, ...] = (REFERENCE,)
_SOURCE = Text("engine.abcd10.source")

AGE_GE_YEARS = 50.0
BICARBONATE_LT_MMOL_L = 20.0
BSA_DETACHED_GE_PCT = 10.0  # the paper's name says 10; one summary prints "> 10 %"
CANCER_POINTS = 2
DIALYSIS_POINTS = 3

CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        key="age_years",
        label_text=Text("engine.criterion.age"),
        comparison="ge",
        points=1,
        cutoff=AGE_GE_YEARS,
        unit="years",
        source=_SOURCE,
    ),
    Criterion(
        key="bicarbonate_mmol_l",
        label_text=Text("engine.criterion.bicarbonate"),
        comparison="lt",
        points=1,
        cutoff=BICARBONATE_LT_MMOL_L,
        unit="mmol/L",
        alt_cutoff_text=Text("engine.rule.same_in_meq"),
        source=_SOURCE,
    ),
    Criterion(
        key="malignancy",
        label_text=Text("engine.criterion.active_cancer"),
        comparison="true",
        points=CANCER_POINTS,
        source=_SOURCE,
    ),
    Criterion(
        key="dialysis_before_admission",
        label_text=Text("engine.criterion.dialysis"),
        comparison="true",
        points=DIALYSIS_POINTS,
        source=_SOURCE,
    ),
    Criterion(
        key="bsa_detached_pct",
        label_text=Text("engine.criterion.detached_bsa"),
        comparison="ge",
        points=1,
        cutoff=BSA_DETACHED_GE_PCT,
        unit="%",
        source=_SOURCE,
        on_cutoff_note_text=Text("engine.abcd10.on_cutoff"),
    ),
)
MAX_SCORE = max_points(CRITERIA)  # 8

# ABCD-10 is an admission model: Noe 2019 scored values at admission ("dialysis before
# admission", detachment at admission) against in-hospital death. It was not validated on
# later days, unlike SCORTEN, whose day-3 rescoring Guegan 2006 validated
# (doi:10.1038/sj.jid.5700068). A later assessment day is flagged, not rescored.
VALIDATED_ASSESSMENT_DAY = 1


def is_validated_for_day(assessment_day: int | None) -> bool:
    """True on the admission day (day 1, or no day given, which the contract reads as 1)."""
    return ABCD10.is_validated_for_day(assessment_day)


def day_note_text(assessment_day: int | None) -> Text | None:
    """Why ABCD-10 is not validated for this assessment day, or None on day 1."""
    if is_validated_for_day(assessment_day):
        return None
    return Text("engine.abcd10.day_note", {"day": assessment_day})


def day_note(assessment_day: int | None) -> str | None:
    """`day_note_text` in English."""
    return ABCD10.day_note(assessment_day)


# Where sources disagree (the Method page lists these).
BSA_CONVENTION_TEXT = Text(
    "engine.abcd10.bsa_convention",
    {"symbol": SYMBOL["ge"], "cutoff": f"{BSA_DETACHED_GE_PCT:g}"},
)
ADMISSION_CONVENTION_TEXT = Text(
    "engine.abcd10.admission_convention", {"day": VALIDATED_ASSESSMENT_DAY}
)
BSA_CONVENTION = english(BSA_CONVENTION_TEXT)
ADMISSION_CONVENTION = english(ADMISSION_CONVENTION_TEXT)

ABCD10 = PointsScore(
    key="abcd10",
    name="ABCD-10",
    criteria=CRITERIA,
    references=REFERENCES,
    citation="Noe 2019",
    validated_through_day=VALIDATED_ASSESSMENT_DAY,
    day_note_text=day_note_text,
    measured_text=Text("engine.abcd10.measured"),
    convention_texts=(BSA_CONVENTION_TEXT, ADMISSION_CONVENTION_TEXT),
)
