"""``probe --jury``: live judges judged into one run, their jury audited beside them as one more judge.

Graders (one answer graded alone) keep the test fast: a pairwise panel also fits the joint judge model, which
takes tens of seconds; the jury's pairwise rows are built by the same code ``analyze --jury`` tests.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from judgeaudit import probe
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.runner.plan import SuiteSelection
from tests.support.paths import REPO

GRADER = REPO / "judgeaudit" / "judges" / "data" / "simulated-grader.yaml"


def _graders(tmp_path: Path) -> list[str]:
    """Three simulated graders that differ in lenience (so their grades differ)."""
    text = GRADER.read_text(encoding="utf-8")
    paths = []
    for name, lenience in (("grader-a", "1.0"), ("grader-b", "0.2"), ("grader-c", "2.0")):
        path = tmp_path / f"{name}.yaml"
        changed = text.replace("name: simulated-grader", f"name: {name}")
        path.write_text(changed.replace("grade_lenience: 1.0 ", f"grade_lenience: {lenience} "), encoding="utf-8")
        paths.append(str(path))
    return paths


def test_the_jury_of_live_judges_is_audited_as_one_more_judge(tmp_path: Path) -> None:
    a, b, c = _graders(tmp_path)
    selection = SuiteSelection(suites=("graders-starter",), limit=6)
    out = probe(JudgeOptions(a), selection, out=tmp_path / "run", cache=False, juries={"trio": [a, b, c]})
    rows = [json.loads(x) for x in (out.run_dir / "judgments.jsonl").read_text().splitlines()]
    per_judge = Counter(r["judge"] for r in rows)
    assert set(per_judge) == {"grader-a", "grader-b", "grader-c"} and len(set(per_judge.values())) == 1
    metrics = json.loads((out.run_dir / "metrics.json").read_text())
    assert sorted(metrics["by_judge"]) == ["grader-a", "grader-b", "grader-c", "trio"]
    jury = metrics["by_judge"]["trio"]["jury"]
    n = per_judge["grader-a"]
    assert jury["members"] == ["grader-a", "grader-b", "grader-c"] and jury["n_judgments"] == n
    assert jury["n_unparsed"] == 0
    # the jury's score is the members' mean: its mean difference from each member is counted from their rows
    key = ("item_id", "probe", "variant", "grade_arm", "repeat")
    scores: dict[tuple[object, ...], list[float]] = {}
    for r in rows:
        scores.setdefault(tuple(r.get(k) for k in key), []).append(r["score"])
    assert all(len(v) == 3 for v in scores.values())
    for member in ("grader-a", "grader-b", "grader-c"):
        diffs = [
            sum(scores[k]) / 3 - r["score"]
            for r in rows
            if r["judge"] == member
            for k in [tuple(r.get(x) for x in key)]
        ]
        versus = jury["members_vs_jury"][member]
        assert versus["n_scores"] == n and abs(versus["mean_score_difference"] - sum(diffs) / n) < 1e-12
    # its pass/fail call is the members' majority: its agreement with each member is counted from their rows
    passed: dict[tuple[object, ...], list[bool]] = {}
    for r in rows:
        passed.setdefault(tuple(r.get(k) for k in key), []).append(bool(r["passed"]))
    majority = {k: sum(v) >= 2 for k, v in passed.items()}
    for member in ("grader-a", "grader-b", "grader-c"):
        same = sum(majority[tuple(r.get(k) for k in key)] == r["passed"] for r in rows if r["judge"] == member)
        assert jury["members_vs_jury"][member]["same_verdict"]["value"] == same / n
        assert jury["members_vs_jury"][member]["kappa"]["n"] == n
    manifest = json.loads((out.run_dir / "manifest.json").read_text())
    assert manifest["juries"] == {"trio": ["grader-a", "grader-b", "grader-c"]}
    assert manifest["judge"] == "grader-a, grader-b, grader-c"
    assert [j["judge"] for j in manifest["judges"]] == ["grader-a", "grader-b", "grader-c"]
    assert "trio" in (out.run_dir / "report.html").read_text(encoding="utf-8")


def test_the_cli_with_jury_alone_judges_only_the_members(tmp_path: Path) -> None:
    from judgeaudit.cli import main

    a, b, _ = _graders(tmp_path)
    args = ["probe", "--suite", "graders-starter", "--limit", "2", "--jury", f"duo={a},{b}", "--no-cache", "-q"]
    result = CliRunner().invoke(main, [*args, "--out", str(tmp_path / "run")])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in (tmp_path / "run" / "judgments.jsonl").read_text().splitlines()]
    assert {r["judge"] for r in rows} == {"grader-a", "grader-b"}  # not the default --judge
    assert "duo" in result.output
    bad = CliRunner().invoke(main, ["probe", "--jury", "solo=x", "--out", str(tmp_path / "x")])
    assert bad.exit_code == 2 and "at least two judges" in bad.output
