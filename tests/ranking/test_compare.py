"""Comparing judges: one table, the least biased judge per axis, and whether the lead is significant."""

from __future__ import annotations

import csv
import json
import re
from html import unescape
from pathlib import Path

import pytest

from judgeaudit.errors import InputError
from judgeaudit.ranking.compare import compare_runs
from judgeaudit.verbs.compare import write_compare


def est(value: float, lo: float, hi: float, n: int = 200) -> dict:
    return {"value": value, "ci": [lo, hi], "n": n}


def run(tmp_path: Path, name: str, metrics: dict, judge: str | None = None) -> Path:
    d = tmp_path / name
    d.mkdir()
    (d / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    (d / "manifest.json").write_text(
        json.dumps(
            {"judge": judge or name, "judge_family": "fam", "n_judgments": 400, "backend": {"model_sha256": "ab" * 32}}
        ),
        encoding="utf-8",
    )
    return d


FAIR = {
    "position": {
        "consistency": est(0.92, 0.88, 0.95),
        "preference_fairness": est(-0.01, -0.04, 0.02),
        "first_slot_rate": est(0.51, 0.47, 0.55, 400),
    },
    "verbosity": {"padding_flip_rate": est(0.10, 0.06, 0.15), "length_coef": est(0.2, -0.1, 0.5)},
    "self_preference": None,
}
BIASED = {
    "position": {
        "consistency": est(0.60, 0.53, 0.67),
        "preference_fairness": est(-0.3, -0.36, -0.24),
        "first_slot_rate": est(0.68, 0.64, 0.72, 400),
    },
    "verbosity": {"padding_flip_rate": est(0.12, 0.08, 0.17), "length_coef": est(-0.1, -0.4, 0.2)},
    "self_preference": {"eo_gap": est(0.1, 0.0, 0.2)},
}


@pytest.fixture
def two(tmp_path: Path) -> list[Path]:
    return [run(tmp_path, "fair", FAIR), run(tmp_path, "biased", BIASED)]


def test_one_row_per_metric_with_every_judge(two: list[Path]) -> None:
    result = compare_runs(two)
    assert [j.name for j in result.judges] == ["fair", "biased"]
    rows = {r.path: r for r in result.rows}
    assert set(rows) >= {"position.consistency", "position.preference_fairness", "verbosity.padding_flip_rate"}
    assert rows["self_preference.eo_gap"].estimates["fair"] is None
    assert rows["position.consistency"].estimates["biased"]["ci"] == [0.53, 0.67]


def test_least_biased_per_axis_and_significance(two: list[Path]) -> None:
    result = compare_runs(two)
    rows = {r.path: r for r in result.rows}
    assert rows["position.consistency"].best == "fair"
    assert rows["position.consistency"].significant is True
    # closer to 0 is better, and |-0.01| beats |-0.3|
    assert rows["position.preference_fairness"].best == "fair"
    # 10% vs 12% with overlapping intervals: fair leads but not significantly
    flip = rows["verbosity.padding_flip_rate"]
    assert flip.best == "fair" and flip.significant is False
    assert flip.tests[0].ci_overlap is True
    # |−0.1| beats |0.2|: the sign of a length effect does not make a judge less biased
    assert rows["verbosity.length_coef"].best == "biased"
    assert result.axes["position"]["best"] == "fair" and result.axes["position"]["significant"] is True
    assert result.axes["verbosity"]["sentence"].startswith("No clear winner: fair leads on padding flip rate")
    assert result.axes["self_preference"]["best"] is None  # measured for one judge only
    assert "z-test" in result.method and "Holm" in result.method


def test_z_test_matches_the_two_proportion_form(two: list[Path]) -> None:
    row = next(r for r in compare_runs(two).rows if r.path == "position.consistency")
    t = row.tests[0]
    se = ((0.95 - 0.88) ** 2 + (0.67 - 0.53) ** 2) ** 0.5 / (2 * 1.959963984540054)
    assert t.z == pytest.approx(0.32 / se)
    assert t.p_value < 1e-4 and t.p_value_holm >= t.p_value


def test_an_exact_tie_names_no_best(tmp_path: Path) -> None:
    result = compare_runs([run(tmp_path, "a", FAIR), run(tmp_path, "b", FAIR)])
    assert all(r.best is None for r in result.rows)
    assert result.axes["position"]["sentence"].startswith("No clear winner")


def test_two_runs_of_one_judge_stay_apart(tmp_path: Path) -> None:
    result = compare_runs([run(tmp_path, "r1", FAIR, judge="j"), run(tmp_path, "r2", BIASED, judge="j")])
    assert [j.name for j in result.judges] == ["j (r1)", "j (r2)"]


def test_writes_html_csv_and_json(two: list[Path], tmp_path: Path) -> None:
    paths = write_compare(compare_runs(two), tmp_path / "out")
    assert [p.name for p in paths] == ["compare.html", "compare.csv", "compare.json"]
    html = paths[0].read_text(encoding="utf-8")
    assert "default-src 'none'" in unescape(html) and not re.search(r"https?://", html) and "<script" not in html
    assert "★ best" in html and "significantly worse" in html
    assert html.count('<svg class="plot"') >= 2
    with paths[1].open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    cons = [r for r in rows if r["metric"] == "position.consistency"]
    assert {r["judge"]: r["best"] for r in cons} == {"fair": "True", "biased": "False"}
    assert next(r for r in cons if r["judge"] == "biased")["significantly_worse_than_best"] == "True"
    data = json.loads(paths[2].read_text(encoding="utf-8"))
    assert data["axes"]["position"]["best"] == "fair"
    assert {m["path"] for m in data["metrics"]} >= {"position.consistency"}


def test_judge_names_from_data_are_escaped(tmp_path: Path) -> None:
    evil = "<script>window.__pwned=1</script>"
    paths = write_compare(
        compare_runs([run(tmp_path, "a", FAIR, judge=evil), run(tmp_path, "b", BIASED)]), tmp_path / "out"
    )
    html = paths[0].read_text(encoding="utf-8")
    assert evil not in html and "&lt;script&gt;" in html


def test_a_run_without_metrics_is_an_input_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="metrics.json"):
        compare_runs([run(tmp_path, "a", FAIR), empty])
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "metrics.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        compare_runs([run(tmp_path, "b", FAIR), bad])


def test_needs_two_runs(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        compare_runs([run(tmp_path, "a", FAIR)])


def test_a_gap_far_beyond_both_intervals_gets_a_tiny_p_value_never_zero() -> None:
    from judgeaudit.metrics import info
    from judgeaudit.ranking.compare import compare_metric

    meta = info("position.consistency")
    assert meta is not None
    far = compare_metric(
        meta,
        {"a": {"value": 0.99, "ci": [0.985, 0.995], "n": 9000}, "b": {"value": 0.1, "ci": [0.095, 0.105], "n": 9000}},
    )
    flat = compare_metric(
        meta, {"a": {"value": 0.9, "ci": [0.9, 0.9], "n": 10}, "b": {"value": 0.5, "ci": [0.5, 0.5], "n": 10}}
    )
    for row in (far, flat):
        assert row.best == "a" and 0 < row.tests[0].p_value < 1e-300
