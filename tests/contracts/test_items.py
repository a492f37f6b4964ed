from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.contracts.items import load_items
from judgeaudit.errors import InputError, InputErrors


def test_loads_items_keeping_unknown_fields_as_metadata(pairs_file: Path) -> None:
    items = load_items(pairs_file)
    assert len(items) == 20
    assert items[0].label == "a" and items[1].label == "b"
    assert items[0].meta == {}


def test_every_bad_row_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    rows = [
        {"id": "ok", "instruction": "q", "response_a": "x", "response_b": "y"},
        {"id": "no-b", "instruction": "q", "response_a": "x"},
        {"id": "bad-label", "instruction": "q", "response_a": "x", "response_b": "y", "label": "c"},
        "not an object",
        {"id": "ok", "instruction": "q", "response_a": "x", "response_b": "y"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken json\n")
    with pytest.raises(InputErrors) as exc:
        load_items(path)
    found = {(e.line, e.field) for e in exc.value.errors}
    assert found == {(2, "response_b"), (3, "label"), (4, None), (5, "id"), (6, None)}
    assert f"{path}:3: field 'label'" in str(exc.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_items(tmp_path / "nope.jsonl")


def test_swapped_item_exchanges_identities() -> None:
    from judgeaudit.contracts.items import Item

    item = Item("x", "q", "A text", "B text", label="a", model_a="m1", family_b="f2")
    s = item.swapped()
    assert (s.response_a, s.response_b, s.label, s.model_b, s.family_a) == ("B text", "A text", "b", "m1", "f2")
