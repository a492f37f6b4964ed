"""Fixtures for the dataset adapter tests: the shared (read-only) data, and no Hugging Face hub."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from judgeaudit.datasets.location import data_dir


@pytest.fixture(scope="session")
def data_root() -> Path:
    """The shared datasets directory; tests needing it skip (saying where we looked) when absent."""
    root = data_dir()
    if root is None or not root.is_dir():
        pytest.skip("shared datasets not found (no JUDGEAUDIT_DATA, no ../shared/data beside cwd or repo)")
    return root


@pytest.fixture
def need(data_root: Path) -> Callable[[str], Path]:
    """``need("llmbar")``: that dataset's folder, or skip naming the missing path."""

    def check(folder: str) -> Path:
        path = data_root / folder
        if not path.is_dir():
            pytest.skip(f"dataset folder {path} is absent")
        return data_root

    return check


@pytest.fixture
def no_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Make ``import datasets`` fail, so the missing-data path never reaches the network."""
    monkeypatch.setitem(sys.modules, "datasets", None)
    monkeypatch.setenv("JUDGEAUDIT_REMOTE_DATA", str(tmp_path / "remote-data"))


@pytest.fixture
def offline_hub(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The real ``datasets`` library in offline mode with an empty cache: a fetch fails without the network."""
    pytest.importorskip("datasets.download")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("JUDGEAUDIT_REMOTE_DATA", str(tmp_path / "remote-data"))
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf-datasets"))
