"""Shared loader for the curated data files in knowledge/data/."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

DATA_DIR = Path(__file__).parent / "data"


class KnowledgeError(ValueError):
    """A data file is missing or an entry does not validate: fail loudly at load."""


def load_yaml(name: str) -> Any:
    path = DATA_DIR / name
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"knowledge/data/{name}: {exc}") from exc


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


IdT = TypeVar("IdT", bound=_HasId)


def by_id(items: Iterable[IdT], item_id: str) -> IdT:
    """The item whose `id` is `item_id`; KeyError naming it otherwise (every data file's
    entries carry a unique id, checked at load)."""
    for item in items:
        if item.id == item_id:
            return item
    raise KeyError(item_id)


def validation_message(where: str, exc: ValidationError) -> str:
    """A pydantic refusal as one line naming the file, the entry and the field."""
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"]) or "(entry)"
    more = f" (+{exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: field '{loc}': {first['msg']}{more}"


ModelT = TypeVar("ModelT", bound=BaseModel)


def parse_sources(file: str, raw: Any, model: type[ModelT]) -> dict[str, ModelT]:
    """A data file's `sources:` mapping (key -> source record), each validated by `model`."""
    if not isinstance(raw, Mapping) or not raw:
        raise KnowledgeError(f"{file}: 'sources' must be a non-empty mapping")
    sources = {}
    for key, value in raw.items():
        try:
            sources[str(key)] = model.model_validate(value)
        except ValidationError as exc:
            raise KnowledgeError(validation_message(f"{file}: sources.{key}", exc)) from exc
    return sources
