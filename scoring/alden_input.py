"""ALDEN input: one contract input object (docs/cli-contract.md, `alden`) -> a typed case.

The typed input (`DrugExposure`, `AldenCase`) and the parser that turns a decoded JSON
object into it, collecting errors that name the field (and the drug) instead of raising.
The rules that score a typed case are in scoring/alden.py, which imports this module
(never the other way round).
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal, cast, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.drugs import NOTORIETY_MAX, NOTORIETY_MIN
from scoring.bounds import HALF_LIFE_REASON, MAX_DRUG_NAME_CHARS, MAX_HALF_LIFE_HOURS
from scoring.models import FieldRef, Issue

# --- criterion 3 input: the contract's previous_exposure values (points: scoring/alden.py)
PreviousExposure = Literal[
    "none",
    "unknown",
    "sjs_ten_same_drug",
    "sjs_ten_similar_drug",
    "other_reaction_same_drug",
    "other_reaction_similar_drug",
    "tolerated",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DrugExposure(_Frozen):
    """One drug the patient took (contract `alden` input, typed)."""

    name: str = Field(min_length=1, max_length=MAX_DRUG_NAME_CHARS)
    start: date
    stop: date | None = None  # None = still taken at the index day
    continued_after_onset: bool | None = None
    half_life_hours: float | None = Field(default=None, gt=0, le=MAX_HALF_LIFE_HOURS)
    organ_impairment_or_interaction: bool = False
    previous_exposure: PreviousExposure = "unknown"
    notoriety: int | None = Field(default=None, ge=NOTORIETY_MIN, le=NOTORIETY_MAX)

    @model_validator(mode="after")
    def _consistent(self) -> DrugExposure:
        if self.stop is not None and self.start > self.stop:
            raise ValueError("start is after stop")
        return self


class AldenCase(_Frozen):
    id: Any = None  # echoed back as given
    index_day: date  # first day of skin or mucosal signs, not admission or prodromal fever
    other_cause_non_drug: bool = False
    drugs: tuple[DrugExposure, ...] = Field(min_length=1)


# --- the contract boundary: raw mapping -> errors or a typed case ---------------------------

RECORD_FIELDS = frozenset({"id", "index_day", "other_cause_non_drug", "drugs"})
DRUG_FIELDS = frozenset(DrugExposure.model_fields)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# Values quoted back in messages: short, and safe for any nesting (repr() of a deeply
# nested list raises RecursionError; reprlib stops at `maxlevel`).
_REPR = reprlib.Repr()  # Python 3.11: limits are attributes, not constructor arguments
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlong = 3, 40, 40, 40
_REPR.maxlist = _REPR.maxdict = 4


def read_date(value: Any) -> date | None:
    """THE reader of a drug or index date, for the engine, the timeline, the flags and the
    forms alike: a date, or text YYYY-MM-DD; None for anything else (the engine names it)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:  # e.g. 2024-02-30
            return None
    return None


def short_repr(value: Any) -> str:
    try:
        return _REPR.repr(value)
    except ValueError:  # an integer beyond Python's 4,300-digit str() limit
        return "a number too long to show"


class Parser:
    """Turns one decoded input object into an AldenCase, collecting errors that name the
    field (and the drug) instead of raising."""

    def __init__(self) -> None:
        self.errors: list[Issue] = []

    def error(self, field: str | FieldRef | None, message: str) -> None:
        where = field if isinstance(field, FieldRef) else FieldRef(field)
        self.errors.append(Issue.at(where, message))

    def parse_date(self, value: Any, field: str | FieldRef, who: str) -> date | None:
        parsed = read_date(value)
        if parsed is not None:
            return parsed
        name, shown = _key(field), short_repr(value)
        self.error(field, f"{who}{name} {shown} is not a valid date (YYYY-MM-DD)")
        return None

    def boolean(self, value: Any, field: str | FieldRef, who: str, nullable: bool) -> bool | None:
        if isinstance(value, bool) or (value is None and nullable):
            return value
        allowed = "true, false or null" if nullable else "true or false"
        shown = short_repr(value)
        self.error(field, f"{who}{_key(field)} must be {allowed}, not {shown}")
        return None

    def duplicates(self, obj: Mapping[str, Any], drug: int | None, who: str) -> None:
        for key in getattr(obj, "duplicate_keys", ()):
            self.error(FieldRef(key, drug), f"{who}field '{key}' is given more than once")

    def unknown(self, obj: Mapping[str, Any], allowed: frozenset[str], drug: int | None, who: str):
        for key in obj:
            if key not in allowed:
                self.error(FieldRef(key, drug), f"{who}unknown field '{key}'")

    def drug(self, raw: Any, i: int) -> DrugExposure | None:
        if not isinstance(raw, Mapping):
            self.error(FieldRef(None, i), f"drug {i + 1}: must be an object, not {short_repr(raw)}")
            return None
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            self.error(FieldRef("name", i), f"drug {i + 1}: name is required (generic or brand)")
            name = None
        elif len(name.strip()) > MAX_DRUG_NAME_CHARS:
            self.error(
                FieldRef("name", i),
                f"drug {i + 1}: the name has {len(name.strip()):,} characters; the limit is "
                f"{MAX_DRUG_NAME_CHARS} (enter the generic or brand name only)",
            )
            name = None
        who = f"drug {i + 1} ({name!r}): " if name else f"drug {i + 1}: "
        before = len(self.errors)
        self.duplicates(raw, i, who)
        self.unknown(raw, DRUG_FIELDS, i, who)
        start = self._start(raw, i, who)
        stop = (
            None
            if raw.get("stop") is None
            else self.parse_date(raw["stop"], FieldRef("stop", i), who)
        )
        continued = self.boolean(
            raw.get("continued_after_onset"), FieldRef("continued_after_onset", i), who, True
        )
        organ = self.boolean(
            raw.get("organ_impairment_or_interaction", False),
            FieldRef("organ_impairment_or_interaction", i),
            who,
            nullable=False,
        )
        half_life = self._half_life(raw.get("half_life_hours"), i, who)
        exposure = self._previous(raw.get("previous_exposure"), i, who)
        notoriety = self._notoriety(raw.get("notoriety"), i, who)
        if start and stop and start > stop:
            self.error(FieldRef("start", i), f"{who}start {start} is after stop {stop}")
        if len(self.errors) > before or name is None or start is None:
            return None
        return DrugExposure(
            name=name.strip(),
            start=start,
            stop=stop,
            continued_after_onset=continued,
            half_life_hours=half_life,
            organ_impairment_or_interaction=bool(organ),
            previous_exposure=exposure,
            notoriety=notoriety,
        )

    def _start(self, raw: Mapping[str, Any], drug: int, who: str) -> date | None:
        if raw.get("start") is None:
            required = f"{who}start (first intake) is required for the delay"
            self.error(FieldRef("start", drug), required)
            return None
        return self.parse_date(raw["start"], FieldRef("start", drug), who)

    def _half_life(self, value: Any, drug: int | None, who: str) -> float | None:
        if value is None:
            return None
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        try:
            hours = float(value) if ok else math.nan
        except OverflowError:  # an integer beyond any float
            hours = math.inf
        if math.isfinite(hours) and 0 < hours <= MAX_HALF_LIFE_HOURS:
            return hours
        shown = short_repr(value)
        if math.isfinite(hours) and hours > MAX_HALF_LIFE_HOURS:
            self.error(
                FieldRef("half_life_hours", drug),
                f"{who}half_life_hours {shown} is impossible: above "
                f"{MAX_HALF_LIFE_HOURS:g} ({HALF_LIFE_REASON})",
            )
            return None
        self.error(
            FieldRef("half_life_hours", drug),
            f"{who}half_life_hours must be a positive number of hours, not {shown}",
        )
        return None

    def _previous(self, value: Any, drug: int | None, who: str) -> PreviousExposure:
        if value is None:
            return "unknown"
        if isinstance(value, str) and value in get_args(PreviousExposure):
            return cast(PreviousExposure, value)
        allowed = ", ".join(get_args(PreviousExposure))
        self.error(
            FieldRef("previous_exposure", drug),
            f"{who}previous_exposure {short_repr(value)} is not one of: {allowed}",
        )
        return "unknown"

    def _notoriety(self, value: Any, drug: int | None, who: str) -> int | None:
        if value is None:
            return None
        is_int = isinstance(value, int) and not isinstance(value, bool)
        if is_int and NOTORIETY_MIN <= value <= NOTORIETY_MAX:
            return value
        self.error(
            FieldRef("notoriety", drug),
            f"{who}notoriety must be an integer from "
            f"{NOTORIETY_MIN} to {NOTORIETY_MAX}, not {short_repr(value)}",
        )
        return None

    def case(self, record: Any) -> AldenCase | None:
        if not isinstance(record, Mapping):
            self.error(None, f"a record must be a JSON object, not {type(record).__name__}")
            return None
        self.duplicates(record, None, "")
        self.unknown(record, RECORD_FIELDS, None, "")
        if not is_echoable(record.get("id")):
            self.error("id", "id must be text or a finite number")
        index_day = None
        if record.get("index_day") is None:
            self.error("index_day", "index_day (first day of skin or mucosal signs) is required")
        else:
            index_day = self.parse_date(record["index_day"], "index_day", "")
        non_drug = self.boolean(
            record.get("other_cause_non_drug", False), "other_cause_non_drug", "", nullable=False
        )
        raw_drugs = record.get("drugs")
        if not isinstance(raw_drugs, list) or not raw_drugs:
            self.error("drugs", "drugs must be a non-empty list of drug objects")
            raw_drugs = []
        drugs = [self.drug(raw, i) for i, raw in enumerate(raw_drugs)]
        self._check_against_index(drugs, index_day)
        if self.errors or index_day is None:
            return None
        return AldenCase(
            id=record.get("id"),
            index_day=index_day,
            other_cause_non_drug=bool(non_drug),
            drugs=tuple(d for d in drugs if d is not None),
        )

    def _check_against_index(self, drugs: list[DrugExposure | None], index_day: date | None):
        if index_day is None:
            return
        for i, drug in enumerate(drugs):
            if drug is None or drug.continued_after_onset is not True or drug.stop is None:
                continue
            if drug.stop < index_day:
                self.error(
                    FieldRef("continued_after_onset", i),
                    f"drug {i + 1} ({drug.name!r}): continued_after_onset is true but "
                    f"the drug was stopped ({drug.stop}) before the index day",
                )


def _key(field: str | FieldRef) -> str | None:
    return field.key if isinstance(field, FieldRef) else field


def parse(record: Any) -> tuple[AldenCase | None, list[Issue]]:
    """A typed case from one contract input object, or the errors that prevent it."""
    parser = Parser()
    case = parser.case(record)
    return case, parser.errors


def is_echoable(value: Any) -> bool:
    """An id is echoed back only if it is a scalar that strict JSON can carry."""
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str | int)


__all__ = [
    "DRUG_FIELDS",
    "RECORD_FIELDS",
    "AldenCase",
    "DrugExposure",
    "Parser",
    "PreviousExposure",
    "is_echoable",
    "parse",
    "read_date",
    "short_repr",
]
