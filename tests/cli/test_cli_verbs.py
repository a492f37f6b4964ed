"""analyze, vet and import through the CLI: thin shells over the library, same outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main


@pytest.fixture
def run_dir(pairs_file: Path, tmp_path: Path) -> Path:
    out = tmp_path / "run"
    result = CliRunner().invoke(
        main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--out", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    return out


def test_analyze_into_another_directory_copies_the_run_and_prints_the_summary(run_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    result = CliRunner().invoke(main, ["analyze", str(run_dir), "--out", str(out), "--mde", "0.1"])
    assert result.exit_code == 0, result.output
    assert (out / "judgments.jsonl").read_bytes() == (run_dir / "judgments.jsonl").read_bytes()
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["power"]["requested_mde"]["effect"] == 0.1
    assert metrics["position"] == json.loads((run_dir / "metrics.json").read_text())["position"]
    assert "consistency (same verdict both orders)" in result.output and f"run directory {out}" in result.output


def test_analyze_of_a_bare_judgments_file_writes_a_recorded_manifest(run_dir: Path, tmp_path: Path) -> None:
    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "recorded.jsonl").write_bytes((run_dir / "judgments.jsonl").read_bytes() + b'{"judge": "x"}\n')
    result = CliRunner().invoke(main, ["analyze", str(bare / "recorded.jsonl")])
    assert result.exit_code == 0, result.output
    assert "skipped: " in result.output and "field 'probe'" in result.output
    manifest = json.loads((bare / "manifest.json").read_text())
    assert manifest["mode"] == "recorded" and manifest["source"] == str(bare / "recorded.jsonl")
    assert (manifest["n_judgments"], len(manifest["problems"])) == (40, 1)


def test_vet_of_a_run_directory_gates_its_metrics(run_dir: Path) -> None:
    result = CliRunner().invoke(main, ["vet", str(run_dir), "--json"])
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.output)
    assert report["exit_code"] == result.exit_code and report["checks"]


def test_vet_of_a_run_with_another_judge_refuses_to_gate_it(run_dir: Path) -> None:
    """``vet RUN --judge NAME`` gates NAME or nothing: a PASS for the wrong judge is a wrong verdict (issue 23)."""
    result = CliRunner().invoke(main, ["vet", str(run_dir), "--judge", "smollm2-135m"])
    assert result.exit_code == 2 and "PASS" not in result.output and "FAIL" not in result.output
    assert f"--judge smollm2-135m: not a judge of {run_dir} (judges: simulated)" in result.output
    assert CliRunner().invoke(main, ["vet", str(run_dir), "--judge", "simulated"]).exit_code in (0, 1)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "metrics.json: not found"),
        ('{"position": ', "metrics.json:1: not valid JSON"),
        ("[]", "metrics.json: must be a JSON object"),
    ],
)
def test_vet_without_readable_metrics_is_an_input_error(run_dir: Path, content: str | None, words: str) -> None:
    if content is None:
        (run_dir / "metrics.json").unlink()
    else:
        (run_dir / "metrics.json").write_text(content)
    result = CliRunner().invoke(main, ["vet", str(run_dir)])
    assert result.exit_code == 2
    assert words in result.output


def test_vet_with_a_judge_runs_the_audit_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["vet", "--judge", "simulated", "--limit", "6"])
    assert result.exit_code in (0, 1), result.output
    run = tmp_path / "reports" / "vet-simulated"
    assert (run / "metrics.json").exists() and (run / "report.html").exists()
    assert "run directory reports/vet-simulated" in result.output  # the probe's summary, then the checks
    assert "checks pass" in result.output.split("run directory")[1]


def test_import_converts_then_analyzes_unless_told_not_to(tmp_path: Path) -> None:
    src = tmp_path / "verdicts.jsonl"
    src.write_text(
        "".join(
            json.dumps({"item_id": str(i), "order": o, "winner": "a", "label": "a"}) + "\n"
            for i in range(6)
            for o in ("ab", "ba")
        )
    )
    args = ["import", "generic", str(src), "--judge", "gpt-x", "--option", 'set={"suite": "mine"}']
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "a")])
    assert result.exit_code == 0, result.output
    assert (
        f"imported 12 judgments from 1 path(s) into {tmp_path / 'a' / 'judgments.jsonl'} (0 rows skipped)"
        in result.output
    )
    assert "judge        gpt-x" in result.output and (tmp_path / "a" / "metrics.json").exists()
    assert json.loads((tmp_path / "a" / "judgments.jsonl").read_text().splitlines()[0])["suite"] == "mine"
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "b"), "--no-analyze"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "b" / "metrics.json").exists()
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["n_judgments"] == 12
