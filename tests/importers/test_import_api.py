"""The importer registry and ``import_judgments``: formats, option checking, empty imports, contract rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.contracts.judgments import read_judgments, write_judgments
from judgeaudit.errors import InputErrors, JudgeAuditError
from judgeaudit.importers import formats, import_judgments


def test_every_format_is_registered() -> None:
    assert formats() == [
        "alpaca_eval",
        "deepeval",
        "generic",
        "inspect_ai",
        "judgebench",
        "llmbar",
        "lm_eval",
        "mtbench",
        "mtbench_single",
        "openai_evals",
        "pandalm",
        "prometheus_absolute",
        "promptfoo",
    ]


def test_unknown_format_names_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(JudgeAuditError, match="known: alpaca_eval"):
        import_judgments("arena", [tmp_path])


def test_an_option_the_format_does_not_read_is_refused(tmp_path: Path) -> None:
    with pytest.raises(JudgeAuditError, match="does not take option"):
        import_judgments("llmbar", [tmp_path], {"map": {"item_id": "x"}})


def test_nothing_imported_is_an_error_listing_why(tmp_path: Path) -> None:
    with pytest.raises(InputErrors, match="no llmbar judgments found"):
        import_judgments("llmbar", [tmp_path])


def test_imported_rows_round_trip_through_judgments_jsonl(tmp_path: Path) -> None:
    src = tmp_path / "v.jsonl"
    src.write_text(json.dumps({"item_id": "1", "winner": "B", "judge": "gpt-4"}) + "\n", encoding="utf-8")
    result = import_judgments("generic", [src])
    write_judgments(result.rows, tmp_path / "judgments.jsonl")
    back = read_judgments(tmp_path / "judgments.jsonl")
    assert back.problems == [] and back.frame.loc[0, "winner"] == "b"
