"""An audit from Python alone, through the names ``judgeaudit`` exports (no CLI), on the simulated judge."""

from __future__ import annotations

import json
from pathlib import Path

import judgeaudit
from judgeaudit import (
    JudgeOptions,
    Manifest,
    RunDir,
    SuiteSelection,
    analyze,
    compare,
    import_,
    leaderboard,
    probe,
    report,
    vet,
)

PRIMACY = {"position": 3.0, "gold": 0.0, "length": 0.0, "own_family": 0.0, "tie_rate": 0.0, "unparsed_rate": 0.0}


def test_probe_writes_the_run_directory_and_returns_what_it_wrote(pairs_file: Path, tmp_path: Path) -> None:
    judge = JudgeOptions("simulated", backend_options=PRIMACY)
    outcome = probe(judge, SuiteSelection(data=pairs_file), out=tmp_path / "run", cache=False)
    run = RunDir(outcome.run_dir)
    assert {p.name for p in run.path.iterdir()} == {"judgments.jsonl", "manifest.json", "metrics.json", "report.html"}
    assert outcome.metrics == run.metrics()
    assert outcome.manifest == run.manifest()
    assert outcome.rows == run.judgments().rows and len(outcome.rows) == 40
    m = outcome.manifest
    assert (m.judge, m.mode, m.n_judgments, m.n_unparsed, m.cache) == ("simulated", "logprob", 40, 0, None)
    assert m.counters is not None and m.counters["cache_misses"] == 40
    first_slot = outcome.metrics["position"]["first_slot_rate"]  # the planted primacy is found
    assert first_slot["n"] == 40 and first_slot["ci"][0] > 0.6


def test_analyze_reproduces_the_metrics_of_a_run(pairs_file: Path, tmp_path: Path) -> None:
    first = probe(JudgeOptions("simulated"), SuiteSelection(data=pairs_file), out=tmp_path / "run", cache=False)
    again = analyze(first.run_dir, tmp_path / "again")
    assert (again.run_dir / "metrics.json").read_bytes() == (first.run_dir / "metrics.json").read_bytes()
    assert again.manifest.judge == "simulated" and again.manifest.started == first.manifest.started
    assert again.problems == []


def test_import_converts_and_analyzes_recorded_judgments(tmp_path: Path) -> None:
    src = tmp_path / "verdicts.jsonl"
    rows = [
        {"item_id": str(i), "order": order, "winner": "a" if i % 3 else "b", "label": "a"}
        for i in range(12)
        for order in ("ab", "ba")
    ]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"item_id": "x", "winner": "maybe"}\n')
    outcome = import_("generic", [src], tmp_path / "imported", judge="gpt-x")
    assert len(outcome.rows) == 24 and len(outcome.skipped) == 1
    assert outcome.metrics is not None and outcome.metrics["position"]["consistency"]["n"] == 12
    assert Manifest.read(tmp_path / "imported" / "manifest.json").judge == "gpt-x"


def test_gating_comparing_ranking_and_reporting_need_no_cli(pairs_file: Path, tmp_path: Path) -> None:
    biased = JudgeOptions("simulated", backend_options=PRIMACY)
    fair = JudgeOptions("simulated", backend_options={**PRIMACY, "position": 0.0, "gold": 3.0})
    runs = [
        probe(j, SuiteSelection(data=pairs_file), out=tmp_path / name, cache=False).run_dir
        for j, name in ((biased, "biased"), (fair, "fair"))
    ]
    gated = vet(runs[0], policy="default")
    assert gated.exit_code == 1 and gated.verdicts[0].overall == "FAIL" and not gated.multi
    assert gated.to_dict()["exit_code"] == 1 and gated.to_dict()["checks"]
    assert [p.name for p in compare(runs, tmp_path / "cmp", paired=False)] == [
        "compare.html",
        "compare.csv",
        "compare.json",
    ]
    # two single-judge runs of the same judgments are also compared paired, by default
    assert [p.name for p in compare(runs, tmp_path / "cmp2")][3:] == ["drift.html", "drift.csv", "drift.json"]
    board = leaderboard(runs, tmp_path / "board")
    assert len(board.board.rows) == 2 and (tmp_path / "board" / "leaderboard.csv").exists()
    (runs[1] / "report.html").unlink()
    assert report(runs[1], "strict") == runs[1] / "report.html" and (runs[1] / "report.html").exists()


def test_every_verb_is_a_function_of_the_same_name_and_the_old_names_still_work() -> None:
    verbs = {"probe", "analyze", "import_", "vet", "compare", "leaderboard", "report", "generate"}
    assert verbs | {"batch_export", "batch_ingest", "list_judges", "list_suites"} <= set(judgeaudit.__all__)
    assert all(callable(getattr(judgeaudit, v)) for v in verbs)
    assert judgeaudit.probe_run is judgeaudit.probe
    assert judgeaudit.analyze_run is judgeaudit.analyze and judgeaudit.import_run is judgeaudit.import_


def test_the_public_names_are_exported() -> None:
    assert {
        "probe_run",
        "analyze_run",
        "import_run",
        "load_judge",
        "JudgeOptions",
        "compute_metrics",
        "RunDir",
        "Judgment",
        "Manifest",
    } <= set(judgeaudit.__all__)
    assert all(hasattr(judgeaudit, name) for name in judgeaudit.__all__)


def test_probe_takes_a_judge_by_name(pairs_file: Path, tmp_path: Path) -> None:
    """``probe("simulated", ...)``: a plain name is a judge, as on the command line."""
    by_name = probe("simulated", SuiteSelection(data=pairs_file), out=tmp_path / "by-name", cache=False)
    by_options = probe(JudgeOptions("simulated"), SuiteSelection(data=pairs_file), out=tmp_path / "opts", cache=False)
    assert by_name.manifest.judge == "simulated" and len(by_name.rows) == 40
    assert by_name.metrics == by_options.metrics
