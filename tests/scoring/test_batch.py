"""One case = one row of a batch: `score_case` is the one-row batch, so a row of a larger
batch must give exactly `score_case(record).to_contract()`, messages and their order
included. A column of text only is read by Arrow kernels, a mixed one value by value:
random mixed records exercise both against each other.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring.batch import score_records, score_table
from scoring.case import score_case
from scoring.fields import FIELDS
from tests.scoring.conftest import NORMAL_CASE

FIELD_NAMES = [f.name for f in FIELDS]


def _table(rows: list[dict[str, str]], columns: list[str]) -> pa.Table:
    return pa.table({c: pa.array([r.get(c, "") for r in rows], type=pa.string()) for c in columns})


def _assert_table_equals_one_case(rows: list[dict[str, str]], columns: list[str]) -> None:
    result = score_table(_table(rows, columns))
    for i, row in enumerate(rows):
        record = {c: row.get(c, "") for c in columns}  # what a CSV row holds
        expected = score_case(record).to_contract()
        if i > 0:  # an unknown column is warned about on the file's first row only (issue 13)
            unknown = set(columns) - set(FIELD_NAMES)
            expected["warnings"] = [w for w in expected["warnings"] if w["field"] not in unknown]
        assert result.row(i) == expected, (i, record)


# Text as it appears in CSV cells: numbers in many spellings, boolean words, junk.
number_text = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64).map(repr),
    st.floats(min_value=-10, max_value=400).map(lambda x: f"{x:.3f}"),
    st.integers(-5, 1000).map(str),
    st.decimals(min_value=0, max_value=300, places=2).map(str),
    st.sampled_from(
        [
            "",
            " ",
            " 40 ",
            "40",
            "10",
            "28",
            "252.224",
            "14",
            "20",
            "120",
            "30",
            "1e3",
            "+5",
            ".5",
            "5.",
            "1e999",
            "-0",
            "nan",
            "inf",
            "Infinity",
            "1_000",
            "12,5",
            "٤٠",
            "0x10",
            "4 0",
            "\t7\t",
            "40\n",
        ]
    ),
    st.text(max_size=6),
)
json_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    number_text,
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.dictionaries(st.sampled_from([*FIELD_NAMES, "other"]), json_value, max_size=8),
            st.integers(),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_python_values_batch_equals_one_case(records: list[Any]) -> None:
    result = score_records(records)
    for i, record in enumerate(records):
        assert result.row(i) == score_case(record).to_contract(), (i, record)


def test_fixture_frame_with_missing_and_invalid_rows() -> None:
    """A cohort with a complete row, a partial row, bad values and a unit clash."""
    rows = [
        {k: str(v) for k, v in NORMAL_CASE.items()},
        {"id": "partial", "age_years": "67", "malignancy": "yes", "bsa_detached_pct": "18"},
        {"id": "bad", "age_years": "-3", "glucose_mg_dl": "abc"},
        {"id": "clash", "urea_mmol_l": "5", "bun_mg_dl": "30"},
        {"id": "cutoff", "age_years": "40", "bun_mg_dl": "28"},
    ]
    columns = FIELD_NAMES
    _assert_table_equals_one_case(rows, columns)
    result = score_table(_table(rows, columns))
    assert result.row(0)["scorten"]["score"] == 0
    assert (result.row(1)["scorten"]["min"], result.row(1)["scorten"]["max"]) == (3, 7)
    assert [e["field"] for e in result.row(2)["errors"]] == ["age_years", "glucose_mg_dl"]
    assert [e["field"] for e in result.row(3)["errors"]] == ["bun_mg_dl"]
    assert [w["field"] for w in result.row(4)["warnings"]] == ["age_years", "bun_mg_dl"]
    assert result.valid.tolist() == [True, True, False, False, True]


def test_flat_table_has_one_row_per_record_and_joined_lists() -> None:
    rows = [{"id": "a", "age_years": "50"}, {"id": "", "age_years": "x"}]
    flat = score_table(_table(rows, ["id", "age_years"])).to_flat_table().to_pylist()
    assert flat[0]["id"] == "a"
    assert flat[0]["scorten_missing"] == (
        "heart_rate_bpm;malignancy;bsa_detached_pct;urea_mmol_l;bicarbonate_mmol_l;glucose_mmol_l"
    )
    assert (flat[0]["scorten_min"], flat[0]["scorten_max"], flat[0]["scorten_score"]) == (
        1,
        7,
        None,
    )
    assert flat[1]["id"] is None
    assert flat[1]["errors"] == "age_years: expected a number, got 'x'."
