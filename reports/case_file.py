"""What leaves the app, and the words the Case page shows: pure builders, no Streamlit.

- `chart_note`: a plain-text note for the medical record.
- `case_to_json` / `case_from_json`: the session case as a re-importable JSON file,
  validated with pydantic on the way in (a bad file raises `CaseImportError` with a
  message for the user, never a traceback).
- `fhir_bundle`: a FHIR R4 (R4B models) Bundle of type collection with one Observation
  per input (LOINC where a code exists) and a SCORTEN Observation whose `derivedFrom`
  points at them.

The text helpers (`scorten_headline`, `criterion_line`, ...) are shared by the page and
the note so the screen and the record say the same thing. Nothing here decides a point:
every decision comes from `scoring.case.score_case`.

The case dict has the shape documented in `ui/state.py`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from knowledge.drugs import NOTORIETY_MAX, NOTORIETY_MIN
from scoring import abcd10, classification, drug_flags, scorten
from scoring.alden import REFERENCES as ALDEN_REFERENCES
from scoring.alden import AldenResult, PreviousExposure
from scoring.bounds import EARLIEST_DATE, MAX_DRUG_NAME_CHARS, MAX_HALF_LIFE_HOURS
from scoring.case import CANONICAL_PAIR, score_case
from scoring.criteria import SYMBOL, Criterion
from scoring.fields import FIELD_BY_NAME, FIELDS
from scoring.models import CaseResult, CriterionResult, ScoreResult
from scoring.next_steps import SUSPECT_CATEGORIES, age_years, case_alden, next_steps, steps_text
from scoring.screen_labels import on_screen

# ---------------------------------------------------------------------------------------
# Text shared by the page and the chart note
# ---------------------------------------------------------------------------------------

# The relation shown when a criterion is *not* met: the negation of its rule.
NEGATED_SYMBOL = {"gt": "≤", "lt": "≥", "ge": "<"}

# Display precision per unit: enough to show which side of a cut-off a value lies on
# (28 mg/dL BUN = 10.0 mmol/L), no more.
_DECIMALS = {"mg/dL": 0, "mmol/L": 1}

SCORTEN_CRITERIA: dict[str, Criterion] = {c.key: c for c in scorten.CRITERIA}
ABCD10_CRITERIA: dict[str, Criterion] = {c.key: c for c in abcd10.CRITERIA}

CALIBRATION_CAVEAT = scorten.CALIBRATION_CAVEAT
DAY3_REMINDER = (
    "Rescore on day 3 with the same formula: SCORTEN discriminated best on day 3 (Guégan 2006)."
)
NOT_A_SUBSTITUTE = "Decision support for clinicians — not a substitute for clinical judgement."


def fmt_number(value: float) -> str:
    """A value as entered: no trailing zeros (67, 12.1, 0.5)."""
    return f"{value:g}"


def fmt_pct(probability: float) -> str:
    """A probability (0..1) as a percentage with one decimal: 0.622 -> '62.2 %'."""
    return f"{probability * 100:.1f} %"


def fmt_in_unit(value: float, unit: str) -> str:
    decimals = _DECIMALS.get(unit)
    shown = fmt_number(value) if decimals is None else f"{value:.{decimals}f}"
    return f"{shown} {unit}".rstrip()


def converted_text(field: str, value: float) -> str | None:
    """The other unit of a lab value, for display under the field ('= 34 mg/dL BUN')."""
    for pair in CANONICAL_PAIR.values():
        if field == pair.canonical:
            other = FIELD_BY_NAME[pair.alternate]
            suffix = " BUN" if other.name == "bun_mg_dl" else ""
            return f"= {fmt_in_unit(pair.from_canonical(value), other.unit)}{suffix}"
        if field == pair.alternate:
            suffix = " urea" if pair.canonical == "urea_mmol_l" else ""
            return f"= {fmt_in_unit(pair.to_canonical(value), 'mmol/L')}{suffix}"
    return None


def _criterion_value_text(row: CriterionResult) -> str:
    """The value as given, with its conversion when it came in the other unit."""
    if isinstance(row.input_value, bool):
        return "yes" if row.input_value else "no"
    given = fmt_number(float(row.input_value))  # type: ignore[arg-type]
    unit = row.input_unit.replace("% BSA", "%")
    text = f"{given} {unit}".rstrip() if unit != "%" else f"{given} %"
    other = converted_text(row.field, float(row.input_value))  # type: ignore[arg-type]
    return f"{text} ({other})" if other else text


# The analyte as the user entered it, where it differs from the criterion's name.
ANALYTE_AS_ENTERED: dict[str, str] = {"bun_mg_dl": "BUN"}


def criterion_line(row: CriterionResult, criterion: Criterion) -> str:
    """One line of the breakdown: mark, value vs cut-off (both units), points."""
    if row.met is None:
        return f"• {row.label} — missing (would add {row.points_if_met} if present)"
    row = row.model_copy(update={"label": ANALYTE_AS_ENTERED.get(row.field, row.label)})
    mark = "✓" if row.met else "✗"
    points = f"{row.points} point" + ("" if row.points == 1 else "s")
    if criterion.comparison == "true":
        return f"{mark} {row.label}: {_criterion_value_text(row)} — {points}"
    symbol = SYMBOL[criterion.comparison] if row.met else NEGATED_SYMBOL[criterion.comparison]
    if row.on_cutoff:
        symbol = "="
    alt = f" ({criterion.alt_unit_cutoff})" if criterion.alt_unit_cutoff else ""
    cut = f"{fmt_number(float(criterion.cutoff))} {criterion.unit}".rstrip()  # type: ignore[arg-type]
    return f"{mark} {row.label} {_criterion_value_text(row)} {symbol} {cut}{alt} — {points}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def missing_labels(result: ScoreResult, criteria: Mapping[str, Criterion]) -> list[str]:
    # "detached BSA", not "detached bsa": lower-case the first letter only.
    return [_lower_first(criteria[key].label) for key in result.missing]


def scorten_headline(result: ScoreResult) -> str:
    """'SCORTEN 4 of 7 · predicted mortality 62.2 % · derivation band 58.3 % (...)'."""
    top = result.max_possible
    if result.score is not None:
        text = (
            f"SCORTEN {result.score} of {top} · predicted mortality "
            f"{fmt_pct(result.mortality_logistic)}"  # type: ignore[arg-type]
        )
        if result.band is not None:
            text += f" · derivation band {band_text(result)}"
        return text
    missing = ", ".join(missing_labels(result, SCORTEN_CRITERIA))
    low, high = result.mortality_logistic_min, result.mortality_logistic_max
    mortality = ""
    if low is not None and high is not None:
        mortality = f" · predicted mortality {fmt_pct(low).removesuffix(' %')}-{fmt_pct(high)}"
    return f"SCORTEN {result.min}-{result.max} of {top} ({missing} missing){mortality}"


def scorten_title(result: ScoreResult) -> str:
    """The score alone, for a heading: 'SCORTEN 4 of 7' or 'SCORTEN 4-5 of 7 (glucose missing)'.

    One figure per line on screen: the mortality and the derivation band are separate lines
    (`mortality_text`, `band_text`), never crammed into the heading.
    """
    top = result.max_possible
    if result.score is not None:
        return f"SCORTEN {result.score} of {top}"
    missing = ", ".join(missing_labels(result, SCORTEN_CRITERIA))
    return f"SCORTEN {result.min}-{result.max} of {top} ({missing} missing)"


def mortality_text(result: ScoreResult) -> str | None:
    """'62.2 %' for a complete score, '62.2-85.0 %' for a range, None when unknown."""
    if result.score is not None and result.mortality_logistic is not None:
        return fmt_pct(result.mortality_logistic)
    low, high = result.mortality_logistic_min, result.mortality_logistic_max
    if low is None or high is None:
        return None
    return f"{fmt_pct(low).removesuffix(' %')}-{fmt_pct(high)}"


def band_text(result: ScoreResult) -> str:
    """'58.3 % (14/24; 95 % CI 36.6-77.9)' for the observed band of a complete score."""
    band = result.band
    if band is None:
        return ""
    return (
        f"{fmt_pct(band.mortality)} ({band.deaths}/{band.n}; 95 % CI "
        f"{band.ci_low_pct:g}-{band.ci_high_pct:g})"
    )


def abcd10_headline(result: ScoreResult) -> str:
    top = result.max_possible
    if result.score is not None:
        return f"ABCD-10 {result.score} of {top}"
    missing = ", ".join(missing_labels(result, ABCD10_CRITERIA))
    return f"ABCD-10 {result.min}-{result.max} of {top} ({missing} missing)"


def score_differences(result: CaseResult) -> list[str]:
    """Why SCORTEN and ABCD-10 read differently for this case, from their criteria.

    Lists inputs that earn points in one score but not the other (different cut-off,
    different weight, or an item only one of them has).
    """
    s_rows = {r.key: r for r in result.scorten.criteria}
    a_rows = {r.key: r for r in result.abcd10.criteria}
    notes: list[str] = []
    for key in dict.fromkeys([*s_rows, *a_rows]):
        s, a = s_rows.get(key), a_rows.get(key)
        s_points = s.points if s else None
        a_points = a.points if a else None
        label = (s or a).label  # type: ignore[union-attr]
        if s is None and a_points:
            notes.append(f"{label}: {a_points} ABCD-10 points; not part of SCORTEN.")
        elif a is None and s_points:
            notes.append(f"{label}: 1 SCORTEN point; not part of ABCD-10.")
        elif s and a and s_points is not None and a_points is not None:
            if bool(s_points) != bool(a_points):
                notes.append(
                    f"{label}: {'counts' if s_points else 'does not count'} in SCORTEN "
                    f"({s.rule}), {'counts' if a_points else 'does not count'} in ABCD-10 "
                    f"({a.rule})."
                )
            elif s_points and a_points and s_points != a_points:
                notes.append(f"{label}: {s_points} SCORTEN point, {a_points} ABCD-10 points.")
    return notes


def extent_text(result: CaseResult) -> str | None:
    if result.classification is None:
        return None
    bsa = next((r for r in result.scorten.criteria if r.key == "bsa_detached_pct"), None)
    detail = (
        f" ({fmt_number(float(bsa.input_value))} % detached)" if bsa and bsa.met is not None else ""
    )  # type: ignore[arg-type]
    return f"Extent: {result.classification}{detail}"


# ---------------------------------------------------------------------------------------
# Scoring the case dict
# ---------------------------------------------------------------------------------------


def assessment_record(assessment: Mapping[str, Any]) -> dict[str, Any]:
    """The `score` record of one assessment: known inputs plus its day."""
    record = {k: v for k, v in assessment.get("inputs", {}).items() if v is not None}
    record["assessment_day"] = assessment["assessment_day"]
    return record


def score_assessments(case: Mapping[str, Any]) -> dict[int, CaseResult]:
    """Each assessment day's result, in day order."""
    return {
        a["assessment_day"]: score_case(assessment_record(a))
        for a in sorted(case["assessments"], key=lambda a: a["assessment_day"])
    }


# ---------------------------------------------------------------------------------------
# Chart note
# ---------------------------------------------------------------------------------------

_INPUT_ORDER = tuple(f.name for f in FIELDS if f.name not in ("id", "assessment_day"))


def _input_text(field: str, value: Any) -> str:
    spec = FIELD_BY_NAME[field]
    if isinstance(value, bool):
        return f"{spec.label} {'yes' if value else 'no'}"
    text = f"{spec.label} {fmt_number(float(value))} {spec.unit}".rstrip()
    other = converted_text(field, float(value))
    return f"{text} ({other})" if other else text


def _assessment_note(assessment: Mapping[str, Any], result: CaseResult) -> list[str]:
    inputs = assessment.get("inputs", {})
    given = [_input_text(f, inputs[f]) for f in _INPUT_ORDER if inputs.get(f) is not None]
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
        lines.append(f"  {extent} — an extent category, not a diagnosis.")
    lines += [f"  Note: {on_screen(issue.message)}" for issue in result.warnings]
    return lines


def _iso(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


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
        if d.get("name") and (start := _iso(d.get("start"))) is not None
    }
    return drug_flags.flag_drugs(
        names, index_day=_iso(case.get("index_day")), starts=starts, age_years=age_years(case)
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


def drugs_by_position(case: Mapping[str, Any], index: int) -> Mapping[str, Any] | None:
    drugs = case.get("drugs", [])
    return drugs[index] if 0 <= index < len(drugs) else None


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
    lines.append(CALIBRATION_CAVEAT)
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


# ---------------------------------------------------------------------------------------
# Case JSON (re-importable)
# ---------------------------------------------------------------------------------------

CASE_FORMAT = "sjsten-case"
CASE_FORMAT_VERSION = 1
# A case with many days and drugs is a few kB. The limit is whole megabytes because the
# upload widget counts in them: the widget and this check then refuse the same files.
MAX_IMPORT_MB = 1
MAX_IMPORT_BYTES = MAX_IMPORT_MB * 1_000_000
MAX_IMPORT_MESSAGES = 5
# A case file nests 4 deep (file > assessments > day > inputs). Deeper JSON is refused
# before it is decoded: json and pydantic recurse, and thousands of levels overflow them.
MAX_IMPORT_DEPTH = 8
MAX_SHOWN_KEY_CHARS = 40  # a key of the file quoted back in a message


class CaseImportError(ValueError):
    """A case file that cannot be imported; the message is meant for the user."""


class _Strict(BaseModel):
    # strict: "12" is not silently a number, "yes" not silently a boolean.
    model_config = ConfigDict(extra="forbid", strict=True)


class CaseInputs(_Strict):
    """The inputs of one assessment (contract field names, values as entered)."""

    age_years: float | None = Field(default=None, allow_inf_nan=False)
    heart_rate_bpm: float | None = Field(default=None, allow_inf_nan=False)
    malignancy: bool | None = None
    bsa_detached_pct: float | None = Field(default=None, allow_inf_nan=False)
    urea_mmol_l: float | None = Field(default=None, allow_inf_nan=False)
    bun_mg_dl: float | None = Field(default=None, allow_inf_nan=False)
    bicarbonate_mmol_l: float | None = Field(default=None, allow_inf_nan=False)
    glucose_mmol_l: float | None = Field(default=None, allow_inf_nan=False)
    glucose_mg_dl: float | None = Field(default=None, allow_inf_nan=False)
    dialysis_before_admission: bool | None = None


class Units(_Strict):
    urea: Literal["mmol/L", "mg/dL"] = "mmol/L"
    glucose: Literal["mmol/L", "mg/dL"] = "mmol/L"


class Assessment(_Strict):
    assessment_day: int = Field(ge=1, le=1000)
    inputs: CaseInputs = CaseInputs()
    units: Units = Units()


_ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class CaseDrug(_Strict):
    """One row of the Drugs page, with the bounds its widgets enforce when typed.

    A row may be unfinished (no name or first intake yet): ALDEN names what is missing.
    """

    name: str | None = Field(default=None, max_length=MAX_DRUG_NAME_CHARS)
    start: str | None = Field(default=None, pattern=_ISO_DATE)
    stop: str | None = Field(default=None, pattern=_ISO_DATE)
    continued_after_onset: bool | None = None
    half_life_hours: float | None = Field(
        default=None, gt=0, le=MAX_HALF_LIFE_HOURS, allow_inf_nan=False
    )
    organ_impairment_or_interaction: bool = False
    previous_exposure: PreviousExposure = "unknown"
    notoriety: int | None = Field(default=None, ge=NOTORIETY_MIN, le=NOTORIETY_MAX)

    @model_validator(mode="after")
    def _real_dates(self) -> CaseDrug:
        for value in (self.start, self.stop):
            _check_date(value)
        return self


def _check_date(value: str | None) -> None:
    """A real calendar date the app's date fields can show (from EARLIEST_DATE on)."""
    if value is None:
        return
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value} is not a date of the calendar") from None
    if day < EARLIEST_DATE:
        raise ValueError(f"{value} is before {EARLIEST_DATE.isoformat()}: an entry error")


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    format: Literal["sjsten-case"]
    version: Literal[1]
    assessments: list[Assessment] = Field(min_length=1, max_length=100)
    active_day: int = Field(strict=True)
    index_day: str | None = Field(default=None, pattern=_ISO_DATE)
    other_cause_non_drug: bool = Field(default=False, strict=True)
    drugs: list[CaseDrug] = Field(default_factory=list, max_length=200)

    @field_validator("index_day")
    @classmethod
    def _index_day(cls, value: str | None) -> str | None:
        _check_date(value)
        return value

    @model_validator(mode="after")
    def _days(self) -> CaseFile:
        days = [a.assessment_day for a in self.assessments]
        if len(set(days)) != len(days):
            raise ValueError("each assessment day may appear only once")
        if self.active_day not in days:
            raise ValueError(f"active_day {self.active_day} has no assessment")
        return self


def _case_model(case: Mapping[str, Any]) -> CaseFile:
    return CaseFile(
        format=CASE_FORMAT,
        version=CASE_FORMAT_VERSION,
        assessments=[
            Assessment(
                assessment_day=a["assessment_day"],
                inputs=CaseInputs(**{k: v for k, v in a.get("inputs", {}).items()}),
                units=Units(**a.get("units", {})),
            )
            for a in case["assessments"]
        ],
        active_day=case["active_day"],
        other_cause_non_drug=bool(case.get("other_cause_non_drug", False)),
    )


def case_to_json(case: Mapping[str, Any]) -> str:
    """The case as JSON; `case_from_json` reads it back to an equal case dict."""
    model = _case_model(case)
    data = model.model_dump(mode="json")
    for assessment in data["assessments"]:
        assessment["inputs"] = {k: v for k, v in assessment["inputs"].items() if v is not None}
    # The index day and drug rows as they are: an export must never fail on the Case page;
    # whatever does not pass `CaseFile`/`CaseDrug` on import is refused then, with its message.
    data["index_day"] = case.get("index_day") or None
    data["drugs"] = [dict(drug) for drug in case.get("drugs", [])]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


# Where a problem is, in the screen's words (shared/style: never an internal key).
_DRUG_LABELS = {
    "name": "drug name",
    "start": "first intake (YYYY-MM-DD)",
    "stop": "last intake (YYYY-MM-DD)",
    "continued_after_onset": "continued after onset",
    "half_life_hours": "half-life (h)",
    "organ_impairment_or_interaction": "liver/kidney impairment or interaction",
    "previous_exposure": "previous exposure",
    "notoriety": "notoriety",
}
_TOP_LABELS = {
    "active_day": "active day",
    "index_day": "index day",
    "other_cause_non_drug": "non-drug cause",
    "assessments": "assessments",
    "drugs": "drugs",
}


def _key_text(part: Any) -> str:
    text = str(part)
    if len(text) > MAX_SHOWN_KEY_CHARS:
        text = text[:MAX_SHOWN_KEY_CHARS] + "…"
    return text


def _location(loc: tuple[Any, ...]) -> str:
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "drugs" and isinstance(parts[1], int):
        where = f"drug {parts[1] + 1}"
        if len(parts) >= 3:
            where += f", {_DRUG_LABELS.get(str(parts[2]), repr(_key_text(parts[2])))}"
        return where
    if len(parts) >= 2 and parts[0] == "assessments" and isinstance(parts[1], int):
        where = f"assessment {parts[1] + 1}"
        if len(parts) >= 4 and parts[2] == "inputs":
            spec = FIELD_BY_NAME.get(str(parts[3]))
            where += f", {spec.label if spec else repr(_key_text(parts[3]))}"
        elif len(parts) >= 3:
            where += f", {_key_text(parts[2])}"
        return where
    if parts:
        return _TOP_LABELS.get(str(parts[0]), repr(_key_text(parts[0])))
    return "file"


def _validation_message(exc: ValidationError) -> str:
    problems = [f"{_location(e['loc'])}: {e['msg']}" for e in exc.errors()]
    shown = problems[:MAX_IMPORT_MESSAGES]
    more = len(problems) - len(shown)
    tail = f" (and {more} more)" if more > 0 else ""
    return "This is not a valid case file: " + "; ".join(shown) + tail + "."


_JSON_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether JSON `text` nests arrays/objects deeper than `limit`, found without
    decoding it (brackets inside strings do not count). Linear in the text's length."""
    depth = 0
    for match in _JSON_STRING_OR_BRACKET.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif token in ("]", "}"):
            depth -= 1
    return False


def case_from_json(text: str | bytes) -> dict[str, Any]:
    """A case dict from a file written by `case_to_json`; `CaseImportError` otherwise.

    Every failure, of any kind, is a `CaseImportError` with a message for the user: the
    caller keeps its case unchanged and never shows a traceback.
    """
    try:
        return _case_from_json(text)
    except CaseImportError:
        raise
    except Exception as exc:  # the boundary of a hostile file: a message, never a traceback
        raise CaseImportError(
            f"This file cannot be read as a case file ({type(exc).__name__}). "
            "Choose the JSON file exported by this app."
        ) from None


def _case_from_json(text: str | bytes) -> dict[str, Any]:
    if len(text) > MAX_IMPORT_BYTES:
        raise CaseImportError(
            f"The file is larger than {MAX_IMPORT_MB} MB; a case file is much "
            "smaller. Choose the JSON file exported by this app."
        )
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise CaseImportError("The file is not UTF-8 text; choose a case JSON file.") from None
    if json_depth_exceeds(text, MAX_IMPORT_DEPTH):
        raise CaseImportError(
            f"The file nests values more than {MAX_IMPORT_DEPTH} levels deep; a case file "
            "nests 4. Choose the JSON file exported by this app."
        )
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise CaseImportError(f"The file is not valid JSON ({exc}).") from None
    except ValueError as exc:
        # NaN/Infinity, or an integer beyond Python's digit limit: not a measurement.
        why = exc if "is not a number JSON allows" in str(exc) else "a number is too long"
        raise CaseImportError(f"The file is not valid JSON ({why}).") from None
    if not isinstance(data, dict) or data.get("format") != CASE_FORMAT:
        raise CaseImportError(
            f'This is not a case file of this app (expected "format": "{CASE_FORMAT}").'
        )
    if data.get("version") != CASE_FORMAT_VERSION:
        raise CaseImportError(
            f"Unsupported case file version {data.get('version')!r} "
            f"(this app reads version {CASE_FORMAT_VERSION})."
        )
    try:
        model = CaseFile.model_validate(data)
    except ValidationError as exc:
        raise CaseImportError(_validation_message(exc)) from None
    return _case_dict(model)


def _case_dict(model: CaseFile) -> dict[str, Any]:
    data = model.model_dump(mode="json")
    assessments = sorted(data["assessments"], key=lambda a: a["assessment_day"])
    for assessment in assessments:
        assessment["inputs"] = {k: v for k, v in assessment["inputs"].items() if v is not None}
    return {
        "assessments": assessments,
        "active_day": data["active_day"],
        "index_day": data["index_day"],
        "other_cause_non_drug": data["other_cause_non_drug"],
        "drugs": data["drugs"],
    }


# ---------------------------------------------------------------------------------------
# FHIR R4 Bundle
# ---------------------------------------------------------------------------------------

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
# No LOINC or SNOMED code exists for SCORTEN, ABCD-10, % BSA detached or this use of
# "malignancy": they carry text and a code of this project's own code system.
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


def _scorten_components(result: ScoreResult) -> list[dict[str, Any]]:
    code = {"text": "Predicted mortality (SCORTEN logistic equation, Bastuji-Garin 2000)"}
    if result.mortality_logistic is not None:
        return [{"code": code, "valueQuantity": _pct_quantity(result.mortality_logistic)}]
    low, high = result.mortality_logistic_min, result.mortality_logistic_max
    if low is None or high is None:
        return []
    return [{"code": code, "valueRange": {"low": _pct_quantity(low), "high": _pct_quantity(high)}}]


def fhir_bundle(case: Mapping[str, Any], result: CaseResult) -> dict[str, Any]:
    """A FHIR R4 Bundle (collection) of the assessment `result` was computed for.

    No Patient resource and no identifiers: the Observations have no subject; the
    receiving system attaches them to its own patient.
    """
    from fhir.resources.R4B.bundle import Bundle  # heavy import; only when exporting

    if result.errors:
        raise ExportError("No export while an input is impossible: correct it first.")
    day = result.assessment_day
    assessment = next((a for a in case["assessments"] if a["assessment_day"] == day), None)
    if assessment is None:
        raise ExportError(f"The case has no assessment for day {day}.")
    inputs = {k: v for k, v in assessment.get("inputs", {}).items() if v is not None}

    entries: list[dict[str, Any]] = []
    url_by_field: dict[str, str] = {}
    for field in _INPUT_ORDER:
        if field in inputs and field in _OBSERVATION_CODES:
            url_by_field[field] = _urn()
            entries.append(
                {
                    "fullUrl": url_by_field[field],
                    "resource": _input_observation(field, inputs[field]),
                }
            )

    day_note = f"Assessment day {day} of the stay (day 1 = first 24 hours)."
    s = result.scorten
    scorten_notes = [day_note, scorten_headline(s), scorten.REFERENCE, CALIBRATION_CAVEAT]
    scorten_obs = _score_observation(
        "SCORTEN",
        "scorten",
        s,
        [url_by_field[r.field] for r in s.criteria if r.field in url_by_field],
        scorten_notes,
    )
    components = _scorten_components(s)
    if components:
        scorten_obs["component"] = components
    entries.append({"fullUrl": _urn(), "resource": scorten_obs})

    a = result.abcd10
    abcd_obs = _score_observation(
        "ABCD-10",
        "abcd-10",
        a,
        [url_by_field[r.field] for r in a.criteria if r.field in url_by_field],
        [day_note, abcd10_headline(a), abcd10.REFERENCE],
    )
    entries.append({"fullUrl": _urn(), "resource": abcd_obs})
    entries += _drug_entries(case, result)

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
        "medicationCodeableConcept": {"text": str(drug["name"])},
        "subject": {"reference": patient},
    }
    start, stop = _iso(drug.get("start")), _iso(drug.get("stop"))
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
            "text": f"ALDEN drug causality: {a.name}",
        },
        "subject": {"reference": patient},
        "focus": [{"reference": statement_url}],
        "valueInteger": a.score,
        "interpretation": [{"text": a.category}],
        "note": [{"text": f"Criteria: {criteria}."}, {"text": ALDEN_REFERENCES[0]}],
    }


def _drug_entries(case: Mapping[str, Any], result: CaseResult) -> list[dict[str, Any]]:
    """MedicationStatements, ALDEN Observations and the culprit's AllergyIntolerance.

    These resources require a patient: an anonymous Patient (no name, no identifier) stands
    in for the receiving system's own.
    """
    drugs = [d for d in case.get("drugs", []) if d.get("name")]
    if not drugs:
        return []
    patient = _urn()
    entries: list[dict[str, Any]] = [
        {"fullUrl": patient, "resource": {"resourceType": "Patient", "active": True}}
    ]
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
    alden = case_alden(case)
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
                    "code": {"text": a.name},
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


def fhir_bundle_json(case: Mapping[str, Any], result: CaseResult) -> str:
    return json.dumps(fhir_bundle(case, result), indent=2, ensure_ascii=False) + "\n"
