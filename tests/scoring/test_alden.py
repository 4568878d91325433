"""ALDEN (Sassolas 2010) as fixed by the contract and drugs.md §1.4: every band edge."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.alden import (
    AldenCase,
    DrugExposure,
    assess,
    assess_case,
    category,
    other_cause_points,
    score_delay,
    score_presence,
)
from scoring.tabular import loads

INDEX = date(2024, 3, 31)


def day(offset: int) -> str:
    """ISO date `offset` days before the index day (negative = after)."""
    return (INDEX - timedelta(days=offset)).isoformat()


def drug(name: str = "lamotrigine", start: int = 10, **extra: Any) -> dict[str, Any]:
    return {"name": name, "start": day(start), **extra}


def record(*drugs: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": "case-1", "index_day": INDEX.isoformat(), "drugs": list(drugs), **extra}


def only(result: dict[str, Any]) -> dict[str, Any]:
    assert result["errors"] == []
    assert len(result["drugs"]) == 1
    return result["drugs"][0]


# --- criterion 1: delay ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("delay", "points"),
    [(-1, -3), (0, -3), (1, 1), (4, 1), (5, 3), (28, 3), (29, 2), (56, 2), (57, -1), (400, -1)],
)
def test_delay_bands_without_previous_reaction(delay: int, points: int) -> None:
    assert score_delay(delay, previous_same_drug_reaction=False).points == points
    assert only(assess(record(drug(start=delay))))["criteria"]["delay"] == points


@pytest.mark.parametrize(
    ("delay", "points"),
    [(-1, -3), (0, -3), (1, 3), (4, 3), (5, 1), (28, 1), (29, 1), (56, 1), (57, -1)],
)
@pytest.mark.parametrize("history", ["sjs_ten_same_drug", "other_reaction_same_drug"])
def test_delay_bands_change_after_previous_reaction_to_same_drug(
    delay: int, points: int, history: str
) -> None:
    out = only(assess(record(drug(start=delay, previous_exposure=history))))
    assert out["criteria"]["delay"] == points


@pytest.mark.parametrize("history", ["sjs_ten_similar_drug", "other_reaction_similar_drug"])
def test_reaction_to_similar_drug_does_not_change_delay_bands(history: str) -> None:
    assert only(assess(record(drug(start=4, previous_exposure=history))))["criteria"]["delay"] == 1
    assert only(assess(record(drug(start=5, previous_exposure=history))))["criteria"]["delay"] == 3


# --- criterion 2: presence on the index day --------------------------------------------


@pytest.mark.parametrize(
    ("half_life", "points"),
    [(24.1, 0), (24.0, 0), (23.9, -3)],  # stopped 5 days = 120 h; 5 x t1/2 = 120.5/120/119.5
    ids=["below-5-half-lives", "exactly-5-half-lives", "above-5-half-lives"],
)
def test_presence_five_half_lives_edge(half_life: float, points: int) -> None:
    d = drug(start=30, stop=day(5), half_life_hours=half_life)
    assert only(assess(record(d)))["criteria"]["presence"] == points


@pytest.mark.parametrize(("half_life", "points"), [(24.1, 0), (24.0, 0), (23.9, -1)])
def test_presence_with_organ_impairment_is_doubtful_not_excluded(
    half_life: float, points: int
) -> None:
    d = drug(start=30, stop=day(5), half_life_hours=half_life, organ_impairment_or_interaction=True)
    assert only(assess(record(d)))["criteria"]["presence"] == points


@pytest.mark.parametrize(("stop", "points"), [(None, 0), (day(0), 0), (day(-3), 0)])
def test_presence_taken_up_to_or_after_index_day(stop: str | None, points: int) -> None:
    d = drug(start=30, stop=stop, half_life_hours=1.0)
    assert only(assess(record(d)))["criteria"]["presence"] == points


def test_presence_uses_knowledge_base_half_life() -> None:
    # lamotrigine 33 h in drugs.yaml: 5 x 33 = 165 h; 6 days = 144 h, 7 days = 168 h.
    assert only(assess(record(drug(start=30, stop=day(6)))))["criteria"]["presence"] == 0
    assert only(assess(record(drug(start=30, stop=day(7)))))["criteria"]["presence"] == -3


def test_given_half_life_overrides_knowledge_base() -> None:
    d = drug(start=30, stop=day(7), half_life_hours=70.0)  # lamotrigine with valproate
    out = only(assess(record(d)))
    assert out["criteria"]["presence"] == 0
    assert "half-life used: 70 h (given)" in out["notes"]


def test_unknown_half_life_scores_zero_with_warning() -> None:
    result = assess(record(drug("chlormezanone", start=60, stop=day(40))))
    assert only(result)["criteria"]["presence"] == 0
    assert [w["field"] for w in result["warnings"]] == ["drugs[0].half_life_hours"]


def test_score_presence_direct() -> None:
    assert score_presence(None, None, False).points == 0
    assert score_presence(10, None, False).label == "Definite (half-life unknown)"
    assert score_presence(10, 1.0, True).points == -1
    assert score_presence(10, 1.0, False).points == -3


# --- criteria 3 and 4 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("history", "points"),
    [
        ("sjs_ten_same_drug", 4),
        ("sjs_ten_similar_drug", 2),
        ("other_reaction_same_drug", 2),
        ("other_reaction_similar_drug", 1),
        ("none", 0),
        ("unknown", 0),
        ("tolerated", -2),
    ],
)
def test_prechallenge(history: str, points: int) -> None:
    d = drug(start=10, previous_exposure=history)
    assert only(assess(record(d)))["criteria"]["prechallenge"] == points


def test_prechallenge_defaults_to_unknown() -> None:
    assert only(assess(record(drug())))["criteria"]["prechallenge"] == 0


@pytest.mark.parametrize(("continued", "points"), [(True, -2), (False, 0), (None, 0)])
def test_dechallenge(continued: bool | None, points: int) -> None:
    d = drug(start=10, continued_after_onset=continued)
    assert only(assess(record(d)))["criteria"]["dechallenge"] == points


def test_continued_after_onset_but_stopped_before_index_is_an_error() -> None:
    d = drug(start=30, stop=day(3), continued_after_onset=True)
    result = assess(record(d))
    assert [e["field"] for e in result["errors"]] == ["drugs[0].continued_after_onset"]
    assert result["drugs"][0]["score"] is None


# --- criterion 5: notoriety and names ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "normalized", "notoriety"),
    [
        ("Lamictal", "lamotrigine", 3),
        ("Lamictal XR 200 mg", "lamotrigine", 3),
        ("Bactrim", "sulfamethoxazole/trimethoprim", 3),
        ("Bactrim DS", "sulfamethoxazole/trimethoprim", 3),
        ("co-trimoxazole", "sulfamethoxazole/trimethoprim", 3),
        ("Depakote", "valproic acid", 1),
        ("hydrochlorothiazide", "hydrochlorothiazide", -1),
        ("levetiracetam", "levetiracetam", 0),
    ],
)
def test_notoriety_and_normalized_name_from_knowledge_base(
    name: str, normalized: str, notoriety: int
) -> None:
    out = only(assess(record(drug(name))))
    assert out["normalized_name"] == normalized
    assert out["criteria"]["notoriety"] == notoriety


def test_notoriety_override() -> None:
    out = only(assess(record(drug("lamotrigine", notoriety=1))))
    assert out["criteria"]["notoriety"] == 1
    assert "notoriety +1 given (knowledge base: +3)" in out["notes"]


def test_unknown_drug_keeps_notoriety_zero_with_note_and_suggestion() -> None:
    result = assess(record(drug("Lamotrigin")))
    out = only(result)
    assert out["criteria"]["notoriety"] == 0
    assert out["normalized_name"] == "lamotrigin"
    assert out["notes"] == [
        "drug 'Lamotrigin' is not in the knowledge base: notoriety 0 (unknown); "
        "did you mean lamotrigine?"
    ]
    assert result["warnings"][0]["field"] == "drugs[0].name"


def test_unknown_drug_without_near_miss_has_no_suggestion() -> None:
    out = only(assess(record(drug("zzqx-401"))))
    assert out["criteria"]["notoriety"] == 0
    assert "did you mean" not in out["notes"][0]


# --- criterion 6: other cause ----------------------------------------------------------


def test_other_cause_two_drugs() -> None:
    assert other_cause_points([6, 2], False) == [0, -1]


def test_other_cause_tie_at_top_keeps_zero_for_both() -> None:
    assert other_cause_points([6, 6], False) == [0, 0]


def test_other_cause_three_drugs_with_tie() -> None:
    assert other_cause_points([6, 3, 6], False) == [0, -1, 0]


def test_other_cause_three_drugs_distinct() -> None:
    assert other_cause_points([4, 5, 3], False) == [-1, 0, -1]


def test_other_cause_needs_top_above_three() -> None:
    assert other_cause_points([3, 1, -2], False) == [0, 0, 0]
    assert other_cause_points([4, 1], False) == [0, -1]


def test_other_cause_non_drug_gives_everyone_minus_one_once() -> None:
    assert other_cause_points([6, 2], True) == [-1, -1]
    result = assess(record(drug(start=10), drug("ibuprofen", start=2), other_cause_non_drug=True))
    assert [d["criteria"]["other_cause"] for d in result["drugs"]] == [-1, -1]


def test_meregildo_rodriguez_worked_case() -> None:
    """Rev Cuerpo Med HNAAA 2021;14(3), doi:10.35434/rcmhnaaa.2021.143.1266: lamotrigine and
    phenobarbital from 2019-10-30, rash 2019-11-18, withdrawn 2019-11-22: both ALDEN 6."""
    case = {
        "id": "meregildo",
        "index_day": "2019-11-18",
        "drugs": [
            {"name": "valproate", "start": "2019-09-03", "stop": "2019-11-22"},
            {"name": "lamotrigine", "start": "2019-10-30", "stop": "2019-11-22"},
            {"name": "phenobarbital", "start": "2019-10-30", "stop": "2019-11-22"},
        ],
    }
    result = assess(case)
    top = {d["normalized_name"]: d for d in result["drugs"][:2]}
    assert set(top) == {"lamotrigine", "phenobarbital"}
    for d in top.values():
        assert d["criteria"] == {
            "delay": 3, "presence": 0, "prechallenge": 0,
            "dechallenge": 0, "notoriety": 3, "other_cause": 0,
        }  # fmt: skip
        assert (d["score"], d["category"]) == (6, "very probable")
    assert result["drugs"][2]["normalized_name"] == "valproic acid"
    assert result["drugs"][2]["criteria"]["other_cause"] == -1


# --- final score, categories, order -------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (-12, "very unlikely"),
        (-1, "very unlikely"),
        (0, "unlikely"),
        (1, "unlikely"),
        (2, "possible"),
        (3, "possible"),
        (4, "probable"),
        (5, "probable"),
        (6, "very probable"),
        (10, "very probable"),
    ],
)
def test_category_bands(score: int, label: str) -> None:
    assert category(score) == label


def test_maximum_score_is_ten() -> None:
    d = drug("carbamazepine", start=10, previous_exposure="sjs_ten_same_drug")
    out = only(assess(record(d)))
    # previous reaction to the same drug: 10 days falls in 5-56 -> +1, so 1+0+4+0+3 = 8
    assert (out["score"], out["category"]) == (8, "very probable")
    d = drug("carbamazepine", start=3, previous_exposure="sjs_ten_same_drug")
    assert only(assess(record(d)))["score"] == 10


def test_drugs_sorted_by_final_score_ties_in_input_order() -> None:
    result = assess(
        record(
            drug("paracetamol", start=2),  # 1+0+0+0+1 = 2, -1 -> 1
            drug("allopurinol", start=20),  # 3+0+0+0+3 = 6
            drug("ibuprofen", start=2),  # 1+0+0+0+0 = 1, -1 -> 0
            drug("metamizole", start=2),  # 1+0+0+0+1 = 2, -1 -> 1
        )
    )
    assert [(d["name"], d["score"]) for d in result["drugs"]] == [
        ("allopurinol", 6),
        ("paracetamol", 1),
        ("metamizole", 1),
        ("ibuprofen", 0),
    ]


def test_output_shape_is_the_contract() -> None:
    result = assess(record(drug()))
    assert set(result) == {"id", "drugs", "errors", "warnings"}
    assert result["id"] == "case-1"
    out = result["drugs"][0]
    assert set(out) == {"name", "normalized_name", "criteria", "score", "category", "notes"}
    assert list(out["criteria"]) == [
        "delay", "presence", "prechallenge", "dechallenge", "notoriety", "other_cause"
    ]  # fmt: skip


def test_typed_result_explains_each_criterion() -> None:
    case = AldenCase(
        index_day=INDEX,
        drugs=(DrugExposure(name="Lamictal", start=INDEX - timedelta(days=10)),),
    )
    assessed = assess_case(case).drugs[0]
    assert [c.key for c in assessed.criteria] == [
        "delay", "presence", "prechallenge", "dechallenge", "notoriety", "other_cause"
    ]  # fmt: skip
    delay = assessed.criteria[0]
    assert (delay.label, delay.explanation) == (
        "Suggestive",
        "started 10 days before the index day: 5-28 days",
    )
    assert assessed.criteria[4].label == "Strongly associated"
    assert assessed.intermediate_score == 6


def test_typed_exposure_rejects_start_after_stop() -> None:
    with pytest.raises(ValueError, match="start is after stop"):
        DrugExposure(name="x", start=date(2024, 2, 2), stop=date(2024, 2, 1))


# --- bad input: errors, never exceptions ------------------------------------------------


def _fields(result: dict[str, Any]) -> list[str | None]:
    return [e["field"] for e in result["errors"]]


def test_bad_date_is_an_error_naming_drug_and_field() -> None:
    result = assess(record(drug(), {"name": "Tegretol", "start": "2024-02-30"}))
    assert result["errors"] == [
        {
            "field": "drugs[1].start",
            "message": "drug 2 ('Tegretol'): start '2024-02-30' is not a valid date (YYYY-MM-DD)",
        }
    ]
    # An error for one drug is an error for that drug: the other is still scored.
    # Tegretol corrected could reach at most 3 + 0 + 0 + 0 + 3 = 6, lamotrigine's own
    # intermediate score: a tie at the top keeps lamotrigine's criterion 6 at 0.
    assert [d["score"] for d in result["drugs"]] == [6, None]
    assert [d["criteria"] is None for d in result["drugs"]] == [False, True]
    assert result["warnings"] == []


def test_start_after_stop_is_an_error() -> None:
    result = assess(record(drug(start=5, stop=day(9))))
    assert _fields(result) == ["drugs[0].start"]
    assert "after stop" in result["errors"][0]["message"]


@pytest.mark.parametrize(
    ("mutation", "field"),
    [
        ({"index_day": "31/03/2024"}, "index_day"),
        ({"index_day": None}, "index_day"),
        ({"drugs": []}, "drugs"),
        ({"other_cause_non_drug": "yes"}, "other_cause_non_drug"),
        ({"extra": 1}, "extra"),
    ],
)
def test_record_level_errors(mutation: dict[str, Any], field: str) -> None:
    result = assess({**record(drug()), **mutation})
    assert _fields(result) == [field]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"notoriety": 4}, "drugs[0].notoriety"),
        ({"notoriety": True}, "drugs[0].notoriety"),
        ({"half_life_hours": 0}, "drugs[0].half_life_hours"),
        ({"half_life_hours": "33"}, "drugs[0].half_life_hours"),
        ({"previous_exposure": "yes"}, "drugs[0].previous_exposure"),
        ({"continued_after_onset": "no"}, "drugs[0].continued_after_onset"),
        ({"organ_impairment_or_interaction": None}, "drugs[0].organ_impairment_or_interaction"),
        ({"half_life": 33}, "drugs[0].half_life"),
        ({"start": None}, "drugs[0].start"),
        ({"name": " "}, "drugs[0].name"),
    ],
)
def test_drug_level_errors(extra: dict[str, Any], field: str) -> None:
    result = assess(record({**drug(), **extra}))
    assert _fields(result) == [field]
    assert result["drugs"][0]["score"] is None


def test_duplicate_keys_are_errors() -> None:
    text = '{"index_day": "2024-03-31", "drugs": [{"name": "x", "start": "2024-03-01",'
    text += ' "start": "2024-03-02"}]}'
    assert _fields(assess(loads(text, "test"))) == ["drugs[0].start"]


def test_non_object_record_is_an_error() -> None:
    result = assess([1, 2])  # type: ignore[arg-type]
    assert result["drugs"] == []
    assert result["errors"][0]["field"] is None


# --- robustness: any JSON value gives an output object, never an exception -----------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
drug_fields = st.fixed_dictionaries(
    {},
    optional={
        "name": st.sampled_from(["Lamictal", "Bactrim", "foo", ""]) | json_values,
        "start": st.sampled_from([day(10), day(-2), "2024-02-30"]) | json_values,
        "stop": st.sampled_from([None, day(3), day(20)]) | json_values,
        "continued_after_onset": st.sampled_from([True, False, None]) | json_values,
        "half_life_hours": st.sampled_from([None, 0.5, 33]) | json_values,
        "notoriety": st.sampled_from([None, -1, 3, 7]) | json_values,
        "previous_exposure": st.sampled_from(["tolerated", "nonsense"]) | json_values,
    },
)


@settings(max_examples=300, deadline=None)
@given(
    index_day=st.sampled_from([INDEX.isoformat(), "x"]) | json_values,
    drugs=st.lists(drug_fields, max_size=4) | json_values,
    record_id=json_values,
)
def test_assess_never_raises(index_day: Any, drugs: Any, record_id: Any) -> None:
    result = assess({"id": record_id, "index_day": index_day, "drugs": drugs})
    assert set(result) == {"id", "drugs", "errors", "warnings"}
    scored = [d["score"] for d in result["drugs"]]
    # An error in one drug is an error for that drug (contract, issue 11): the others are
    # still scored, broken drugs last. Only a record-level error leaves every drug unscored.
    record_level = [e for e in result["errors"] if not e["field"].startswith("drugs[")]
    if record_level:
        assert all(s is None for s in scored)
    else:
        good = [s for s in scored if s is not None]
        assert good == sorted(good, reverse=True)
        assert scored == good + [None] * (len(scored) - len(good))


# --- one broken drug among good ones (contract: an error for that drug) --------------------
# Rule (scoring/alden.py, "one broken drug among good ones"; Method page): a broken drug b
# with intermediate score bounded by [lo, hi] can change another drug's criterion 6 only if
# hi > max(T, 3), T = highest intermediate score among the scored drugs.


def test_criterion_ranges_match_the_tables() -> None:
    from scoring.alden import (
        CRITERION_RANGES,
        INTERMEDIATE_MAX,
        INTERMEDIATE_MIN,
        PRECHALLENGE_POINTS,
    )

    points = [p for p, _, _ in PRECHALLENGE_POINTS.values()]
    assert CRITERION_RANGES["prechallenge"] == (min(points), max(points))
    assert (INTERMEDIATE_MIN, INTERMEDIATE_MAX) == (-11, 10)


def test_broken_drug_that_could_outrank_gives_a_warning_not_a_dropped_score() -> None:
    # Amoxicillin 10 days (+3 delay, 0, 0, 0, notoriety +1 from the knowledge base) = 4.
    # The broken drug has an unparsable start: delay and presence open, notoriety given +3
    # and previous SJS/TEN with the same drug (+4): hi = 3 + 0 + 4 + 0 + 3 = 10 > 4.
    broken = {"name": "Tegretol", "start": "yesterday", "previous_exposure": "sjs_ten_same_drug"}
    result = assess(record(drug("amoxicillin", start=10), broken))
    first, second = result["drugs"]
    assert first["score"] is not None and first["criteria"]["other_cause"] == 0
    assert second["score"] is None
    assert [e["field"] for e in result["errors"]] == ["drugs[1].start"]
    doubts = [w for w in result["warnings"] if w["field"] == "drugs[0]"]
    assert len(doubts) == 1
    assert "could reach an intermediate score of 10" in doubts[0]["message"]
    assert doubts[0]["message"] in first["notes"]


def test_broken_drug_cannot_change_an_already_outranked_drug() -> None:
    # Lamotrigine 10 days = 6 (top); amoxicillin 10 days = 4 < 6: -1 whatever the broken
    # drug is; lamotrigine is the top drug and the broken drug could reach 10 > 6: warned.
    broken = {"name": "Tegretol", "start": "yesterday", "previous_exposure": "sjs_ten_same_drug"}
    result = assess(record(drug(), drug("amoxicillin", start=10), broken))
    scored = {d["name"]: d for d in result["drugs"] if d["score"] is not None}
    assert scored["amoxicillin"]["criteria"]["other_cause"] == -1
    assert [w["field"] for w in result["warnings"] if w["field"] in ("drugs[0]", "drugs[1]")] == [
        "drugs[0]"
    ]


def test_non_drug_cause_decides_criterion_6_whatever_the_broken_drug() -> None:
    broken = {"name": "Tegretol", "start": "yesterday"}
    result = assess(record(drug(), broken, other_cause_non_drug=True))
    assert result["drugs"][0]["criteria"]["other_cause"] == -1
    assert result["warnings"] == []


def test_record_level_error_still_drops_every_score() -> None:
    result = assess(record(drug(), {"name": "Tegretol", "start": "yesterday"}, index_day="x"))
    assert result["drugs"] == [] or all(d["score"] is None for d in result["drugs"])


def test_every_drug_broken_gives_no_score() -> None:
    result = assess(record({"name": "a", "start": "x"}, {"name": "b", "start": "y"}))
    assert [d["score"] for d in result["drugs"]] == [None, None]


def test_unknown_field_leaves_every_criterion_open() -> None:
    from knowledge.drugs import default_catalogue
    from scoring.alden import INTERMEDIATE_MAX, INTERMEDIATE_MIN, intermediate_bounds

    raw = {"name": "lamotrigine", "start": day(10), "stop_date": day(1)}
    bounds = intermediate_bounds(raw, {"stop_date"}, INDEX, default_catalogue())
    assert bounds == (INTERMEDIATE_MIN, INTERMEDIATE_MAX)


def test_bounds_are_exact_for_criteria_whose_inputs_parsed() -> None:
    from knowledge.drugs import default_catalogue
    from scoring.alden import intermediate_bounds

    # Only the notoriety is broken: delay +3, presence 0, prechallenge 0, dechallenge 0.
    raw = {"name": "lamotrigine", "start": day(10), "notoriety": 9}
    assert intermediate_bounds(raw, {"notoriety"}, INDEX, default_catalogue()) == (2, 6)


def test_an_id_strict_json_cannot_carry_is_an_error_and_not_echoed() -> None:
    from scoring.alden import assess

    out = assess({"id": float("inf"), "index_day": "2024-03-01", "drugs": [{"name": "x"}]})
    assert out["id"] is None
    assert {"field": "id", "message": "id must be text or a finite number"} in out["errors"]


def test_every_previous_exposure_value_has_points() -> None:
    # The parser accepts exactly the values the rules score (alden_input vs alden).
    from typing import get_args

    from scoring.alden import PRECHALLENGE_POINTS
    from scoring.alden_input import PreviousExposure

    assert set(PRECHALLENGE_POINTS) == set(get_args(PreviousExposure))
