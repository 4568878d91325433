"""The pages' own catalogue files carry readings where they state a fact (issue 23).

app, case, session, bsa, cohort, upload, evidence_page, drugs_page, presenter, quiz and
teaching hold mostly labels, which need no reading; their entries that state a clinical
fact, rule, number, caveat or instruction were read against the English and carry a record
of both languages (2026-12-07). Here: the ones named in the brief of that reading, and per
file at least as many records as were written then, so that a record dropped by an edit is
noticed. Whether each record is current is tests/knowledge/test_translation_readings.py's.
"""

from __future__ import annotations

from collections import Counter

from knowledge.i18n import catalogue

# The kinds of entry the reading was asked to cover, one or more of each.
NAMED = (
    "cohort.instructions",  # how to code malignancy and the outcome
    "cohort.limits",
    "drugs_page.index_day_label",  # the index day's definition
    "drugs_page.index_day_help",
    "drugs_page.other_cause_help",  # ALDEN criterion 6 and its points
    "drugs_page.organ_help",
    "drugs_page.continued_help",
    "drugs_page.not_in_knowledge_base",
    "case.unit_system_help",  # units
    "case.enter_missing",
    "case.limit_caption",  # import and upload limits
    "case.import_too_large",
    "upload.too_big",
    "upload.too_many_rows",
    "bsa.region_caption",
    "evidence_page.card.experimental_note",
    "evidence_page.tier.preclinical",
    "evidence_page.label.harmful",
    "evidence_page.grade.moderate",
    "app.show_original_help",
    "session.note",
    "teaching.intro",
    "quiz.total",
    "presenter.day_score",
)

# Records written by the reading of 2026-12-07, per file.
RECORDED_AT_LEAST = {
    "app.yaml": 1,
    "session.yaml": 3,
    "bsa.yaml": 4,
    "upload.yaml": 19,
    "case.yaml": 59,
    "cohort.yaml": 20,
    "drugs_page.yaml": 47,
    "evidence_page.yaml": 29,
    "presenter.yaml": 5,
    "quiz.yaml": 7,
    "teaching.yaml": 20,
}


def test_the_named_fact_stating_entries_carry_a_current_reading() -> None:
    entries = catalogue().entries
    assert [key for key in NAMED if not entries[key].check_is_current] == []


def test_no_page_file_lost_a_reading() -> None:
    shipped = catalogue()
    recorded = Counter(
        shipped.file_of[key] for key, entry in shipped.entries.items() if entry.checked
    )
    fewer = {
        name: recorded[name] for name, least in RECORDED_AT_LEAST.items() if recorded[name] < least
    }
    assert fewer == {}
