"""Verified guideline statements (knowledge/data/guideline_statements.yaml).

The Next steps panel (scoring/next_steps.py) cites only statements from this file. Each one
records the guideline, the section and grade as read, the wording read, which text was read
(`verified_in`) and the date checked. The file is validated at load: an unknown source, a
repeated id or a missing field raises `KnowledgeError`, so the app never starts with it.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.i18n import KoreanFields, TranslationCheck, check_korean
from knowledge.loading import KnowledgeError, by_id, load_yaml

DATA_FILE = "guideline_statements.yaml"

# Which text a statement was read in. The app labels each kind next to a step with the
# catalogue's `next_steps.verified.<kind>` (knowledge/data/messages/next_steps.yaml).
VerifiedIn = Literal[
    "guideline_text",
    "audit_standard",
    "study_text",
    "plain_language_summary",
    "agency_page",
    "society_page",
    "review_text",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(_Frozen):
    citation: str = Field(min_length=20)
    short: str = Field(min_length=3)


class Statement(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    source: str
    section: str = Field(min_length=3)
    grade: str = Field(min_length=3)
    verified_in: VerifiedIn
    text: str = Field(min_length=10)
    date_checked: date
    # Korean beside the English (issue 23): the grade, which often is the project's own
    # description of the source ("Review article (not a guideline; no grade)"). The
    # section and the wording read stay as published.
    ko: KoreanFields | None = None
    ko_checked: TranslationCheck | None = None

    TRANSLATED: ClassVar[tuple[str, ...]] = ("grade",)

    @model_validator(mode="after")
    def _korean_matches_the_english(self) -> Statement:
        check_korean(self, self.ko, self.TRANSLATED)
        return self


class GuidelineStatements(_Frozen):
    sources: dict[str, Source]
    statements: tuple[Statement, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> GuidelineStatements:
        ids = [s.id for s in self.statements]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"statement ids repeat: {', '.join(repeated)}")
        for s in self.statements:
            if s.source not in self.sources:
                raise ValueError(f"statement {s.id}: unknown source {s.source!r}")
        return self

    def get(self, statement_id: str) -> Statement:
        return by_id(self.statements, statement_id)

    def citation(self, statement: Statement) -> str:
        return self.sources[statement.source].citation

    def short(self, statement: Statement) -> str:
        return self.sources[statement.source].short


def load_statements(data: object | None = None) -> GuidelineStatements:
    """Validate the shipped file (or `data`, for tests); `KnowledgeError` names the problem."""
    raw = load_yaml(DATA_FILE) if data is None else data
    try:
        return GuidelineStatements.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise KnowledgeError(f"{DATA_FILE}: {where}: {first['msg']}") from None


@lru_cache(maxsize=1)
def default_statements() -> GuidelineStatements:
    """The shipped statements, loaded once (frozen, so safe to share)."""
    return load_statements()
