"""knowledge/data/drugs.yaml validates, and a broken entry fails loudly; name lookup."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import knowledge.loading
from knowledge.drugs import (
    DrugCatalogue,
    load_catalogue,
    name_key,
    parse_catalogue,
    split_combination,
)
from knowledge.loading import KnowledgeError, load_yaml


@pytest.fixture(scope="module")
def catalogue() -> DrugCatalogue:
    return load_catalogue()


@pytest.fixture
def raw() -> dict[str, Any]:
    return copy.deepcopy(load_yaml("drugs.yaml"))


def test_every_entry_validates_and_coverage(catalogue: DrugCatalogue) -> None:
    assert len(catalogue) >= 60


# EuroSCAR / SCAR high-risk drugs (drugs.md §2.2, +3) and a lower-risk set (+2).
HIGH_RISK = [
    "allopurinol", "carbamazepine", "lamotrigine", "nevirapine", "phenobarbital", "phenytoin",
    "sulfamethoxazole/trimethoprim", "meloxicam", "piroxicam", "tenoxicam",
]  # fmt: skip
ASSOCIATED = ["amoxicillin", "ampicillin", "ciprofloxacin", "cefalexin", "diclofenac"]


@pytest.mark.parametrize("name", HIGH_RISK)
def test_high_risk_drugs_are_plus_three(catalogue: DrugCatalogue, name: str) -> None:
    entry = catalogue.get(name)
    assert entry is not None
    assert entry.notoriety.value == 3


@pytest.mark.parametrize("name", ASSOCIATED)
def test_lower_risk_drugs_are_plus_two(catalogue: DrugCatalogue, name: str) -> None:
    entry = catalogue.get(name)
    assert entry is not None
    assert entry.notoriety.value == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [("valproic acid", 1), ("paracetamol", 1), ("levetiracetam", 0), ("ibuprofen", 0),
     ("hydrochlorothiazide", -1), ("metformin", -1)],
)  # fmt: skip
def test_selected_notoriety_values(catalogue: DrugCatalogue, name: str, value: int) -> None:
    entry = catalogue.get(name)
    assert entry is not None
    assert entry.notoriety.value == value


def test_minus_one_only_where_a_read_source_supports_it(catalogue: DrugCatalogue) -> None:
    for entry in catalogue.entries:
        if entry.notoriety.value == -1:
            assert catalogue.is_verified(entry.notoriety), entry.name


def test_names_are_lowercase_and_combinations_sorted(catalogue: DrugCatalogue) -> None:
    for entry in catalogue.entries:
        assert entry.name == entry.name.lower().strip()
        assert list(entry.components) == sorted(entry.components)


def test_every_fact_cites_a_known_source(catalogue: DrugCatalogue) -> None:
    for entry in catalogue.entries:
        for _, fact in entry.facts():
            assert all(key in catalogue.sources for key in fact.source)


def test_allopurinol_uses_oxipurinol(catalogue: DrugCatalogue) -> None:
    entry = catalogue.get("allopurinol")
    assert entry is not None and entry.half_life is not None
    assert entry.half_life.substance.startswith("oxipurinol")


def test_lamotrigine_half_life_and_conditions(catalogue: DrugCatalogue) -> None:
    entry = catalogue.get("lamotrigine")
    assert entry is not None and entry.half_life is not None
    assert entry.half_life.hours == 33
    assert catalogue.is_verified(entry.half_life) is True
    with_valproate = entry.half_life.conditions[0]
    assert (with_valproate.condition, with_valproate.hours) == ("with valproate", 70)
    assert {n.topic for n in entry.risk_notes} >= {"co-medication", "dose", "titration", "age"}


def test_unverified_items_are_marked(catalogue: DrugCatalogue) -> None:
    phenytoin = catalogue.get("phenytoin")
    assert phenytoin is not None and phenytoin.half_life is not None
    assert catalogue.is_verified(phenytoin.half_life) is False  # label value not re-read
    lornoxicam = catalogue.get("lornoxicam")
    assert lornoxicam is not None
    assert catalogue.is_verified(lornoxicam.notoriety) is False  # class extension


def test_cpic_guidelines_for_hla(catalogue: DrugCatalogue) -> None:
    alleles = {(e.name, h.allele): h.guideline for e in catalogue.entries for h in e.hla}
    assert "Phillips" in (alleles[("carbamazepine", "HLA-B*15:02")] or "")
    assert "Karnes" in (alleles[("phenytoin", "HLA-B*15:02")] or "")
    assert "Hershfield" in (alleles[("allopurinol", "HLA-B*58:01")] or "")
    assert alleles[("lamotrigine", "HLA-B*15:02")] is None


# --- normalisation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Lamictal", "lamotrigine"),
        ("LAMICTAL XR", "lamotrigine"),
        ("Subvenite 25 mg tablets", "lamotrigine"),
        ("  lamotrigine  ", "lamotrigine"),
        ("Tegretol", "carbamazepine"),
        ("Carbatrol", "carbamazepine"),
        ("Zyloprim 300mg", "allopurinol"),
        ("Bactrim", "sulfamethoxazole/trimethoprim"),
        ("Bactrim DS", "sulfamethoxazole/trimethoprim"),
        ("Septra", "sulfamethoxazole/trimethoprim"),
        ("Septrin", "sulfamethoxazole/trimethoprim"),
        ("co-trimoxazole", "sulfamethoxazole/trimethoprim"),
        ("cotrimoxazole", "sulfamethoxazole/trimethoprim"),
        ("TMP-SMX", "sulfamethoxazole/trimethoprim"),
        ("sulfamethoxazole/trimethoprim", "sulfamethoxazole/trimethoprim"),
        ("trimethoprim + sulfamethoxazole", "sulfamethoxazole/trimethoprim"),
        ("sulfamethoxazole and trimethoprim", "sulfamethoxazole/trimethoprim"),
        ("Dilantin", "phenytoin"),
        ("Epilim", "valproic acid"),
        ("Depakote ER 500 mg", "valproic acid"),
        ("sodium valproate", "valproic acid"),
        ("acetaminophen", "paracetamol"),
        ("Augmentin", "amoxicillin/clavulanic acid"),
        ("clavulanic acid + amoxicillin", "amoxicillin/clavulanic acid"),
    ],
)
def test_lookup(catalogue: DrugCatalogue, query: str, expected: str) -> None:
    match = catalogue.lookup(query)
    assert match.entry is not None
    assert match.normalized_name == expected


def test_unknown_name_is_reported_with_suggestion(catalogue: DrugCatalogue) -> None:
    match = catalogue.lookup("lamotrigen")
    assert (match.entry, match.normalized_name) == (None, None)
    assert match.suggestion == "lamotrigine"
    assert catalogue.lookup("Lamictl").suggestion == "Lamictal (lamotrigine)"


def test_far_name_gets_no_suggestion(catalogue: DrugCatalogue) -> None:
    match = catalogue.lookup("qwertyuiop")
    assert (match.entry, match.suggestion) == (None, None)


def test_uncurated_combination_is_named_but_not_matched(catalogue: DrugCatalogue) -> None:
    match = catalogue.lookup("lamotrigine + valproate")
    assert match.entry is None
    assert match.normalized_name == "lamotrigine/valproic acid"


def test_similar_drugs_share_class(catalogue: DrugCatalogue) -> None:
    names = {e.name for e in catalogue.similar("piroxicam")}
    assert names == {"meloxicam", "tenoxicam", "lornoxicam"}


def test_name_key_and_split() -> None:
    assert name_key("Co-Trimoxazole 960 mg Forte") == "cotrimoxazole"
    assert split_combination("a/b + c and d") == ["a", "b", "c", "d"]


# --- broken data fails loudly ------------------------------------------------------------


def _entry(raw: dict[str, Any], name: str) -> dict[str, Any]:
    return next(e for e in raw["drugs"] if e["name"] == name)


def test_bad_notoriety_names_entry_and_field(raw: dict[str, Any]) -> None:
    _entry(raw, "lamotrigine")["notoriety"]["value"] = 4
    with pytest.raises(
        KnowledgeError, match=r"drugs\[\d+\] \('lamotrigine'\): field 'notoriety.value'"
    ):
        parse_catalogue(raw)


def test_unknown_field_fails(raw: dict[str, Any]) -> None:
    _entry(raw, "allopurinol")["halflife"] = 3
    with pytest.raises(KnowledgeError, match=r"\('allopurinol'\): field 'halflife'"):
        parse_catalogue(raw)


def test_unknown_source_fails(raw: dict[str, Any]) -> None:
    _entry(raw, "phenytoin")["half_life"]["source"] = "nowhere"
    with pytest.raises(KnowledgeError, match=r"\('phenytoin'\): field 'half_life.source'"):
        parse_catalogue(raw)


def test_unsorted_combination_fails(raw: dict[str, Any]) -> None:
    _entry(raw, "sulfamethoxazole/trimethoprim")["name"] = "trimethoprim/sulfamethoxazole"
    with pytest.raises(KnowledgeError, match="field 'name'"):
        parse_catalogue(raw)


def test_alias_naming_two_drugs_fails(raw: dict[str, Any]) -> None:
    _entry(raw, "phenytoin")["aliases"].append("Tegretol")
    with pytest.raises(KnowledgeError, match="'Tegretol' already names 'carbamazepine'"):
        parse_catalogue(raw)


def test_broken_temp_yaml_fails_at_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = load_yaml("drugs.yaml")
    _entry(raw, "meloxicam")["half_life"]["hours"] = -20
    (tmp_path / "drugs.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    monkeypatch.setattr(knowledge.loading, "DATA_DIR", tmp_path)
    with pytest.raises(KnowledgeError, match=r"\('meloxicam'\): field 'half_life.hours'"):
        load_catalogue()


def test_malformed_temp_yaml_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "drugs.yaml").write_text("drugs: [unclosed", encoding="utf-8")
    monkeypatch.setattr(knowledge.loading, "DATA_DIR", tmp_path)
    with pytest.raises(KnowledgeError, match=r"drugs\.yaml"):
        load_catalogue()


# --- clinical content review, 2026-11 (issue 11) ------------------------------------------


def test_allopurinol_testing_is_attributed_to_acr_not_cpic(catalogue: DrugCatalogue) -> None:
    allopurinol = catalogue.get("allopurinol")
    assert allopurinol is not None
    (b5801,) = [h for h in allopurinol.hla if h.allele == "HLA-B*58:01"]
    assert "ACR" in b5801.guideline and "interprets a known genotype" in b5801.guideline
    # Label section 12.5 frequencies, including under 1 % in Europeans and about 4 % Black.
    for fragment in ("8-10% in Han Chinese", "about 6% in Korean", "about 4% in Black"):
        assert fragment in b5801.populations
    assert "under 1% in people of European descent" in b5801.populations
    texts = " ".join(n.text for n in allopurinol.risk_notes)
    assert "100 mg a day or less" in texts and "chronic kidney disease" in texts
    assert "ACR's recommendation, not CPIC's" in texts
    start_low = next(n for n in allopurinol.risk_notes if n.topic == "dose")
    assert catalogue.is_verified(start_low)
    assert "10.1002/acr.24180" in catalogue.citations(start_low)


def test_phenytoin_cyp2c9_is_a_risk_factor_not_only_a_dose_marker(
    catalogue: DrugCatalogue,
) -> None:
    phenytoin = catalogue.get("phenytoin")
    assert phenytoin is not None
    (b1502,) = phenytoin.hla
    assert "not the SJS/TEN risk" not in b1502.recommendation
    notes = [n for n in phenytoin.risk_notes if "CYP2C9*3" in n.text]
    assert len(notes) == 3
    assert any("25096692" in catalogue.citations(n) for n in notes)  # Chung 2014, JAMA
    # The meta-analysis (read) carries the verified risk figure; Chung's result was not read.
    (meta,) = [n for n in notes if "Wu 2018" in n.text]
    assert "OR 8.93 (2.63-30.36)" in meta.text and catalogue.is_verified(meta)
    (chung,) = [n for n in notes if "25096692" in catalogue.citations(n)]
    assert catalogue.is_verified(chung) is False


@pytest.mark.parametrize(
    ("name", "source_key"),
    [
        ("acetazolamide", "kim2011_acetazolamide"),
        ("pembrolizumab", "pembrolizumab_npra2017"),
        ("nivolumab", "opdivo_label"),
        ("ipilimumab", "yervoy_label"),
        ("atezolizumab", "atezolizumab_aifa2021"),
        ("lenalidomide", "lenalidomide_label"),
        ("vancomycin", "vancomycin_label"),
    ],
)
def test_added_drugs_suspected_notoriety_rests_on_a_read_report(
    catalogue: DrugCatalogue, name: str, source_key: str
) -> None:
    # Second reader, 2026-11-30: each +1 ("suspected") now cites a label, regulator notice or
    # case report that reports SJS/TEN with the drug, read in its own text.
    entry = catalogue.get(name)
    assert entry is not None
    assert entry.notoriety.value == 1
    assert source_key in entry.notoriety.source
    assert catalogue.is_verified(entry.notoriety)


def test_metamizole_half_life_as_in_levy_1995(catalogue: DrugCatalogue) -> None:
    entry = catalogue.get("metamizole")
    assert entry is not None and entry.half_life is not None
    assert entry.half_life.hours == 3.5  # upper end of the 2.6-3.5 h mean (Levy 1995)
    assert catalogue.is_verified(entry.half_life)


@pytest.mark.parametrize(
    "name", ["prednisone", "prednisolone", "methylprednisolone", "dexamethasone"]
)
def test_corticosteroids_are_not_ranked_with_associated_drugs(
    catalogue: DrugCatalogue, name: str
) -> None:
    entry = catalogue.get(name)
    assert entry is not None
    assert entry.notoriety.value == 1
    assert "Chosen value +1" in (entry.notoriety.note or "")
    assert catalogue.is_verified(entry.notoriety) is False


@pytest.mark.parametrize(
    ("drug", "allele", "population"),
    [
        ("carbamazepine", "HLA-B*15:11", "Korean"),
        ("carbamazepine", "HLA-A*31:01", "Europeans"),
        ("methazolamide", "HLA-B*59:01", "Han Chinese"),
        ("lamotrigine", "HLA-B*44:03", "Korean"),
        ("paracetamol", "HLA-A*02:06", "Japanese"),
        ("zonisamide", "HLA-A*02:07", "Japanese"),  # issue 20: drug pairing read
        ("phenobarbital", "HLA-B*51:01", "Japanese"),
    ],
)
def test_added_pharmacogenomics_have_population_strength_and_source(
    catalogue: DrugCatalogue, drug: str, allele: str, population: str
) -> None:
    entry = catalogue.get(drug)
    assert entry is not None
    rows = [h for h in entry.hla if h.allele == allele and population in h.populations]
    assert rows, (drug, allele)
    for row in rows:
        assert row.strength in ("strong", "moderate", "weak")
        assert re.search(r"doi:10\.|PMID \d+", catalogue.citations(row)), (drug, allele)


# Curated values (knowledge/data/drugs.yaml, each with its cited source): notoriety and
# the half-life in hours that ALDEN's presence criterion uses.
ADDED_DRUGS = {
    "methazolamide": (1, 14.0), "acetazolamide": (1, 6.0), "eslicarbazepine": (1, 20.0),
    "primidone": (1, 118.0), "vancomycin": (1, 6.0), "pembrolizumab": (1, 528.0),
    "nivolumab": (1, 600.0), "ipilimumab": (1, 360.0), "atezolizumab": (1, 648.0),
    "enfortumab vedotin": (1, 86.0), "lenalidomide": (1, 4.0),
}  # fmt: skip


@pytest.mark.parametrize(("name", "values"), ADDED_DRUGS.items())
def test_added_drugs_have_notoriety_and_half_life(
    catalogue: DrugCatalogue, name: str, values: tuple[int, float]
) -> None:
    entry = catalogue.get(name)
    assert entry is not None and entry.half_life is not None
    assert (entry.notoriety.value, entry.half_life.hours) == values
    assert entry.notoriety.note  # the chosen value is explained


def test_vancomycin_flags_the_linear_iga_mimic(catalogue: DrugCatalogue) -> None:
    vancomycin = catalogue.get("vancomycin")
    assert vancomycin is not None
    (note,) = vancomycin.risk_notes
    assert "linear IgA" in note.text and "direct immunofluorescence" in note.text
    assert "15550142" in catalogue.citations(note)


@pytest.mark.parametrize(
    ("name", "hours", "substance"),
    [
        ("metamizole", 3.5, "4-methylaminoantipyrine (active metabolite)"),
        ("acetylsalicylic acid", 15.0, "salicylate (aspirin itself about 15-20 min)"),
    ],
)
def test_half_lives_added_where_missing(
    catalogue: DrugCatalogue, name: str, hours: float, substance: str
) -> None:
    entry = catalogue.get(name)
    assert entry is not None and entry.half_life is not None
    assert (entry.half_life.hours, entry.half_life.substance) == (hours, substance)


def test_every_hla_row_names_population_strength_and_a_source(catalogue: DrugCatalogue) -> None:
    # Provenance for every pharmacogenomic row, old and new.
    for entry in catalogue.entries:
        for row in entry.hla:
            assert row.populations, (entry.name, row.allele)
            assert row.strength in ("strong", "moderate", "weak"), (entry.name, row.allele)
            assert catalogue.citations(row).strip(), (entry.name, row.allele)  # key resolves


def test_japanese_a0207_and_b5101_rows_carry_the_published_frequencies(
    catalogue: DrugCatalogue,
) -> None:
    """Issue 20: the drug pairings as the Pharmacogenomics 2013 abstract states them."""
    (a0207,) = catalogue.get("zonisamide").hla  # type: ignore[union-attr]
    assert a0207.allele == "HLA-A*02:07" and a0207.strength == "weak"
    assert (
        "41.7 % in 12 patients with zonisamide SJS/TEN vs 6.81 % in the general Japanese "
        "population" in a0207.populations
    )
    assert "Pc = 0.0176" in a0207.populations
    (b5101,) = catalogue.get("phenobarbital").hla  # type: ignore[union-attr]
    assert b5101.allele == "HLA-B*51:01" and b5101.strength == "weak"
    assert "75.0 % in 8 patients with phenobarbital SJS/TEN vs 15.2 % in controls" in (
        b5101.populations
    )
    assert "Pc = 0.0042" in b5101.populations
    for row in (a0207, b5101):
        assert row.guideline is None
        assert "doi:10.2217/pgs.13.180" in catalogue.citations(row)
    # Acetazolamide stays without an HLA row: no source read names acetazolamide with
    # B*59:01 (only a B59 serotype in one Korean case).
    assert catalogue.get("acetazolamide").hla == ()  # type: ignore[union-attr]
