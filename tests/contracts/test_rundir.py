"""RunDir: the one reader of a run directory, and its errors naming the file at fault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.contracts.rundir import RunDir
from judgeaudit.errors import InputError

ROW = {
    "judge": "j",
    "probe": "position",
    "item_id": "i1",
    "variant": "original",
    "mode": "pairwise",
    "order": "ab",
    "winner": "a",
}


def test_a_run_is_a_directory_or_a_judgments_file(tmp_path: Path) -> None:
    recorded = tmp_path / "recorded.jsonl"
    recorded.write_text(json.dumps(ROW) + "\n")
    assert RunDir.at(tmp_path).judgments_path == tmp_path / "judgments.jsonl"
    run = RunDir.at(recorded)
    assert run.path == tmp_path and run.judgments_path == recorded
    assert run.judgments().rows == [ROW]


def test_metrics_missing_corrupt_or_not_an_object_name_the_file(tmp_path: Path) -> None:
    run = RunDir(tmp_path)
    with pytest.raises(InputError, match="not found.*judgeaudit analyze") as err:
        run.metrics()
    assert err.value.path == str(tmp_path / "metrics.json")
    run.metrics_path.write_text('{"position": {\n  "x": }')
    with pytest.raises(InputError, match="not valid JSON") as err:
        run.metrics()
    assert err.value.line == 2
    run.metrics_path.write_text("null")
    with pytest.raises(InputError, match="must be a JSON object"):
        run.metrics()
    run.metrics_path.write_text('{"position": null}')
    assert run.metrics() == {"position": None}


def test_a_run_without_a_manifest_has_none(tmp_path: Path) -> None:
    assert RunDir(tmp_path).manifest() is None


def test_judgments_that_are_not_text_are_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "judgments.jsonl").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(InputError, match=r"judgments.jsonl:1: no valid judgments in the file .*not valid UTF-8"):
        RunDir(tmp_path).judgments()
