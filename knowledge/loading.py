"""Shared loader for the curated data files in knowledge/data/."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

import yaml

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
