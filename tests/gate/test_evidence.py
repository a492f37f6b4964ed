"""``vet`` never passes on no evidence (issue 17, item 3): no judgments, or no check evaluated, is exit 2
(INCONCLUSIVE, which fails, under --strict); a limit below 1 is a usage error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.gate.evidence import missing_evidence


def _vet(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["vet", *args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _run_dir(tmp_path: Path, metrics: object) -> Path:
    d = tmp_path / "run"
    d.mkdir()
    (d / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    return d


def test_an_empty_metrics_file_is_no_evidence_exit_2(tmp_path: Path) -> None:
    code, output = _vet(str(_run_dir(tmp_path, {})))
    assert code == 2 and "no evidence to vet" in output and "none of the policy's" in output


def test_under_strict_no_evidence_is_inconclusive_and_fails(tmp_path: Path) -> None:
    code, output = _vet(str(_run_dir(tmp_path, {})), "--strict")
    assert code == 1 and "INCONCLUSIVE" in output


def test_zero_judgments_is_no_evidence(tmp_path: Path) -> None:
    code, output = _vet(str(_run_dir(tmp_path, {"meta": {"n_judgments": 0}})))
    assert code == 2 and "0 judgments" in output


@pytest.mark.parametrize("limit", ["0", "-3"])
def test_a_limit_below_one_is_a_usage_error(limit: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, output = _vet("--judge", "simulated", "--limit", limit)
    assert code == 2 and "--limit" in output
    assert not (tmp_path / "reports").exists()  # nothing was judged


def test_probe_refuses_a_limit_below_one_too(pairs_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--limit", "0", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 2 and "--limit" in result.output


def test_a_real_run_is_evidence_and_keeps_its_verdict(pairs_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert (
        CliRunner()
        .invoke(main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--out", str(out), "-q"])
        .exit_code
        == 0
    )
    code, output = _vet(str(out))
    assert code in (0, 1) and "no evidence" not in output


@pytest.mark.parametrize(
    ("metrics", "statuses", "evidence"),
    [
        ({"meta": {"n_judgments": 40}}, ["PASS", "SKIPPED"], True),
        ({"meta": {"n_judgments": 40}}, ["SKIPPED", "SKIPPED"], False),
        ({"meta": {"n_judgments": 0}}, ["PASS"], False),
        ({}, [], False),
    ],
)
def test_evidence_needs_judgments_and_one_evaluated_check(metrics: dict, statuses: list[str], evidence: bool) -> None:
    assert (missing_evidence(metrics, statuses) is None) == evidence
