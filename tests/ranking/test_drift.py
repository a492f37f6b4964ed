"""compare --paired: two runs (or two judges of one run) on the same judgments, paired; drift.html/csv/json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.stats.simulate import simulate
from tests.support.rundirs import write_run


def test_two_identical_runs_are_paired_by_default_and_change_nothing(tmp_path: Path) -> None:
    frame = simulate(40, seed=5, judge="v1", position=0.5)
    a, b = write_run(tmp_path / "a", frame), write_run(tmp_path / "b", frame)
    res = CliRunner().invoke(main, ["compare", str(a), str(b), "--out", str(tmp_path / "cmp")])
    assert res.exit_code == 0, res.output
    d = json.loads((tmp_path / "cmp" / "drift.json").read_text())
    assert d["n_matched"] == len(frame) and d["n_changed"] == 0
    assert all(e["ci"][0] < 0 < e["ci"][1] for e in d["differences"].values())
    assert "<strong>0</strong> changed" in (tmp_path / "cmp" / "drift.html").read_text()
    # --unpaired writes no drift files
    res = CliRunner().invoke(main, ["compare", str(a), str(b), "--unpaired", "--out", str(tmp_path / "un")])
    assert res.exit_code == 0 and not (tmp_path / "un" / "drift.json").exists()


def test_a_new_version_with_a_planted_position_bias_lists_each_changed_judgment(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", simulate(80, seed=6, judge="v1", position=0.0))
    b = write_run(tmp_path / "b", simulate(80, seed=6, judge="v2", position=1.5))
    res = CliRunner().invoke(main, ["compare", "--paired", str(a), str(b), "--out", str(tmp_path / "cmp")])
    assert res.exit_code == 0, res.output
    d = json.loads((tmp_path / "cmp" / "drift.json").read_text())
    assert d["judge_a"] == "v1" and d["judge_b"] == "v2"
    assert d["differences"]["first_slot"]["ci"][0] > 0
    with (tmp_path / "cmp" / "drift.csv").open(encoding="utf-8") as fh:
        listed = list(csv.DictReader(fh))
    assert len(listed) == d["n_changed"] > 0
    assert all(r["verdict_a"] != r["verdict_b"] for r in listed)


def test_two_judges_of_one_run_and_the_errors(tmp_path: Path) -> None:
    both = pd.concat([simulate(30, seed=7, judge="x"), simulate(30, seed=7, judge="y", position=1.0)])
    run = write_run(tmp_path / "run", both)
    ok = CliRunner().invoke(
        main, ["compare", "--paired", str(run), "--judge", "x", "--judge", "y", "--out", str(tmp_path / "c")]
    )
    assert ok.exit_code == 0, ok.output
    assert json.loads((tmp_path / "c" / "drift.json").read_text())["n_matched"] == 60
    unnamed = CliRunner().invoke(main, ["compare", "--paired", str(run), "--out", str(tmp_path / "d")])
    assert unnamed.exit_code == 2 and "--judge A --judge B" in unnamed.output
    three = CliRunner().invoke(
        main, ["compare", "--paired", str(run), str(run), str(run), "--out", str(tmp_path / "e")]
    )
    assert three.exit_code == 2 and "two runs" in three.output
