"""The body-surface charts: every chart sums to 100 %, and the helper's arithmetic."""

from __future__ import annotations

import pytest

from knowledge import body_surface
from knowledge.i18n import fingerprint
from knowledge.loading import KnowledgeError


@pytest.fixture(scope="module")
def data() -> body_surface.BodySurface:
    return body_surface.load()


def test_every_chart_sums_to_100_percent(data):
    for chart in data.charts:
        assert sum(r.pct for r in chart.regions) == pytest.approx(100.0, abs=1e-9), chart.id


def test_rule_of_nines_is_nines(data):
    chart = data.chart("rule_of_nines")
    shares = {r.id: r.pct for r in chart.regions}
    assert shares == {
        "head_neck": 9,
        "trunk_front": 18,
        "trunk_back": 18,
        "arm_right": 9,
        "arm_left": 9,
        "leg_right": 18,
        "leg_left": 18,
        "genitalia": 1,
    }


@pytest.mark.parametrize(
    ("chart_id", "head", "thigh", "leg"),
    [
        ("lund_browder_under_1", 19, 5.5, 5),
        ("lund_browder_1_4", 17, 6.5, 5),
        ("lund_browder_5_9", 13, 8, 5.5),
        ("lund_browder_10_14", 11, 8.5, 6),
        ("lund_browder_15", 9, 9, 6.5),
        ("lund_browder_adult", 7, 9.5, 7),
    ],
)
def test_lund_browder_age_adjusted_regions(data, chart_id, head, thigh, leg):
    regions = data.chart(chart_id).region_by_id
    assert regions["head"].pct == head
    assert regions["thigh_right"].pct == regions["thigh_left"].pct == thigh
    assert regions["leg_right"].pct == regions["leg_left"].pct == leg


def test_every_chart_cites_a_known_source(data):
    assert {c.source for c in data.charts} <= set(data.sources)
    assert "Lund CC, Browder NC" in data.sources["lund_browder"]
    assert "1944;79:352-8" in data.sources["lund_browder"]
    assert "Wallace" in data.sources["wallace"]


def test_palm_hint_agrees_with_its_source(data):
    # Rhodes 2013 meta-analysis: adult hand with fingers 13 % below 1 % (~0.87 %), palm
    # 0.5 %; Nagel & Schunk 1997: children's hand 0.94 %. The hint must not say "1 %".
    hint = " ".join(data.palm_hint.split())
    assert "palm with fingers is a little under 1 %" in hint and "about 0.9 %" in hint
    assert "palm alone about 0.5 %" in hint
    source = " ".join(data.sources["palm"].split())
    assert "doi:10.1111/bjd.12290" in source and "0.94 %" in source and "0.5 %" in source
    # Nagel & Schunk 1997 abstract: "the palm was 0.52% (95% C.I. 0.51-0.53)" (issue 20).
    assert "palm 0.52 %, 95 % CI 0.51-0.53" in source
    assert "Sheridan" not in source


def test_chart_not_summing_to_100_is_rejected():
    bad = {
        "sources": {"s": "x"},
        "palm_hint": "hint",
        "palm_hint_ko": "힌트",
        "charts": [
            {
                "id": "bad",
                "label": "Bad chart",
                "ko": "잘못된 도표",
                "source": "s",
                "regions": [{"id": "head", "label": "Head", "ko": "머리", "pct": 9}],
            }
        ],
    }
    with pytest.raises(KnowledgeError, match="sum to 9 %"):
        body_surface.parse(bad)


def test_detached_pct_weights_each_region_by_its_share(data):
    chart = data.chart("rule_of_nines")
    # Half the front of the trunk (9 %) and all of the head and neck (9 %).
    total = body_surface.detached_pct(
        chart, {"trunk_front": 50, "head_neck": 100, "arm_left": None}
    )
    assert total == pytest.approx(18.0)


def test_detached_pct_everything_is_100(data):
    for chart in data.charts:
        total = body_surface.detached_pct(chart, {r.id: 100.0 for r in chart.regions})
        assert total == pytest.approx(100.0)


def test_detached_pct_rejects_share_over_100(data):
    with pytest.raises(ValueError, match="outside 0-100"):
        body_surface.detached_pct(data.chart("rule_of_nines"), {"head_neck": 120})


def test_every_chart_and_region_has_its_korean_name(data):
    # The rule of nines in Korean, region by region, in the file's order.
    assert data.chart("rule_of_nines").name("ko") == "성인 - 9의 법칙 (Wallace)"
    assert [r.name("ko") for r in data.chart("rule_of_nines").regions] == [
        "머리와 목", "몸통 앞면", "몸통 뒷면", "오른팔", "왼팔", "오른다리", "왼다리",
        "생식기와 회음부",
    ]  # fmt: skip
    adult = data.chart("lund_browder_adult").region_by_id
    assert (adult["upper_arm_left"].name("ko"), adult["leg_right"].name("ko")) == (
        "왼쪽 위팔",
        "오른쪽 종아리",
    )
    # One Korean name per English name, the same in every chart.
    names = {(r.label, r.ko) for chart in data.charts for r in chart.regions}
    assert len({label for label, _ in names}) == len(names) == len({ko for _, ko in names})
    assert data.chart("rule_of_nines").name("en") == "Adult - rule of nines (Wallace)"
    assert "0.9 %" in data.palm_hint_in("ko") and "0.5 %" in data.palm_hint_in("ko")


def test_a_korean_name_without_hangul_is_rejected(data):
    raw = data.model_dump()
    raw["charts"][0]["regions"][0]["ko"] = "Head and neck"
    with pytest.raises(KnowledgeError, match="ko"):
        body_surface.parse(raw)


def test_the_palm_hint_carries_a_current_reading_of_both_languages(data):
    # Issue 23: a second reader compared the Korean palm hint (a clinical statement with
    # figures) with its English; the record holds the fingerprints of both as read.
    check = data.palm_hint_checked
    assert check is not None and check.ko_sha is not None
    assert check.matches(data.palm_hint, data.palm_hint_ko)
    assert check.en_sha == fingerprint(data.palm_hint)
    assert check.ko_sha == fingerprint(data.palm_hint_ko)


def test_an_edit_to_either_language_makes_the_palm_hint_reading_stale(data):
    check = data.palm_hint_checked
    assert check is not None
    assert not check.matches(data.palm_hint.replace("0.5 %", "0.6 %"), data.palm_hint_ko)
    assert not check.matches(data.palm_hint, data.palm_hint_ko.replace("0.5 %", "0.6 %"))
