"""THE field registry of `score` (docs/cli-contract.md) and how one raw value is read.

One table of fields: name, units, hard limits (error: no score) and soft limits
(warning: scored, flagged) with their reasons, the criteria each field feeds and how the
Case page and the teaching what-if show it. The bounds (scoring.bounds), the lab pairs,
the pydantic input models (`input_model`), the on-screen labels (scoring.screen_labels),
the Case page's inputs and the what-if sliders are all derived from it.

A field's words (labels, help, section, slider label, limit reasons) are catalogue entries,
`fields.<name>.<role>` in knowledge/data/messages/fields.yaml, in English and Korean: the
registry holds them as `Text` (`Field.label_text`, `Limit.reason_text`, ...) for the page to
render in the reader's language, and gives the English as before (`Field.label`,
`Limit.reason`, ...) for the CLI and every existing caller (scoring.words).

The same readers serve the one-case path and, for values that are not plain text,
the batch path, so both give the same value and the same message.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, create_model
from pydantic import Field as ModelField

from knowledge.i18n import Text
from scoring import scores, scorten, units
from scoring.words import english, joined, quantity_text  # noqa: F401 (re-exported)

Kind = Literal["number", "integer", "boolean", "text"]
# The Case page's headings, in the page's order ("" = not a Case page input).
Section = Literal["", "patient", "vital_signs", "skin", "labs"]
SECTIONS: tuple[Section, ...] = ("patient", "vital_signs", "skin", "labs")


def _word(key: str, **params: Any) -> Text:
    """A registry word: the entry `fields.<key>` of the catalogue."""
    return Text(f"fields.{key}", params)


def section_text(section: Section) -> Text:
    """A Case page heading ("labs" -> "Labs" / "검사 결과")."""
    return _word(f"section.{section}")


@dataclass(frozen=True)
class Limit:
    value: float
    reason_text: Text  # why: `fields.<name>.<error|warn>_<below|above>`

    @property
    def reason(self) -> str:
        return english(self.reason_text)


@dataclass(frozen=True)
class Slider:
    """A teaching what-if slider: the range a discussion needs either side of a cut-off."""

    label_text: Text
    low: float
    high: float
    step: float

    @property
    def label(self) -> str:
        return english(self.label_text)


@dataclass(frozen=True, kw_only=True)
class Field:
    name: str
    kind: Kind
    unit: str = ""
    label_text: Text  # the engine's label (CriterionResult, Method page)
    screen_label_text: Text | None = None  # the Case page's name, when different from `label`
    input_text: Text | None = None  # the Case page input's label, with its unit
    help_text: Text | None = None  # the Case page input's help, before the points it earns
    step: float = 1.0  # the Case page input's step
    limit_unit: str | None = None  # the unit in limit messages, when shorter than `unit`
    positive: bool = False  # a concentration or a rate: 0 or below is an error
    error_below: Limit | None = None  # value < limit -> error
    error_above: Limit | None = None  # value > limit -> error
    warn_below: Limit | None = None  # value < limit -> warning
    warn_above: Limit | None = None  # value > limit -> warning
    canonical: str | None = None  # a lab in the other unit: the field in the rule's unit
    whatif: Slider | None = None
    section_key: Section = ""  # the Case page's heading it sits under

    @property
    def screen_text(self) -> Text:
        """The field's name on screen and in messages ("BUN", "Detached + detachable
        epidermis"): its Case page name, else its label."""
        return self.screen_label_text or self.label_text

    @property
    def section_text(self) -> Text | None:
        return section_text(self.section_key) if self.section_key else None

    # The English of each, as every caller has read it.
    @property
    def label(self) -> str:
        return english(self.label_text)

    @property
    def screen_label(self) -> str:
        return english(self.screen_label_text) if self.screen_label_text else ""

    @property
    def on_screen(self) -> str:
        return english(self.screen_text)

    @property
    def input_label(self) -> str:
        return english(self.input_text) if self.input_text else ""

    @property
    def help(self) -> str | None:
        return english(self.help_text) if self.help_text else None

    @property
    def section(self) -> str:
        return english(self.section_text) if self.section_text else ""

    @property
    def feeds(self) -> tuple[str, ...]:
        """The names of the scores whose criteria read this field (from the registry)."""
        return tuple(score.name for score in scores.feeds(self.name, self.canonical))

    @property
    def has_limits(self) -> bool:
        return self.kind in ("number", "integer")

    def limits(self) -> tuple[Limit, ...]:
        """Every limit the field has (errors, then warnings)."""
        candidates = (self.error_below, self.error_above, self.warn_below, self.warn_above)
        return tuple(limit for limit in candidates if limit is not None)


_ADULTS_ONLY = _word(
    "age_years.warn_below",
    scores=joined(
        [_word("score_cited", score=s.name, citation=s.citation) for s in scores.SCORES],
        "fields.and_joined",
    ),
)
AGE_ERROR_ABOVE_YEARS = 125.0  # older than the oldest documented human, 122 years
UREA_ERROR_ABOVE_MMOL_L = 200.0  # far above extreme uraemia (~100-150 mmol/L): entry error
UREA_WARN_ABOVE_MMOL_L = 60.0  # rare; a BUN in mg/dL entered as mmol/L is the usual cause
GLUCOSE_ERROR_ABOVE_MMOL_L = 150.0  # highest glucose reported in a survivor: 147.6 mmol/L
GLUCOSE_WARN_ABOVE_MMOL_L = 50.0  # more likely a mg/dL value entered as mmol/L
GLUCOSE_WARN_BELOW_MMOL_L = 2.0  # severe hypoglycaemia; or a mmol/L value entered as mg/dL

FIELDS: tuple[Field, ...] = (
    Field(name="id", kind="text", label_text=_word("id.label")),
    Field(
        name="age_years",
        kind="number",
        unit="years",
        label_text=_word("age_years.label"),
        input_text=_word("age_years.input"),
        error_below=Limit(0, _word("age_years.error_below")),
        error_above=Limit(AGE_ERROR_ABOVE_YEARS, _word("age_years.error_above")),
        warn_below=Limit(18, _ADULTS_ONLY),
        whatif=Slider(_word("age_years.slider"), 0.0, 100.0, 1.0),
        section_key="patient",
    ),
    Field(
        name="heart_rate_bpm",
        kind="number",
        unit="/min",
        label_text=_word("heart_rate_bpm.label"),
        input_text=_word("heart_rate_bpm.input"),
        positive=True,
        error_above=Limit(600, _word("heart_rate_bpm.error_above")),
        warn_below=Limit(30, _word("heart_rate_bpm.warn_below")),
        warn_above=Limit(250, _word("heart_rate_bpm.warn_above")),
        whatif=Slider(_word("heart_rate_bpm.slider"), 40.0, 200.0, 1.0),
        section_key="vital_signs",
    ),
    Field(
        name="malignancy",
        kind="boolean",
        label_text=_word("malignancy.label"),
        input_text=_word("malignancy.input"),
        help_text=_word("malignancy.help"),
        section_key="patient",
    ),
    Field(
        name="bsa_detached_pct",
        kind="number",
        unit="% BSA",
        label_text=_word("bsa_detached_pct.label"),
        screen_label_text=_word("bsa_detached_pct.screen"),
        input_text=_word("bsa_detached_pct.input"),
        help_text=_word("bsa_detached_pct.help"),
        limit_unit="%",
        error_below=Limit(0, _word("bsa_detached_pct.error_below")),
        error_above=Limit(100, _word("bsa_detached_pct.error_above")),
        whatif=Slider(_word("bsa_detached_pct.slider"), 0.0, 100.0, 1.0),
        section_key="skin",
    ),
    Field(
        name="urea_mmol_l",
        kind="number",
        unit="mmol/L",
        label_text=_word("urea_mmol_l.label"),
        positive=True,
        error_above=Limit(UREA_ERROR_ABOVE_MMOL_L, _word("urea_mmol_l.error_above")),
        warn_above=Limit(
            UREA_WARN_ABOVE_MMOL_L,
            _word(
                "urea_mmol_l.warn_above",
                bun=f"{units.urea_mmol_l_to_bun_mg_dl(scorten.UREA_GT_MMOL_L):.0f}",
                urea=f"{scorten.UREA_GT_MMOL_L:g}",
            ),
        ),
        whatif=Slider(_word("urea_mmol_l.slider"), 0.0, 50.0, 0.1),
        section_key="labs",
    ),
    Field(
        name="bun_mg_dl",
        kind="number",
        unit="mg/dL",
        label_text=_word("bun_mg_dl.label"),
        screen_label_text=_word("bun_mg_dl.screen"),
        positive=True,
        # mg/dL limits are derived from the mmol/L ones so each number is written once.
        error_above=Limit(
            units.urea_mmol_l_to_bun_mg_dl(UREA_ERROR_ABOVE_MMOL_L),
            _word("bun_mg_dl.error_above", urea=f"{UREA_ERROR_ABOVE_MMOL_L:g}"),
        ),
        warn_above=Limit(
            units.urea_mmol_l_to_bun_mg_dl(UREA_WARN_ABOVE_MMOL_L),
            _word("bun_mg_dl.warn_above", ratio=f"{units.UREA_BY_MASS_PER_BUN:g}"),
        ),
        canonical="urea_mmol_l",
        section_key="labs",
    ),
    Field(
        name="bicarbonate_mmol_l",
        kind="number",
        unit="mmol/L",
        label_text=_word("bicarbonate_mmol_l.label"),
        input_text=_word("bicarbonate_mmol_l.input"),
        help_text=_word("bicarbonate_mmol_l.help"),
        step=0.1,
        positive=True,
        error_above=Limit(100, _word("bicarbonate_mmol_l.error_above")),
        warn_below=Limit(5, _word("bicarbonate_mmol_l.warn_below")),
        warn_above=Limit(45, _word("bicarbonate_mmol_l.warn_above")),
        whatif=Slider(_word("bicarbonate_mmol_l.slider"), 5.0, 40.0, 0.5),
        section_key="labs",
    ),
    Field(
        name="glucose_mmol_l",
        kind="number",
        unit="mmol/L",
        label_text=_word("glucose_mmol_l.label"),
        positive=True,
        error_above=Limit(GLUCOSE_ERROR_ABOVE_MMOL_L, _word("glucose_mmol_l.error_above")),
        warn_above=Limit(GLUCOSE_WARN_ABOVE_MMOL_L, _word("glucose_mmol_l.warn_above")),
        warn_below=Limit(GLUCOSE_WARN_BELOW_MMOL_L, _word("glucose_mmol_l.warn_below")),
        whatif=Slider(_word("glucose_mmol_l.slider"), 2.0, 40.0, 0.1),
        section_key="labs",
    ),
    Field(
        name="glucose_mg_dl",
        kind="number",
        unit="mg/dL",
        label_text=_word("glucose_mg_dl.label"),
        positive=True,
        error_above=Limit(
            units.glucose_mmol_l_to_mg_dl(GLUCOSE_ERROR_ABOVE_MMOL_L),
            _word("glucose_mg_dl.error_above", limit=f"{GLUCOSE_ERROR_ABOVE_MMOL_L:g}"),
        ),
        warn_above=Limit(
            units.glucose_mmol_l_to_mg_dl(GLUCOSE_WARN_ABOVE_MMOL_L),
            _word("glucose_mg_dl.warn_above"),
        ),
        warn_below=Limit(
            units.glucose_mmol_l_to_mg_dl(GLUCOSE_WARN_BELOW_MMOL_L),
            _word("glucose_mg_dl.warn_below"),
        ),
        canonical="glucose_mmol_l",
        section_key="labs",
    ),
    Field(
        name="dialysis_before_admission",
        kind="boolean",
        label_text=_word("dialysis_before_admission.label"),
        screen_label_text=_word("dialysis_before_admission.screen"),
        input_text=_word("dialysis_before_admission.input"),
        section_key="patient",
    ),
    Field(
        name="assessment_day",
        kind="integer",
        label_text=_word("assessment_day.label"),
        error_below=Limit(1, _word("assessment_day.error_below")),
        error_above=Limit(1000, _word("assessment_day.error_above")),
        warn_above=Limit(5, _word("assessment_day.warn_above")),
    ),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
DEFAULT_ASSESSMENT_DAY = 1


@dataclass(frozen=True)
class LabPair:
    """One analyte in two units: the rule's (mmol/L) and the other one (mg/dL)."""

    name: str  # "urea" or "glucose": the key in a case's "units"
    label_text: Text  # the Case page's input label
    canonical: str  # field in the rule's unit (mmol/L)
    alternate: str  # the same analyte in mg/dL
    to_canonical: Callable[[Any], Any]
    from_canonical: Callable[[Any], Any]
    canonical_option_text: Text  # the unit selector's text for each unit
    alternate_option_text: Text
    note_text: Text | None = None  # the unit trap to name under the selector

    def option_text(self, unit: str) -> Text:
        """The unit selector's text for `unit` ("mmol/L" or "mg/dL")."""
        if unit == FIELD_BY_NAME[self.canonical].unit:
            return self.canonical_option_text
        if unit == FIELD_BY_NAME[self.alternate].unit:
            return self.alternate_option_text
        raise KeyError(f"{self.name}: no unit {unit!r}")

    @property
    def label(self) -> str:
        return english(self.label_text)

    @property
    def canonical_option(self) -> str:
        return english(self.canonical_option_text)

    @property
    def alternate_option(self) -> str:
        return english(self.alternate_option_text)

    @property
    def note(self) -> str | None:
        return english(self.note_text) if self.note_text else None


LAB_PAIRS: tuple[LabPair, ...] = (
    LabPair(
        name="urea",
        label_text=_word("pair.urea.label"),
        canonical="urea_mmol_l",
        alternate="bun_mg_dl",
        to_canonical=units.bun_mg_dl_to_urea_mmol_l,
        from_canonical=units.urea_mmol_l_to_bun_mg_dl,
        canonical_option_text=_word("pair.urea.canonical_option"),
        alternate_option_text=_word("pair.urea.alternate_option"),
        note_text=units.BUN_IS_NITROGEN_NOTE_TEXT,
    ),
    LabPair(
        name="glucose",
        label_text=_word("pair.glucose.label"),
        canonical="glucose_mmol_l",
        alternate="glucose_mg_dl",
        to_canonical=units.glucose_mg_dl_to_mmol_l,
        from_canonical=units.glucose_mmol_l_to_mg_dl,
        canonical_option_text=_word("pair.glucose.canonical_option"),
        alternate_option_text=_word("pair.glucose.alternate_option"),
    ),
)
CANONICAL_PAIR = {pair.canonical: pair for pair in LAB_PAIRS}


def points_help_text(name: str) -> Text:
    """The Case page's help for an input: its description, then what it earns where.

    The points are read from the criteria of the registry's scores, not restated here.
    """
    spec = FIELD_BY_NAME[name]
    earned = [
        (score.name, sum(c.points for c in score.criteria if c.key == name))
        for score in scores.SCORES
    ]
    fed = [(score, pts) for score, pts in earned if pts]
    parts = joined([_word("score_points", score=score, points=_points(pts)) for score, pts in fed])
    if spec.help_text is not None:
        return _word("points_help.with_help", help=spec.help_text, parts=parts)
    if len(fed) != 1:
        return _word("points_help.parts", parts=parts)
    ((only, pts),) = fed
    others = [score for score, pts in earned if not pts]
    if not others:
        return _word("points_help.only", score=only, points=_points(pts))
    return _word(
        "points_help.only_not_part",
        score=only,
        points=_points(pts),
        others=joined(list(others), "fields.or_joined"),
    )


def points_help(name: str) -> str:
    """`points_help_text` in English."""
    return english(points_help_text(name))


def _points(points: int) -> Text:
    return _word("points.one" if points == 1 else "points.many", points=points)


def field_constraints(name: str) -> dict[str, float]:
    """The hard limits of a field as pydantic constraints (`Field(gt=, ge=, le=)`)."""
    spec = FIELD_BY_NAME[name]
    constraints: dict[str, float] = {}
    if spec.positive:
        constraints["gt"] = 0
    if spec.error_below is not None:
        constraints["ge"] = spec.error_below.value
    if spec.error_above is not None:
        constraints["le"] = spec.error_above.value
    return constraints


_PYTHON_TYPE: dict[str, Any] = {"number": float, "integer": int, "boolean": bool, "text": str}
Model = TypeVar("Model", bound=BaseModel)


def input_model(
    model_name: str,
    base: type[Model],
    names: Iterable[str] | None = None,
    *,
    hard_limits: Iterable[str] = (),
    finite: bool = False,
) -> type[Model]:
    """A pydantic model of registry fields, each optional (None = not known).

    `hard_limits`: fields whose hard limits the model enforces (`field_constraints`);
    the others take any value and leave the judgement to the engine, which names the
    field. `finite`: numbers must be finite (a case file stores no NaN).
    E.g. the case file's inputs: `input_model("CaseInputs", _Strict, CASE_FILE_INPUTS,
    finite=True)`.
    """
    limited = set(hard_limits)
    definitions: dict[str, Any] = {}
    for name in names if names is not None else FIELD_BY_NAME:
        spec = FIELD_BY_NAME[name]
        extra: dict[str, Any] = field_constraints(name) if name in limited else {}
        if finite and spec.kind == "number":
            extra["allow_inf_nan"] = False
        definitions[name] = (_PYTHON_TYPE[spec.kind] | None, ModelField(default=None, **extra))
    return create_model(model_name, __base__=base, **definitions)


# The inputs a saved case stores per assessment (the day and id are kept elsewhere).
CASE_FILE_INPUTS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.name not in ("id", "assessment_day")
)


# Plain decimal notation, ASCII only (Python's float() would also take "1_0", "nan",
# "inf" and non-ASCII digits, which no lab system writes).
NUMBER_PATTERN = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"
NUMBER_RE = re.compile(NUMBER_PATTERN)
PADDING = " \t"  # the only padding stripped from text cells
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def is_missing(value: Any) -> bool:
    """Not known: absent, null, an empty CSV cell, or a NaN a data frame put there."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    return isinstance(value, float) and math.isnan(value)


class FieldError(ValueError):
    """A raw value that cannot be read as its field's type: the CLI's English (`str(exc)`)
    and the same message for the screen (`text`)."""

    def __init__(self, message: str, text: Text) -> None:
        super().__init__(message)
        self.text = text


def field_text(key: str) -> Text | str:
    """A field as the screen names it: the registry's name ("BUN"), or the key itself for a
    column the registry does not know (a cohort file's `died`, an unknown column)."""
    spec = FIELD_BY_NAME.get(key)
    return spec.screen_text if spec is not None else key


def _describe(raw: Any) -> Text | str:
    """The value quoted back: text as given (shortened), anything else in JSON's words,
    never a Python type name (issue 21: "got JsonObject")."""
    if isinstance(raw, str):
        text = repr(raw)
        return text if len(text) <= 40 else text[:37] + "...'"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, Mapping):
        return Text("engine.described.object")
    if isinstance(raw, list | tuple):
        return Text("engine.described.list")
    # Numbers keep the wording the outputs have always had ("got float": a 2.5 day).
    if isinstance(raw, int | float):
        kind = type(raw).__name__
        return Text(f"engine.described.{kind}") if kind in ("int", "float") else kind
    return Text("engine.described.other")


def is_identifier(raw: Any) -> bool:
    """An `id` is text or a finite number (or not given); a list, an object or true/false
    is not one (it would be echoed as Python's repr)."""
    if isinstance(raw, bool):
        return False
    if isinstance(raw, float):
        return math.isfinite(raw)
    return raw is None or isinstance(raw, str | int)


# Each message once (engine.yaml): `..._message` is the CLI's English, naming the field by
# its key; `..._text` the same for the screen, naming it as the screen does.
def _parse(kind: str, field: Text | str, **params: Any) -> Text:
    return Text(f"engine.parse.{kind}", {"field": field, **params})


def _not_an_identifier(field: Text | str, raw: Any) -> Text:
    return _parse("not_an_identifier", field, value=_describe(raw))


def _not_a_number(field: Text | str, raw: Any) -> Text:
    comma = isinstance(raw, str) and "," in raw
    return _parse("not_a_number_comma" if comma else "not_a_number", field, value=_describe(raw))


def _not_finite(field: Text | str) -> Text:
    return _parse("not_finite", field)


def _not_a_boolean(field: Text | str, raw: Any) -> Text:
    return _parse("not_a_boolean", field, value=_describe(raw))


def _not_an_integer(field: Text | str, raw: Any) -> Text:
    return _parse("not_an_integer", field, value=_describe(raw))


def not_an_identifier_message(raw: Any) -> str:
    return english(_not_an_identifier("id", raw))


def not_an_identifier_text(raw: Any) -> Text:
    return _not_an_identifier(field_text("id"), raw)


def not_a_number_message(field: str, raw: Any) -> str:
    return english(_not_a_number(field, raw))


def not_a_number_text(field: str, raw: Any) -> Text:
    return _not_a_number(field_text(field), raw)


def not_finite_message(field: str) -> str:
    return english(_not_finite(field))


def not_finite_text(field: str) -> Text:
    return _not_finite(field_text(field))


def not_a_boolean_message(field: str, raw: Any) -> str:
    return english(_not_a_boolean(field, raw))


def not_a_boolean_text(field: str, raw: Any) -> Text:
    return _not_a_boolean(field_text(field), raw)


def not_an_integer_message(field: str, raw: Any) -> str:
    return english(_not_an_integer(field, raw))


def not_an_integer_text(field: str, raw: Any) -> Text:
    return _not_an_integer(field_text(field), raw)


def _error(build: Callable[..., Text], field: str, *raw: Any) -> FieldError:
    """The reader's error: the CLI's English and the screen's Text of one message."""
    return FieldError(english(build(field, *raw)), build(field_text(field), *raw))


def is_blank(raw: Any) -> bool:
    """Not known: missing, null, NaN, or text that is empty after padding is stripped."""
    return is_missing(raw) or (isinstance(raw, str) and raw.strip(PADDING) == "")


def parse_number_text(text: str) -> float | None:
    """A decimal number written as text, or None when the text is not one."""
    stripped = text.strip(PADDING)
    if not NUMBER_RE.fullmatch(stripped):
        return None
    return float(stripped)


def read_number(field: str, raw: Any) -> float | None:
    """A finite float, None when not known; FieldError otherwise."""
    if is_missing(raw):
        return None
    if isinstance(raw, str):
        if raw.strip(PADDING) == "":
            return None
        value = parse_number_text(raw)
        if value is None:
            raise _error(_not_a_number, field, raw)
    elif isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _error(_not_a_number, field, raw)
    else:
        try:
            value = float(raw)
        except OverflowError:
            raise _error(_not_finite, field) from None
    if not math.isfinite(value):
        raise _error(_not_finite, field)
    return value


def read_integer(field: str, raw: Any) -> int | None:
    try:
        value = read_number(field, raw)
    except FieldError:
        raise _error(_not_an_integer, field, raw) from None
    if value is None:
        return None
    if not value.is_integer():
        raise _error(_not_an_integer, field, raw)
    return int(value)


def boolean_word(text: str) -> bool | None:
    word = text.strip(PADDING).translate(ASCII_UPPER)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


def read_boolean(field: str, raw: Any) -> bool | None:
    if is_missing(raw):
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str):
        if raw.strip(PADDING) == "":
            return None
        value = boolean_word(raw)
        if value is None:
            raise _error(_not_a_boolean, field, raw)
        return value
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    raise _error(_not_a_boolean, field, raw)


def read_text(raw: Any) -> str | None:
    """The record's identifier, echoed back as text (null when it is not an identifier)."""
    if is_missing(raw) or not is_identifier(raw):
        return None
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return raw if isinstance(raw, str) else str(raw)
