"""Every Korean clinical text carries the record of its second reading (issue 23).

"A second, independent reading checks each Korean text against its English original;
record it." The record is `checked` on a catalogue entry and `ko_checked` on a data entry:
the date and the fingerprints of the English and the Korean that were compared
(knowledge/i18n.py). Here, across the whole app: every clinical text has a record, and
every record still matches the English and the Korean as they are now. An edit to either
side after the reading fails here, naming the text, until it is read again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from knowledge.differential import default_differential
from knowledge.drugs import default_catalogue
from knowledge.evidence import load_evidence
from knowledge.guidelines import default_statements
from knowledge.i18n import catalogue, entry_check_is_current
from teaching.cases import default_teaching

# Catalogue files whose every entry states a clinical fact, rule or recommendation, or
# explains one (the rest hold labels; an entry there that states a fact carries a record
# too, and it must then be current).
CLINICAL_FILES = (
    "wording.yaml",
    "engine.yaml",
    "alden.yaml",
    "method_tables.yaml",
    "next_steps.yaml",
    "flags.yaml",
)


def test_every_clinical_catalogue_entry_has_a_current_reading_of_both_languages() -> None:
    shipped = catalogue()
    missing = [
        key
        for key, file in shipped.file_of.items()
        if file in CLINICAL_FILES
        and (
            shipped.entries[key].checked is None or shipped.entries[key].checked.ko_sha is None  # type: ignore[union-attr]
        )
    ]
    assert missing == [], f"no second reading of both languages recorded: {missing}"


def test_every_catalogue_reading_is_of_the_text_as_it_is_now() -> None:
    shipped = catalogue()
    stale = [
        key
        for key, entry in shipped.entries.items()
        if entry.checked is not None and not entry.check_is_current
    ]
    assert stale == [], f"changed since its reading (read it again): {stale}"
    unstamped = [
        key
        for key, entry in shipped.entries.items()
        if entry.checked is not None and entry.checked.ko_sha is None
    ]
    assert unstamped == [], f"a reading without the Korean's fingerprint: {unstamped}"


def _with_korean(value: Any, where: str, depth: int = 0) -> Iterator[tuple[str, BaseModel]]:
    """Every model in `value` that carries a `ko:` block of Korean fields."""
    if depth > 6:
        return
    if isinstance(value, BaseModel):
        if isinstance(getattr(value, "ko", None), dict) and value.ko:  # type: ignore[attr-defined]
            yield where, value
        for name in type(value).model_fields:
            yield from _with_korean(getattr(value, name), f"{where}.{name}", depth + 1)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            label = getattr(item, "id", None) or getattr(item, "name", None) or i
            yield from _with_korean(item, f"{where}[{label}]", depth + 1)


def test_every_korean_text_of_the_data_files_has_a_current_reading() -> None:
    sources = {
        "evidence": load_evidence(),
        "differential": default_differential(),
        "drugs": default_catalogue().entries,
        "teaching": default_teaching().cases,
        "guideline statements": default_statements().statements,
    }
    found = [item for name, data in sources.items() for item in _with_korean(data, name)]
    assert len(found) >= 130  # the walk reaches the data (evidence, drugs, cases, ...)
    not_current = [where for where, entry in found if not entry_check_is_current(entry)]
    assert not_current == [], f"no current reading of both languages: {not_current}"
    unstamped = [
        where
        for where, entry in found
        if getattr(entry, "ko_checked", None) is None or entry.ko_checked.ko_sha is None  # type: ignore[attr-defined]
    ]
    assert unstamped == [], f"a reading without the Korean's fingerprint: {unstamped}"
