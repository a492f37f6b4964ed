"""judgeaudit scores: per judge the models' raw, balanced and controlled win rates; scores.html/csv/json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from judgeaudit.cli import main
from tests.support.rundirs import write_run


def test_scores_verb_writes_html_csv_json_and_ranks_the_models(tmp_path: Path) -> None:
    from judgeaudit.stats.simulate_models import simulate_models

    strengths = {"m1": 0.0, "m2": 0.5, "long": 0.0}
    frame, _ = simulate_models(200, strengths, {"m1": 800.0, "m2": 800.0, "long": 2000.0}, length=1.0, seed=4)
    other, _ = simulate_models(200, strengths, {"m1": 800.0, "m2": 800.0, "long": 2000.0}, seed=4, judge="fair")
    run = write_run(tmp_path / "run", pd.concat([frame, other]))
    res = CliRunner().invoke(main, ["scores", str(run), "--out", str(tmp_path / "sc")])
    assert res.exit_code == 0, res.output
    assert "judge sim-judge" in res.output and "kendall tau fair vs sim-judge" in res.output
    data = json.loads((tmp_path / "sc" / "scores.json").read_text())
    long = data["by_judge"]["sim-judge"]["models"]["long"]
    assert long["raw"]["value"] > long["controlled"]["value"]
    with (tmp_path / "sc" / "scores.csv").open(encoding="utf-8") as fh:
        assert len(list(csv.DictReader(fh))) == 6  # two judges x three models
    assert "length/style-controlled" in (tmp_path / "sc" / "scores.html").read_text()
    bad = CliRunner().invoke(main, ["scores", str(run), "--judge", "nobody", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "nobody" in bad.output
