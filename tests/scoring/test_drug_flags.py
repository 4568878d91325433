"""Drug-list flags: high-risk drugs, lamotrigine risk factors, HLA notes, unknown names."""

from __future__ import annotations

from datetime import date, timedelta

from scoring.drug_flags import DrugFlag, flag_drugs

INDEX = date(2024, 3, 31)


def kinds(flags: list[DrugFlag]) -> list[tuple[str, str | None]]:
    return [(f.kind, f.normalized_name) for f in flags]


def test_high_risk_drug_is_flagged_with_source() -> None:
    flags = flag_drugs(["Zyloprim"])
    assert kinds(flags) == [("high_risk", "allopurinol"), ("hla", "allopurinol")]
    assert flags[0].severity == "alert"
    assert "Mockenhaupt" in (flags[0].source or "")
    assert flags[1].hla_allele == "HLA-B*58:01"
    assert flags[1].severity == "caution"  # a CPIC guideline exists


def test_non_high_risk_drug_has_no_flag() -> None:
    assert flag_drugs(["ibuprofen", "Depakote"]) == []


def test_lamotrigine_alone_flags_high_risk_dosing_and_hla() -> None:
    flags = flag_drugs(["Lamictal"])
    assert kinds(flags) == [
        ("high_risk", "lamotrigine"),
        ("lamotrigine_dosing", "lamotrigine"),
        ("hla", "lamotrigine"),
        ("hla", "lamotrigine"),
        ("hla", "lamotrigine"),
    ]
    # HLA-B*44:03 (Korean, weak, Park 2016) added by the 2026-11 content review.
    assert [f.hla_allele for f in flags[2:]] == ["HLA-B*15:02", "HLA-A*24:02", "HLA-B*44:03"]
    assert all(f.severity == "info" for f in flags[2:])  # no CPIC guideline for lamotrigine


def test_lamotrigine_with_valproate() -> None:
    flags = flag_drugs(["lamotrigine", "Epilim"])
    valproate = [f for f in flags if f.kind == "lamotrigine_valproate"]
    assert len(valproate) == 1
    assert "33 h to about 70 h" in valproate[0].message.render("en")
    assert valproate[0].verified is True


def test_lamotrigine_without_valproate_has_no_valproate_flag() -> None:
    assert "lamotrigine_valproate" not in [f.kind for f in flag_drugs(["lamotrigine", "ibuprofen"])]


def test_lamotrigine_start_within_onset_window() -> None:
    def recent(days: int) -> list[DrugFlag]:
        starts = {"Lamictal": INDEX - timedelta(days=days)}
        flags = flag_drugs(["Lamictal"], index_day=INDEX, starts=starts)
        return [f for f in flags if f.kind == "lamotrigine_recent_start"]

    assert "within the usual onset window (14-56 days)" in recent(14)[0].message.render("en")
    assert "within" in recent(56)[0].message.render("en")
    assert "earlier than the usual" in recent(5)[0].message.render("en")
    assert recent(57) == []
    assert recent(0) == []


def test_start_found_by_generic_name() -> None:
    flags = flag_drugs(
        ["Lamictal"], index_day=INDEX, starts={"lamotrigine": INDEX - timedelta(days=20)}
    )
    assert "lamotrigine_recent_start" in [f.kind for f in flags]


def test_lamotrigine_child() -> None:
    assert "lamotrigine_child" in [f.kind for f in flag_drugs(["lamotrigine"], age_years=17.9)]
    assert "lamotrigine_child" not in [f.kind for f in flag_drugs(["lamotrigine"], age_years=18)]
    assert "lamotrigine_child" not in [f.kind for f in flag_drugs(["lamotrigine"])]


def test_carbamazepine_hla_notes_cite_cpic() -> None:
    hla = [f for f in flag_drugs(["Tegretol"]) if f.kind == "hla"]
    assert [f.hla_allele for f in hla] == ["HLA-B*15:02", "HLA-A*31:01", "HLA-B*15:11"]
    cpic, korean = hla[:2], hla[2]
    assert all("Phillips EJ" in (f.source or "") for f in cpic)
    assert all(f.verified is False for f in cpic)  # non-Korean population figures unverified
    # HLA-B*15:11: no guideline; Korean series (Kim 2011, PMID 21917426), read.
    assert "21917426" in (korean.source or "") and korean.verified is True


def test_unknown_drug_flag_with_suggestion() -> None:
    flags = flag_drugs(["Tegretl"])
    assert kinds(flags) == [("unknown_drug", None)]
    assert flags[0].message.render("en").endswith("Did you mean Tegretol (carbamazepine)?")
    assert flags[0].source is None


def test_duplicates_flagged_once_and_alerts_first() -> None:
    flags = flag_drugs(["Bactrim", "co-trimoxazole", "foo"])
    assert kinds(flags) == [
        ("high_risk", "sulfamethoxazole/trimethoprim"),
        ("unknown_drug", None),
    ]


def test_japanese_hla_notes_for_phenobarbital_and_zonisamide_are_info_without_guideline() -> None:
    """Issue 20: B*51:01 (phenobarbital) and A*02:07 (zonisamide), weak, no CPIC guideline."""
    pheno = [f for f in flag_drugs(["phenobarbitone"]) if f.kind == "hla"]
    assert [f.hla_allele for f in pheno] == ["HLA-B*51:01"]
    assert pheno[0].severity == "info"
    assert pheno[0].message.render("en").startswith("HLA-B*51:01 (weak association with SJS/TEN)")
    zoni = [f for f in flag_drugs(["Zonegran"]) if f.kind == "hla"]
    assert [f.hla_allele for f in zoni] == ["HLA-A*02:07"]
    assert zoni[0].severity == "info"
    assert "An HLA note, not part of the ALDEN score." in zoni[0].message.render("en")


def test_hla_notes_never_double_a_period() -> None:
    """Review of issue 23: a `populations` or `guideline` text of drugs.yaml that ends with a
    period was followed by the note's own period ("(Park 2016).. HLA-B*58:01 ...")."""
    from knowledge.drugs import default_catalogue

    notes = [
        flag.message.render(lang)
        for entry in default_catalogue().entries
        for flag in flag_drugs([entry.name])
        if flag.kind == "hla"
        for lang in ("en", "ko")
    ]
    assert len(notes) > 20
    assert [note for note in notes if ".." in note] == []
    allopurinol = next(f for f in flag_drugs(["allopurinol"]) if f.kind == "hla")
    english = allopurinol.message.render("en")
    assert "OR 57.4 for allopurinol SJS/TEN (Park 2016). Known HLA-B*58:01 carrier" in english
    assert "the testing recommendation is ACR's (2012, 2020). An HLA note, not part" in english
