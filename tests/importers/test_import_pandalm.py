"""PandaLM judge outputs joined with the human test set: single order, majority gold, models from cmp_key."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers import import_judgments
from judgeaudit.importers.pandalm import majority


def write_array(path: Path, records: list[Any]) -> Path:
    path.write_text("[\n" + ",\n".join(json.dumps(r) for r in records) + "\n]\n", encoding="utf-8")
    return path


def item(idx: int, votes: tuple[int, int, int], cmp_key: str = "llama-7b_opt-7b") -> dict[str, Any]:
    return {
        "idx": idx,
        "motivation_app": "Grammarly",
        "cmp_key": cmp_key,
        "instruction": "Fix the grammar.",
        "input": "he go home",
        "response1": "He goes home.",
        "response2": "He go home.",
        "annotator1": votes[0],
        "annotator2": votes[1],
        "annotator3": votes[2],
    }


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write_array(
        tmp_path / "testset-v1.json",
        [
            item(0, (1, 1, 2)),
            item(1, (0, 0, 2)),
            item(2, (0, 1, 2)),
            item(3, (2, 2, 2), cmp_key="no-separator"),
        ],
    )
    write_array(
        tmp_path / "gpt-3.5-turbo-testset-v1.json",
        [
            {"idx": 0, "gpt_result": "1", "gpt_reason": "Response 1 is grammatical."},
            {"idx": 1, "gpt_result": "Tie", "gpt_reason": "Both are fine."},
            {"idx": 2, "gpt_result": "garbage", "gpt_reason": ""},
            {"idx": 7, "gpt_result": "2", "gpt_reason": "no such item"},
        ],
    )
    return tmp_path


def test_rows_join_the_test_set_in_one_order(data_dir: Path) -> None:
    result = import_judgments("pandalm", [data_dir])
    rows = {r["item_id"]: r for r in result.rows}
    assert {r["order"] for r in rows.values()} == {"ab"}
    first = rows["pandalm/0"]
    assert (first["winner"], first["label"], first["judge"], first["judge_family"]) == (
        "a",
        "a",
        "gpt-3.5-turbo",
        "openai",
    )
    assert (first["model_a"], first["model_b"], first["family_a"], first["family_b"]) == (
        "llama-7b",
        "opt-7b",
        "meta",
        "meta",
    )
    assert (first["len_a"], first["len_b"]) == (13, 11)
    assert first["instruction"] == "Fix the grammar.\n\nhe go home"
    assert (rows["pandalm/1"]["winner"], rows["pandalm/1"]["label"]) == ("tie", "tie")
    assert (rows["pandalm/2"]["winner"], rows["pandalm/2"]["label"]) == (None, None)  # unparsed; no majority
    assert rows["pandalm/2"]["raw"].startswith("garbage")


def test_unreadable_rows_are_reported_and_the_rest_imported(data_dir: Path) -> None:
    result = import_judgments("pandalm", [data_dir / "gpt-3.5-turbo-testset-v1.json"])
    assert len(result.rows) == 3
    where = {(Path(e.path).name, e.line, e.field) for e in result.skipped}
    assert where == {("testset-v1.json", 5, "cmp_key"), ("gpt-3.5-turbo-testset-v1.json", 5, "idx")}


def test_a_judge_file_without_the_test_set_is_an_error(tmp_path: Path) -> None:
    write_array(tmp_path / "pandalm-7b-testset-v1.json", [{"idx": 0, "pandalm_result": "1"}])
    with pytest.raises(JudgeAuditError, match="testset-v1.json"):
        import_judgments("pandalm", [tmp_path / "pandalm-7b-testset-v1.json"])


def test_majority_needs_more_than_half() -> None:
    assert majority([2, 2, 1]) == "b"
    assert majority(["0", "0", "1"]) == "tie"
    assert majority([0, 1, 2]) is None


def test_published_files(shared_data: Path) -> None:
    folder = shared_data / "pandalm"
    if not (folder / "testset-v1.json").exists():
        pytest.skip(f"{folder} not in the shared data")
    result = import_judgments("pandalm", [folder])
    assert result.skipped == []
    assert result.judges == {"gpt-3.5-turbo": "openai", "pandalm-7b": "meta"}
    by_judge = Counter((r["judge"], r["winner"]) for r in result.rows)
    # gpt-3.5-turbo: 476 "2", 460 "1", 38 "Tie", 25 "garbage" (SOURCE.md counts of the raw file)
    assert by_judge[("gpt-3.5-turbo", "b")] == 476 and by_judge[("gpt-3.5-turbo", None)] == 25
    assert by_judge[("pandalm-7b", "tie")] == 107
    labels = Counter(r["label"] for r in result.rows if r["judge"] == "pandalm-7b")
    # unanimous (426 b, 368 a, 85 tie) plus two-of-three majorities; no item lacks a majority
    assert labels == {"b": 426 + 36 + 10, "a": 368 + 33 + 21, "tie": 85 + 13 + 7}
