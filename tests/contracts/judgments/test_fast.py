"""The fast (pyarrow) path of read_judgments gives the row-by-row reader's frame, or steps aside for it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from judgeaudit.contracts.judgments import read as reader
from judgeaudit.contracts.judgments.fast import fast_frame
from judgeaudit.contracts.judgments.read import read_judgments

PAIR = {"judge": "j", "probe": "position", "item_id": "i1", "variant": "original", "mode": "pairwise"}


def _rows() -> list[dict]:
    """Pairwise and score rows, keys absent in some rows and null in others, identical duplicates."""
    rows: list[dict] = []
    for i in range(6):
        for order, winner in (("ab", "a"), ("ba", None if i == 2 else "b")):
            row = {**PAIR, "item_id": f"i{i}", "order": order, "winner": winner, "label": "a"}
            row |= {"p_a": 0.25 * (i % 4)} if i < 4 else {}
            row |= {"len_a": 10 + i, "len_b": 5} if i != 3 else {"len_a": None}
            row |= {"group": None, "note": "x" * i}
            rows.append(row)
        rows.append({**PAIR, "item_id": f"i{i}", "mode": "score", "response": "a", "score": 3 + i % 2, "extra": 1.5})
    return [*rows, rows[0], rows[4]]  # two identical copies


def test_the_fast_path_reads_the_same_frame_and_duplicates_as_the_row_by_row_reader(tmp_path: Path) -> None:
    path = tmp_path / "judgments.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows()), encoding="utf-8")
    fast = fast_frame(path)
    assert fast is not None
    columns, problems, n_identical = reader._read_rows(path)
    pd.testing.assert_frame_equal(fast[0], columns.frame())
    assert (fast[1], n_identical, problems) == (2, 2, [])
    read = read_judgments(path)  # the rows as read are the row-by-row reader's: each with exactly its keys
    assert read.n_duplicates == 2 and read.rows == columns.rows() and "p_a" not in read.rows[8]


@pytest.mark.parametrize(
    "bad",
    [
        {"p_a": 1.5},
        {"score_expected": float("inf")},
        {"winner": "c"},
        {"order": "abc"},
        {"len_a": -1},
        {"repeat": True},
        {"variant": ""},
        {"mode": "listwise", "order": "ba", "winner": "a"},
        {"models": ["x", "y"]},
        {"winner": "b"},  # the same judgment as line 1 with another verdict
    ],
)
def test_the_fast_path_steps_aside_for_anything_it_cannot_vouch_for(tmp_path: Path, bad: dict) -> None:
    path = tmp_path / "judgments.jsonl"
    first = {**PAIR, "order": "ab", "winner": "a"}
    path.write_text(json.dumps(first) + "\n" + json.dumps({**first, **bad}) + "\n", encoding="utf-8")
    assert fast_frame(path) is None


def test_the_fast_records_are_the_rows_without_their_null_fields(tmp_path: Path) -> None:
    path = tmp_path / "judgments.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows()), encoding="utf-8")
    records = read_judgments(path).records()
    assert records == [{k: v for k, v in r.items() if v is not None} for r in _rows()]
    assert records[0]["note"] is records[1]["note"]  # one text, one object


def test_blocks_of_lines_give_the_frame_of_one_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read a few lines at a time (a million-row file is read 64 MB at a time): types unified across blocks
    (a whole number in one block, a fraction in another; a field null in a whole block), long texts held once."""
    from judgeaudit.contracts.judgments import fast

    rows = [
        {**r, "response_a": f"answer {r['item_id']}", "instruction": "same question", "raw": None, "score_expected": 2}
        for r in _rows()
    ]
    rows[-3] |= {"score_expected": 2.5, "raw": "A"}
    path = tmp_path / "judgments.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(fast, "BLOCK_BYTES", 300)  # a few lines a block
    got = fast_frame(path)
    assert got is not None
    columns, _, _ = reader._read_rows(path)
    pd.testing.assert_frame_equal(got[0], columns.frame())
    assert got[0]["response_a"].dtype == object and got[0]["instruction"].map(id).nunique() == 1
    read = read_judgments(path)
    assert [read.record(i) for i in range(len(rows))] == read.records()  # one row as the whole file reads it


def test_text_in_one_block_and_number_in_another_goes_row_by_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from judgeaudit.contracts.judgments import fast

    rows = [
        {**PAIR, "item_id": f"i{i}", "order": "ab", "winner": "a", "model_a": "m" if i < 4 else 7} for i in range(8)
    ]
    path = tmp_path / "judgments.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(fast, "BLOCK_BYTES", 200)
    assert fast_frame(path) is None


def test_analyze_returns_rows_made_only_when_looked_at(tmp_path: Path) -> None:
    from judgeaudit import analyze

    path = tmp_path / "judgments.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows()), encoding="utf-8")
    outcome = analyze(path, tmp_path / "out")
    assert len(outcome.rows) == len(_rows()) and outcome.rows._read._rows is None  # type: ignore[attr-defined]
    assert outcome.rows == read_judgments(path).rows and outcome.rows[0]["item_id"] == "i0"


@pytest.mark.parametrize("block", [1, 7, 64, 300])
def test_blocks_are_whole_lines_whatever_their_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """A block ends at a line's end; a line longer than the block grows it; the last line may lack its newline."""
    from judgeaudit.contracts.judgments import fast

    text = b"short\n" + b"x" * 700 + b"\n\n" + b"y" * 13 + b"\nend without newline"
    path = tmp_path / "lines.jsonl"
    path.write_bytes(text)
    monkeypatch.setattr(fast, "BLOCK_BYTES", block)
    blocks = [bytes(b) for b in fast._line_blocks(path)]
    assert b"".join(blocks) == text
    assert all(b.endswith(b"\n") for b in blocks[:-1]) and all(blocks)
    assert blocks[-1].endswith(b"end without newline")


def test_a_line_longer_than_a_block_reads_as_one_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from judgeaudit.contracts.judgments import fast

    rows = [{**r, "response_a": "long answer " * (200 if i == 3 else 1)} for i, r in enumerate(_rows())]
    path = tmp_path / "judgments.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr(fast, "BLOCK_BYTES", 256)  # row 3 alone is ten times this
    got = fast_frame(path)
    assert got is not None
    columns, _, _ = reader._read_rows(path)
    pd.testing.assert_frame_equal(got[0], columns.frame())
    assert got[0]["response_a"][3] == rows[3]["response_a"]


def test_every_text_column_holds_one_object_per_distinct_text(tmp_path: Path) -> None:
    """Judge, probe, variant, order and winner repeat in every row: the frame shares one string for each."""
    path = tmp_path / "judgments.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _rows()), encoding="utf-8")
    got = fast_frame(path)
    assert got is not None
    frame = got[0]
    for column in ("judge", "probe", "variant", "mode", "order"):
        assert frame[column].dtype == object
        present = frame[column].dropna()
        assert present.map(id).nunique() == present.nunique()
    assert isinstance(frame["item_id"].dtype, pd.StringDtype)  # as frame_from_rows makes it
