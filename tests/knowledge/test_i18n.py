"""The message catalogue: both languages everywhere, the same placeholders, one file a key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knowledge.i18n import (
    LANGUAGES,
    Entry,
    KnowledgeError,
    Text,
    TranslationCheck,
    catalogue,
    fingerprint,
    lang_of_locale,
    load_catalogue,
    placeholders,
    tr,
)


def test_every_entry_has_both_languages_and_the_same_placeholders() -> None:
    shipped = catalogue()
    assert shipped.entries, "the catalogue is empty"
    for key, entry in shipped.entries.items():
        assert entry.en.strip() and entry.ko.strip(), key
        assert placeholders(entry.en) == placeholders(entry.ko), key


def test_a_key_starts_with_its_files_name() -> None:
    shipped = catalogue()
    for key, file in shipped.file_of.items():
        assert key.startswith(Path(file).stem + "."), (key, file)


def test_checked_translations_match_the_english_they_were_checked_against() -> None:
    stale = [
        key
        for key, entry in catalogue().entries.items()
        if entry.checked is not None and not entry.check_is_current
    ]
    assert stale == [], f"English changed since the Korean was checked: read again {stale}"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_language_stops_the_load(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("knowledge.loading.DATA_DIR", tmp_path)
    (tmp_path / "messages").mkdir()
    path = _write(tmp_path / "messages", "demo.yaml", "demo.greeting:\n  en: Hello\n")
    with pytest.raises(KnowledgeError, match=r"demo\.yaml: 'demo\.greeting': ko: Field required"):
        load_catalogue([path])


def test_a_placeholder_missing_in_one_language_stops_the_load(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("knowledge.loading.DATA_DIR", tmp_path)
    (tmp_path / "messages").mkdir()
    path = _write(
        tmp_path / "messages",
        "demo.yaml",
        "demo.limit:\n  en: '{value} is above {limit}'\n  ko: '{value}: 너무 큼'\n",
    )
    with pytest.raises(KnowledgeError, match=r"different placeholders: \['limit', 'value'\]"):
        load_catalogue([path])


def test_a_key_outside_its_files_area_stops_the_load(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("knowledge.loading.DATA_DIR", tmp_path)
    (tmp_path / "messages").mkdir()
    path = _write(tmp_path / "messages", "demo.yaml", "other.x:\n  en: A\n  ko: 가\n")
    with pytest.raises(KnowledgeError, match=r"must start with 'demo\.'"):
        load_catalogue([path])


def test_render_fills_placeholders_and_renders_nested_texts_in_the_same_language() -> None:
    inner = Text("app.page_case")
    assert tr("app.page_case", "en") == "Case"
    assert tr("app.page_case", "ko") == "증례"
    outer = Entry(en="Open {page}", ko="{page} 열기")
    assert outer.text("ko").format(page=inner.render("ko")) == "증례 열기"


def test_an_unknown_key_names_itself() -> None:
    with pytest.raises(KeyError, match=r"no catalogue entry 'nowhere\.at_all'"):
        tr("nowhere.at_all", "en")


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("ko-KR", "ko"),
        ("ko", "ko"),
        ("KO_kr", "ko"),
        ("en-GB", "en"),
        ("de-DE", "en"),
        ("", "en"),
        (None, "en"),
        ("kok-IN", "en"),  # Konkani, not Korean
    ],
)
def test_browser_locale_to_language(locale: str | None, lang: str) -> None:
    assert lang_of_locale(locale) == lang


def test_languages() -> None:
    assert LANGUAGES == ("en", "ko")


def test_fingerprint_ignores_line_breaks_but_not_words() -> None:
    assert fingerprint("Stop the drug\n now.") == fingerprint("Stop the  drug now.")
    assert fingerprint("Stop the drug now.") != fingerprint("Stop the drugs now.")


def test_a_check_goes_stale_when_the_english_changes() -> None:
    checked = TranslationCheck(date=date(2026, 12, 7), en_sha=fingerprint("Stop the drug."))
    assert Entry(en="Stop the drug.", ko="약을 중단합니다.", checked=checked).check_is_current
    assert not Entry(en="Stop all drugs.", ko="약을 중단합니다.", checked=checked).check_is_current
