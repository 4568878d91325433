"""Flag callouts on the Drugs page in the reader's language: Korean titles, messages and
sources' label; the English original one toggle away ("원문 보기"); English as before."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from knowledge.i18n import Lang
from scoring.drug_flags import flag_drugs
from ui import i18n

PAGE = str(Path(__file__).resolve().parents[3] / "ui" / "pages" / "drugs_page.py")
CASE: dict[str, Any] = {
    "assessments": [{"assessment_day": 1, "inputs": {}, "units": {}}],
    "active_day": 1,
    "index_day": "2024-03-15",
    "other_cause_non_drug": False,
    "drugs": [
        {"name": "Depakote", "start": "2023-01-01", "stop": None},
        {"name": "lamotrigine", "start": "2024-03-01", "stop": None},
        {"name": "Tegretol", "start": "2024-03-01", "stop": None},
    ],
}


def _app(lang: str, *, original: bool = False) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["case"] = copy.deepcopy(CASE)
    at.session_state[i18n.LANG_KEY] = lang
    at.session_state[i18n.ORIGINAL_KEY] = original
    at.run()
    assert not at.exception
    return at


def _callouts(at: AppTest) -> list[str]:
    return [w.value for w in at.warning] + [i.value for i in at.info]


def _valproate_message(lang: Lang) -> str:
    flags = flag_drugs(["Depakote", "lamotrigine"])
    flag = next(f for f in flags if f.kind == "lamotrigine_valproate")
    return flag.message.render(lang)


def test_flags_in_korean() -> None:
    at = _app("ko")
    callouts = _callouts(at)
    valproate = next(c for c in callouts if c.startswith("**Lamotrigine과 valproate 병용.**"))
    assert valproate == f"**Lamotrigine과 valproate 병용.** {_valproate_message('ko')}"
    high_risk = "**고위험 약물.** lamotrigine: SJS/TEN 고위험 약물 목록"
    assert any(c.startswith(high_risk) for c in callouts)
    hla = [c for c in callouts if c.startswith("**HLA 연관: carbamazepine, HLA-B\\*15:\u206002.**")]
    assert hla and "보유자: 한족(특히 중국 남부, 대만, 홍콩)" in hla[0]
    assert "**고위험 약물**" in [m.value for m in at.markdown]
    assert "**HLA 참고 사항(진료지침과 해당 집단)**" in [m.value for m in at.markdown]
    assert {e.label for e in at.expander if e.label in ("출처", "Source")} == {"출처"}
    assert not any("English original" in c or "원문(영어)" in c for c in callouts)


def test_show_original_puts_the_english_under_the_korean() -> None:
    at = _app("ko", original=True)
    valproate = next(c for c in _callouts(at) if c.startswith("**Lamotrigine과 valproate 병용.**"))
    english = _valproate_message("en")
    assert valproate.endswith(f"\n\n원문(영어): {english}")


def test_flags_in_english_as_before() -> None:
    at = _app("en", original=True)  # the toggle means nothing in English
    callouts = _callouts(at)
    valproate = next(c for c in callouts if c.startswith("**Lamotrigine with valproate.**"))
    assert valproate == f"**Lamotrigine with valproate.** {_valproate_message('en')}"
    assert "**HLA notes (guideline and populations)**" in [m.value for m in at.markdown]


def test_the_longest_hla_note_is_shown_whole() -> None:
    # HLA-A*31:01 with carbamazepine runs past 1,000 characters: no longer cut with "…".
    at = _app("en")
    a3101 = next(c for c in _callouts(at) if "HLA-A\\*31:\u206001.**" in c)
    assert "…" not in a3101
    assert "2018;103:\u2060574-81. An HLA note, not part of the ALDEN score." in a3101
