"""Citation models and identifier patterns, once for every knowledge file.

- `Citation`: a full reference (authors, journal, year, DOI/PMID/PMCID/NCT id or URL), used
  by the evidence entries (evidence.yaml).
- `Reference`: a reference line with a DOI or PMID; `DifferentialSource` (differential.yaml,
  with PMCID and `verified`) and `TeachingSource` (teaching_cases.yaml) specialise it.
- The DOI, PMID, PMCID and NCT patterns and the link each identifier opens.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

DOI_PATTERN = r"^10\.\d{4,9}/\S+$"
PMID_PATTERN = r"^\d{1,9}$"
PMCID_PATTERN = r"^PMC\d+$"
NCT_PATTERN = r"^NCT\d{8}$"

# Strict models: frozen (shared safely), unknown keys rejected, whitespace trimmed.
STRICT = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def doi_link(doi: str) -> str:
    return f"https://doi.org/{doi}"


def pubmed_link(pmid: str) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"


def pmc_link(pmcid: str) -> str:
    return f"https://pmc.ncbi.nlm.nih.gov/articles/{pmcid}/"


def registry_link(nct_id: str) -> str:
    return f"https://clinicaltrials.gov/study/{nct_id}"


class Citation(BaseModel):
    """One source. Needs an identifier a clinician can open (DOI, PMID, registry id or URL)."""

    model_config = STRICT

    authors: str = Field(min_length=1)
    title: str | None = None
    journal: str = Field(min_length=1, description="Journal, or registry/repository name")
    year: int | None = Field(default=None, ge=1950, le=2100)
    volume_pages: str | None = None
    doi: str | None = Field(default=None, pattern=DOI_PATTERN)
    pmid: str | None = Field(default=None, pattern=PMID_PATTERN)
    pmcid: str | None = Field(default=None, pattern=PMCID_PATTERN)
    nct_id: str | None = Field(default=None, pattern=NCT_PATTERN)
    url: str | None = Field(default=None, pattern=r"^https://\S+$")
    note: str | None = Field(default=None, description="Why this source is cited, if not obvious")

    @model_validator(mode="after")
    def _has_identifier(self) -> Citation:
        if not (self.doi or self.pmid or self.nct_id or self.url):
            raise ValueError(f"citation '{self.authors}' has no DOI, PMID, NCT id or URL")
        # Registry and repository records may lack a known year; a paper may not.
        if self.has_doi_or_pmid and self.year is None:
            raise ValueError(f"citation '{self.authors}' has a DOI/PMID but no year")
        return self

    @property
    def has_doi_or_pmid(self) -> bool:
        return bool(self.doi or self.pmid)

    @property
    def text(self) -> str:
        """Short reference line: authors. Title. Journal year;volume."""
        parts = [self.authors.rstrip(".") + "."]
        if self.title:
            parts.append(self.title.rstrip(".") + ".")
        where = self.journal if self.year is None else f"{self.journal} {self.year}"
        if self.volume_pages:
            where += f";{self.volume_pages}"
        parts.append(where + ".")
        return " ".join(parts)

    @property
    def links(self) -> dict[str, str]:
        """All links, labelled, in the order a clinician would want them."""
        out: dict[str, str] = {}
        if self.doi:
            out[f"doi:{self.doi}"] = doi_link(self.doi)
        if self.pmid:
            out[f"PMID {self.pmid}"] = pubmed_link(self.pmid)
        if self.pmcid:
            out[self.pmcid] = pmc_link(self.pmcid)
        if self.nct_id:
            out[self.nct_id] = registry_link(self.nct_id)
        if self.url:
            out["record"] = self.url
        return out


def citation_link(citation: Citation) -> str:
    """The one best link: DOI, else PubMed, else PMC, else registry, else the record URL."""
    # _has_identifier guarantees at least one link exists.
    return next(iter(citation.links.values()))


class Reference(BaseModel):
    """A reference line that a clinician can open: it needs a DOI or a PMID."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    citation: str = Field(min_length=10)
    doi: str | None = Field(default=None, pattern=DOI_PATTERN)
    pmid: str | None = Field(default=None, pattern=PMID_PATTERN)

    @model_validator(mode="after")
    def _has_identifier(self) -> Reference:
        if not (self.doi or self.pmid):
            raise ValueError("a source needs a DOI or a PMID")
        return self

    @property
    def link(self) -> str:
        """The DOI link, else PubMed."""
        return doi_link(self.doi) if self.doi else pubmed_link(self.pmid or "")


class DifferentialSource(Reference):
    """One reference of differential.yaml. `verified: false` = not read in its own text
    (abstract at least)."""

    model_config = STRICT

    pmcid: str | None = Field(default=None, pattern=PMCID_PATTERN)
    verified: bool


class TeachingSource(Reference):
    """One reference of teaching_cases.yaml (whitespace kept: the file's text as written)."""

    citation: str = Field(min_length=20)
