"""Every page in Korean (issue 23), in Chromium: `?lang=ko` shows Korean, with English left
only where the issue allows it — names (SCORTEN, ALDEN, ABCD-10, drugs, units, alleles) and
sources as published (citations, quotations, guideline sections and grades).

The check reads each page's visible text and looks for runs of four or more English words.
Such a run is allowed only if it is verbatim source text: it occurs in a citation, a quoted
statement, a source's section or grade, or a drug's names (collected from the knowledge
base below). Anything else is a string that bypassed the catalogue. The document's `lang`
follows the reader's language (ui/static/page_lang.js), and `?lang=en` stays English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from playwright.sync_api import Page, expect
from pydantic import BaseModel

from knowledge.differential import default_differential
from knowledge.drugs import default_catalogue
from knowledge.evidence import load_evidence
from knowledge.guidelines import default_statements
from reports.case_file import case_to_json
from scoring import abcd10, alden, classification, scorten
from teaching.cases import default_teaching
from tests.e2e.conftest import AppServer, go_to, open_app, screenshot, script_run
from tests.reports.cases import drug_case

pytestmark = pytest.mark.e2e

PAGES = ("", "drugs", "evidence", "method", "teaching", "cohort")
HEADINGS = {
    "": "증례",
    "drugs": "약물",
    "evidence": "근거",
    "method": "방법",
    "teaching": "교육",
    "cohort": "코호트 검증",
}
# A stretch of Latin-script text (no Hangul, no line break), and the prose words in it: a
# word of two or more letters, lower-case after its first; abbreviations (BUN, TEN, ICU),
# units and numbers are names, not prose. Four prose words in one stretch make a run.
LATIN_STRETCH = re.compile(r"[A-Za-z][A-Za-z0-9'’.,;:()/&+*–—\- ]*")
PROSE_WORD = re.compile(r"\b[A-Za-z][a-z]+\b")
UNITS = {"mg", "dL", "mmol", "kg", "min", "mL", "mEq"}
# Names as published that Korean text keeps in English: organisations and journals named in
# running text, and file paths of this project's documents.
PROPER_NAMES = re.compile(
    r"British Association of Dermatologists|Society of Dermatology Hospitalists"
    r"|J Plast Reconstr Aesthet Surg|[\w/-]+\.md\b"
)
QUOTE_MARKS = "“\"‘'「"
# A citation as published (a year;volume locator, a DOI or a PMID in the stretch), and
# values written with slashes (true/false, mg/dL, yes/no): names and codes, not prose.
CITATION = re.compile(r"\b(19|20)\d\d;\d|\bdoi:|\bPMID\b")
SLASHED = re.compile(r"\b\w+(?:/\w+)+\b")
RUN_WORDS = 4
# Fields of the knowledge base that hold source text, shown as published.
SOURCE_FIELDS = {
    "authors",
    "title",
    "journal",
    "volume_pages",
    "text",
    "section",
    "grade",
    "guideline",
    "organisation",
    "page_title",
    "wording",
    "quote",
    "publisher",
    "note",
    "url",
    "name",
    "aliases",
    "short",
    "citation",
}
SOURCE_MODELS = ("Citation", "Reference", "Source", "Statement", "DrugEntry")


def _strings(value: object, depth: int = 0) -> Iterable[str]:
    if depth > 8:
        return
    if isinstance(value, BaseModel):
        is_source = type(value).__name__.endswith(SOURCE_MODELS)
        if is_source and isinstance(getattr(value, "text", None), str):
            yield value.text  # a citation as the pages print it
        for name in type(value).model_fields:
            item = getattr(value, name)
            if is_source and name in SOURCE_FIELDS and isinstance(item, str):
                yield item
            elif is_source and name in SOURCE_FIELDS and isinstance(item, tuple | list):
                yield from (x for x in item if isinstance(x, str))
            else:
                yield from _strings(item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item, depth + 1)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item, depth + 1)


def _words(text: str) -> str:
    return " ".join(re.findall(r"[A-Za-z0-9]+", text)).lower()


@pytest.fixture(scope="module")
def verbatim() -> str:
    """The knowledge base's source text, as words (punctuation and case ignored)."""
    sources = [
        default_statements(),
        load_evidence(),
        default_differential(),
        default_catalogue().entries,
        default_catalogue().sources,  # the flags' source lines, with their reading notes
        default_teaching(),
    ]
    # The rule modules' own references (each module's REFERENCES, cited on the Method page).
    references = [r for m in (scorten, abcd10, alden, classification) for r in m.REFERENCES]
    # ... and their other citations (the calibration note's sources), as named constants.
    references += [
        value
        for m in (scorten, abcd10, alden, classification)
        for name, value in vars(m).items()
        if name.isupper() and isinstance(value, str) and re.search(r"\b(19|20)\d\d\b", value)
    ]
    texts = [*references, *(s for source in sources for s in _strings(source))]
    return " | ".join(_words(text) for text in texts)


def english_runs(text: str, verbatim: str) -> list[str]:
    runs = []
    for match in LATIN_STRETCH.finditer(text):
        if match.start() and text[match.start() - 1] in QUOTE_MARKS:
            continue  # a quotation of a source, in its own words
        if CITATION.search(match.group(0)):
            continue
        # A dash joins two parts written apart (a source's section — its grade's words).
        for part in match.group(0).split(" — "):
            stretch = SLASHED.sub(" ", PROPER_NAMES.sub(" ", part))
            prose = [w for w in PROSE_WORD.findall(stretch) if w not in UNITS]
            if len(prose) >= RUN_WORDS and _words(part) not in verbatim:
                runs.append(part.strip())
    return runs


def visible_text(page: Page) -> str:
    return page.locator('[data-testid="stMain"], [data-testid="stSidebar"]').evaluate_all(
        "els => els.map(e => e.innerText).join('\\n')"
    )


def heading_fonts(page: Page) -> list[str]:
    """The platform fonts (with at least one glyph drawn) of the page's first h1."""
    client = page.context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    root = client.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = client.send("DOM.querySelector", {"nodeId": root, "selector": "h1"})["nodeId"]
    fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in fonts if font["glyphCount"] > 0]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_korean(page: Page, app_server: AppServer, path: str, verbatim: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, f"{app_server.url}/{path}?lang=ko")
    expect(page.locator("h1").first).to_have_text(HEADINGS[path])
    assert page.evaluate("document.documentElement.lang") == "ko"
    # Glyphs, not boxes: Chromium names the fonts that drew the heading (fonts-noto-cjk).
    drawn_by = heading_fonts(page)
    assert any("CJK" in name for name in drawn_by), f"Korean heading drawn by {drawn_by}"
    screenshot(page, f"korean-{path or 'case'}")
    left = english_runs(visible_text(page), verbatim)
    assert left == [], f"English on the Korean {path or 'case'} page: {left}"


def test_english_stays_english(page: Page, app_server: AppServer) -> None:
    open_app(page, f"{app_server.url}/?lang=en")
    expect(page.locator("h1").first).to_have_text("Case")
    assert page.evaluate("document.documentElement.lang") == "en"
    # The font check above tells the two apart: "Case" is drawn in a Latin font.
    assert not any("CJK" in name for name in heading_fonts(page)), heading_fonts(page)
    assert not re.search(r"[\uac00-\ud7a3]", visible_text(page).replace("언어", "")), (
        "Korean on the English page (beyond the selector's 'Language · 언어')"
    )


def test_the_check_finds_an_english_sentence(verbatim: str) -> None:
    assert english_runs("증례 Add assessment for this day 평가", verbatim) == [
        "Add assessment for this day"
    ]
    assert english_runs("출처: Identify causative agent and withdraw immediately.", verbatim) == []
    assert english_runs("원문 인용: “Not a phrase from any source here at all”", verbatim) == []


def in_key(page: Page, key: str):
    return page.locator(f".st-key-{key}")


def test_a_full_case_in_korean(page: Page, app_server: AppServer, verbatim: str) -> None:
    """A whole case (day 1, three drugs, lamotrigine still taken) imported on the Korean Case
    page: the summary, next steps, score card, then the Drugs page's ranking, cards, flags
    and timeline, all in Korean with English only as source text."""
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, f"{app_server.url}/?lang=ko")
    data = case_to_json(drug_case()).encode("utf-8")
    field = in_key(page, "case_import_file").get_by_test_id("stFileUploaderDropzoneInput")
    with script_run(page):
        field.set_input_files({"name": "case.json", "mimeType": "application/json", "buffer": data})
    main = page.get_by_test_id("stMain")
    expect(main.get_by_text("lamotrigine").first).to_be_visible()
    for expander in main.locator('[data-testid="stExpander"] summary').all():
        expander.click()  # the details too: sources, bands, criteria
    left = english_runs(visible_text(page), verbatim)
    screenshot(page, "korean-full-case")
    assert left == [], f"English on the Korean Case page with a full case: {left}"
    go_to(page, "약물")
    expect(main.get_by_role("heading", name="약물", exact=True)).to_be_visible()
    for expander in main.locator('[data-testid="stExpander"] summary').all():
        expander.click()
    left = english_runs(visible_text(page), verbatim)
    screenshot(page, "korean-full-case-drugs")
    assert left == [], f"English on the Korean Drugs page with a full case: {left}"


def test_the_demo_cohort_in_korean(page: Page, app_server: AppServer, verbatim: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, f"{app_server.url}/cohort?lang=ko")
    with script_run(page):
        in_key(page, "cohort_load_demo").get_by_role("button").click()
    main = page.get_by_test_id("stMain")
    expect(main.locator(".stPlotlyChart").first).to_be_visible()
    left = english_runs(visible_text(page), verbatim)
    assert left == [], f"English on the Korean Cohort page with the demo cohort: {left}"
