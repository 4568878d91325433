"""Evidence base: the real file, the safety rules, the query API, the Korean beside the English."""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from knowledge import loading
from knowledge.citations import Citation, citation_link
from knowledge.evidence import (
    DOSE_LABEL,
    DOSE_LABEL_KO,
    HARMFUL_LABEL,
    SCORTEN_CAVEAT,
    SCORTEN_CAVEAT_KO,
    SECTION_KEYS,
    SECTION_TITLES,
    TIER_LABELS,
    Comparator,
    EvidenceBase,
    EvidenceEntry,
    Tier,
    find_dose_text,
    iter_strings,
    load_evidence,
    parse_entry,
    parse_evidence,
)
from knowledge.i18n import entry_fingerprint, localized
from knowledge.loading import KnowledgeError

PRECLINICAL_LABEL = "Preclinical — not for clinical use"


@pytest.fixture(scope="module")
def base() -> EvidenceBase:
    return load_evidence()


@pytest.fixture(scope="module")
def raw_entries() -> list[dict[str, Any]]:
    return loading.load_yaml("evidence.yaml")["entries"]


def _raw(raw_entries: list[dict[str, Any]], entry_id: str) -> dict[str, Any]:
    """A deep copy of one raw entry, safe to break in a test."""
    return copy.deepcopy(next(e for e in raw_entries if e["id"] == entry_id))


# ------------------------------------------------------------------------- the real file


def test_real_file_loads_with_expected_entries(base: EvidenceBase) -> None:
    ids = {entry.id for entry in base.entries}
    expected = {
        "uk_adults_2016",
        "uk_children_2019",
        "us_consensus_2020",
        "france_pnds_2018",
        "germany_s3_2024",
        "eye_french_consensus_2020",
        "eye_amt_rct_2016",
        "post_acute_delphi_2023",
        "cyclosporine",
        "ivig",
        "corticosteroids",
        "corticosteroids_ivig",
        "etanercept_rct",
        "tnf_inhibitors_pooled",
        "jak_inhibitors",
        "plasmapheresis_nac",
        "thalidomide",
        "msc",
        "natiens",
    }
    assert expected <= ids


def test_every_entry_has_a_citation_with_doi_or_pmid(base: EvidenceBase) -> None:
    for entry in base.entries:
        assert any(c.doi or c.pmid for c in entry.citations), entry.id


def test_every_entry_has_tier_and_check_date(base: EvidenceBase) -> None:
    for entry in base.entries:
        assert entry.tier in Tier, entry.id
        assert isinstance(entry.date_checked, date), entry.id
        assert entry.check_note, entry.id


def test_every_entry_has_a_bottom_line_stated_against_its_comparator(base: EvidenceBase) -> None:
    lines = {e.id: e.bottom_line for e in base.entries}
    assert all(lines.values()), [i for i, line in lines.items() if not line]
    assert lines["msc"].startswith("Preclinical — not for clinical use")
    assert lines["thalidomide"].startswith("Harmful")
    assert "vs placebo" not in lines["thalidomide"] and "than placebo" in lines["thalidomide"]
    # A comparative claim names what it is compared with.
    for entry_id in ("cyclosporine", "ivig", "corticosteroids", "etanercept_rct"):
        assert " vs " in lines[entry_id], entry_id


def test_every_link_is_https(base: EvidenceBase) -> None:
    for entry in base.entries:
        citations = list(entry.citations)
        for report in entry.related_reports:
            citations.extend(report.citations)
        for citation in citations:
            assert citation_link(citation).startswith("https://"), entry.id


def test_msc_is_preclinical_experimental_without_dose(base: EvidenceBase) -> None:
    msc = base.get("msc")
    assert msc.tier is Tier.PRECLINICAL
    assert msc.experimental is True
    assert msc.dose is None
    assert msc.label == PRECLINICAL_LABEL
    assert "preclinical" in msc.label.lower()


def test_msc_cites_the_seed_paper_and_human_reports(base: EvidenceBase) -> None:
    msc = base.get("msc")
    seed = msc.citations[0]
    assert seed.doi == "10.3346/jkms.2020.35.e130"
    assert seed.pmcid == "PMC7167404"
    assert seed.journal == "J Korean Med Sci"
    assert "lamotrigine" in msc.summary
    assert "rarely" in msc.effect and "apoptosis" in msc.effect
    registry_ids = {c.nct_id for r in msc.related_reports for c in r.citations}
    assert "NCT04711200" in registry_ids
    assert any("3 patients" in r.design for r in msc.related_reports)


def test_thalidomide_is_harmful_with_trial_numbers(base: EvidenceBase) -> None:
    thalidomide = base.get("thalidomide")
    assert thalidomide.harmful is True
    assert thalidomide.labels[0] == HARMFUL_LABEL
    assert "10 of 12" in thalidomide.effect and "3 of 10" in thalidomide.effect
    assert any(c.pmid == "9843104" for c in thalidomide.citations)


def test_jak_inhibitors_are_experimental_without_dose(base: EvidenceBase) -> None:
    jak = base.get("jak_inhibitors")
    assert jak.experimental is True
    assert jak.dose is None
    assert "Experimental" in jak.label


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2 mg/kg", "mg"),
        ("400 mg daily", "mg"),
        ("2×10^6/kg", "/kg"),
        ("1×10⁶ cells", "×10⁶"),
        ("cells/kg", "/kg"),
        ("0.2 mL per eye", "2 mL"),
        # Korean: a particle stuck to the unit ("mg를", "/kg을") or the unit spelled out.
        ("줄기세포 1회 25 mg를 주사했습니다.", "mg"),
        ("줄기세포 2×10^6/kg을 정맥 주사했습니다.", "×10^"),
        ("줄기세포 2/kg을 투여했습니다.", "/kg"),
        ("하루 200밀리그램을 복용했습니다.", "밀리그램"),
    ],
)
def test_dose_detector_catches_dose_text(text: str, fragment: str) -> None:
    # The first dose-like fragment is returned, so a message can quote what was found.
    assert find_dose_text(text) == fragment


@pytest.mark.parametrize("text", ["SCORTEN 4", "within 48 h", "n = 64", "p = 0.002", "day 4"])
def test_dose_detector_ignores_ordinary_numbers(text: str) -> None:
    assert find_dose_text(text) is None


def test_no_experimental_entry_contains_a_dose_anywhere(base: EvidenceBase) -> None:
    # Independent of the model validator: scan every string field, citations included.
    for entry in base.entries:
        if not (entry.experimental or entry.tier is Tier.PRECLINICAL):
            continue
        assert entry.dose is None, entry.id
        for path, text in iter_strings(entry.model_dump(mode="json")):
            assert find_dose_text(text) is None, (entry.id, path, text)


def test_unverified_entries_are_the_ones_with_open_checks(base: EvidenceBase) -> None:
    unverified = {entry.id for entry in base.entries if not entry.verified}
    assert {"germany_s3_2024", "natiens"} <= unverified
    assert "msc" not in unverified


# --------------------------------------------------------------------- failing loudly


def test_entry_without_doi_or_pmid_fails_naming_entry(raw_entries: list) -> None:
    raw = _raw(raw_entries, "ivig")
    for citation in raw["citations"]:
        citation.pop("pmid", None)
        citation.pop("doi", None)
        citation["url"] = "https://example.org/record"
    with pytest.raises(KnowledgeError, match=r"entry 'ivig'.*citations.*DOI or PMID"):
        parse_entry(raw)


def test_citation_without_any_identifier_is_rejected() -> None:
    with pytest.raises(ValidationError, match="no DOI, PMID, NCT id or URL"):
        Citation(authors="Nobody A", journal="J Nowhere", year=2020)


def test_paper_citation_needs_a_year_registry_record_does_not() -> None:
    with pytest.raises(ValidationError, match="DOI/PMID but no year"):
        Citation(authors="A", journal="J", pmid="9843104")
    record = Citation(authors="Sponsor", journal="ClinicalTrials.gov", nct_id="NCT02987257")
    assert record.text == "Sponsor. ClinicalTrials.gov."


def test_malformed_doi_is_rejected(raw_entries: list) -> None:
    raw = _raw(raw_entries, "thalidomide")
    raw["citations"][0]["doi"] = "https://doi.org/10.1016/S0140-6736(98)02197-7"
    with pytest.raises(KnowledgeError, match=r"entry 'thalidomide'.*citations\.0\.doi"):
        parse_entry(raw)


def test_msc_with_dose_field_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "msc")
    raw["dose"] = "as in the registry"
    with pytest.raises(KnowledgeError, match=r"entry 'msc'.*dose must be null"):
        parse_entry(raw)


def test_msc_with_registry_dose_in_text_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "msc")
    raw["related_reports"][0]["design"] += " Cells 2×10^6/kg IV once at D0."
    with pytest.raises(
        KnowledgeError, match=r"entry 'msc'.*related_reports\.0\.design: dose-like text"
    ):
        parse_entry(raw)


def test_experimental_entry_with_mg_in_effect_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "jak_inhibitors")
    raw["effect"] += " Abrocitinib 200 mg daily."
    with pytest.raises(
        KnowledgeError, match=r"entry 'jak_inhibitors'.*effect: dose-like text 'mg'"
    ):
        parse_entry(raw)


def test_non_experimental_entry_may_state_the_trial_dose(raw_entries: list) -> None:
    entry = parse_entry(_raw(raw_entries, "etanercept_rct"))
    assert entry.dose is not None and "mg" in entry.dose


def test_thalidomide_not_harmful_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "thalidomide")
    raw["harmful"] = False
    with pytest.raises(KnowledgeError, match=r"entry 'thalidomide'.*harmful must be true"):
        parse_entry(raw)


def test_model_validate_on_dict_names_entry(raw_entries: list) -> None:
    raw = _raw(raw_entries, "thalidomide")
    raw["harmful"] = False
    with pytest.raises(ValidationError, match=r"entry 'thalidomide'.*harmful must be true"):
        EvidenceEntry.model_validate(raw)


def test_model_validate_names_entry_for_plain_field_errors(raw_entries: list) -> None:
    raw = _raw(raw_entries, "tnf_inhibitors_pooled")
    raw["extra_field"] = 1
    with pytest.raises(ValidationError, match=r"entry 'tnf_inhibitors_pooled'.*extra_field"):
        EvidenceEntry.model_validate(raw)


def test_non_mapping_entry_fails() -> None:
    with pytest.raises(KnowledgeError, match="entry #3 is not a mapping"):
        parse_entry(["not", "a", "mapping"], position=3)


def test_unknown_field_and_bad_tier_fail_naming_field(raw_entries: list) -> None:
    raw = _raw(raw_entries, "cyclosporine")
    raw["tier"] = "OBS"
    raw["recommendation"] = "use it"
    with pytest.raises(KnowledgeError) as info:
        parse_entry(raw)
    message = str(info.value)
    assert "entry 'cyclosporine'" in message
    assert "tier" in message and "recommendation" in message


def test_missing_certainty_reason_fails(raw_entries: list) -> None:
    raw = _raw(raw_entries, "ivig")
    raw["certainty"] = {"grade": None}
    with pytest.raises(KnowledgeError, match=r"entry 'ivig'.*certainty.*why"):
        parse_entry(raw)


def test_entries_are_frozen(base: EvidenceBase) -> None:
    with pytest.raises(ValidationError):
        base.get("msc").dose = "anything"  # type: ignore[misc]


def test_duplicate_ids_fail(raw_entries: list) -> None:
    data = {"entries": [_raw(raw_entries, "ivig"), _raw(raw_entries, "ivig")]}
    with pytest.raises(KnowledgeError, match="duplicate entry id 'ivig'"):
        parse_evidence(data)


def test_broken_temp_yaml_fails_at_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw_entries: list
) -> None:
    broken = _raw(raw_entries, "jak_inhibitors")
    broken["dose"] = "off-label"
    (tmp_path / "evidence.yaml").write_text(
        yaml.safe_dump({"entries": [_raw(raw_entries, "ivig"), broken]}, allow_unicode=True),
        encoding="utf-8",
    )
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)
    with pytest.raises(KnowledgeError, match=r"evidence.yaml: entry 'jak_inhibitors'.*dose"):
        load_evidence()


def test_missing_file_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loading, "DATA_DIR", tmp_path)
    with pytest.raises(KnowledgeError, match=r"evidence\.yaml"):
        load_evidence()


def test_wrong_top_level_shape_fails() -> None:
    with pytest.raises(KnowledgeError, match="exactly one key 'entries'"):
        parse_evidence([{"id": "x"}])


# -------------------------------------------------------------------- links and labels


def test_link_prefers_doi_then_pubmed_then_registry() -> None:
    both = Citation(authors="A", journal="J", year=2020, doi="10.1000/x", pmid="123")
    pmid_only = Citation(authors="A", journal="J", year=2020, pmid="9843104")
    registry = Citation(authors="A", journal="ClinicalTrials.gov", year=2021, nct_id="NCT04711200")
    assert citation_link(both) == "https://doi.org/10.1000/x"
    assert citation_link(pmid_only) == "https://pubmed.ncbi.nlm.nih.gov/9843104/"
    assert citation_link(registry) == "https://clinicaltrials.gov/study/NCT04711200"
    assert list(both.links) == ["doi:10.1000/x", "PMID 123"]


def test_tier_labels_are_words() -> None:
    assert TIER_LABELS == {
        Tier.GUIDELINE: "Guideline",
        Tier.RCT: "Randomised trial",
        Tier.OBSERVATIONAL: "Observational",
        Tier.CASE_SERIES: "Case series / report",
        Tier.PRECLINICAL: PRECLINICAL_LABEL,
    }
    assert HARMFUL_LABEL == "Harmful"


def test_citation_text(base: EvidenceBase) -> None:
    text = base.get("thalidomide").citations[0].text
    assert text.startswith("Wolkenstein P, Latarjet J, Roujeau JC, et al.")
    assert "Lancet 1998;352(9140):1586-9." in text


# ---------------------------------------------------------------------------- queries


def test_filter_hides_experimental_by_default(base: EvidenceBase) -> None:
    ids = {entry.id for entry in base.filter()}
    assert "msc" not in ids and "jak_inhibitors" not in ids
    assert "thalidomide" in ids
    with_experimental = {e.id for e in base.filter(include_experimental=True)}
    assert {"msc", "jak_inhibitors"} <= with_experimental
    assert len(with_experimental) == len(base.entries)


def test_filter_by_tier_and_category(base: EvidenceBase) -> None:
    guidelines = base.filter(tier="guideline")
    assert guidelines and all(e.tier is Tier.GUIDELINE for e in guidelines)
    eye = base.filter(category="eye_care")
    assert {e.id for e in eye} == {
        "eye_french_consensus_2020",
        "eye_amt_rct_2016",
        "eye_amt_longterm_2020",
    }
    assert base.filter(tier=Tier.PRECLINICAL) == ()
    assert [e.id for e in base.filter(tier="preclinical", include_experimental=True)] == ["msc"]
    assert "thalidomide" not in {e.id for e in base.filter(include_harmful=False)}


def test_filter_rejects_unknown_tier(base: EvidenceBase) -> None:
    with pytest.raises(ValueError):
        base.filter(tier="OBS")


def test_by_tier_orders_strongest_first_and_covers_all(base: EvidenceBase) -> None:
    grouped = base.by_tier()
    tiers = list(grouped)
    assert tiers[0] is Tier.GUIDELINE
    assert tiers[-1] is Tier.PRECLINICAL
    assert sum(len(v) for v in grouped.values()) == len(base.entries)


def test_sections_put_harmful_and_experimental_apart(base: EvidenceBase) -> None:
    sections = dict(base.sections())
    assert [e.id for e in sections["Harmful"]] == ["thalidomide"]
    assert {e.id for e in sections["Preclinical / experimental"]} == {"msc", "jak_inhibitors"}
    listed = [e.id for entries in sections.values() for e in entries]
    assert sorted(listed) == sorted(e.id for e in base.entries)


# ------------------------------------- benefit measured against SCORTEN's prediction (issue 11)


def test_every_scorten_relative_figure_carries_the_over_prediction_caveat(
    base: EvidenceBase,
) -> None:
    # Independent of the model validator: scan the shipped file's effects.
    from knowledge.evidence import SCORTEN_CAVEAT, SCORTEN_RELATIVE, Comparator

    flagged = set()
    for entry in base.entries:
        if SCORTEN_RELATIVE.search(entry.effect):
            assert Comparator.SCORTEN_PREDICTED in entry.comparators, entry.id
            assert SCORTEN_CAVEAT in entry.effect, entry.id
            flagged.add(entry.id)
    assert {"cyclosporine", "corticosteroids_ivig", "etanercept_rct", "ivig"} <= flagged
    assert "Micheletti 2018" in SCORTEN_CAVEAT and "29758282" in SCORTEN_CAVEAT
    # Issue 20: the caveat says what its sources say (pooled SMR CI includes 1; the US cohort
    # was mostly treated), not that SCORTEN over-predicts under modern care.
    assert "pooled SMR 0.91, 95 % CI 0.82-1.02, derived here by exponentiating" in SCORTEN_CAVEAT
    assert "log SMR of -0.0889, 95 % CI -0.2023 to 0.0245" in SCORTEN_CAVEAT
    assert "70.7 % received pharmacologic therapy" in SCORTEN_CAVEAT
    assert "over-predict" not in SCORTEN_CAVEAT


def test_cyclosporine_bottom_line_leads_with_its_comparators(base: EvidenceBase) -> None:
    line = base.get("cyclosporine").bottom_line
    assert line.startswith("Observational: vs mainly IVIG mortality RR 0.09 (0.00-0.49)")
    assert "vs supportive care no outcome favoured it (n = 174)" in line
    assert line.index("IVIG") < line.index("supportive care") < line.index("SMR")
    assert "over-predict" not in line


@pytest.mark.parametrize("entry_id", ["cyclosporine", "corticosteroids_ivig", "etanercept_rct"])
def test_scorten_relative_figure_without_caveat_fails(raw_entries: list, entry_id: str) -> None:
    from knowledge.evidence import SCORTEN_CAVEAT

    raw = copy.deepcopy(_raw(raw_entries, entry_id))
    raw["effect"] = raw["effect"].replace(SCORTEN_CAVEAT, "")
    with pytest.raises(KnowledgeError, match="SCORTEN_CAVEAT"):
        parse_entry(raw)


def test_smr_figure_without_scorten_comparator_fails(raw_entries: list) -> None:
    raw = copy.deepcopy(_raw(raw_entries, "thalidomide"))
    raw["effect"] += " SMR 0.5 (0.2-0.9)."
    with pytest.raises(KnowledgeError, match="scorten_predicted"):
        parse_entry(raw)


def test_etanercept_leads_with_the_comparison_against_corticosteroids(base: EvidenceBase) -> None:
    etanercept = base.get("etanercept_rct")
    assert etanercept.effect.startswith("Compared with corticosteroids")
    assert "RR 0.51 (95% CI 0.16-1.63), not statistically significant, low certainty" in (
        " ".join(etanercept.effect.split())
    )
    assert etanercept.certainty.grade == "low"


def test_trial_dose_is_labelled_off_label(base: EvidenceBase, raw_entries: list) -> None:
    from knowledge.evidence import DOSE_LABEL

    for entry in base.entries:
        if entry.dose is not None:
            assert entry.dose.startswith(DOSE_LABEL), entry.id
    raw = copy.deepcopy(_raw(raw_entries, "etanercept_rct"))
    raw["dose"] = "etanercept 25 mg twice weekly"
    with pytest.raises(KnowledgeError, match="off-label"):
        parse_entry(raw)


def test_jak_inhibitors_are_described_without_press_wording(base: EvidenceBase) -> None:
    jak = base.get("jak_inhibitors")
    text = " ".join(jak.effect.split())
    assert "seven patients" in text and "off-label" in text and "without a control group" in text
    for word in ("rapid and full recovery", "cure", "breakthrough", "groundbreaking"):
        assert word not in text.lower()


def test_japanese_ten_threshold_is_stated_consistently(base: EvidenceBase) -> None:
    japan = base.get("japan_guideline")
    text = " ".join(japan.effect.split())
    assert "over 10% of body surface area" in text and "over 30%" in text
    assert "30% or more" not in text


# ====================================== Korean beside the English (issue 23)

NUMBER = re.compile(r"\d+(?:\.\d+)?")
QUOTED = re.compile(r'"([^"]+)"')


def _shown(entry: EvidenceEntry) -> list[str]:
    """The translatable fields that have English text on this entry."""
    return [name for name in EvidenceEntry.TRANSLATED if getattr(entry, name) not in (None, ())]


def _pairs(entry: EvidenceEntry) -> list[tuple[str, str, str]]:
    """(field, English, Korean) for every translated text, list items one by one."""
    pairs = []
    for name, korean in (entry.ko or {}).items():
        english = getattr(entry, name)
        if isinstance(korean, list):
            pairs.extend(
                (f"{name}.{i}", e, k) for i, (e, k) in enumerate(zip(english, korean, strict=True))
            )
        else:
            pairs.append((name, english, korean))
    return pairs


def _numbers(text: str) -> Counter[str]:
    """The numbers of a text; "01" (a date written 2028-08-01) counts as 1."""
    return Counter(n if "." in n else str(int(n)) for n in NUMBER.findall(text))


def _flat(text: str) -> str:
    return " ".join(text.split())


# ----------------------------------------------------------------------------- completeness


def test_every_entry_has_korean_for_every_field_it_shows(base: EvidenceBase) -> None:
    missing = {
        entry.id: sorted(set(_shown(entry)) - set(entry.ko or {}))
        for entry in base.entries
        if set(_shown(entry)) - set(entry.ko or {})
    }
    assert not missing
    assert len(base.entries) == 23


def test_korean_lists_have_the_english_lengths(base: EvidenceBase) -> None:
    for entry in base.entries:
        for name, korean in (entry.ko or {}).items():
            english = getattr(entry, name)
            if isinstance(english, tuple):
                assert isinstance(korean, list) and len(korean) == len(english), (entry.id, name)
            else:
                assert isinstance(korean, str), (entry.id, name)
    msc = base.get("msc")
    assert msc.ko is not None
    assert [len(msc.ko[name]) for name in ("gaps", "related_names", "related_findings")] == [
        4,
        4,
        4,
    ]


def test_korean_keeps_every_number_of_the_english(base: EvidenceBase) -> None:
    # Korean may write a number the English spells out ("seven" -> 7, "Phase III" -> 제3상),
    # never lose one.
    for entry in base.entries:
        for name, english, korean in _pairs(entry):
            lost = _numbers(english) - _numbers(korean)
            assert not lost, (entry.id, name, dict(lost))


def test_quotations_stay_in_the_words_of_the_source(base: EvidenceBase) -> None:
    quoted = 0
    for entry in base.entries:
        for name, english, korean in _pairs(entry):
            for quote in QUOTED.findall(korean):
                assert _flat(quote) in _flat(english), (entry.id, name, quote)
                quoted += 1
    assert quoted >= 10


def test_korean_is_plain_text_for_the_page(base: EvidenceBase) -> None:
    # "~" pairs strike text through in Streamlit's markdown; "$" starts LaTeX.
    for entry in base.entries:
        for name, _, korean in _pairs(entry):
            assert "~" not in korean and "$" not in korean, (entry.id, name)
            assert korean == korean.strip() and "  " not in korean, (entry.id, name)


# -------------------------------------------------------------------- word for word


def test_cyclosporine_bottom_line_in_korean_keeps_its_comparators_in_order(
    base: EvidenceBase,
) -> None:
    line = localized(base.get("cyclosporine"), "bottom_line", "ko")
    assert line == (
        "관찰 연구: 주로 IVIG와 비교 시 사망 RR 0.09(0.00-0.49); 보존적 치료와 비교 시 유리한 "
        "결과 없음(n = 174); SMR은 예측값과의 비교일 뿐입니다."
    )
    assert line.index("IVIG") < line.index("보존적 치료") < line.index("SMR")


def test_cyclosporine_effect_in_korean_leads_with_comparative_evidence(base: EvidenceBase) -> None:
    effect = localized(base.get("cyclosporine"), "effect", "ko")
    assert effect.startswith("비교 근거를 먼저 제시합니다. Gonzalez-Herrada 2017:")
    assert effect.index("보존적 치료 대비 OR 0.19") < effect.index("SCORTEN 예측 사망과의 비교")
    assert effect.endswith(SCORTEN_CAVEAT_KO)


def test_msc_in_korean_stays_preclinical_and_not_for_clinical_use(base: EvidenceBase) -> None:
    msc = base.get("msc")
    assert localized(msc, "bottom_line", "ko") == (
        "전임상 — 임상 사용 불가: 마우스 연구이며 이 연구에서 치료받은 환자는 없습니다. "
        "사람 대상 보고는 소규모이고 대조군이 없습니다."
    )
    summary = localized(msc, "summary", "ko")
    assert "인간화 마우스 모델" in summary
    assert "lamotrigine(라모트리진)으로 유발된 SJS 환자 1명" in summary
    assert "이 연구에서 치료받은 사람 환자는 없습니다." in localized(msc, "effect", "ko")
    assert "SJS/TEN에 줄기세포 치료를 권고하는 진료지침은 없습니다." in localized(msc, "gaps", "ko")


def test_thalidomide_in_korean_is_harmful_against_placebo(base: EvidenceBase) -> None:
    thalidomide = base.get("thalidomide")
    assert localized(thalidomide, "bottom_line", "ko") == (
        "유해: 조기 중단된 무작위 대조시험에서 위약보다 사망이 많았습니다(12명 중 10명 대 "
        "10명 중 3명)."
    )
    assert localized(thalidomide, "gaps", "ko") == [
        "시험 용량은 의도적으로 표시하지 않습니다. 이 약물은 SJS/TEN에서 유해합니다."
    ]


# ----------------------------------------------------------------------- safety rules


def test_no_experimental_entry_has_a_dose_in_korean(base: EvidenceBase) -> None:
    experimental = [e for e in base.entries if e.is_experimental_or_preclinical]
    assert {e.id for e in experimental} == {"msc", "jak_inhibitors"}
    for entry in experimental:
        assert entry.ko is not None and "dose" not in entry.ko
        for name, _, korean in _pairs(entry):
            assert find_dose_text(korean) is None, (entry.id, name, korean)


def test_every_smr_figure_carries_the_korean_caveat(base: EvidenceBase) -> None:
    flagged = {e.id for e in base.entries if Comparator.SCORTEN_PREDICTED in e.comparators}
    assert flagged == {"cyclosporine", "ivig", "corticosteroids_ivig", "etanercept_rct"}
    for entry_id in flagged:
        assert SCORTEN_CAVEAT_KO in localized(base.get(entry_id), "effect", "ko"), entry_id
    # The caveat's numbers and sources are the English caveat's.
    assert _numbers(SCORTEN_CAVEAT) == _numbers(SCORTEN_CAVEAT_KO)
    for source in ("Torres-Navarro 2020", "Micheletti 2018, PMID 29758282", "log SMR -0.0889"):
        assert source in SCORTEN_CAVEAT_KO


def test_the_trial_dose_in_korean_is_labelled_and_keeps_its_numbers(base: EvidenceBase) -> None:
    doses = {e.id: e for e in base.entries if e.dose is not None}
    assert list(doses) == ["etanercept_rct"]
    entry = doses["etanercept_rct"]
    korean = localized(entry, "dose", "ko")
    assert entry.dose is not None and entry.dose.startswith(DOSE_LABEL)
    assert korean.startswith(DOSE_LABEL_KO)
    for fragment in ("25 mg", "50 mg", "65 kg", "1-1.5 mg/kg/day", "prednisolone"):
        assert fragment in korean


def test_korean_comparisons_name_their_comparator(base: EvidenceBase) -> None:
    lines = {e.id: localized(e, "bottom_line", "ko") for e in base.entries}
    assert "보존적 치료와 비교" in lines["ivig"]
    assert "코르티코스테로이드 미사용과 비교" in lines["corticosteroids"]
    assert lines["etanercept_rct"].startswith("코르티코스테로이드와 비교한 시험 1건")
    assert "위약보다" in lines["thalidomide"]
    for entry in base.entries:
        assert len(lines[entry.id]) <= 140, entry.id


# -------------------------------------------------------------------------- localized


def test_localized_gives_korean_beside_the_english(base: EvidenceBase) -> None:
    etanercept = base.get("etanercept_rct")
    assert localized(etanercept, "certainty_graded_by", "ko") == (
        "Cochrane 2022, etanercept 대 코르티코스테로이드, 사망률"
    )
    assert localized(etanercept, "certainty_graded_by", "en") == (
        "Cochrane 2022, etanercept vs corticosteroids, mortality"
    )
    ivig = base.get("ivig")
    assert localized(ivig, "certainty_note", "ko") == (
        "IVIG에 대한 GRADE 등급은 확보하지 못했습니다. 관찰 자료만 있습니다."
    )
    assert localized(ivig, "certainty_note", "en") == ivig.certainty.note
    msc = base.get("msc")
    assert localized(msc, "related_findings", "en") == tuple(
        r.findings for r in msc.related_reports
    )
    assert localized(msc, "related_names", "ko")[0] == "LYSYME 예비 시험(Henri Mondor, Creteil)"
    # A field without Korean (here: no dose) falls back to the English.
    assert localized(ivig, "dose", "ko") is None


def test_labels_in_korean_from_the_catalogue(base: EvidenceBase) -> None:
    assert base.get("thalidomide").label_in("ko") == "유해 · 무작위 대조시험"
    assert base.get("msc").label_in("ko") == "전임상 — 임상 사용 불가"
    assert base.get("jak_inhibitors").label_in("ko") == (
        "증례군 / 증례 보고 · 실험적 — 진료지침 권고 없음"
    )
    assert base.get("natiens").label_in("ko").endswith(" · 진행 중 — 아직 결과 없음")
    for entry in base.entries:
        assert entry.label_in("en") == entry.label == " · ".join(entry.labels)
        assert entry.certainty_label_in("en") == entry.certainty.label
    corticosteroids = base.get("corticosteroids")
    assert corticosteroids.certainty_label_in("ko") == (
        "GRADE: 매우 낮음 (Cochrane 2022, 코르티코스테로이드 대 미사용, 사망률)"
    )
    assert corticosteroids.certainty.label == (
        "GRADE: Very low (Cochrane 2022, corticosteroids vs no corticosteroids, mortality)"
    )
    assert base.get("ivig").certainty_label_in("ko") == "등급 없음"
    assert base.get("ivig").certainty.label == "Not graded"


def test_sections_by_key_name_the_sections_of_the_titles(base: EvidenceBase) -> None:
    keyed = base.sections_by_key()
    assert [key for key, _ in keyed] == list(SECTION_KEYS)
    assert [(SECTION_TITLES[key], entries) for key, entries in keyed] == base.sections()


def test_citation_notes_and_check_notes_in_korean(base: EvidenceBase) -> None:
    cyclosporine = base.get("cyclosporine")
    poizeau = cyclosporine.citations[-1]
    assert cyclosporine.citation_note_in(poizeau, "ko") == "상충하는 연구(이득 없음)."
    assert cyclosporine.citation_note_in(poizeau, "en") == "Conflicting study (no benefit)."
    assert cyclosporine.citation_note_in(cyclosporine.citations[0], "ko") is None
    msc = base.get("msc")
    assert msc.citation_notes == ("Journal, authors and year of publication not found.",)
    (pilot,) = [c for r in msc.related_reports for c in r.citations if c.note]
    assert msc.citation_note_in(pilot, "ko") == "학술지, 저자와 출판 연도를 찾지 못했습니다."
    assert {e.id for e in base.entries if e.citation_notes} == {
        "cyclosporine",
        "corticosteroids_ivig",
        "natiens",
        "msc",
    }
    assert localized(base.get("thalidomide"), "check_note", "ko") == (
        "Wolkenstein 1998의 초록, PMID 9843104와 DOI는 PubMed와 출판사 페이지에서 확인했습니다. "
        "Tsai/Patel의 수치는 참고 노트에서 가져왔습니다."
    )


# ------------------------------------------------------- Korean: failing loudly

KoreanEdit = Callable[[dict[str, Any]], Any]
BAD_KOREAN: list[tuple[str, str, KoreanEdit, str]] = [
    # The check's method is a code, named in words by the page (check_note is translated).
    ("ivig", "check_method", lambda ko: "원문 대조", r"ko\.check_method: not a translated field"),
    ("cyclosporine", "gaps", lambda ko: ko["gaps"][:-1], r"ko\.gaps: 3 Korean item"),
    ("ivig", "dose", lambda ko: DOSE_LABEL_KO + " 없음", r"ko\.dose: the English field is empty"),
    ("ivig", "gaps", lambda ko: "용량은 연구마다 다릅니다.", r"ko\.gaps: must be a list"),
    ("ivig", "summary", lambda ko: " ", r"ko\.summary: an empty Korean"),
    ("ivig", "bottom_line", lambda ko: "가" * 141, r"ko\.bottom_line: longer than 140"),
    (
        "etanercept_rct",
        "dose",
        lambda ko: "etanercept 25 mg 주 2회 피하 주사.",
        r"ko\.dose must start",
    ),
    (
        "corticosteroids_ivig",
        "effect",
        lambda ko: ko["effect"].replace(SCORTEN_CAVEAT_KO, ""),
        "must carry SCORTEN_CAVEAT_KO",
    ),
    (
        "msc",
        "effect",
        lambda ko: ko["effect"] + " 줄기세포 1회 25 mg를 주사했습니다.",
        r"ko\.effect: dose-like text 'mg'",
    ),
    (
        "jak_inhibitors",
        "gaps",
        lambda ko: [*ko["gaps"][:-1], "하루 200밀리그램을 복용했습니다."],
        r"ko\.gaps\.1: dose-like text '밀리그램'",
    ),
]


@pytest.mark.parametrize(
    ("entry_id", "field", "edit", "message"),
    [pytest.param(*case, id=f"{case[0]}-{case[1]}") for case in BAD_KOREAN],
)
def test_bad_korean_fails_naming_entry_and_field(
    raw_entries: list, entry_id: str, field: str, edit: KoreanEdit, message: str
) -> None:
    raw = _raw(raw_entries, entry_id)
    raw["ko"][field] = edit(raw["ko"])
    with pytest.raises(KnowledgeError, match=rf"entry '{entry_id}'.*{message}"):
        parse_entry(raw)


def test_second_reading_record_is_accepted(raw_entries: list) -> None:
    raw = _raw(raw_entries, "ivig")
    raw["ko_checked"] = {"date": "2026-12-08", "en_sha": "0123456789ab"}
    assert parse_entry(raw).ko_checked is not None


# ------------------------------------------------------- Korean: the second reading


def test_every_korean_text_carries_a_current_second_reading(base: EvidenceBase) -> None:
    # A second reader compared each entry's Korean with the English it translates; a change to
    # that English makes the check stale (en_sha no longer matches) and names the entry.
    stale = [
        entry.id
        for entry in base.entries
        if entry.ko
        and not (
            entry.ko_checked is not None
            and entry.ko_checked.en_sha == entry_fingerprint(entry, entry.ko)
        )
    ]
    assert not stale
    assert all(entry.ko for entry in base.entries)


def test_a_change_to_the_english_makes_the_second_reading_stale(raw_entries: list) -> None:
    raw = _raw(raw_entries, "thalidomide")
    entry = parse_entry(raw)
    assert entry.ko_checked is not None
    assert entry.ko_checked.en_sha == entry_fingerprint(entry, entry.ko or {})
    raw["bottom_line"] = raw["bottom_line"].replace("10 of 12", "9 of 12")
    edited = parse_entry(raw)
    assert edited.ko_checked == entry.ko_checked
    assert edited.ko_checked is not None
    assert edited.ko_checked.en_sha != entry_fingerprint(edited, edited.ko or {})


def test_the_korean_caveat_brackets_the_interval_of_the_log_smr() -> None:
    # Second reading: the 95 % CI belongs to the log SMR that was exponentiated.
    assert "log SMR -0.0889(95 % CI -0.2023에서 0.0245)를 여기서 지수 변환하여" in (
        SCORTEN_CAVEAT_KO
    )
