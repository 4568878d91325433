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
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal, cast, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from knowledge.drugs import NOTORIETY_MAX, NOTORIETY_MIN
from knowledge.i18n import Text
from scoring.bounds import HALF_LIFE_REASON_TEXT, MAX_DRUG_NAME_CHARS, MAX_HALF_LIFE_HOURS
from scoring.models import FieldRef, Issue
from scoring.words import english

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


# --- the Drugs page's names of the drug fields (alden.yaml), and how a message names them --

# The drug fields the Drugs page names in words: `alden.field.<key>` ("First intake") and, in
# the middle of a sentence, `alden.field_in_text.<key>` ("first intake").
NAMED_FIELDS: tuple[str, ...] = (
    "index_day",
    "start",
    "stop",
    "continued_after_onset",
    "previous_exposure",
    "half_life_hours",
    "organ_impairment_or_interaction",
    "notoriety",
)


def drug_field_text(key: str, first: bool = True) -> Text | str:
    """A drug field as the Drugs page names it ("start" -> "First intake"; inside a sentence,
    `first=False`: "first intake"); a field it does not name stays its key."""
    if key not in NAMED_FIELDS:
        return key
    return Text(f"alden.field.{key}" if first else f"alden.field_in_text.{key}", {})


@dataclass(frozen=True)
class Named:
    """A field named in a message: by its key in the CLI's English ("start", or `cli` when
    the contract's text says more: "start (first intake)"), as the Drugs page names it on
    screen (at the start of the message, or `first=False` inside it)."""

    key: str
    cli: str | None = None
    first: bool = True


def drug_who(number: int, name: str | None) -> Text:
    """Which drug a message is about: "drug 2 ('Depakote')", or "drug 2" with no name
    (None: none given, or not a usable one)."""
    if name is not None:
        return Text("alden.who.named", {"number": number, "name": repr(name)})
    return Text("alden.who.unnamed", {"number": number})


def message_texts(kind: str, who: Text | None = None, /, **params: Any) -> tuple[str, Text]:
    """One message (alden.yaml `kind`) as the CLI writes it (English, fields by key) and as
    the screen says it (a Text, fields named as on the Drugs page); "drug n (...): " first
    when it is about one drug."""
    cli = Text(
        kind, {k: (v.cli or v.key) if isinstance(v, Named) else v for k, v in params.items()}
    )
    screen = Text(
        kind,
        {
            k: drug_field_text(v.key, v.first) if isinstance(v, Named) else v
            for k, v in params.items()
        },
    )
    if who is not None:
        cli = Text("alden.for_drug", {"who": who, "message": cli})
        screen = Text("alden.for_drug", {"who": who, "message": screen})
    return english(cli), screen


class Parser:
    """Turns one decoded input object into an AldenCase, collecting errors that name the
    field (and the drug) instead of raising. `who` is the drug a message is about (None:
    the record)."""

    def __init__(self) -> None:
        self.errors: list[Issue] = []

    def error(
        self, field: str | FieldRef | None, kind: str, who: Text | None, /, **params: Any
    ) -> None:
        where = field if isinstance(field, FieldRef) else FieldRef(field)
        message, text = message_texts(f"alden.input.{kind}", who, **params)
        self.errors.append(Issue.at(where, message, text))

    def parse_date(self, value: Any, field: str | FieldRef, who: Text | None = None) -> date | None:
        parsed = read_date(value)
        if parsed is not None:
            return parsed
        name = Named(_key(field) or "")
        self.error(field, "not_a_date", who, field=name, value=short_repr(value))
        return None

    def boolean(
        self, value: Any, field: str | FieldRef, who: Text | None, nullable: bool
    ) -> bool | None:
        if isinstance(value, bool) or (value is None and nullable):
            return value
        kind = "not_a_boolean_or_null" if nullable else "not_a_boolean"
        self.error(field, kind, who, field=Named(_key(field) or ""), value=short_repr(value))
        return None

    def duplicates(self, obj: Mapping[str, Any], drug: int | None, who: Text | None) -> None:
        for key in getattr(obj, "duplicate_keys", ()):
            self.error(FieldRef(key, drug), "duplicate", who, field=Named(key, first=False))

    def unknown(
        self, obj: Mapping[str, Any], allowed: frozenset[str], drug: int | None, who: Text | None
    ) -> None:
        for key in obj:
            if key not in allowed:
                self.error(FieldRef(key, drug), "unknown_field", who, field=Named(key, first=False))

    def drug(self, raw: Any, i: int) -> DrugExposure | None:
        unnamed = drug_who(i + 1, None)
        if not isinstance(raw, Mapping):
            self.error(FieldRef(None, i), "not_an_object", unnamed, value=short_repr(raw))
            return None
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            self.error(FieldRef("name", i), "name_required", unnamed)
            name = None
        elif len(name.strip()) > MAX_DRUG_NAME_CHARS:
            self.error(
                FieldRef("name", i),
                "name_too_long",
                unnamed,
                length=f"{len(name.strip()):,}",
                limit=MAX_DRUG_NAME_CHARS,
            )
            name = None
        who = drug_who(i + 1, name)
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
            self.error(
                FieldRef("start", i),
                "start_after_stop",
                who,
                start_field=Named("start"),
                start=start,
                stop_field=Named("stop", first=False),
                stop=stop,
            )
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

    def _start(self, raw: Mapping[str, Any], drug: int, who: Text | None) -> date | None:
        if raw.get("start") is None:
            start = Named("start", cli="start (first intake)")
            self.error(FieldRef("start", drug), "start_required", who, field=start)
            return None
        return self.parse_date(raw["start"], FieldRef("start", drug), who)

    def _half_life(self, value: Any, drug: int | None, who: Text | None) -> float | None:
        if value is None:
            return None
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        try:
            hours = float(value) if ok else math.nan
        except OverflowError:  # an integer beyond any float
            hours = math.inf
        if math.isfinite(hours) and 0 < hours <= MAX_HALF_LIFE_HOURS:
            return hours
        where, field, shown = (
            FieldRef("half_life_hours", drug),
            Named("half_life_hours"),
            short_repr(value),
        )
        if math.isfinite(hours) and hours > MAX_HALF_LIFE_HOURS:
            self.error(
                where,
                "half_life_too_long",
                who,
                field=field,
                value=shown,
                limit=f"{MAX_HALF_LIFE_HOURS:g}",
                reason=HALF_LIFE_REASON_TEXT,
            )
            return None
        self.error(where, "half_life_not_positive", who, field=field, value=shown)
        return None

    def _previous(
        self, value: Any, drug: int | None = None, who: Text | None = None
    ) -> PreviousExposure:
        if value is None:
            return "unknown"
        if isinstance(value, str) and value in get_args(PreviousExposure):
            return cast(PreviousExposure, value)
        self.error(
            FieldRef("previous_exposure", drug),
            "previous_exposure",
            who,
            field=Named("previous_exposure"),
            value=short_repr(value),
            allowed=", ".join(get_args(PreviousExposure)),
        )
        return "unknown"

    def _notoriety(self, value: Any, drug: int | None, who: Text | None) -> int | None:
        if value is None:
            return None
        is_int = isinstance(value, int) and not isinstance(value, bool)
        if is_int and NOTORIETY_MIN <= value <= NOTORIETY_MAX:
            return value
        self.error(
            FieldRef("notoriety", drug),
            "notoriety",
            who,
            field=Named("notoriety"),
            low=NOTORIETY_MIN,
            high=NOTORIETY_MAX,
            value=short_repr(value),
        )
        return None

    def case(self, record: Any) -> AldenCase | None:
        if not isinstance(record, Mapping):
            self.error(None, "record_not_an_object", None, kind=type(record).__name__)
            return None
        self.duplicates(record, None, None)
        self.unknown(record, RECORD_FIELDS, None, None)
        if not is_echoable(record.get("id")):
            self.error("id", "id", None)
        index_day = None
        if record.get("index_day") is None:
            self.error("index_day", "index_day_required", None, field=Named("index_day"))
        else:
            index_day = self.parse_date(record["index_day"], "index_day")
        non_drug = self.boolean(
            record.get("other_cause_non_drug", False), "other_cause_non_drug", None, nullable=False
        )
        raw_drugs = record.get("drugs")
        if not isinstance(raw_drugs, list) or not raw_drugs:
            self.error("drugs", "drugs", None)
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
                    "continued_but_stopped",
                    drug_who(i + 1, drug.name),
                    field=Named("continued_after_onset"),
                    stop=drug.stop,
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
    "NAMED_FIELDS",
    "RECORD_FIELDS",
    "AldenCase",
    "DrugExposure",
    "Parser",
    "PreviousExposure",
    "drug_field_text",
    "drug_who",
    "is_echoable",
    "message_texts",
    "parse",
    "read_date",
    "short_repr",
]
