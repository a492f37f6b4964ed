"""Where the data is: flag, then environment, then ../shared/data beside cwd, then beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

from judgeaudit.datasets import location
from judgeaudit.datasets.location import data_dir


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No env var, a cwd with no ../shared/data, and a repo root with none either."""
    monkeypatch.delenv("JUDGEAUDIT_DATA", raising=False)
    work = tmp_path / "a" / "work"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    monkeypatch.setattr(location, "_REPO_ROOT", tmp_path / "b" / "repo")
    return tmp_path


def test_explicit_flag_wins_over_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUDGEAUDIT_DATA", str(tmp_path / "env"))
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert data_dir(str(tmp_path / "flag")) == tmp_path / "flag"


def test_explicit_path_is_kept_even_if_missing(nowhere: Path) -> None:
    # a typo must be reported against the user's path, not silently replaced by a default
    assert data_dir(nowhere / "typo") == nowhere / "typo"


def test_env_var_wins_over_defaults(nowhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (nowhere / "a" / "shared" / "data").mkdir(parents=True)
    monkeypatch.setenv("JUDGEAUDIT_DATA", str(nowhere / "env"))
    assert data_dir() == nowhere / "env"
    assert data_dir("") == nowhere / "env"


def test_shared_data_beside_cwd(nowhere: Path) -> None:
    (nowhere / "a" / "shared" / "data").mkdir(parents=True)
    assert data_dir() == (nowhere / "a" / "shared" / "data").resolve()


def test_shared_data_beside_repo_when_not_beside_cwd(nowhere: Path) -> None:
    (nowhere / "b" / "shared" / "data").mkdir(parents=True)
    assert data_dir() == (nowhere / "b" / "shared" / "data").resolve()


def test_cwd_is_preferred_over_repo(nowhere: Path) -> None:
    (nowhere / "a" / "shared" / "data").mkdir(parents=True)
    (nowhere / "b" / "shared" / "data").mkdir(parents=True)
    assert data_dir() == (nowhere / "a" / "shared" / "data").resolve()


def test_none_when_nothing_found(nowhere: Path) -> None:
    assert data_dir() is None
