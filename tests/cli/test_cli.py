"""The CLI end to end through click's CliRunner, on the simulated judge (no model needed)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from judgeaudit.cli import main


def test_probe_writes_a_complete_run_directory(pairs_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    result = CliRunner().invoke(
        main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--out", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    for name in ("judgments.jsonl", "manifest.json", "metrics.json", "report.html"):
        assert (out / name).exists(), name
    rows = [json.loads(line) for line in (out / "judgments.jsonl").read_text().splitlines()]
    assert len(rows) == 40 and {r["order"] for r in rows} == {"ab", "ba"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["judge"] == "simulated" and manifest["seed"] == 0
    assert manifest["suites"][0]["items_sha256"] and manifest["versions"]["python"]
    assert "consistency" in result.output and "report" in result.output


def test_bad_data_file_exits_2_naming_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "instruction": "q", "response_a": "a"}\n')
    result = CliRunner().invoke(
        main, ["probe", "--judge", "simulated", "--data", str(bad), "-q", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 2
    assert f"{bad}:1: field 'response_b'" in result.output


def test_rerun_takes_every_judgment_from_the_cache(pairs_file: Path, tmp_path: Path) -> None:
    args = ["probe", "--judge", "simulated", "--data", str(pairs_file), "-q"]
    first = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "r1")])
    second = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "r2")])
    assert first.exit_code == 0 and second.exit_code == 0
    m1 = json.loads((tmp_path / "r1" / "manifest.json").read_text())["counters"]
    m2 = json.loads((tmp_path / "r2" / "manifest.json").read_text())["counters"]
    assert m1["cache_misses"] == 40 and m1["cache_hits"] == 0
    assert m2["cache_misses"] == 0 and m2["cache_hits"] == 40
    assert (tmp_path / "r1" / "metrics.json").read_bytes() == (tmp_path / "r2" / "metrics.json").read_bytes()


def test_judges_lists_availability() -> None:
    result = CliRunner().invoke(main, ["judges"])
    assert result.exit_code == 0
    assert "smollm2-135m" in result.output and "simulated" in result.output and "here?" in result.output


def test_judges_keeps_the_longest_name_apart_from_its_family() -> None:
    rows = CliRunner().invoke(main, ["judges"]).output.splitlines()
    row = next(r for r in rows if r.startswith("smollm2-135m-likelihood"))
    assert row.split()[:2] == ["smollm2-135m-likelihood", "huggingface"]


def test_suites_lists_the_starter_suite() -> None:
    result = CliRunner().invoke(main, ["suites"])
    assert result.exit_code == 0 and "starter" in result.output


def test_suites_say_a_public_dataset_absent_here_is_fetched_online(tmp_path: Path) -> None:
    rows = CliRunner().invoke(main, ["suites", "--data-dir", str(tmp_path)]).output.splitlines()
    where = {r.split()[0]: r.split()[-1] for r in rows[1:] if r.strip()}
    assert where["position-llmbar"] == "online" and where["starter"] == "here"


def test_unknown_judge_is_a_usage_error(pairs_file: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["probe", "--judge", "nope", "--data", str(pairs_file), "-q", "--out", str(tmp_path / "r")]
    )
    assert result.exit_code == 2 and "unknown judge 'nope'" in result.output
