"""Warnings about a case's drug list: high-risk drugs, lamotrigine risk factors, HLA notes.

Flags inform; they never change an ALDEN score (ALDEN has no dose, co-medication or HLA
criterion; Sassolas et al., Clin Pharmacol Ther 2010;88:60-8). Every flag carries the
sources of the knowledge-base fact it rests on (knowledge/data/drugs.yaml) and whether
that fact is verified. Pure functions: no I/O, no UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from knowledge.drugs import (
    NOTORIETY_MAX,
    DrugCatalogue,
    DrugEntry,
    DrugMatch,
    Sourced,
    default_catalogue,
)

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


class DrugFlag(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: FlagKind
    severity: Severity
    drug: str  # the name as given
    normalized_name: str | None
    message: str
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
    message: str,
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
    if match.normalized_name:  # every component known, product not curated
        message = (
            f"'{match.query}' is not a curated combination product ({match.normalized_name}): "
            "enter separate drugs separately"
        )
    else:
        hint = f" Did you mean {match.suggestion}?" if match.suggestion else ""
        message = f"'{match.query}' is not in the drug knowledge base: no flags for it.{hint}"
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
    message = (
        f"{entry.name} is on the SJS/TEN high-risk list (ALDEN notoriety "
        f"+{entry.notoriety.value}, {entry.notoriety.label})."
    )
    facts: list[Sourced] = [entry.notoriety]
    delay = _delay_days(index_day, start)
    if delay is not None and entry.onset is not None:
        facts.append(entry.onset)
        where = "within" if entry.onset.min_days <= delay <= entry.onset.max_days else "outside"
        message += (
            f" Started {delay} days before the index day: {where} its usual onset window "
            f"({entry.onset.min_days}-{entry.onset.max_days} days)."
        )
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
        timing = "within" if delay >= onset.min_days else "earlier than"
        message = (
            f"Lamotrigine started {delay} days before the index day, {timing} the usual onset "
            f"window ({onset.min_days}-{onset.max_days} days): nearly all life-threatening "
            "rashes occur within 2 to 8 weeks of starting."
        )
        flags.append(_flag(match, "lamotrigine_recent_start", "alert", message, [onset], catalogue))
    if age_years is not None and age_years < PEDIATRIC_AGE_LT_YEARS:
        message = (
            f"Age {age_years:g} years: the rate of serious rash with lamotrigine is greater in "
            "children than in adults."
        )
        flags.append(
            _flag(match, "lamotrigine_child", "alert", message, [_note(entry, "age")], catalogue)
        )
    message = (
        "Check the starting dose and the titration against the label: exceeding the "
        "recommended initial dose or dose escalation increases the risk of serious rash."
    )
    facts = [_note(entry, "dose"), _note(entry, "titration")]
    flags.append(_flag(match, "lamotrigine_dosing", "caution", message, facts, catalogue))
    return flags


def _lamotrigine_valproate(
    match: DrugMatch, entry: DrugEntry, catalogue: DrugCatalogue
) -> DrugFlag:
    facts: list[Sourced] = [_note(entry, "co-medication")]
    message = "Valproate is in the same drug list: co-administration increases the risk of "
    message += "serious lamotrigine rash."
    half_life = entry.half_life
    conditions = half_life.conditions if half_life else ()
    with_valproate = next((c for c in conditions if "valproate" in c.condition), None)
    if half_life and with_valproate and with_valproate.hours:
        facts.append(with_valproate)
        message += (
            f" Valproate also lengthens lamotrigine's half-life ({half_life.hours:g} h to about "
            f"{with_valproate.hours:g} h): for ALDEN presence, mark lamotrigine "
            "'organ impairment or interaction' if it was stopped before the index day."
        )
    return _flag(match, "lamotrigine_valproate", "alert", message, facts, catalogue)


def _hla(match: DrugMatch, i: int, catalogue: DrugCatalogue) -> DrugFlag:
    assoc = match.entry.hla[i] if match.entry else None
    if assoc is None:
        raise ValueError(f"no HLA association {i} for {match.query!r}")
    # The curated recommendation already says when there is no CPIC guideline.
    guideline = f" CPIC: {assoc.guideline}." if assoc.guideline else ""
    message = (
        f"{assoc.allele} ({assoc.strength} association with {assoc.phenotype}); carriers: "
        f"{assoc.populations}. {assoc.recommendation}{guideline} An HLA note, not part of "
        "the ALDEN score."
    )
    severity: Severity = "caution" if assoc.guideline else "info"
    return _flag(match, "hla", severity, message, [assoc], catalogue, allele=assoc.allele)
