"""The session case: its typed shape (the owner of it: ui/state.py only stores it), the
edits the pages make, scoring it per day, and the case as a re-importable JSON file.

- `CaseDict` and friends: the case's shape; `new_case()` an empty one.
- `score_assessments`: each day's `CaseResult` (every decision comes from
  `scoring.case.score_case`).
- `case_to_json` / `case_from_json`: the case as a JSON file, validated with pydantic on the
  way in (a bad file raises `CaseImportError` with a message for the user, never a
  traceback).

The chart note (`reports.chart_note`) and the FHIR Bundle (`reports.fhir`) read the same
case. Pure: no Streamlit.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from knowledge.drugs import NOTORIETY_MAX, NOTORIETY_MIN
from knowledge.i18n import Lang, Text, tr
from reports.text_safety import has_control_characters
from scoring.alden import PreviousExposure
from scoring.alden_input import read_date
from scoring.bounds import EARLIEST_DATE, MAX_DRUG_NAME_CHARS, MAX_HALF_LIFE_HOURS
from scoring.case import UNIT_AGREEMENT_RELATIVE, score_case, units_disagree
from scoring.fields import (
    CASE_FILE_INPUTS,
    FIELD_BY_NAME,
    LAB_PAIRS,
    LabPair,
    field_constraints,
    input_model,
)
from scoring.models import CaseResult

# ---------------------------------------------------------------------------------------
# The session case: its shape, an empty one, and the edits the pages make
# ---------------------------------------------------------------------------------------


class UnitsDict(TypedDict):
    urea: Literal["mmol/L", "mg/dL"]
    glucose: Literal["mmol/L", "mg/dL"]


class AssessmentDict(TypedDict):
    assessment_day: int
    # Canonical contract field names -> value; a field absent = not known (never None on
    # the Case page). Exactly one field of each lab pair: the one of the unit in `units`.
    inputs: dict[str, float | bool]
    units: UnitsDict


class DrugRow(TypedDict, total=False):
    """One row of the Drugs page: the ALDEN contract's drug fields (`CaseDrug` below)."""

    name: str | None
    start: str | None  # YYYY-MM-DD
    stop: str | None
    continued_after_onset: bool | None
    half_life_hours: float | None
    organ_impairment_or_interaction: bool
    previous_exposure: str
    notoriety: int | None


class CaseDict(TypedDict):
    """The case of one browser session (ui/state.py keeps it in `st.session_state`).

    Plain, serialisable values only. `assessments` is sorted by day and `active_day` is
    always the day of one assessment.
    """

    assessments: list[AssessmentDict]
    active_day: int
    index_day: str | None  # first day of skin/mucosal signs (ALDEN), YYYY-MM-DD
    other_cause_non_drug: bool
    drugs: list[DrugRow]


EMPTY_ASSESSMENT: AssessmentDict = {
    "assessment_day": 1,
    "inputs": {},
    "units": {"urea": "mmol/L", "glucose": "mmol/L"},
}
EMPTY_CASE: CaseDict = {
    "assessments": [EMPTY_ASSESSMENT],
    "active_day": 1,
    "index_day": None,
    "other_cause_non_drug": False,
    "drugs": [],
}


def new_case() -> CaseDict:
    """An empty case of its own (never shares a list with another session's case)."""
    return copy.deepcopy(EMPTY_CASE)


# Facts about the patient that do not change between assessment days; a new day starts
# with them (the clinician sees and can change them), the bedside values start unknown.
CARRIED_OVER_FIELDS: tuple[str, ...] = ("age_years", "malignancy", "dialysis_before_admission")

# The score inputs in the order the record shows them (the registry's order).
INPUT_ORDER = CASE_FILE_INPUTS  # the order of the inputs in the case file


def assessment_days(case: Mapping[str, Any]) -> list[int]:
    return sorted(a["assessment_day"] for a in case["assessments"])


def assessment_for(case: Mapping[str, Any], day: int) -> dict[str, Any] | None:
    return next((a for a in case["assessments"] if a["assessment_day"] == day), None)


def active_assessment(case: dict[str, Any]) -> dict[str, Any]:
    """The assessment being edited; repairs an `active_day` that names no assessment."""
    found = assessment_for(case, case.get("active_day", 1))
    if found is None:
        found = min(case["assessments"], key=lambda a: a["assessment_day"])
        case["active_day"] = found["assessment_day"]
    return found


def add_assessment(case: dict[str, Any], day: int) -> dict[str, Any]:
    """Add (or return) the assessment of `day`, seeded from the active one; make it active."""
    existing = assessment_for(case, day)
    if existing is None:
        source = active_assessment(case)
        existing = {
            "assessment_day": day,
            "inputs": {
                k: v for k, v in source.get("inputs", {}).items() if k in CARRIED_OVER_FIELDS
            },
            "units": dict(source.get("units", EMPTY_ASSESSMENT["units"])),
        }
        case["assessments"].append(existing)
        case["assessments"].sort(key=lambda a: a["assessment_day"])
    case["active_day"] = day
    return existing


def remove_assessment(case: dict[str, Any], day: int) -> None:
    """Drop one day (never the last one left); the earliest remaining becomes active."""
    if len(case["assessments"]) <= 1:
        return
    case["assessments"] = [a for a in case["assessments"] if a["assessment_day"] != day]
    if case.get("active_day") == day:
        case["active_day"] = case["assessments"][0]["assessment_day"]


def drugs_by_position(case: Mapping[str, Any], index: int) -> Mapping[str, Any] | None:
    drugs = case.get("drugs", [])
    return drugs[index] if 0 <= index < len(drugs) else None


def iso_date(value: Any) -> date | None:
    """A drug or index date as the engine reads it, or None for an empty or malformed one
    (a row still being typed)."""
    return read_date(value)


# ---------------------------------------------------------------------------------------
# Scoring the case
# ---------------------------------------------------------------------------------------


def assessment_record(assessment: Mapping[str, Any]) -> dict[str, Any]:
    """The `score` record of one assessment: known inputs plus its day."""
    record = {k: v for k, v in assessment.get("inputs", {}).items() if v is not None}
    record["assessment_day"] = assessment["assessment_day"]
    return record


def score_assessments(case: Mapping[str, Any]) -> dict[int, CaseResult]:
    """Each assessment day's result, in day order. An impossible input withholds only the
    scores that read it (issue 22); the errors name it either way."""
    return {
        a["assessment_day"]: score_case(assessment_record(a), withhold="score")
        for a in sorted(case["assessments"], key=lambda a: a["assessment_day"])
    }


# ---------------------------------------------------------------------------------------
# Case JSON (re-importable)
# ---------------------------------------------------------------------------------------

CASE_FORMAT = "sjsten-case"
CASE_FILE_NAME = "sjsten-case.json"  # the download's name, wherever the case is offered
CASE_FILE_MIME = "application/json"
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
    """A case file that cannot be imported; the message is meant for the user.

    `str(error)` is the English; `error.message(lang)` the reader's language (the Case page
    shows it). Built from a catalogue `Text`, or from a function of the language when the
    message joins several problems.
    """

    def __init__(self, message: Text | Callable[[Lang], str]) -> None:
        self._render: Callable[[Lang], str] = (
            message.render if isinstance(message, Text) else message
        )
        super().__init__(self._render("en"))

    def message(self, lang: Lang) -> str:
        return self._render(lang)


class _TextValueError(ValueError):
    """A validator's refusal with its message as data, so an import error can say it in the
    reader's language (pydantic keeps the exception in the error's `ctx`)."""

    def __init__(self, text: Text) -> None:
        self.text = text
        super().__init__(text.render("en"))


class _Strict(BaseModel):
    # strict: "12" is not silently a number, "yes" not silently a boolean.
    model_config = ConfigDict(extra="forbid", strict=True)


# The inputs of one assessment: the registry's score inputs (contract field names, values as
# entered), so a field added to scoring/fields.py is in the case file with nothing to edit.
if TYPE_CHECKING:
    CaseInputs = _Strict
else:
    CaseInputs = input_model("CaseInputs", _Strict, CASE_FILE_INPUTS, finite=True)


class Units(_Strict):
    urea: Literal["mmol/L", "mg/dL"] = "mmol/L"
    glucose: Literal["mmol/L", "mg/dL"] = "mmol/L"


_DAY_LIMITS = field_constraints("assessment_day")  # the registry's hard limits of the day


class Assessment(_Strict):
    assessment_day: int = Field(ge=_DAY_LIMITS["ge"], le=_DAY_LIMITS["le"])
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

    @field_validator("name")
    @classmethod
    def _one_line(cls, value: str | None) -> str | None:
        if value is not None and has_control_characters(value):
            raise _TextValueError(Text("case.import_control_character"))
        return value


def _check_date(value: str | None) -> None:
    """A real calendar date the app's date fields can show (from EARLIEST_DATE on)."""
    if value is None:
        return
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _TextValueError(Text("case.import_not_a_date", {"value": value})) from None
    if day < EARLIEST_DATE:
        raise _TextValueError(
            Text(
                "case.import_date_too_early",
                {"value": value, "earliest": EARLIEST_DATE.isoformat()},
            )
        )


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
            raise _TextValueError(Text("case.import_day_repeated"))
        if self.active_day not in days:
            raise _TextValueError(Text("case.import_active_day", {"day": self.active_day}))
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


class _NotAJsonNumberError(ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"{name} is not a number JSON allows")


def _reject_constant(name: str) -> Any:
    raise _NotAJsonNumberError(name)


# Where a problem is, in the screen's words (never an internal key): catalogue keys.
_DRUG_LABELS = {
    "name": "case.import_drug_name",
    "start": "case.import_drug_start",
    "stop": "case.import_drug_stop",
    "continued_after_onset": "case.import_drug_continued",
    "half_life_hours": "case.import_drug_half_life",
    "organ_impairment_or_interaction": "case.import_drug_organ",
    "previous_exposure": "case.import_drug_previous",
    "notoriety": "case.import_drug_notoriety",
}
_TOP_LABELS = {
    "active_day": "case.import_active_day_label",
    "index_day": "case.import_index_day_label",
    "other_cause_non_drug": "case.import_non_drug_cause_label",
    "assessments": "case.import_assessments_label",
    "drugs": "case.import_drugs_label",
}


def _key_text(part: Any) -> str:
    text = str(part)
    if len(text) > MAX_SHOWN_KEY_CHARS:
        text = text[:MAX_SHOWN_KEY_CHARS] + "…"
    return text


def _field_label(name: str, lang: Lang) -> str:
    """A score input's name (the field registry's label)."""
    return FIELD_BY_NAME[name].label_text.render(lang)


def _location(loc: tuple[Any, ...], lang: Lang) -> str:
    parts = list(loc)
    if len(parts) >= 2 and parts[0] == "drugs" and isinstance(parts[1], int):
        where = tr("case.import_drug", lang, n=parts[1] + 1)
        if len(parts) >= 3:
            key = _DRUG_LABELS.get(str(parts[2]))
            where += f", {tr(key, lang) if key else repr(_key_text(parts[2]))}"
        return where
    if len(parts) >= 2 and parts[0] == "assessments" and isinstance(parts[1], int):
        where = tr("case.import_assessment", lang, n=parts[1] + 1)
        if len(parts) >= 4 and parts[2] == "inputs":
            name = str(parts[3])
            label = _field_label(name, lang) if name in FIELD_BY_NAME else None
            where += f", {label or repr(_key_text(parts[3]))}"
        elif len(parts) >= 3:
            where += f", {_key_text(parts[2])}"
        return where
    if parts:
        key = _TOP_LABELS.get(str(parts[0]))
        return tr(key, lang) if key else repr(_key_text(parts[0]))
    return tr("case.import_file_label", lang)


# Pydantic's own messages are English; the common ones are said in Korean from their type
# and context (any other stays as pydantic wrote it).
_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "case.import_pydantic_missing",
    "extra_forbidden": "case.import_pydantic_extra",
    "bool_type": "case.import_pydantic_bool",
    "int_type": "case.import_pydantic_number",
    "float_type": "case.import_pydantic_number",
    "string_type": "case.import_pydantic_string",
    "list_type": "case.import_pydantic_list",
    "model_type": "case.import_pydantic_object",
    "dict_type": "case.import_pydantic_object",
    "finite_number": "case.import_pydantic_finite",
    "greater_than": "case.import_pydantic_gt",
    "greater_than_equal": "case.import_pydantic_ge",
    "less_than_equal": "case.import_pydantic_le",
    "too_short": "case.import_pydantic_too_short",
    "too_long": "case.import_pydantic_too_long",
    "string_too_long": "case.import_pydantic_string_too_long",
    "string_pattern_mismatch": "case.import_pydantic_date_pattern",
    "literal_error": "case.import_pydantic_literal",
}


def _problem_text(error: Mapping[str, Any], lang: Lang) -> str:
    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, _TextValueError):
        return cause.text.render(lang)
    english = str(error["msg"]).removeprefix("Value error, ")
    key = _PYDANTIC_MESSAGES.get(str(error["type"]))
    if lang == "en" or key is None:
        return english
    context = {name: value for name, value in error.get("ctx", {}).items() if name != "error"}
    try:
        return tr(key, lang, **context)
    except (KeyError, IndexError):  # a context this wording does not know: pydantic's words
        return english


def _validation_message(errors: list[Any], lang: Lang) -> str:
    problems = [f"{_location(e['loc'], lang)}: {_problem_text(e, lang)}" for e in errors]
    shown = problems[:MAX_IMPORT_MESSAGES]
    more = len(problems) - len(shown)
    tail = tr("case.import_more", lang, more=more) if more > 0 else ""
    return tr("case.import_invalid", lang, problems="; ".join(shown), more=tail)


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
            Text("case.import_unreadable", {"kind": type(exc).__name__})
        ) from None


def _case_from_json(text: str | bytes) -> dict[str, Any]:
    if len(text) > MAX_IMPORT_BYTES:
        raise CaseImportError(Text("case.import_too_large", {"mb": MAX_IMPORT_MB}))
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")  # a byte-order mark (some editors write one) is fine
        except UnicodeDecodeError:
            raise CaseImportError(Text("case.import_not_utf8")) from None
    text = text.removeprefix("\ufeff")
    if json_depth_exceeds(text, MAX_IMPORT_DEPTH):
        raise CaseImportError(Text("case.import_too_deep", {"depth": MAX_IMPORT_DEPTH}))
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        # The parser's own diagnostic (line and column) stays as it wrote it.
        raise CaseImportError(Text("case.import_not_json", {"why": str(exc)})) from None
    except _NotAJsonNumberError as exc:  # NaN or Infinity: not a measurement
        why = Text("case.import_json_constant", {"name": exc.name})
        raise CaseImportError(Text("case.import_not_json", {"why": why})) from None
    except ValueError:  # an integer beyond Python's digit limit
        why = Text("case.import_json_number_too_long")
        raise CaseImportError(Text("case.import_not_json", {"why": why})) from None
    if not isinstance(data, dict) or data.get("format") != CASE_FORMAT:
        raise CaseImportError(Text("case.import_not_a_case_file", {"format": CASE_FORMAT}))
    version = data.get("version")
    # The integer 1: `true == 1` in Python, but true is not a version number.
    if type(version) is not int or version != CASE_FORMAT_VERSION:
        raise CaseImportError(
            Text(
                "case.import_version",
                {"version": repr(data.get("version")), "supported": CASE_FORMAT_VERSION},
            )
        )
    try:
        model = CaseFile.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
        raise CaseImportError(lambda lang: _validation_message(errors, lang)) from None
    positions = list(enumerate(model.assessments))
    if any(_lab_problems(i, a, "en") for i, a in positions):
        raise CaseImportError(lambda lang: _contradiction_message(positions, lang))
    return _case_dict(model)


def _contradiction_message(positions: list[tuple[int, Assessment]], lang: Lang) -> str:
    problems = [p for i, a in positions for p in _lab_problems(i, a, lang)]
    shown = "; ".join(problems[:MAX_IMPORT_MESSAGES])
    return tr("case.import_contradiction", lang, problems=shown)


def _lab_text(field: str, value: float, lang: Lang) -> str:
    spec = FIELD_BY_NAME[field]
    return f"{_field_label(field, lang)} {value:g} {spec.unit}"


def _pair_label(pair: LabPair, lang: Lang) -> str:
    return pair.label_text.render(lang)


def _lab_problems(position: int, assessment: Assessment, lang: Lang) -> list[str]:
    """A lab whose value is in the other unit than the file's unit for it, or whose two
    unit forms disagree by more than 5 %: refused, never one of them silently dropped."""
    inputs = assessment.inputs.model_dump()
    problems = []
    for pair in LAB_PAIRS:
        where = tr(
            "case.import_lab_where",
            lang,
            n=position + 1,
            day=assessment.assessment_day,
            lab=_pair_label(pair, lang),
        )
        canonical, alternate = inputs.get(pair.canonical), inputs.get(pair.alternate)
        if canonical is not None and alternate is not None:
            if units_disagree(float(canonical), float(pair.to_canonical(alternate))):
                problems.append(
                    tr(
                        "case.import_units_disagree",
                        lang,
                        where=where,
                        first=_lab_text(pair.canonical, canonical, lang),
                        second=_lab_text(pair.alternate, alternate, lang),
                        pct=f"{UNIT_AGREEMENT_RELATIVE * 100:.0f}",
                    )
                )
            continue
        given = pair.canonical if canonical is not None else pair.alternate
        unit = getattr(assessment.units, pair.name)
        if (canonical is not None or alternate is not None) and FIELD_BY_NAME[given].unit != unit:
            problems.append(
                tr(
                    "case.import_wrong_unit",
                    lang,
                    where=where,
                    given_unit=FIELD_BY_NAME[given].unit,
                    label=_field_label(given, lang),
                    unit=unit,
                )
            )
    return problems


def _case_dict(model: CaseFile) -> dict[str, Any]:
    data = model.model_dump(mode="json")
    assessments = sorted(data["assessments"], key=lambda a: a["assessment_day"])
    for assessment in assessments:
        inputs = {k: v for k, v in assessment["inputs"].items() if v is not None}
        for pair in LAB_PAIRS:  # both forms agree (checked): keep the one of the file's unit
            if pair.canonical in inputs and pair.alternate in inputs:
                unit = assessment["units"][pair.name]
                drop = (
                    pair.alternate if FIELD_BY_NAME[pair.canonical].unit == unit else pair.canonical
                )
                inputs.pop(drop)
        assessment["inputs"] = inputs
    return {
        "assessments": assessments,
        "active_day": data["active_day"],
        "index_day": data["index_day"],
        "other_cause_non_drug": data["other_cause_non_drug"],
        "drugs": data["drugs"],
    }
