"""Evidence page in Korean (issue 23): tabs, the at-a-glance table, the cards and the
differential in the reader's language; harmful and preclinical rows named in words (유해:,
전임상:) as well as tinted; Korean search words find the English entries; "원문 보기" shows
the English original beside the Korean; a language switch keeps the search and the category.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from knowledge.differential import load_differential
from knowledge.evidence import DOSE_LABEL_KO, find_dose_text, load_evidence
from knowledge.i18n import localized
from tests.ui.pages.test_evidence_page import PAGE, _cards, _tab, _text
from ui import i18n
from ui.widgets.evidence_overview import CAUTION_TINT, HARMFUL_TINT

SECTIONS_KO = [
    "진료지침 기반 보존적 치료",
    "무작위 대조시험 근거",
    "관찰 연구",
    "증례 보고",
    "전임상 / 실험적",
    "유해",
]
HEADERS_KO = ["치료 또는 출처", "근거", "확실성", "핵심 요약", "확인일"]


def open_ko(*, original: bool = False) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state[i18n.LANG_KEY] = "ko"
    if original:
        at.session_state[i18n.ORIGINAL_KEY] = True
    at.run()
    assert not at.exception
    return at


@pytest.fixture
def at() -> AppTest:
    return open_ko()


def _search(at: AppTest, text: str) -> AppTest:
    at.text_input(key="evidence_search").input(text).run()
    assert not at.exception
    return at


def _listing(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "모든 근거 수준에서" in m.value)


def _table_names(at: AppTest) -> list[str]:
    return list(at.table[0].value["치료 또는 출처"])


# --- the page's words --------------------------------------------------------------------


def test_title_search_and_category_in_korean(at: AppTest) -> None:
    assert at.title[0].value == "근거"
    assert at.markdown[0].value.startswith("SJS/TEN의 보존적 치료와 치료법을 근거의 강도에 따라")
    search = at.text_input(key="evidence_search")
    assert search.label == "모든 근거 수준에서 검색"
    assert search.placeholder.startswith("예) 시클로스포린, 면역글로불린, 스테로이드")
    category = at.multiselect(key="evidence_categories")
    assert category.label == "분류"
    assert category.options == [
        "보존적 치료",
        "눈 관리",
        "급성기 이후 관리와 후유증",
        "전신 치료",
        "세포 치료",
    ]
    assert [s.value for s in at.subheader] == ["한눈에 보기", "근거 수준별 항목"]


def test_tabs_are_the_tiers_in_korean_with_their_counts(at: AppTest) -> None:
    counts = [len(entries) for _, entries in load_evidence().sections()]
    assert [t.label for t in at.tabs] == [
        f"{title} · {n}" for title, n in zip(SECTIONS_KO, counts, strict=True)
    ]
    assert at.tabs[0].caption[0].value == (
        f"진료지침 기반 보존적 치료: {counts[0]}개 항목 중 {counts[0]}개가 필터와 일치합니다."
    )


# --- the at-a-glance table ----------------------------------------------------------------


def test_table_headers_and_flagged_rows_in_korean(at: AppTest) -> None:
    base = load_evidence()
    table = at.table[0].value
    assert list(table.columns) == HEADERS_KO
    rows = table.set_index("치료 또는 출처")
    msc = rows.loc["전임상: 중간엽 줄기(기질)세포"]
    assert msc["근거"] == "전임상 — 임상 사용 불가"
    assert msc["핵심 요약"] == localized(base.get("msc"), "bottom_line", "ko")
    assert msc["핵심 요약"].startswith("전임상 — 임상 사용 불가: 마우스 연구이며")
    thalidomide = rows.loc["유해: Thalidomide"]
    assert thalidomide["근거"] == "유해 · 무작위 대조시험"
    assert thalidomide["핵심 요약"].startswith("유해: 조기 중단된 무작위 대조시험에서 위약보다")
    assert (
        rows.loc["실험적: JAK 억제제"]["근거"] == "증례군 / 증례 보고 · 실험적 — 진료지침 권고 없음"
    )
    assert rows.loc["전신 코르티코스테로이드"]["확실성"] == (
        "GRADE: 매우 낮음 :small[(Cochrane 2022, 코르티코스테로이드 대 미사용, 사망률)]"
    )
    assert rows.loc["정맥내 면역글로불린(IVIG)"]["확실성"] == "등급 없음"
    # The first row is a therapy, as in English; every entry has its row.
    assert table.index.size == len(base.entries)
    assert _table_names(at)[0] == "Etanercept(코르티코스테로이드와 비교한 무작위 대조시험)"
    # No English original unless asked for.
    assert base.get("ivig").bottom_line not in " ".join(table["핵심 요약"])


def test_flagged_rows_are_tinted_and_the_caption_names_the_colours(at: AppTest) -> None:
    styled = at.table[0].proto.arrow_data.styler.styles
    assert HARMFUL_TINT in styled and CAUTION_TINT in styled
    caption = next(c.value for c in at.caption if c.value.startswith("항목마다 한 줄이며"))
    assert "유해(빨간색)" in caption and "전임상 / 실험적(황색)" in caption


# --- the cards ----------------------------------------------------------------------------


def test_msc_card_is_preclinical_in_korean_and_only_there(at: AppTest) -> None:
    tab = _tab(at, "전임상 / 실험적")
    assert "중간엽 줄기(기질)세포" in _cards(tab)
    text = _text(tab)
    assert "**전임상 — 임상 사용 불가.** 권고가 아닙니다: 이 치료를 뒷받침하는 진료지침은" in text
    assert ":orange-badge[전임상 — 임상 사용 불가] :gray-badge[세포 치료]" in text
    assert ":orange-badge[실험적 — 진료지침 권고 없음]" in text  # JAK inhibitors
    assert "인간화 마우스 모델" in text
    for other in SECTIONS_KO[:4]:
        assert "중간엽" not in _text(_tab(at, other))


def test_thalidomide_card_is_harmful_in_korean(at: AppTest) -> None:
    tab = _tab(at, "유해")
    assert _cards(tab) == ["Thalidomide"]
    assert tab.error[0].value == (
        "**유해 · 무작위 대조시험.** 유해: 인용된 근거는 이 치료를 더 나쁜 결과와 연관 짓습니다. "
        "선택지가 아니라 경고로 싣습니다."
    )
    # Citations stay as published, with their links.
    assert "[PMID 9843104](https://pubmed.ncbi.nlm.nih.gov/9843104/)" in _text(tab)


def test_no_dose_in_korean_experimental_or_harmful_cards_and_the_trial_dose_labelled(
    at: AppTest,
) -> None:
    for title in ("전임상 / 실험적", "유해"):
        text = _text(_tab(at, title))
        assert find_dose_text(text) is None, title
        assert "인용된 연구에서 시험한 용량" not in text
    rct = _text(_tab(at, "무작위 대조시험 근거"))
    assert f"**인용된 연구에서 시험한 용량(권고가 아님).** {DOSE_LABEL_KO}" in rct


def test_card_certainty_gaps_sources_and_check_in_korean(at: AppTest) -> None:
    rct = _text(_tab(at, "무작위 대조시험 근거"))
    assert (
        "**확실성.** GRADE: 낮음 (Cochrane 2022, etanercept 대 코르티코스테로이드, 사망률)." in rct
    )
    assert "**부족한 점**\n- " in rct
    assert "**출처**\n- " in rct
    assert "확인일: 2026-11-30 · 검증됨(프로젝트의 참고 노트에서 옮겨 적음)." in rct
    observational = _tab(at, "관찰 연구")
    text = _text(observational)
    assert "**결과(수치는 출처에 적힌 그대로).** 비교 근거를 먼저 제시합니다." in text
    assert "**상충하는 근거**\n- Poizeau 2018, 단일 기관" in text
    # A citation note is the project's words: in Korean; the citation itself as published.
    assert (
        "Poizeau F, Gaudin O, Le Cleach L, et al. J Invest Dermatol 2018;138(6):1293-300. " in text
    )
    assert "(상충하는 연구(이득 없음).) [doi:10.1016/j.jid.2017.12.034]" in text
    checked = [e for e in observational.expander if e.label == "확인 방법"]
    assert checked
    ivig = load_evidence().get("ivig")
    assert any(m.value == localized(ivig, "check_note", "ko") for e in checked for m in e.markdown)


def test_related_reports_in_korean(at: AppTest) -> None:
    tab = _tab(at, "전임상 / 실험적")
    related = next(e for e in tab.expander if e.label == "관련 보고와 시험(4건)")
    first = related.markdown[0].value
    assert first.startswith("**LYSYME 예비 시험(Henri Mondor, Creteil)**\n\n*설계:* ")
    assert "\n\n*결과:* " in first
    text = "\n".join(m.value for m in related.markdown)
    assert "(학술지, 저자와 출판 연도를 찾지 못했습니다.)" in text


# --- search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("시클로스포린", "Cyclosporine(사이클로스포린)"),  # MFDS spelling -> ciclosporin entry
        ("사이클로스포린", "Cyclosporine(사이클로스포린)"),
        ("시클로", "Cyclosporine(사이클로스포린)"),  # a word begun
        ("면역글로불린", "정맥내 면역글로불린(IVIG)"),
        ("면역 글로불린", "정맥내 면역글로불린(IVIG)"),  # any spacing
        ("스테로이드", "전신 코르티코스테로이드"),
        ("에타너셉트", "Etanercept(코르티코스테로이드와 비교한 무작위 대조시험)"),
        ("양막", "급성 SJS/TEN에서 양막 치료 - 장기 결과"),  # the entries' own Korean text
        ("ciclosporin", "Cyclosporine(사이클로스포린)"),  # the English synonyms still work
    ],
)
def test_korean_search_words_find_entries_and_the_table_follows(
    at: AppTest, typed: str, expected: str
) -> None:
    _search(at, typed)
    assert f"- {expected} — " in _listing(at)
    names = [n.split(": ", 1)[-1] for n in _table_names(at)]
    assert expected in names
    assert len(names) < len(load_evidence().entries)


def test_the_ciclosporin_search_in_korean_opens_its_tab_and_lists_it(at: AppTest) -> None:
    _search(at, "시클로스포린")
    listing = _listing(at)
    assert listing.startswith("**모든 근거 수준에서 ")
    assert "- Cyclosporine(사이클로스포린) — 관찰 연구 (탭 “관찰 연구 · " in listing
    observational = _tab(at, "관찰 연구")
    assert observational.label == "관찰 연구 · 6개 중 4개"  # as "ciclosporin" in English
    assert "Cyclosporine(사이클로스포린)" in _cards(observational)
    assert _tab(at, "진료지침 기반 보존적 치료").label == "진료지침 기반 보존적 치료 · 9개 중 1개"


def test_search_with_no_match_says_so_in_korean(at: AppTest) -> None:
    _search(at, "없는검색어")
    assert [i.value for i in at.info][-1] == (
        "어느 근거 수준에도 일치하는 항목이 없습니다. "
        "더 짧은 단어로 찾거나 선택한 분류를 지우십시오."
    )
    assert "검색과 일치하는 항목이 없습니다." in [m.value for m in at.markdown]


def test_a_language_switch_keeps_the_search_and_the_category() -> None:
    at = AppTest.from_file(PAGE, default_timeout=30).run()
    at.multiselect(key="evidence_categories").set_value(["eye_care"]).run()
    _search(at, "amniotic")
    at.session_state[i18n.LANG_KEY] = "ko"
    at.run()
    assert not at.exception
    assert at.text_input(key="evidence_search").value == "amniotic"
    category = at.multiselect(key="evidence_categories")
    assert category.value == ["eye_care"]
    assert category.label == "분류"
    assert category.options[1] == "눈 관리"
    assert _cards(_tab(at, "관찰 연구")) == ["급성 SJS/TEN에서 양막 치료 - 장기 결과"]


# --- "원문 보기" ----------------------------------------------------------------------------


def test_show_original_puts_the_english_beside_the_korean() -> None:
    base = load_evidence()
    at = open_ko(original=True)
    ivig = base.get("ivig")
    line = at.table[0].value.set_index("치료 또는 출처")
    cell = next(v for k, v in line["핵심 요약"].items() if k.startswith("정맥내 면역글로불린"))
    assert cell == (
        f"{localized(ivig, 'bottom_line', 'ko')} :small[원문(영어): {ivig.bottom_line}]"
    )
    assert line.index.size == len(base.entries)
    # The cards: the English of each Korean text in a caption below it.
    tab = _tab(at, "관찰 연구")
    captions = [c.value for c in tab.caption]
    assert f"원문(영어): {ivig.summary}" in captions
    assert "원문(영어): Cyclosporine" in captions
    assert "(상충하는 연구(이득 없음). 원문(영어): Conflicting study (no benefit).)" in _text(tab)
    checked = [e for e in tab.expander if e.label == "확인 방법"]
    assert any(c.value == f"원문(영어): {ivig.check_note}" for e in checked for c in e.caption)


def test_show_original_in_the_differential() -> None:
    at = open_ko(original=True)
    ssss = next(e for e in at.expander if e.label == "포도알균 열상 피부 증후군(SSSS)")
    english = load_differential().get("ssss")
    assert f"원문(영어): {english.name}" in [c.value for c in ssss.caption]


# --- the differential ------------------------------------------------------------------------


def test_differential_in_korean(at: AppTest) -> None:
    base = load_differential()
    assert "감별 진단: SJS/TEN과 비슷해 보일 수 있는 질환" in [h.value for h in at.header]
    labels = [e.label for e in at.expander]
    for entry in base.entries:
        assert localized(entry, "name", "ko") in labels, entry.id
    intro = next(m.value for m in at.markdown if m.value.startswith("아래 각 질환에"))
    assert "피부 생검 및 직접면역형광검사 소견을 적었습니다." in intro
    ssss = next(e for e in at.expander if e.label == "포도알균 열상 피부 증후군(SSSS)")
    fields = [m.value.split("** ", 1)[0] + "**" for m in ssss.markdown]
    assert fields[-2:] == ["**SJS/TEN과의 구별점:**", "**피부 생검 / 직접면역형광검사:**"]
    assert ssss.caption[0].value.startswith("출처: [Elias PM")
    assert not [c for c in ssss.caption if c.value.startswith("원문")]
