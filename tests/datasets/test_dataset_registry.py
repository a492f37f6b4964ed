"""The registry as a whole: names, availability, contract validity of every item, the suites' data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from judgeaudit.contracts.items import item_from_dict
from judgeaudit.datasets import available, dataset_names, get_spec, load_dataset
from judgeaudit.errors import JudgeAuditError
from tests.support.paths import REPO

SUITES = REPO / "probes"
ALL = [
    ("llmbar", "all"),
    ("llmbar", "CaseStudy"),
    ("llmbar", "Processed"),
    ("pandalm", None),
    ("autoj", None),
    ("alpaca_eval", "families"),
    ("alpaca_eval", "verbosity"),
    ("prometheus_absolute", "hhh"),
    ("prometheus_absolute", "mt_bench"),
    ("prometheus_absolute", "vicuna"),
]


def test_registered_names() -> None:
    assert dataset_names() == ["alpaca_eval", "autoj", "llmbar", "mt_bench", "pandalm", "prometheus_absolute"]


def test_folder_names_are_aliases() -> None:
    assert get_spec("autoj_pairwise").name == "autoj"
    assert get_spec("prometheus_eval_absolute").name == "prometheus_absolute"


def test_unknown_dataset_lists_the_known_ones() -> None:
    with pytest.raises(JudgeAuditError, match="llmbar"):
        load_dataset("no-such-dataset")


def test_available_reflects_the_files(data_root: Path, tmp_path: Path) -> None:
    for name in dataset_names():
        assert available(name, data_dir=tmp_path) is False
    assert available("llmbar", data_dir=data_root) is (data_root / "llmbar" / "LLMBar" / "Natural").is_dir()


@pytest.mark.parametrize(("name", "subset"), ALL)
def test_items_satisfy_the_contract_and_ids_are_unique(data_root: Path, name: str, subset: str | None) -> None:
    if not available(name, data_dir=data_root):
        pytest.skip(f"{name} is not under {data_root}")
    items = load_dataset(name, subset, data_dir=data_root)
    assert items and len({i.id for i in items}) == len(items)
    for item in items:
        # the same validation a user's --data file gets: non-empty texts, labels in a/b/tie
        assert item_from_dict(item.to_dict()) == item


@pytest.mark.parametrize(("name", "subset"), ALL)
def test_loading_twice_gives_the_same_items(data_root: Path, name: str, subset: str | None) -> None:
    if not available(name, data_dir=data_root):
        pytest.skip(f"{name} is not under {data_root}")
    first = load_dataset(name, subset, data_dir=data_root, limit=24, seed=7)
    again = load_dataset(name, subset, data_dir=data_root, limit=24, seed=7)
    assert [i.to_dict() for i in first] == [i.to_dict() for i in again]


def _suite_sources() -> list[tuple[str, dict, int | None]]:
    out = []
    for path in sorted(SUITES.glob("*.yaml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(spec, dict) and isinstance(spec.get("data"), dict) and "dataset" in spec["data"]:
            out.append((path.stem, spec["data"], spec.get("limit")))
    return out


@pytest.mark.parametrize(("suite", "data", "limit"), _suite_sources())
def test_every_suite_dataset_and_subset_loads(data_root: Path, suite: str, data: dict, limit: int | None) -> None:
    if not available(data["dataset"], data_dir=data_root):
        pytest.skip(f"{data['dataset']} is not under {data_root}")
    items = load_dataset(data["dataset"], data.get("subset"), data_dir=data_root, limit=limit)
    assert items, suite
    if limit is not None:
        assert len(items) <= max(limit, 6), suite


def test_missing_local_data_without_datasets_names_every_fix(tmp_path: Path, no_hub: None) -> None:
    with pytest.raises(JudgeAuditError) as err:
        load_dataset("llmbar", "Natural", data_dir=tmp_path)
    message = str(err.value)
    assert str(tmp_path / "llmbar" / "LLMBar" / "Natural" / "dataset.json") in message
    assert "--data-dir" in message and "JUDGEAUDIT_DATA" in message
    assert "princeton-nlp/LLMBar/900616bff90b6c6c8e1681f7d079250637c55992/Dataset/LLMBar/Natural" in message
    assert "pip install datasets" in message


@pytest.mark.parametrize(
    ("name", "folder", "repo"),
    [
        ("pandalm", "pandalm", "WeOpenML/PandaLM"),
        ("autoj", "autoj_pairwise", "prometheus-eval/prometheus-eval"),
        ("alpaca_eval", "alpaca_eval", "tatsu-lab/alpaca_eval"),
        ("prometheus_absolute", "prometheus_eval_absolute", "prometheus-eval/prometheus-eval"),
        ("mt_bench", "mt_bench", "lm-sys/FastChat"),
    ],
)
def test_missing_data_offline_says_where_the_published_copy_is(
    tmp_path: Path, offline_hub: None, name: str, folder: str, repo: str
) -> None:
    with pytest.raises(JudgeAuditError) as err:
        load_dataset(name, data_dir=tmp_path)
    message = str(err.value)
    assert str(tmp_path / folder) in message and "JUDGEAUDIT_DATA" in message and "--data-dir" in message
    assert repo in message and "HF_HUB_OFFLINE is set" in message


def test_no_data_dir_at_all_lists_where_it_looked(
    monkeypatch: pytest.MonkeyPatch, no_hub: None, tmp_path: Path
) -> None:
    from judgeaudit.datasets import location

    monkeypatch.delenv("JUDGEAUDIT_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(location, "_REPO_ROOT", tmp_path / "repo")
    with pytest.raises(JudgeAuditError, match="no data directory found.*JUDGEAUDIT_DATA"):
        load_dataset("pandalm")
