"""Judgment fields of the wrong JSON type are rejected with file, line and field (issue 17, item 6 and 8).

Python reads JSON ``true`` as 1 and ``Infinity``/``NaN`` as floats; each of these once passed as a
judgment and changed a metric (``score: Infinity`` moved score_accuracy from 1.0 to 0.8) or dropped a
pair without a word (``variant: 1``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.contracts.judgments import read_judgments

PAIR = {
    "judge": "j",
    "probe": "position",
    "item_id": "i1",
    "variant": "original",
    "mode": "pairwise",
    "order": "ab",
    "winner": "a",
    "p_a": 0.7,
    "label": "a",
    "len_a": 10,
    "len_b": 12,
}
SCORE = {
    "judge": "j",
    "probe": "score_vs_rank",
    "item_id": "i1",
    "variant": "original",
    "mode": "score",
    "response": "a",
    "score": 4,
}


@pytest.mark.parametrize(
    ("base", "text", "field", "words"),
    [
        (SCORE, '"score": Infinity', "score", "finite number or null, got Infinity"),
        (SCORE, '"score": -Infinity', "score", "got -Infinity"),
        (SCORE, '"score": NaN', "score", "got NaN"),
        (SCORE, '"score": true', "score", "got true"),
        (SCORE, '"score": 1' + "0" * 400, "score", "finite number or null"),  # an integer no float can hold
        (PAIR, '"p_a": true', "p_a", "finite number or null, got true"),
        (PAIR, '"p_a": NaN', "p_a", "got NaN"),
        (PAIR, '"score_expected": Infinity', "score_expected", "got Infinity"),
        (PAIR, '"pad_ratio": false', "pad_ratio", "got false"),
        (PAIR, '"variant": 1', "variant", "must be a string, got 1"),
        (PAIR, '"variant": ["original"]', "variant", "must be a string"),
        (PAIR, '"item_id": [3]', "item_id", "must be a string (or a whole number), got [3]"),
        (PAIR, '"item_id": true', "item_id", "got true"),
        (PAIR, '"item_id": 1.5', "item_id", "got 1.5"),
        (PAIR, '"judge": {"name": "x"}', "judge", "must be a string"),
        (PAIR, '"judge_family": 7', "judge_family", "must be a string or null, got 7"),
        (PAIR, '"family_a": ["llama"]', "family_a", "must be a string or null"),
        (PAIR, '"repeat": true', "repeat", "non-negative integer or null, got true"),
        (PAIR, '"len_a": 3.5', "len_a", "non-negative integer"),
        (PAIR, '"error": 500', "error", "must be a string or null"),
    ],
)
def test_a_wrongly_typed_field_is_named_by_file_line_and_field(
    tmp_path: Path, base: dict, text: str, field: str, words: str
) -> None:
    path = tmp_path / "judgments.jsonl"
    bad = json.dumps({k: v for k, v in base.items() if k != field})[:-1] + ", " + text + "}"
    path.write_text(json.dumps(base) + "\n" + bad + "\n", encoding="utf-8")
    read = read_judgments(path)
    assert len(read.frame) == 1
    (problem,) = read.problems
    assert (problem.path, problem.line, problem.field) == (str(path), 2, field)
    assert words in problem.message


def test_an_integer_item_id_is_still_read_as_its_string() -> None:
    from judgeaudit.contracts.judgments import validate_row

    assert validate_row({**PAIR, "item_id": 17}, "j.jsonl", 1)["item_id"] == 17


def _score_rows(n: int) -> list[dict]:
    rows = []
    for i in range(n):  # a judge whose scores always rank the gold-better response higher
        for resp, score in (("a", 4), ("b", 2)):
            rows.append({**SCORE, "item_id": f"i{i}", "response": resp, "score": score, "label": "a"})
    return rows


def test_analyze_leaves_a_non_finite_score_out_instead_of_counting_it(tmp_path: Path) -> None:
    good = tmp_path / "good" / "judgments.jsonl"
    good.parent.mkdir()
    good.write_text("".join(json.dumps(r) + "\n" for r in _score_rows(5)), encoding="utf-8")
    mixed = tmp_path / "mixed" / "judgments.jsonl"
    mixed.parent.mkdir()
    lines = good.read_text().splitlines()
    mixed.write_text(
        "\n".join(lines) + "\n" + lines[1].replace('"score": 2', '"score": Infinity') + "\n", encoding="utf-8"
    )
    assert CliRunner().invoke(main, ["analyze", str(good.parent)]).exit_code == 0
    result = CliRunner().invoke(main, ["analyze", str(mixed.parent)])
    assert result.exit_code == 0
    assert f"{mixed}:11: field 'score': must be a finite number or null, got Infinity" in result.output
    assert (good.parent / "metrics.json").read_bytes() == (mixed.parent / "metrics.json").read_bytes()
