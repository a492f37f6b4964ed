"""The Hugging Face fallback, exercised with a stand-in ``datasets`` module (never the network)."""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.datasets import load_dataset
from judgeaudit.datasets.hub import hub_available, load_hf
from judgeaudit.errors import JudgeAuditError


class _Split(list):
    """Stands in for ``datasets.Dataset``: an iterable of row dicts."""


def _fake_hub(monkeypatch: pytest.MonkeyPatch, rows: list[dict[str, Any]] | Exception) -> list[tuple]:
    calls: list[tuple] = []
    module = types.ModuleType("datasets")

    def load_dataset(dataset_id: str, config: str | None = None, split: str | None = None) -> _Split:
        calls.append((dataset_id, config, split))
        if isinstance(rows, Exception):
            raise rows
        return _Split(rows)

    module.load_dataset = load_dataset  # type: ignore[attr-defined]
    module.Dataset = _Split  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "datasets", module)
    return calls


def test_hub_rows_go_through_the_same_label_mapping(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = _fake_hub(monkeypatch, [{"input": "q1", "output_1": "x", "output_2": "y", "label": 2},
                                    {"input": "q2", "output_1": "x", "output_2": "y", "label": 1}])
    items = load_dataset("llmbar", "Neighbor", data_dir=tmp_path)
    assert calls == [("princeton-nlp/LLMBar", "LLMBar", "Adversarial_Neighbor")]
    assert [(i.id, i.label) for i in items] == [("llmbar-adversarial-neighbor-000", "b"),
                                                ("llmbar-adversarial-neighbor-001", "a")]


def test_case_study_uses_its_own_hub_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = _fake_hub(monkeypatch, [{"input": "q", "output_1": "x", "output_2": "y", "label": 1}])
    load_dataset("llmbar", "Base_9", data_dir=tmp_path)
    assert calls == [("princeton-nlp/LLMBar", "CaseStudy", "Base_9")]


def test_processed_sets_are_not_on_the_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = _fake_hub(monkeypatch, [])
    with pytest.raises(JudgeAuditError, match="not on the Hugging Face hub"):
        load_dataset("llmbar", "FairEval", data_dir=tmp_path)
    assert calls == []


def test_a_failed_hub_load_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_hub(monkeypatch, ConnectionError("offline"))
    with pytest.raises(JudgeAuditError, match=r"princeton-nlp/LLMBar.*failed too: ConnectionError: offline"):
        load_dataset("llmbar", "Natural", data_dir=tmp_path)


def test_a_namespace_package_named_datasets_is_not_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    # e.g. tests/datasets/ on sys.path: importable, but not Hugging Face datasets
    monkeypatch.setitem(sys.modules, "datasets", types.ModuleType("datasets"))
    assert hub_available() is False
    with pytest.raises(JudgeAuditError, match=r"pip install 'judgeaudit\[hub\]'"):
        load_hf("princeton-nlp/LLMBar", "LLMBar", "Natural")


def test_load_hf_without_the_library_names_the_fix(no_hub: None, tmp_path: Path) -> None:
    with pytest.raises(JudgeAuditError) as err:
        load_hf("princeton-nlp/LLMBar", "LLMBar", "Natural", looked_at=tmp_path / "x.json")
    message = str(err.value)
    assert "princeton-nlp/LLMBar" in message and str(tmp_path / "x.json") in message
    assert "JUDGEAUDIT_DATA" in message and "pip install 'judgeaudit[hub]'" in message
