"""Provenance: every score and rule set names its primary source; every cut-off is cited."""

from __future__ import annotations

import re

import pytest

from scoring import abcd10, classification, scorten
from scoring.bounds import BOUNDS
from scoring.fields import FIELDS

DOI_OR_PMID = re.compile(r"doi:10\.\d{4,}/\S+|PMID \d+")


@pytest.mark.parametrize(
    "module", [scorten, abcd10, classification], ids=lambda m: m.__name__.rsplit(".", 1)[1]
)
def test_rule_set_cites_a_doi_or_pmid(module) -> None:
    assert DOI_OR_PMID.search(module.REFERENCE)
    assert DOI_OR_PMID.search(module.__doc__ or "")


@pytest.mark.parametrize(
    "criteria", [scorten.CRITERIA, abcd10.CRITERIA], ids=["SCORTEN", "ABCD-10"]
)
def test_every_criterion_names_its_source(criteria) -> None:
    for criterion in criteria:
        assert criterion.source, criterion.key
        assert criterion.rule.startswith(criterion.label)


def test_every_numeric_input_of_every_criterion_has_bounds() -> None:
    numeric = {f.name for f in FIELDS if f.kind in ("number", "integer")}
    used = {c.key for c in scorten.CRITERIA + abcd10.CRITERIA if c.comparison != "true"}
    assert used <= numeric
    assert numeric <= set(BOUNDS)


def test_scorten_rule_text_matches_the_contract() -> None:
    assert [c.rule for c in scorten.CRITERIA] == [
        "Age > 40 years",
        "Heart rate > 120 /min",
        "Malignancy present",
        "Detached BSA > 10 %",
        "Urea > 10 mmol/L (BUN 28 mg/dL)",
        "Bicarbonate < 20 mmol/L (mEq/L is the same)",
        "Glucose > 14 mmol/L (252.2 mg/dL)",
    ]
    assert [c.rule for c in abcd10.CRITERIA] == [
        "Age ≥ 50 years",
        "Bicarbonate < 20 mmol/L (mEq/L is the same)",
        "Active cancer present",
        "Dialysis before admission present",
        "Detached BSA ≥ 10 %",
    ]
    assert [c.points for c in abcd10.CRITERIA] == [1, 1, 2, 3, 1]


# --- ALDEN: every constant and every rule names its source (issue 11) ---------------------


def _alden_constants() -> dict[str, object]:
    from collections.abc import Mapping

    from scoring import alden, bounds

    out = {}
    for name, value in vars(alden).items():
        if not re.fullmatch(r"[A-Z][A-Z0-9_]+", name):
            continue
        if vars(bounds).get(name) is value:  # an input bound imported from bounds.py, cited there
            continue
        is_number = isinstance(value, int) and not isinstance(value, bool)
        is_table = isinstance(value, tuple) and any(isinstance(v, alden.DelayBand) for v in value)
        if is_number or is_table or (isinstance(value, Mapping) and name != "PROVENANCE"):
            out[name] = value
    return out


def test_alden_cites_a_doi_or_pmid() -> None:
    from scoring import alden

    assert DOI_OR_PMID.search(alden.REFERENCES[0])
    assert DOI_OR_PMID.search(alden.__doc__ or "")


def test_alden_delay_bands_are_in_the_provenance_table() -> None:
    assert {"DELAY_BANDS", "DELAY_BANDS_PREVIOUS_SAME_DRUG_REACTION"} <= set(_alden_constants())


def test_every_alden_constant_carries_its_citation_or_convention_label() -> None:
    from scoring import alden

    missing = sorted(set(_alden_constants()) - set(alden.PROVENANCE))
    assert missing == [], f"ALDEN constants without provenance: {missing}"
    for name, provenance in alden.PROVENANCE.items():
        assert DOI_OR_PMID.search(provenance) or "project convention" in provenance, name


def test_alden_conventions_are_labelled_as_such() -> None:
    from scoring import alden

    conventions = {k for k, v in alden.PROVENANCE.items() if k.startswith("rule:")}
    assert len(conventions) >= 5
    for rule in conventions:
        assert "project convention" in alden.PROVENANCE[rule], rule
    assert "project's convention" in alden.NON_DRUG_CAUSE_CONVENTION
    assert "not part of Sassolas 2010 Table 1" in alden.NON_DRUG_CAUSE_CONVENTION


def test_every_knowledge_kind_enforces_provenance() -> None:
    # Evidence entries, drug facts and differential entries each refuse to load without a
    # source with DOI/PMID (evidence, differential) or a known source key (drugs).
    from knowledge.differential import load_differential
    from knowledge.drugs import default_catalogue
    from knowledge.evidence import load_evidence

    assert all(any(c.has_doi_or_pmid for c in e.citations) for e in load_evidence().entries)
    catalogue = default_catalogue()
    for entry in catalogue.entries:
        for path, fact in entry.facts():
            assert catalogue.citations(fact), (entry.name, path)
    base = load_differential()
    for entry in base.entries:
        assert any(s.doi or s.pmid for s in base.sources_of(entry)), entry.id
