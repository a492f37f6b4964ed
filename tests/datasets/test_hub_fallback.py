"""Published copies of the public datasets, fetched through ``datasets`` when the local files are absent.

The network is never used: ``JUDGEAUDIT_DATA_MIRROR`` points the same ``datasets`` download path at a
local folder laid out like the upstream repositories, filled from the staged data.
"""

from __future__ import annotations

import shutil
import sys
import types
from pathlib import Path

import pytest

from judgeaudit.datasets import load_dataset, load_questions
from judgeaudit.datasets.hub import hub_available, load_hf, remote_data, remotes
from judgeaudit.errors import JudgeAuditError

pytest.importorskip("datasets.download")


@pytest.fixture
def mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_root: Path):
    """``copy(name, relpath)`` puts a staged file where the dataset's upstream repository has it."""
    base = tmp_path / "mirror"
    monkeypatch.setenv("JUDGEAUDIT_DATA_MIRROR", str(base))
    monkeypatch.setenv("JUDGEAUDIT_REMOTE_DATA", str(tmp_path / "remote-data"))
    monkeypatch.setattr("judgeaudit.datasets.hub._FETCHED", {})

    def copy(name: str, folder: str, relpath: str) -> None:
        remote = remotes()[name]
        source = data_root / folder / relpath
        if not source.is_file():
            pytest.skip(f"{source} is absent")
        target = base / remote.repo / remote.revision / remote.path(relpath)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    return copy


def test_a_published_copy_gives_the_same_items_as_the_local_files(mirror, data_root: Path, tmp_path: Path) -> None:
    mirror("pandalm", "pandalm", "testset-v1.json")
    fetched = load_dataset("pandalm", data_dir=tmp_path / "empty", limit=40, seed=3)
    assert fetched == load_dataset("pandalm", data_dir=data_root, limit=40, seed=3)
    (entry,) = remote_data()
    assert entry["revision"] == "3871806e72b4832f815ecafd24d3503c73403f48"
    assert entry["url"].endswith("WeOpenML/PandaLM/3871806e72b4832f815ecafd24d3503c73403f48/data/testset-v1.json")
    assert len(entry["sha256"]) == 64


def test_llmbar_subsets_map_to_upstream_paths_including_the_renamed_one(
    mirror, data_root: Path, tmp_path: Path
) -> None:
    mirror("llmbar", "llmbar", "Processed/LLMEval2/dataset.json")
    fetched = load_dataset("llmbar", "LLMEval2", data_dir=tmp_path / "empty")
    assert fetched == load_dataset("llmbar", "LLMEval2", data_dir=data_root)
    assert remote_data()[0]["url"].endswith("/Dataset/Processed/LLMEval^2/dataset.json")


def test_mt_bench_questions_come_with_their_references(mirror, data_root: Path, tmp_path: Path) -> None:
    mirror("mt_bench", "mt_bench", "mt_bench/question.jsonl")
    mirror("mt_bench", "mt_bench", "mt_bench/reference_answer/gpt-4.jsonl")
    assert load_questions(tmp_path / "empty") == load_questions(data_root)


def test_the_github_address_is_pinned_to_the_staged_commit() -> None:
    assert remotes()["autoj"].url("autoj_pairwise.jsonl") == (
        "https://raw.githubusercontent.com/prometheus-eval/prometheus-eval/"
        "dcfb44272d5d0414832f5dbb8c2a05ebc2614234/eval/benchmark/data/autoj_pairwise.json"
    )
    assert remotes()["llmbar"].url("Processed/LLMEval2/dataset.json").endswith("/Processed/LLMEval%5E2/dataset.json")


def test_a_namespace_package_named_datasets_is_not_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    # e.g. tests/datasets/ on sys.path: importable, but not Hugging Face datasets
    monkeypatch.setitem(sys.modules, "datasets", types.ModuleType("datasets"))
    assert hub_available() is False
    with pytest.raises(JudgeAuditError, match=r"pip install datasets"):
        load_hf("princeton-nlp/LLMBar", "LLMBar", "Natural")


def test_load_hf_without_the_library_names_the_fix(no_hub: None, tmp_path: Path) -> None:
    with pytest.raises(JudgeAuditError) as err:
        load_hf("princeton-nlp/LLMBar", "LLMBar", "Natural", looked_at=tmp_path / "x.json")
    message = str(err.value)
    assert "princeton-nlp/LLMBar" in message and str(tmp_path / "x.json") in message
    assert "JUDGEAUDIT_DATA" in message and "pip install datasets" in message
