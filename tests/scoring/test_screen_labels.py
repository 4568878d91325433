"""Messages speak the screen's language: contract keys become on-screen labels."""

from __future__ import annotations

from scoring.screen_labels import on_screen, on_screen_rows


def test_keys_become_labels():
    assert (
        on_screen("age_years: -3 years is impossible: below 0 (age cannot be negative).")
        == "Age: -3 years is impossible: below 0 (age cannot be negative)."
    )
    assert on_screen("heart_rate_bpm: 400 /min") == "Heart rate: 400 /min"
    assert on_screen("glucose_mg_dl: 20 mg/dL") == "Glucose: 20 mg/dL"
    assert on_screen("bun_mg_dl and urea_mmol_l both given") == "BUN and Urea both given"


def test_text_without_keys_is_unchanged():
    text = "drug 2 ('Depakote'): start '2024-02-31' is not a valid date (YYYY-MM-DD)"
    assert on_screen(text) == text
    assert on_screen("my_age_years_note") == "my_age_years_note"  # only whole keys


def test_with_key_for_csv_pages():
    assert on_screen("age_years: missing", with_key=True) == "Age (age_years): missing"
    rows = on_screen_rows([{"row": 2, "reason": "error", "detail": "age_years: -3"}], with_key=True)
    assert rows == [{"row": 2, "reason": "error", "detail": "Age (age_years): -3"}]


def test_drug_messages_name_the_drugs_page_fields():
    from scoring.screen_labels import on_screen_drug

    assert (
        on_screen_drug("drug 1 ('carbamazepine'): start 2024-03-10 is after stop 2024-03-01")
        == "drug 1 ('carbamazepine'): First intake 2024-03-10 is after last intake 2024-03-01"
    )
    assert (
        on_screen_drug("drug 2 ('x'): start (first intake) is required for the delay")
        == "drug 2 ('x'): First intake is required for the delay"
    )
    assert on_screen_drug("index_day (first day of skin or mucosal signs) is required") == (
        "Index day (first day of skin or mucosal signs) is required"
    )
    # The drug's own name is never rewritten.
    assert on_screen_drug("drug 3 ('start stop'): stop 2024-01-01").startswith(
        "drug 3 ('start stop'): Last intake"
    )


def test_a_converted_lab_limit_is_rounded_and_named_on_screen_only() -> None:
    """Issue 22: "9 mg/dL is below 36.032" (2 mmol/L converted) on screen."""
    from scoring import bounds

    engine = bounds.warning_message(bounds.GLUCOSE_MG_DL, 9)
    assert engine is not None and "is below 36.032:" in engine  # the CLI's text, unchanged
    assert on_screen(engine) == (
        "Glucose: 9 mg/dL is below 36 mg/dL: severe hypoglycaemia, or a mmol/L value "
        "entered as mg/dL; check the unit."
    )
    # Never a false sentence: 36.01 is not below 36, so two decimals are kept.
    near = bounds.warning_message(bounds.GLUCOSE_MG_DL, 36.01)
    assert on_screen(near).startswith("Glucose: 36.01 mg/dL is below 36.03 mg/dL:")
    over = bounds.error_message(bounds.GLUCOSE_MG_DL, 3000)  # limit 2702.3999... mg/dL
    assert on_screen(over).startswith("Glucose: 3000 mg/dL is impossible: above 2702 mg/dL (")
    mmol = bounds.warning_message(bounds.GLUCOSE, 60)
    assert on_screen(mmol).startswith("Glucose: 60 mmol/L is above 50 mmol/L:")
    # Not a lab unit: left as the engine wrote it.
    age = bounds.warning_message(bounds.AGE, 10)
    assert on_screen(age).startswith("Age: 10 years is below 18:")
