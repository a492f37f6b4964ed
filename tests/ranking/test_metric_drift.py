"""Every metric paired (``compare --paired --metric-boot``): B − A from one item bootstrap shared by both runs."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.ranking.metric_drift import metric_drift
from judgeaudit.stats import compute_metrics
from judgeaudit.stats.simulate import simulate
from tests.support.rundirs import write_run

BASE = {"position": 0.5, "length": 0.3, "gold": 1.0, "tie_rate": 0.05}
POSITION = ("position",)


def test_values_are_each_runs_metrics_and_a_planted_position_change_is_found() -> None:
    a = simulate(30, seed=11, judge="v1", **BASE)
    b = simulate(30, seed=11, judge="v2", **{**BASE, "position": 2.0})
    out = metric_drift(a, b, n_boot=15, seed=1, sections=POSITION)
    first = out["position.first_slot_rate"]
    assert first["a"] == compute_metrics(a)["position"]["first_slot_rate"]["value"]  # the same items: the same value
    assert first["value"] == first["b"] - first["a"] > 0
    assert first["ci"][0] > 0 and first["n_items"] == 30 and first["n_boot"] == 15
    assert out["position.consistency"]["ci"][1] < 0  # stronger position bias: fewer consistent pairs
    assert 0 < first["p_value"] <= 1


def test_the_same_judge_twice_and_identical_runs() -> None:
    a = simulate(30, seed=12, judge="v1", **BASE)
    again = simulate(30, seed=12, judge="v1-again", **BASE)  # same items, same biases, fresh verdict noise
    null = metric_drift(a, again, n_boot=15, seed=2, sections=POSITION)
    e = null["position.first_slot_rate"]
    assert e["ci"][0] < 0 < e["ci"][1]
    same = metric_drift(a, a.assign(judge="copy"), n_boot=5, seed=3, sections=POSITION)
    assert same and all(
        x["value"] == 0 and x["ci"] == [None, None] and "every resample" in x["note"] for x in same.values()
    )


def test_compare_writes_every_metric_with_metric_boot(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", simulate(20, seed=13, judge="v1", **BASE))
    b = write_run(tmp_path / "b", simulate(20, seed=13, judge="v2", **{**BASE, "position": 1.5}))
    args = ["compare", "--paired", str(a), str(b), "--metric-boot", "3", "--out", str(tmp_path / "cmp")]
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0, res.output
    d = json.loads((tmp_path / "cmp" / "drift.json").read_text())
    assert d["metric_boot"] == 3 and "position.first_slot_rate" in d["metrics"]
    with (tmp_path / "cmp" / "drift_metrics.csv").open(encoding="utf-8") as fh:
        assert {r["metric"] for r in csv.DictReader(fh)} == set(d["metrics"])
    assert "Every metric, B − A" in (tmp_path / "cmp" / "drift.html").read_text()
