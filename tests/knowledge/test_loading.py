"""The shared loader helpers of knowledge/loading.py."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from knowledge.loading import KnowledgeError, by_id, load_yaml


@dataclass(frozen=True)
class _Item:
    id: str
    value: int


def test_by_id_finds_the_item_and_names_a_missing_one():
    items = [_Item("a", 1), _Item("b", 2)]
    assert by_id(items, "b") == _Item("b", 2)
    with pytest.raises(KeyError, match="'c'"):
        by_id(items, "c")


def test_a_missing_data_file_names_itself():
    with pytest.raises(KnowledgeError, match=r"knowledge/data/no_such_file\.yaml"):
        load_yaml("no_such_file.yaml")
