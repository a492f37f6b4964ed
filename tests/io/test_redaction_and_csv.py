"""Credentials never reach the manifest or report, and CSV cells are never spreadsheet formulas
(issue 17, item 8)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.io.csvsafe import safe_cell
from judgeaudit.io.redact import redact_text, redact_url
from tests.support.loopback import openai_server


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        ("https://user:pa55@api.example.com/v1", "https://***@api.example.com/v1"),
        ("https://token@api.example.com/v1", "https://***@api.example.com/v1"),
        ("http://127.0.0.1:8000/v1?api_key=k3y&x=1", "http://127.0.0.1:8000/v1?api_key=***&x=1"),
        ("http://h/v1?access_token=t0k", "http://h/v1?access_token=***"),
        ("http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1"),
    ],
)
def test_urls_lose_their_credentials_and_keep_where_they_point(url: str, redacted: str) -> None:
    assert redact_url(url) == redacted


def test_a_command_line_is_redacted_inside() -> None:
    cmd = "judgeaudit probe --judge openai:https://me:s3cret@host/v1#m --out x"
    assert redact_text(cmd) == "judgeaudit probe --judge openai:https://***@host/v1#m --out x"


def test_manifest_and_report_never_hold_the_password_of_a_server_url(
    pairs_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with openai_server(text="A") as (url, _):
        secret_url = url.replace("http://", "http://judge:s3cret-pw@") + "?api_key=k3y-value"
        argv = [
            "judgeaudit",
            "probe",
            "--judge",
            f"openai:{secret_url}#m",
            "--data",
            str(pairs_file),
            "--limit",
            "2",
            "--out",
            str(tmp_path / "run"),
            "-q",
        ]
        monkeypatch.setattr("sys.argv", argv)  # the manifest records the command line
        result = CliRunner().invoke(main, argv[1:])
    assert result.exit_code == 0, result.output
    for name in ("manifest.json", "report.html", "judgments.jsonl", "metrics.json"):
        text = (tmp_path / "run" / name).read_text()
        assert "s3cret-pw" not in text and "k3y-value" not in text, name
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["backend"]["base_url"].startswith("http://***@127.0.0.1:")
    assert "openai:http://***@127.0.0.1:" in manifest["command"]


def test_a_report_redacts_a_manifest_written_elsewhere(pairs_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    assert (
        CliRunner()
        .invoke(main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--out", str(out), "-q"])
        .exit_code
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["command"] = "judgeaudit probe --judge openai:https://me:hunter2@h/v1#m"
    (out / "manifest.json").write_text(json.dumps(manifest))
    assert CliRunner().invoke(main, ["report", str(out)]).exit_code == 0
    assert "hunter2" not in (out / "report.html").read_text()


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_is_escaped(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["judge-a", "a=b", -0.25, 3, None, True])
def test_other_cells_are_written_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


def test_compare_csv_escapes_a_judge_named_like_a_formula(pairs_file: Path, tmp_path: Path) -> None:
    runs = []
    for name in ("=cmd|'/c calc'!A1", "plain"):
        judge = tmp_path / f"{len(runs)}.yaml"
        judge.write_text(
            f'name: "{name}"\nversion: 1\nfamily: simulated\nbackend: simulated\nchat_template: none\n'
            "formats:\n  pairwise: generic-pairwise\n"
        )
        out = tmp_path / f"run{len(runs)}"
        result = CliRunner().invoke(
            main, ["probe", "--judge", str(judge), "--data", str(pairs_file), "--out", str(out), "-q"]
        )
        assert result.exit_code == 0, result.output
        runs.append(str(out))
    result = CliRunner().invoke(main, ["compare", *runs, "--out", str(tmp_path / "cmp")])
    assert result.exit_code == 0, result.output
    with (tmp_path / "cmp" / "compare.csv").open(newline="", encoding="utf-8") as fh:
        judges = {row["judge"] for row in csv.DictReader(fh)}
    assert judges == {"'=cmd|'/c calc'!A1", "plain"}
