"""Duplicate judgments: identical copies are counted, conflicting copies name both lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.contracts.judgments import read_judgments
from judgeaudit.contracts.judgments.duplicates import count_duplicates
from judgeaudit.errors import InputError


def row(winner: str, order: str = "ab", **extra: object) -> dict:
    return {
        "judge": "j",
        "probe": "position",
        "item_id": "i1",
        "variant": "original",
        "mode": "pairwise",
        "order": order,
        "winner": winner,
        "label": "a",
        **extra,
    }


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_identical_copies_are_counted_not_errors(tmp_path: Path) -> None:
    rows = [row("a"), row("a", probe="verbosity"), row("b", "ba"), row("a")]
    read = read_judgments(write(tmp_path / "j.jsonl", rows))
    assert read.n_duplicates == 2 and len(read.frame) == 4


def test_conflicting_copies_name_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "j.jsonl", [row("a"), row("b", "ba"), row("b")])
    with pytest.raises(InputError) as err:
        read_judgments(path)
    assert err.value.line == 3 and err.value.field == "winner"
    assert "conflicts with line 1" in str(err.value) and "repeat" in str(err.value)


def test_declared_repeats_are_not_duplicates(tmp_path: Path) -> None:
    read = read_judgments(write(tmp_path / "j.jsonl", [row("a", repeat=0), row("b", repeat=1)]))
    assert read.n_duplicates == 0


def test_score_rows_are_keyed_by_the_response_they_score() -> None:
    score = {"judge": "j", "probe": "s", "item_id": "i1", "variant": "original", "mode": "score"}
    rows = [{**score, "response": "a", "score": 3}, {**score, "response": "b", "score": 5}]
    assert count_duplicates(rows, "x.jsonl") == 0
    with pytest.raises(InputError, match="score 3 there and 4 here"):
        count_duplicates([*rows, {**score, "response": "a", "score": 4}], "x.jsonl")


def test_rows_not_yet_written_are_located_by_their_source() -> None:
    rows = [row("a", source="/data/rec.json:7"), row("b", source="/data/rec.json:9")]
    with pytest.raises(InputError) as err:
        count_duplicates(rows, "out/judgments.jsonl")
    assert (err.value.path, err.value.line) == ("/data/rec.json", 9)
    assert "conflicts with /data/rec.json:7" in str(err.value)


def test_analyze_prints_the_duplicates_and_fails_on_a_conflict(tmp_path: Path) -> None:
    ok = write(tmp_path / "ok.jsonl", [row("a"), row("b", "ba"), row("a")])
    res = CliRunner().invoke(main, ["analyze", str(ok), "--out", str(tmp_path / "o1")])
    assert res.exit_code == 0, res.output
    assert "duplicates: 1 rows repeat" in res.output and "(2 of 3 rows)" in res.output
    bad = write(tmp_path / "bad.jsonl", [row("a"), row("b", "ba"), row("b")])
    res = CliRunner().invoke(main, ["analyze", str(bad), "--out", str(tmp_path / "o2")])
    assert res.exit_code == 2 and "bad.jsonl:3" in res.output and "line 1" in res.output
