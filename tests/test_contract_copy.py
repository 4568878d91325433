"""docs/cli-contract.md is the repo's copy of the project's CLI contract (shared/contract.md,
kept beside the repo): the two must not drift. Skipped where the shared folder is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_CONTRACT = ROOT.parent / "shared" / "contract.md"


def test_repo_copy_of_the_contract_is_the_shared_one() -> None:
    if not SHARED_CONTRACT.is_file():
        pytest.skip("no shared/ folder beside this checkout")
    copy = (ROOT / "docs" / "cli-contract.md").read_text(encoding="utf-8")
    assert copy == SHARED_CONTRACT.read_text(encoding="utf-8")
