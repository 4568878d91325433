"""Plausibility bounds for every numeric input, each limit with its reason.

Two tiers (shared/contract.md): a value no living patient can have is an *error*
(no score for that record); a value that is possible but suspicious is a *warning*
(the score is still given). mg/dL limits are derived from the mmol/L ones so each
number is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scoring import units


@dataclass(frozen=True)
class Limit:
    value: float
    reason: str


@dataclass(frozen=True)
class FieldBounds:
    field: str
    label: str
    unit: str
    positive: bool = False  # a concentration or a rate: 0 or below is an error
    error_below: Limit | None = None  # value < limit -> error
    error_above: Limit | None = None  # value > limit -> error
    warn_below: Limit | None = None  # value < limit -> warning
    warn_above: Limit | None = None  # value > limit -> warning


def _fmt(value: float) -> str:
    return f"{value:g}"


def error_message(bounds: FieldBounds, value: float) -> str | None:
    """Why `value` cannot be true of a living patient, or None."""
    shown = f"{bounds.field}: {_fmt(value)} {bounds.unit}".rstrip()
    if bounds.positive and value <= 0:
        return f"{shown} is impossible: it must be above 0."
    if bounds.error_below and value < bounds.error_below.value:
        limit = bounds.error_below
        return f"{shown} is impossible: below {_fmt(limit.value)} ({limit.reason})."
    if bounds.error_above and value > bounds.error_above.value:
        limit = bounds.error_above
        return f"{shown} is impossible: above {_fmt(limit.value)} ({limit.reason})."
    return None


def warning_message(bounds: FieldBounds, value: float) -> str | None:
    """Why `value` is possible but suspicious, or None."""
    shown = f"{bounds.field}: {_fmt(value)} {bounds.unit}".rstrip()
    if bounds.warn_below and value < bounds.warn_below.value:
        limit = bounds.warn_below
        return f"{shown} is below {_fmt(limit.value)}: {limit.reason}."
    if bounds.warn_above and value > bounds.warn_above.value:
        limit = bounds.warn_above
        return f"{shown} is above {_fmt(limit.value)}: {limit.reason}."
    return None


AGE = FieldBounds(
    field="age_years",
    label="Age",
    unit="years",
    error_below=Limit(0, "age cannot be negative"),
    error_above=Limit(125, "older than the oldest documented human, 122 years"),
    warn_below=Limit(
        18,
        "SCORTEN (Bastuji-Garin 2000) and ABCD-10 (Noe 2019) were derived in adults; "
        "their predictions are not validated in children",
    ),
)

HEART_RATE = FieldBounds(
    field="heart_rate_bpm",
    label="Heart rate",
    unit="/min",
    positive=True,
    error_above=Limit(
        600,
        "above the highest heart rate reported in a human, 600/min in pre-excited "
        "atrial fibrillation (Chhabra L et al., Indian Pacing Electrophysiol J 2012;12:32-5)",
    ),
    warn_below=Limit(30, "profound bradycardia; check the entry"),
    warn_above=Limit(250, "rarely sustained; check the entry"),
)

BSA = FieldBounds(
    field="bsa_detached_pct",
    label="Detached body surface area",
    unit="%",
    error_below=Limit(0, "a share of the body surface cannot be negative"),
    error_above=Limit(100, "a share of the body surface cannot exceed 100 %"),
)

UREA_ERROR_ABOVE_MMOL_L = 200.0  # far above extreme uraemia (~100-150 mmol/L): entry error
UREA_WARN_ABOVE_MMOL_L = 60.0  # rare; a BUN in mg/dL entered as mmol/L is the usual cause

UREA = FieldBounds(
    field="urea_mmol_l",
    label="Urea",
    unit="mmol/L",
    positive=True,
    error_above=Limit(
        UREA_ERROR_ABOVE_MMOL_L,
        "far above the most extreme uraemia reported (about 100-150 mmol/L); an entry error",
    ),
    warn_above=Limit(
        UREA_WARN_ABOVE_MMOL_L,
        "very high; if this is BUN in mg/dL, choose mg/dL (BUN 28 mg/dL = urea 10 mmol/L)",
    ),
)

BUN = FieldBounds(
    field="bun_mg_dl",
    label="BUN",
    unit="mg/dL",
    positive=True,
    error_above=Limit(
        units.urea_mmol_l_to_bun_mg_dl(UREA_ERROR_ABOVE_MMOL_L),
        f"urea above {UREA_ERROR_ABOVE_MMOL_L:g} mmol/L is an entry error",
    ),
    warn_above=Limit(
        units.urea_mmol_l_to_bun_mg_dl(UREA_WARN_ABOVE_MMOL_L),
        "very high; check that this is urea nitrogen (BUN), not urea by mass (about 2.14 × BUN)",
    ),
)

BICARBONATE = FieldBounds(
    field="bicarbonate_mmol_l",
    label="Bicarbonate",
    unit="mmol/L",
    positive=True,
    error_above=Limit(
        100, "far above any reported serum bicarbonate (severe alkalosis rarely exceeds 60)"
    ),
    warn_below=Limit(5, "extreme acidosis; check the entry"),
    warn_above=Limit(45, "marked alkalosis; check the entry"),
)

GLUCOSE_ERROR_ABOVE_MMOL_L = 150.0  # highest glucose reported in a survivor: 147.6 mmol/L
GLUCOSE_WARN_ABOVE_MMOL_L = 50.0  # more likely a mg/dL value entered as mmol/L
GLUCOSE_WARN_BELOW_MMOL_L = 2.0  # severe hypoglycaemia; or a mmol/L value entered as mg/dL

GLUCOSE = FieldBounds(
    field="glucose_mmol_l",
    label="Glucose",
    unit="mmol/L",
    positive=True,
    error_above=Limit(
        GLUCOSE_ERROR_ABOVE_MMOL_L,
        "above the highest blood glucose reported in a survivor, 147.6 mmol/L "
        "(2,656 mg/dL); a value in mg/dL entered as mmol/L?",
    ),
    warn_above=Limit(GLUCOSE_WARN_ABOVE_MMOL_L, "this looks like a mg/dL value; check the unit"),
    warn_below=Limit(GLUCOSE_WARN_BELOW_MMOL_L, "severe hypoglycaemia; check the entry"),
)

GLUCOSE_MG_DL = FieldBounds(
    field="glucose_mg_dl",
    label="Glucose",
    unit="mg/dL",
    positive=True,
    error_above=Limit(
        units.glucose_mmol_l_to_mg_dl(GLUCOSE_ERROR_ABOVE_MMOL_L),
        f"above {GLUCOSE_ERROR_ABOVE_MMOL_L:g} mmol/L, beyond the highest glucose "
        "reported in a survivor",
    ),
    warn_above=Limit(units.glucose_mmol_l_to_mg_dl(GLUCOSE_WARN_ABOVE_MMOL_L), "check the entry"),
    warn_below=Limit(
        units.glucose_mmol_l_to_mg_dl(GLUCOSE_WARN_BELOW_MMOL_L),
        "severe hypoglycaemia, or a mmol/L value entered as mg/dL; check the unit",
    ),
)

ASSESSMENT_DAY = FieldBounds(
    field="assessment_day",
    label="Assessment day",
    unit="",
    error_below=Limit(1, "day 1 is the first 24 hours of the stay"),
    error_above=Limit(1000, "longer than any hospital stay; an entry error"),
    warn_above=Limit(
        5,
        "SCORTEN's performance was studied on days 1 to 5 of the stay (Guégan 2006)",
    ),
)

BOUNDS: dict[str, FieldBounds] = {
    b.field: b
    for b in (AGE, HEART_RATE, BSA, UREA, BUN, BICARBONATE, GLUCOSE, GLUCOSE_MG_DL, ASSESSMENT_DAY)
}

# --- drugs (ALDEN inputs, typed or imported) -------------------------------------------

# A drug name is a label: the longest INN combination products run to a few dozen
# characters. 200 leaves room for brand + strength as typed and keeps a hostile name from
# stalling the browser (a 190 kB name took minutes to render).
MAX_DRUG_NAME_CHARS = 200

HOURS_PER_YEAR = 365.25 * 24
# A half-life longer than a human life cannot be a measurement: the same 125-year limit as
# age. Any half-life this long scores the drug present anyway (5 half-lives > any stay).
MAX_HALF_LIFE_HOURS = AGE.error_above.value * HOURS_PER_YEAR  # type: ignore[union-attr]
HALF_LIFE_REASON = (
    f"longer than a human life ({AGE.error_above.value:g} years, "  # type: ignore[union-attr]
    f"{MAX_HALF_LIFE_HOURS:,.0f} h): an entry error"
)

# The earliest date the app's date fields take (their `min_value`): a first intake or an
# index day before 1900 is an entry error, and a date widget cannot even show it.
EARLIEST_DATE = date(1900, 1, 1)
