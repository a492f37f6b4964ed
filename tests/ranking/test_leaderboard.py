"""The leaderboard: one row per judge from single- and multi-judge runs, ranks within a battery, safe files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.io.csvsafe import safe_cell as csv_text
from judgeaudit.ranking.leaderboard import COLUMNS, build
from judgeaudit.ranking.leaderboard import csv_text as build_csv
from tests.support.runs import judge, write_run


def test_one_row_per_judge_from_single_and_multi_judge_runs(tmp_path: Path) -> None:
    single = write_run(tmp_path / "single", judge("solo", position=0.2))
    multi = write_run(tmp_path / "multi", pd.concat([judge("a", "fam1"), judge("b", "fam2")]))
    board = build([single, multi], tmp_path / "lb")
    rows = {r.judge: r for r in board.rows}
    assert sorted(rows) == ["a", "b", "solo"]
    assert rows["solo"].report == "../single/report.html"
    assert rows["a"].report == "../multi/report.html#judge-a"
    assert rows["a"].family == "fam1"
    cell = rows["solo"].cells["position.consistency_decisive"]
    assert cell.value is not None and cell.ci and cell.ci[0] < cell.value < cell.ci[1] and cell.n == 150


def test_a_biased_judge_ranks_below_a_fair_one_and_equal_judges_share_ranks(tmp_path: Path) -> None:
    runs = [
        write_run(tmp_path / name, judge(name, seed=3, **planted))
        for name, planted in (("fair", {}), ("twin", {}), ("primacy", {"position": 2.5}))
    ]
    board = build(runs, tmp_path / "lb")
    cells = {r.judge: r.cells["position.consistency_decisive"] for r in board.rows}
    assert cells["primacy"].rank == 3 and cells["primacy"].rank_ci == [3, 3]
    assert {cells["fair"].rank, cells["twin"].rank} <= {1, 2}
    assert cells["fair"].rank_ci == [1, 2] and cells["twin"].rank_ci == [1, 2]  # the data cannot order them
    assert not board.mixed["position.consistency_decisive"]


def test_judges_on_different_batteries_are_not_ranked_together(tmp_path: Path) -> None:
    one = write_run(tmp_path / "one", judge("x", seed=1))
    other = write_run(tmp_path / "other", judge("y", seed=2, n=80))
    board = build([one, other], tmp_path / "lb")
    assert board.mixed["position.consistency_decisive"]
    assert len(board.batteries) == 2
    # alone on its battery a judge has nothing to be ranked against: no rank, never "1 (1-1)"
    cells = [r.cells["position.consistency_decisive"] for r in board.rows]
    assert all(c.rank is None and c.rank_ci is None and c.n_ranked == 1 for c in cells)


def test_a_judge_missing_one_item_is_ranked_on_the_common_items_not_split_off(tmp_path: Path) -> None:
    full = judge("full", seed=3, n=120)
    fewer = judge("fewer", seed=3, n=120, position=2.5)
    fewer = fewer.loc[fewer["item_id"] != fewer["item_id"].iloc[0]]  # one item of 120 dropped
    board = build([write_run(tmp_path / "a", full), write_run(tmp_path / "b", fewer)], tmp_path / "lb")
    assert len(board.batteries) == 1 and not board.mixed["position.consistency_decisive"]
    rows = {r.judge: r for r in board.rows}
    assert (rows["full"].n_common, rows["full"].n_dropped, rows["fewer"].n_dropped) == (119, 1, 0)
    assert "119 common items" in rows["full"].battery_label
    cells = {j: r.cells["position.consistency_decisive"] for j, r in rows.items()}
    assert cells["full"].rank == 1 and cells["fewer"].rank == 2 and cells["fewer"].n_ranked == 2
    lines = list(csv.DictReader(build_csv(board).splitlines()))
    worst = next(x for x in lines if x["judge"] == "fewer")
    assert worst["position.consistency_decisive.rank"] == "2" and worst["n_common_items"] == "119"


def test_an_always_tie_judge_is_not_ranked_first_on_consistency_or_fairness(tmp_path: Path) -> None:
    fair = judge("fair", seed=5, n=80)
    ties = judge("ties", seed=5, n=80).assign(winner="tie")
    board = build([write_run(tmp_path / "f", fair), write_run(tmp_path / "t", ties)], tmp_path / "lb")
    rows = {r.judge: r for r in board.rows}
    for col in ("position.consistency_decisive", "position.preference_fairness_decisive"):
        assert col not in rows["ties"].cells  # n/a: every pair a tie in both orders
        assert rows["fair"].cells[col].n_ranked == 1
    # metrics.json's all-pairs numbers would have ranked it first: consistency 1.00, fairness exactly 0
    metrics = json.loads((tmp_path / "t" / "metrics.json").read_text())["position"]
    assert metrics["consistency"]["value"] == 1.0 and metrics["preference_fairness"]["value"] == 0.0
    assert "position.consistency" not in COLUMNS and "position.preference_fairness" not in COLUMNS


def test_csv_cells_a_spreadsheet_would_run_are_quoted(tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://x")'
    run = write_run(tmp_path / "run", judge(evil))
    res = CliRunner().invoke(main, ["leaderboard", str(run), "--out", str(tmp_path / "lb")])
    assert res.exit_code == 0, res.output
    with (tmp_path / "lb" / "leaderboard.csv").open(encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert row["judge"] == "'" + evil
    assert float(row["position.consistency_decisive.value"]) >= 0  # numbers stay numbers
    assert csv_text("-2+3") == "'-2+3" and csv_text("@SUM(A1)") == "'@SUM(A1)" and csv_text(-0.4) == -0.4
    data = json.loads((tmp_path / "lb" / "leaderboard.json").read_text())
    assert data["rows"][0]["judge"] == evil  # the JSON keeps the name as it is
    assert data["columns"][0]["path"] == "position.consistency_decisive"


def test_a_directory_name_never_becomes_a_link_scheme(tmp_path: Path) -> None:
    run = write_run(tmp_path / "lb" / "javascript:alert(1)", judge("j"))
    board = build([run], tmp_path / "lb")
    assert board.rows[0].report == "./javascript%3Aalert%281%29/report.html"


def test_every_sort_order_has_its_page(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", judge("j"))
    res = CliRunner().invoke(main, ["leaderboard", str(run), "--out", str(tmp_path / "lb")])
    assert res.exit_code == 0, res.output
    pages = sorted(p.name for p in (tmp_path / "lb").glob("*.html"))
    assert "leaderboard.html" in pages and "leaderboard-by-verbosity.length_coef.html" in pages
    html = (tmp_path / "lb" / "leaderboard.html").read_text()
    assert 'href="./leaderboard-by-verbosity.length_coef.html"' in html and "<script" not in html


def test_a_run_without_metrics_is_an_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    res = CliRunner().invoke(main, ["leaderboard", str(tmp_path / "empty"), "--out", str(tmp_path / "lb")])
    assert res.exit_code == 2 and "metrics.json" in res.output


def test_the_columns_are_the_catalogue_entries_with_a_leaderboard_rank() -> None:
    from judgeaudit.metrics import CATALOG
    from judgeaudit.ranking.leaderboard import COLUMNS

    ranks = [CATALOG[p].leaderboard_rank for p in COLUMNS]
    assert ranks == sorted(set(ranks)) and COLUMNS[0] == "position.consistency_decisive"
    # self-preference is ranked by the judge model's own-family bonus, never by the excess win rate alone (it
    # confounds the judge's skill with its family's answer quality); length by the model's term at equal quality
    assert "judge_model.own_family" in COLUMNS and "self_preference.excess_win_rate" not in COLUMNS
    assert "judge_model.length" in COLUMNS and "verbosity.prefer_longer_rate" not in COLUMNS


def _board(*args: object) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["leaderboard", *map(str, args)])
    assert "Traceback" not in res.output and (res.exception is None or isinstance(res.exception, SystemExit))
    return res.exit_code, res.output


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())} if out.exists() else {}


def test_a_run_without_judgments_is_refused_never_ranked_as_an_unknown_battery(tmp_path: Path) -> None:
    placed = write_run(tmp_path / "placed", judge("simulated-judge", seed=1))
    unplaced = write_run(tmp_path / "gpt4-llmbar", judge("gpt-4", seed=2))
    (unplaced / "judgments.jsonl").unlink()
    code, output = _board(placed, unplaced, "--out", tmp_path / "lb")
    assert code == 2 and f"{unplaced / 'judgments.jsonl'}: not found" in output and "battery" in output
    assert not (tmp_path / "lb").exists()  # nothing written


def test_a_judge_the_judgments_do_not_hold_is_refused(tmp_path: Path) -> None:
    multi = write_run(tmp_path / "multi", pd.concat([judge("a", "fam1"), judge("b", "fam2")]))
    metrics = json.loads((multi / "metrics.json").read_text())
    metrics["by_judge"]["c"] = metrics["by_judge"]["a"]
    (multi / "metrics.json").write_text(json.dumps(metrics))
    code, output = _board(multi, "--out", tmp_path / "lb")
    assert code == 2 and "holds no judgment of 'c'" in output


@pytest.mark.parametrize(
    ("node", "field"),
    [
        ({"value": float("nan"), "ci": [0.1, 0.2], "n": 150}, "position.consistency_decisive.value"),
        ({"value": "0.9", "ci": [0.1, 0.2], "n": 150}, "position.consistency_decisive.value"),
        ({"value": True, "ci": None, "n": 150}, "position.consistency_decisive.value"),
        ({"value": 0.9, "ci": ["0.8", 0.95], "n": 150}, "position.consistency_decisive.ci"),
        ({"value": 0.9, "ci": [0.8, float("inf")], "n": 150}, "position.consistency_decisive.ci"),
        ({"value": 0.9, "ci": [0.8, 0.95], "n": "150"}, "position.consistency_decisive.n"),
    ],
)
def test_a_metric_that_is_not_a_finite_number_is_refused_before_anything_is_written(
    tmp_path: Path, node: dict, field: str
) -> None:
    good = write_run(tmp_path / "good", judge("good", seed=1))
    bad = write_run(tmp_path / "bad", judge("bad", seed=1))
    out = tmp_path / "lb"
    assert _board(good, bad, "--out", out)[0] == 0
    before = _files(out)
    metrics = json.loads((bad / "metrics.json").read_text())
    metrics["position"]["consistency_decisive"] = node
    (bad / "metrics.json").write_text(json.dumps(metrics))  # json.dumps writes NaN / Infinity as is
    code, output = _board(good, bad, "--out", out)
    assert code == 2 and f"{bad / 'metrics.json'}: field '{field}'" in output
    assert _files(out) == before  # the previous set, whole


def test_a_rebuild_replaces_the_whole_set_and_leaves_no_stale_page(tmp_path: Path) -> None:
    out = tmp_path / "lb"
    full = write_run(tmp_path / "full", judge("full", seed=1))
    assert _board(full, "--out", out)[0] == 0
    assert len(list(out.glob("leaderboard-by-*.html"))) > 3
    bare = write_run(tmp_path / "bare", judge("bare", seed=2))
    metrics = json.loads((bare / "metrics.json").read_text())
    (bare / "metrics.json").write_text(json.dumps({"meta": metrics["meta"]}))  # no column measured
    assert _board(bare, "--out", out)[0] == 0
    assert sorted(p.name for p in out.iterdir()) == ["leaderboard.csv", "leaderboard.html", "leaderboard.json"]
    html = (out / "leaderboard.html").read_text()
    data = json.loads((out / "leaderboard.json").read_text())
    assert [r["judge"] for r in data["rows"]] == ["bare"] and "bare" in html and ">full<" not in html
    assert "full" not in (out / "leaderboard.csv").read_text()


def test_a_negative_seed_or_an_out_that_cannot_be_made_is_one_error_line(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", judge("j"))
    code, output = _board(run, "--out", tmp_path / "lb", "--seed", "-1")
    assert code == 2 and "--seed" in output
    (tmp_path / "file").write_text("x")
    code, output = _board(run, "--out", tmp_path / "file" / "lb")
    assert code == 2 and sum(x.startswith(("error:", "Error:")) for x in output.splitlines()) == 1
