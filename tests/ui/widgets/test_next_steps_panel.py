"""Next steps panel: the steps in the reader's language, the English original one toggle away."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ui import i18n


def _panel(lang: str, original: bool = False) -> AppTest:
    def page() -> None:
        from reports.assessment import assess
        from reports.case_file import score_assessments
        from scoring.next_steps import next_steps
        from ui.widgets import next_steps_panel

        case = {  # the bedside TEN case: adult, 35 % detached, lamotrigine for 14 days
            "assessments": [
                {
                    "assessment_day": 1,
                    "inputs": {"age_years": 67, "bsa_detached_pct": 35},
                    "units": {},
                }
            ],
            "active_day": 1,
            "index_day": "2024-03-31",
            "other_cause_non_drug": False,
            "drugs": [{"name": "lamotrigine", "start": "2024-03-17"}],
        }
        next_steps_panel.show(next_steps(case, score_assessments(case), assess(case).alden))

    at = AppTest.from_function(page, default_timeout=30)
    at.session_state[i18n.LANG_KEY] = lang
    at.session_state[i18n.ORIGINAL_KEY] = original
    return at.run()


def _shown(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def test_steps_in_korean() -> None:
    at = _panel("ko")
    assert not at.exception
    shown = _shown(at)
    assert "**1. lamotrigine 즉시 중단**" in shown
    assert "**2. 화상 센터 또는 중환자실(ICU)에 즉시 입원**" in shown
    assert (
        "SJS/TEN 치료 경험이 있고 광범위한 피부 소실 창상을 관리할 시설을 갖춘 화상 센터 또는 "
        "중환자실(ICU)에 지체 없이 입원시키십시오." in shown
    )
    # The source: its short name in Korean, section and grade as published.
    assert (
        "**영국피부과학회(BAD) 성인 진료지침 2016, Summary of recommendations: Care setting — "
        "권고 강도 D (GPP)**" in shown
    )
    assert not any(s.startswith("원문(영어)") for s in shown)  # the original is asked for


def test_original_beside_the_korean_when_asked_for() -> None:
    shown = _shown(_panel("ko", original=True))
    assert "**2. 화상 센터 또는 중환자실(ICU)에 즉시 입원**" in shown
    originals = [s for s in shown if s.startswith("원문(영어): ")]
    assert len(originals) == 13  # one per step
    assert originals[1].startswith("원문(영어): **Burn centre or ICU now** — Admit without delay")


def test_english_unchanged_and_no_original_under_english() -> None:
    shown = _shown(_panel("en", original=True))
    assert "**1. Stop lamotrigine now**" in shown
    assert "**2. Burn centre or ICU now**" in shown
    assert not any("Original (English)" in s or "원문" in s for s in shown)
