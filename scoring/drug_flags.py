"""Warnings about a case's drug list: high-risk drugs, lamotrigine risk factors, HLA notes.

Flags inform; they never change an ALDEN score (ALDEN has no dose, co-medication or HLA
criterion; Sassolas et al., Clin Pharmacol Ther 2010;88:60-8). Every flag carries the
sources of the knowledge-base fact it rests on (knowledge/data/drugs.yaml) and whether
that fact is verified. Pure functions: no I/O, no UI.

A flag's `message` is a `Text` (knowledge/i18n.py), not a sentence: its words are catalogue
entries (knowledge/data/messages/flags.yaml, English and Korean); drug names, numbers and
alleles are its parameters. A flag of two sentences joins two entries (`flags.join`). The
texts an HLA row brings from drugs.yaml (phenotype, populations, recommendation, guideline)
have no catalogue key: they come as `LocalizedNote` parameters, a `Text` that carries the
data file's English and the Korean beside it (`localized(row, field, lang)`) and renders the
one asked for. So the page renders the whole flag with `ui.i18n.say(flag.message)`, a report
with `flag.message.render(lang)`, and the English is the same sentence as before, byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from knowledge.drugs import (
    NOTORIETY_MAX,
    DrugCatalogue,
    DrugEntry,
    DrugMatch,
    Sourced,
    default_catalogue,
)
from knowledge.i18n import LocalizedNote, Text

FlagKind = Literal[
    "high_risk",
    "lamotrigine_valproate",
    "lamotrigine_recent_start",
    "lamotrigine_child",
    "lamotrigine_dosing",
    "hla",
    "unknown_drug",
]
Severity = Literal["alert", "caution", "info"]
SEVERITY_ORDER: Mapping[str, int] = {"alert": 0, "caution": 1, "info": 2}

HIGH_RISK_NOTORIETY = NOTORIETY_MAX  # ALDEN "strongly associated" (+3): the high-risk list
LAMOTRIGINE = "lamotrigine"
VALPROATE = "valproic acid"
# Lamotrigine boxed warning: "The rate of serious rash is greater in pediatric patients
# than in adults" (pediatric = 2-17 years in the label's rates).
PEDIATRIC_AGE_LT_YEARS = 18


def _clause(item: Any, field: str) -> LocalizedNote:
    """A drugs.yaml text the message's own wording closes with a period ("carriers:
    {populations}. ..."): its final period is left out, so that it is not doubled."""
    note = LocalizedNote.of(item, field)
    return LocalizedNote(en=_without_final_period(note.en), ko=_without_final_period(note.ko))


def _without_final_period(text: str) -> str:
    text = text.rstrip()
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _sentences(first: Text, *more: Text) -> Text:
    """One flag of several sentences, each a catalogue entry, in order."""
    text = first
    for sentence in more:
        text = Text("flags.join", {"first": text, "second": sentence})
    return text


class DrugFlag(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FlagKind
    severity: Severity
    drug: str  # the name as given
    normalized_name: str | None
    message: Text  # render with ui.i18n.say / .render(lang)
    source: str | None  # citations; None only for "unknown_drug"
    verified: bool  # False when any fact behind the flag is not verified
    hla_allele: str | None = None


def flag_drugs(
    names: Sequence[str],
    *,
    index_day: date | None = None,
    starts: Mapping[str, date] | None = None,
    age_years: float | None = None,
    catalogue: DrugCatalogue | None = None,
) -> list[DrugFlag]:
    """Flags for a drug list, most severe first (input order within a severity).

    `starts` maps a drug (as written in `names`, or its generic name) to its first intake;
    with `index_day` it dates lamotrigine's start against its usual onset window.
    """
    catalogue = catalogue or default_catalogue()
    matches = [catalogue.lookup(name) for name in names]
    generics = {m.normalized_name for m in matches if m.entry is not None}
    flags: list[DrugFlag] = []
    seen: set[tuple[str, str | None, str | None]] = set()
    for match in matches:
        start = _start_of(match, starts or {})
        for flag in _flags_for(match, generics, index_day, start, age_years, catalogue):
            key = (flag.kind, flag.normalized_name or flag.drug, flag.hla_allele)
            if key not in seen:
                seen.add(key)
                flags.append(flag)
    return sorted(flags, key=lambda f: SEVERITY_ORDER[f.severity])


def _start_of(match: DrugMatch, starts: Mapping[str, date]) -> date | None:
    if match.query in starts:
        return starts[match.query]
    return starts.get(match.normalized_name) if match.normalized_name else None


def _flags_for(
    match: DrugMatch,
    generics: set[str | None],
    index_day: date | None,
    start: date | None,
    age_years: float | None,
    catalogue: DrugCatalogue,
) -> list[DrugFlag]:
    entry = match.entry
    if entry is None:
        return [_unknown(match)]
    flags = []
    if entry.notoriety.value >= HIGH_RISK_NOTORIETY:
        flags.append(_high_risk(match, entry, index_day, start, catalogue))
    if entry.name == LAMOTRIGINE:
        flags += _lamotrigine(match, entry, generics, index_day, start, age_years, catalogue)
    flags += [_hla(match, i, catalogue) for i in range(len(entry.hla))]
    return flags


def _flag(
    match: DrugMatch,
    kind: FlagKind,
    severity: Severity,
    message: Text,
    facts: Sequence[Sourced],
    catalogue: DrugCatalogue,
    allele: str | None = None,
) -> DrugFlag:
    # One citation per source, however many of the facts share it.
    keys = dict.fromkeys(key for fact in facts for key in fact.source)
    citations = "; ".join(catalogue.sources[key].citation for key in keys)
    verified = all(catalogue.is_verified(f) for f in facts)
    return DrugFlag(
        kind=kind,
        severity=severity,
        drug=match.query,
        normalized_name=match.normalized_name,
        message=message,
        source=citations,
        verified=verified,
        hla_allele=allele,
    )


def _unknown(match: DrugMatch) -> DrugFlag:
    message: Text
    if match.normalized_name:  # every component known, product not curated
        message = Text(
            "flags.unknown_combination",
            {"drug": match.query, "components": match.normalized_name},
        )
    else:
        message = Text("flags.unknown", {"drug": match.query})
        if match.suggestion:
            suggestion = Text("flags.did_you_mean", {"suggestion": match.suggestion})
            message = _sentences(message, suggestion)
    return DrugFlag(
        kind="unknown_drug",
        severity="info",
        drug=match.query,
        normalized_name=match.normalized_name,
        message=message,
        source=None,
        verified=False,
    )


def _delay_days(index_day: date | None, start: date | None) -> int | None:
    return None if index_day is None or start is None else (index_day - start).days


def _high_risk(
    match: DrugMatch,
    entry: DrugEntry,
    index_day: date | None,
    start: date | None,
    catalogue: DrugCatalogue,
) -> DrugFlag:
    # Only the strongest notoriety is high-risk: the catalogue entry names its label
    # ("strongly associated", NOTORIETY_LABELS[HIGH_RISK_NOTORIETY]).
    message = Text("flags.high_risk", {"drug": entry.name, "value": entry.notoriety.value})
    facts: list[Sourced] = [entry.notoriety]
    delay = _delay_days(index_day, start)
    onset = entry.onset
    if delay is not None and onset is not None:
        facts.append(onset)
        where = "within" if onset.min_days <= delay <= onset.max_days else "outside"
        started = Text(
            f"flags.high_risk_onset_{where}",
            {"delay": delay, "min_days": onset.min_days, "max_days": onset.max_days},
        )
        message = _sentences(message, started)
    return _flag(match, "high_risk", "alert", message, facts, catalogue)


def _note(entry: DrugEntry, topic: str) -> Sourced:
    return next(n for n in entry.risk_notes if n.topic == topic)


def _lamotrigine(
    match: DrugMatch,
    entry: DrugEntry,
    generics: set[str | None],
    index_day: date | None,
    start: date | None,
    age_years: float | None,
    catalogue: DrugCatalogue,
) -> list[DrugFlag]:
    flags = []
    if VALPROATE in generics:
        flags.append(_lamotrigine_valproate(match, entry, catalogue))
    delay = _delay_days(index_day, start)
    onset = entry.onset
    if delay is not None and onset is not None and 1 <= delay <= onset.max_days:
        timing = "within" if delay >= onset.min_days else "earlier"
        message = Text(
            f"flags.lamotrigine_recent_start_{timing}",
            {"delay": delay, "min_days": onset.min_days, "max_days": onset.max_days},
        )
        flags.append(_flag(match, "lamotrigine_recent_start", "alert", message, [onset], catalogue))
    if age_years is not None and age_years < PEDIATRIC_AGE_LT_YEARS:
        message = Text("flags.lamotrigine_child", {"age": age_years})
        flags.append(
            _flag(match, "lamotrigine_child", "alert", message, [_note(entry, "age")], catalogue)
        )
    message = Text("flags.lamotrigine_dosing")
    facts = [_note(entry, "dose"), _note(entry, "titration")]
    flags.append(_flag(match, "lamotrigine_dosing", "caution", message, facts, catalogue))
    return flags


def _lamotrigine_valproate(
    match: DrugMatch, entry: DrugEntry, catalogue: DrugCatalogue
) -> DrugFlag:
    facts: list[Sourced] = [_note(entry, "co-medication")]
    message = Text("flags.lamotrigine_valproate")
    half_life = entry.half_life
    conditions = half_life.conditions if half_life else ()
    with_valproate = next((c for c in conditions if "valproate" in c.condition), None)
    if half_life and with_valproate and with_valproate.hours:
        facts.append(with_valproate)
        longer = Text(
            "flags.lamotrigine_valproate_half_life",
            {"hours": half_life.hours, "with_valproate": with_valproate.hours},
        )
        message = _sentences(message, longer)
    return _flag(match, "lamotrigine_valproate", "alert", message, facts, catalogue)


def _hla(match: DrugMatch, i: int, catalogue: DrugCatalogue) -> DrugFlag:
    assoc = match.entry.hla[i] if match.entry else None
    if assoc is None:
        raise ValueError(f"no HLA association {i} for {match.query!r}")
    note = Text(
        "flags.hla",
        {
            "allele": assoc.allele,
            "strength": Text(f"flags.hla_strength.{assoc.strength}"),
            "phenotype": LocalizedNote.of(assoc, "phenotype"),
            "populations": _clause(assoc, "populations"),
            "recommendation": LocalizedNote.of(assoc, "recommendation"),
        },
    )
    # The curated recommendation already says when there is no CPIC guideline.
    guideline = (
        [Text("flags.hla_guideline", {"guideline": _clause(assoc, "guideline")})]
        if assoc.guideline
        else []
    )
    message = _sentences(note, *guideline, Text("flags.hla_not_alden"))
    severity: Severity = "caution" if assoc.guideline else "info"
    return _flag(match, "hla", severity, message, [assoc], catalogue, allele=assoc.allele)
