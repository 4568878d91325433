"""Body-surface charts for the detachment helper (knowledge/data/body_surface.yaml).

Each chart gives every body region's share of the total body surface area (BSA): the
rule of nines for adults (Wallace 1951) and the age-adjusted Lund-Browder chart (Lund and
Browder 1944), whose head share shrinks and leg share grows with age. The file is validated
at load: a chart whose regions do not add up to 100 % raises `KnowledgeError`, so a typo
can never silently shift a detachment estimate.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from knowledge.i18n import Lang, TranslationCheck
from knowledge.loading import KnowledgeError, by_id, load_yaml

DATA_FILE = "body_surface.yaml"
TOTAL_PCT = 100.0
# Shares are written with at most one decimal; sums are compared with this slack so that
# float addition (2.5 + 5.5 + ...) cannot fail a correct chart.
SUM_TOLERANCE_PCT = 1e-6
# A Korean name holds Hangul (the English pasted into `ko` by mistake fails the load).
HANGUL = "[가-힣]"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Region(_Frozen):
    id: str = Field(pattern=r"^[a-z_]+$")
    label: str = Field(min_length=2)
    ko: str = Field(min_length=1, pattern=HANGUL)  # the region's name in Korean
    pct: float = Field(gt=0, lt=TOTAL_PCT)

    def name(self, lang: Lang) -> str:
        return self.ko if lang == "ko" else self.label


class Chart(_Frozen):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    label: str = Field(min_length=2)
    ko: str = Field(min_length=2, pattern=HANGUL)  # the chart's name in Korean
    source: str
    regions: tuple[Region, ...] = Field(min_length=1)

    def name(self, lang: Lang) -> str:
        return self.ko if lang == "ko" else self.label

    @model_validator(mode="after")
    def _check(self) -> Chart:
        ids = [r.id for r in self.regions]
        if len(set(ids)) != len(ids):
            raise ValueError(f"chart {self.id}: region ids repeat")
        total = sum(r.pct for r in self.regions)
        if abs(total - TOTAL_PCT) > SUM_TOLERANCE_PCT:
            raise ValueError(f"chart {self.id}: regions sum to {total:g} %, not 100 %")
        return self

    @property
    def region_by_id(self) -> dict[str, Region]:
        return {r.id: r for r in self.regions}


class BodySurface(_Frozen):
    sources: dict[str, str]
    palm_hint: str
    palm_hint_ko: str = Field(pattern=HANGUL)
    # The second reading of the palm hint's Korean against its English (issue 23): the
    # fingerprints of both texts as read; an edit to either makes it stale (a test names it).
    palm_hint_checked: TranslationCheck | None = None
    charts: tuple[Chart, ...] = Field(min_length=1)

    def palm_hint_in(self, lang: Lang) -> str:
        return self.palm_hint_ko if lang == "ko" else self.palm_hint

    @model_validator(mode="after")
    def _check(self) -> BodySurface:
        for chart in self.charts:
            if chart.source not in self.sources:
                raise ValueError(f"chart {chart.id}: unknown source {chart.source!r}")
        ids = [c.id for c in self.charts]
        if len(set(ids)) != len(ids):
            raise ValueError("chart ids repeat")
        return self

    def chart(self, chart_id: str) -> Chart:
        return by_id(self.charts, chart_id)


def parse(data: object) -> BodySurface:
    try:
        return BodySurface.model_validate(data)
    except ValidationError as exc:
        raise KnowledgeError(f"knowledge/data/{DATA_FILE}: {exc}") from exc


@lru_cache(maxsize=1)  # static reference data only: no case data passes through here
def load() -> BodySurface:
    return parse(load_yaml(DATA_FILE))


def detached_pct(chart: Chart, detached_share_by_region: Mapping[str, float | None]) -> float:
    """Total detached BSA (%) from the detached share (0-100 %) of each region.

    A region left blank counts as not detached: the helper adds up what was marked.
    """
    regions = chart.region_by_id
    total = 0.0
    for region_id, share in detached_share_by_region.items():
        if share is None:
            continue
        if region_id not in regions:
            raise KeyError(f"{chart.id} has no region {region_id!r}")
        if not 0 <= share <= TOTAL_PCT:
            raise ValueError(f"{regions[region_id].label}: {share:g} % is outside 0-100 %")
        total += regions[region_id].pct * share / TOTAL_PCT
    return total
