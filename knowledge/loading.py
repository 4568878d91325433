"""Shared loader for the curated data files in knowledge/data/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
