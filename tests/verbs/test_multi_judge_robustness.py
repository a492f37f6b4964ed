"""Multi-judge runs get the same guarantees as single-judge ones (issue 17 on the panel's code paths).

Failed calls are left out of every judge's metrics and counted apart; an import of several judges
into a directory another process is writing is refused naming that process; ``vet`` of a panel
never passes a judge it has no evidence on; the leaderboard's files are replaced whole.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from judgeaudit.cli import main
from tests.support.paths import REPO
from tests.support.runs import judge, write_run

HOLDER = textwrap.dedent("""
    import sys
    from judgeaudit.contracts.rundir_writer import RunDirWriter
    with RunDirWriter(sys.argv[1], command="judgeaudit import generic held.jsonl"):
        print("holding", flush=True)
        sys.stdin.readline()
""")


def _cli(*args: object) -> tuple[int, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _panel_rows() -> list[dict]:
    df = pd.concat([judge("a", "fam1", n=60, seed=1), judge("b", "fam2", n=60, seed=2)])
    return [{k: v for k, v in r.items() if not (isinstance(v, float) and v != v)} for r in df.to_dict("records")]


def _jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_failed_calls_are_left_out_of_every_judges_metrics_and_counted_apart(tmp_path: Path) -> None:
    rows = _panel_rows()
    failed = {i for i in range(0, len(rows), 9)}  # both judges lose calls
    assert {rows[i]["judge"] for i in failed} == {"a", "b"}
    with_failures = [
        {**r, "error": "ConnectError: connection refused"} if i in failed else r for i, r in enumerate(rows)
    ]
    _jsonl(tmp_path / "failing" / "judgments.jsonl", with_failures)
    _jsonl(tmp_path / "answered" / "judgments.jsonl", [r for i, r in enumerate(rows) if i not in failed])
    assert _cli("analyze", tmp_path / "failing")[0] == 0 and _cli("analyze", tmp_path / "answered")[0] == 0
    got = json.loads((tmp_path / "failing" / "metrics.json").read_text())
    assert sorted(got["by_judge"]) == ["a", "b"]
    assert got == json.loads((tmp_path / "answered" / "metrics.json").read_text())
    manifest = json.loads((tmp_path / "failing" / "manifest.json").read_text())
    assert manifest["n_backend_errors"] == len(failed) and manifest["n_judgments"] == len(rows)


def test_a_multi_judge_import_into_a_directory_being_written_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "run"
    src = _jsonl(tmp_path / "panel.jsonl", _panel_rows())
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)],
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        code, output = _cli("import", "generic", src, "--out", out)
        assert code == 2
        (line,) = [x for x in output.splitlines() if x.startswith("error:")]
        assert f"pid {holder.pid}" in line and "judgeaudit import generic held.jsonl" in line
        assert not (out / "judgments.jsonl").exists()
    finally:
        holder.communicate("\n", timeout=30)
    assert _cli("import", "generic", src, "--out", out)[0] == 0  # free once the holder is gone
    assert sorted(json.loads((out / "metrics.json").read_text())["by_judge"]) == ["a", "b"]


def test_vet_of_a_panel_never_passes_a_judge_it_has_no_evidence_on(tmp_path: Path) -> None:
    run = _jsonl(tmp_path / "run" / "judgments.jsonl", _panel_rows()).parent
    assert _cli("analyze", run)[0] == 0
    metrics = json.loads((run / "metrics.json").read_text())
    metrics["by_judge"]["b"] = {"meta": {"judge": "b", "n_judgments": 0}}
    (run / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    code, output = _cli("vet", run)
    assert code == 2
    (line,) = [x for x in output.splitlines() if x.startswith("error:")]
    assert "no evidence to vet for judge b" in line and "0 judgments" in line
    code, output = _cli("vet", run, "--strict", "--json")
    report = json.loads(output)
    assert code == 1 and report["judges"]["b"]["overall"] == "INCONCLUSIVE" and "b" in report["failing_judges"]
    assert report["judges"]["a"]["no_evidence"] is None


def test_leaderboard_files_replace_planted_symlinks_instead_of_writing_through_them(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", judge("solo"))
    out, victim = tmp_path / "lb", tmp_path / "victim.txt"
    out.mkdir()
    victim.write_text("keep me", encoding="utf-8")
    for name in ("leaderboard.csv", "leaderboard.json", "leaderboard.html"):
        (out / name).symlink_to(victim)
    assert _cli("leaderboard", run, "--out", out)[0] == 0
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not any((out / n).is_symlink() for n in ("leaderboard.csv", "leaderboard.json", "leaderboard.html"))
    assert (out / "leaderboard.csv").read_text(encoding="utf-8").startswith("judge,family,battery")
