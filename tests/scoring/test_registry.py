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
