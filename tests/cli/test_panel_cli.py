"""Multi-judge runs on the command line: every judge side by side, unknown families listed and declared."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.stats.simulate import simulate

FAMILIES = ("f0", "f1", "f2")


def panel_file(path: Path, *, unnamed_family: bool = False) -> Path:
    """Three simulated judges on the same pairs; j0 favours its family. Optionally j2's family is not recorded."""
    frames = [
        simulate(120, seed=2, judge=f"judge-{i}", judge_family=f, families=FAMILIES, own_family=1.5 if i == 0 else 0.0)
        for i, f in enumerate(FAMILIES)
    ]
    df = pd.concat(frames, ignore_index=True)
    df["model_a"] = df["model_a"].str.replace("f1-model", "mystery-model")
    df.loc[df["model_a"] == "mystery-model", "family_a"] = None
    if unnamed_family:
        df.loc[df["judge"] == "judge-2", "judge_family"] = None
    with path.open("w", encoding="utf-8") as fh:
        for row in df.to_dict(orient="records"):
            fh.write(json.dumps({k: v for k, v in row.items() if not (isinstance(v, float) and v != v)}) + "\n")
    return path


def test_analyze_shows_every_judge_and_the_unknown_families(tmp_path: Path) -> None:
    path = panel_file(tmp_path / "j.jsonl", unnamed_family=True)
    res = CliRunner().invoke(main, ["analyze", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    header = next(line for line in res.output.splitlines() if line.startswith("metric"))
    assert all(j in header for j in ("judge-0", "judge-1", "judge-2"))
    assert "self_preference excess_win_rate" in res.output
    assert "model mystery-model:" in res.output and "judge judge-2:" in res.output


def test_family_option_fills_the_gaps(tmp_path: Path) -> None:
    path = panel_file(tmp_path / "j.jsonl", unnamed_family=True)
    res = CliRunner().invoke(
        main, ["analyze", str(path), "--out", str(tmp_path / "out"), "--family", "mystery=f1", "--family", "judge-2=f2"]
    )
    assert res.exit_code == 0, res.output
    assert "unknown family" not in res.output
    by_judge = json.loads((tmp_path / "out" / "metrics.json").read_text())["by_judge"]
    assert by_judge["judge-2"]["self_preference"]["judge_family"] == "f2"
    excess = {j: m["self_preference"]["excess_win_rate"] for j, m in by_judge.items()}
    assert excess["judge-0"]["ci"][0] > 0
    assert excess["judge-1"]["third_party_judges"] == ["judge-0", "judge-2"]  # judge-2 counts once declared


def test_judge_option_audits_the_named_judges_against_every_judge(tmp_path: Path) -> None:
    path = panel_file(tmp_path / "j.jsonl")
    res = CliRunner().invoke(main, ["analyze", str(path), "--out", str(tmp_path / "one"), "--judge", "judge-0"])
    assert res.exit_code == 0, res.output
    metrics = json.loads((tmp_path / "one" / "metrics.json").read_text())
    assert "by_judge" not in metrics and metrics["meta"]["judge"] == "judge-0"
    assert metrics["self_preference"]["excess_win_rate"]["third_party_judges"] == ["judge-1", "judge-2"]
    res = CliRunner().invoke(
        main, ["analyze", str(path), "--out", str(tmp_path / "two"), "--judge", "judge-0", "--judge", "judge-2"]
    )
    assert sorted(json.loads((tmp_path / "two" / "metrics.json").read_text())["by_judge"]) == ["judge-0", "judge-2"]
    res = CliRunner().invoke(main, ["analyze", str(path), "--out", str(tmp_path / "x"), "--judge", "nobody"])
    assert res.exit_code == 2 and "--judge nobody: not a judge of" in res.output


def analyzed_panel(tmp_path: Path) -> Path:
    res = CliRunner().invoke(main, ["analyze", str(panel_file(tmp_path / "j.jsonl")), "--out", str(tmp_path / "run")])
    assert res.exit_code == 0, res.output
    return tmp_path / "run"


def test_vet_gates_each_judge_and_names_the_ones_that_fail(tmp_path: Path) -> None:
    run = analyzed_panel(tmp_path)
    policy = tmp_path / "policy.yaml"
    policy.write_text(
        "version: 1\nname: own\nchecks:\n  - metric: self_preference.excess_win_rate\n"
        '    bound: upper\n    op: "<="\n    threshold: 0.05\n    why: own answers no favour\n',
        encoding="utf-8",
    )
    res = CliRunner().invoke(main, ["vet", str(run), "--policy", str(policy)])
    assert res.exit_code == 1, res.output
    assert "== judge-0" in res.output and "== judge-2" in res.output
    assert res.output.strip().splitlines()[-1].startswith("FAIL: judge-0")
    assert "judges x checks" in res.output  # says which multiplicity rule decided FAIL
    res = CliRunner().invoke(main, ["vet", str(run), "--policy", str(policy), "--judge", "judge-1", "--json"])
    data = json.loads(res.output)
    assert list(data["judges"]) == ["judge-1"] and data["failing_judges"] == [] and res.exit_code == 0
    assert "policy's interval checks" in data["fail_rule"]  # one judge gated: Holm over its own checks


def test_compare_takes_every_judge_of_a_multi_judge_run(tmp_path: Path) -> None:
    run = analyzed_panel(tmp_path)
    res = CliRunner().invoke(main, ["compare", str(run), "--out", str(tmp_path / "cmp")])
    assert res.exit_code == 0, res.output
    judges = [j["name"] for j in json.loads((tmp_path / "cmp" / "compare.json").read_text())["judges"]]
    assert judges == ["judge-0", "judge-1", "judge-2"]
    res = CliRunner().invoke(main, ["compare", str(run), "--judge", "judge-0", "--out", str(tmp_path / "c2")])
    assert res.exit_code == 2 and "at least two judges" in res.output


def test_probe_family_option_fills_answer_families_and_names_the_judges(tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        {
            "id": f"p{i}",
            "instruction": f"Q{i}?",
            "response_a": f"A{i}.",
            "response_b": f"B{i}.",
            "label": "a",
            "model_a": "mystery-7b",
            "model_b": "human",
        }
        for i in range(6)
    ]
    pairs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "run"
    res = CliRunner().invoke(
        main,
        [
            "probe",
            "--judge",
            "simulated",
            "--family",
            "sim",
            "--family",
            "mystery=acme",
            "--data",
            str(pairs),
            "--out",
            str(out),
            "--no-cache",
            "-q",
        ],
    )
    assert res.exit_code == 0, res.output
    first = json.loads((out / "judgments.jsonl").read_text().splitlines()[0])
    assert (first["family_a"], first["family_b"], first["judge_family"]) == ("acme", "human", "sim")


def test_import_judge_selects_among_several_and_names_a_single_one(tmp_path: Path) -> None:
    src = panel_file(tmp_path / "src.jsonl")
    res = CliRunner().invoke(
        main, ["import", "generic", str(src), "--out", str(tmp_path / "sel"), "--judge", "judge-1"]
    )
    assert res.exit_code == 0, res.output
    metrics = json.loads((tmp_path / "sel" / "metrics.json").read_text())
    assert metrics["meta"]["judge"] == "judge-1" and metrics["meta"]["judges"] == ["judge-0", "judge-1", "judge-2"]
    res = CliRunner().invoke(main, ["import", "generic", str(src), "--out", str(tmp_path / "x"), "--judge", "nobody"])
    assert res.exit_code == 2 and "--judge nobody: not a judge of this source" in res.output
    one = tmp_path / "one.jsonl"
    one.write_text("".join(line + "\n" for line in src.read_text().splitlines() if '"judge": "judge-2"' in line))
    res = CliRunner().invoke(
        main, ["import", "generic", str(one), "--out", str(tmp_path / "ren"), "--judge", "gpt-4o", "--no-analyze"]
    )
    assert res.exit_code == 0, res.output
    row = json.loads((tmp_path / "ren" / "judgments.jsonl").read_text().splitlines()[0])
    assert (row["judge"], row["judge_family"]) == ("gpt-4o", "openai")


def test_jury_option_adds_a_virtual_judge_kept_by_a_later_analyze(tmp_path: Path) -> None:
    path = panel_file(tmp_path / "j.jsonl")
    out = tmp_path / "out"
    res = CliRunner().invoke(main, ["analyze", str(path), "--out", str(out), "--jury", "trio=judge-0,judge-1,judge-2"])
    assert res.exit_code == 0, res.output
    header = next(line for line in res.output.splitlines() if line.startswith("metric"))
    assert "trio" in header
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["meta"]["juries"]["trio"]["members"] == ["judge-0", "judge-1", "judge-2"]
    assert metrics["meta"]["judges"] == ["judge-0", "judge-1", "judge-2"]  # the recorded judges only
    section = metrics["by_judge"]["trio"]["jury"]
    assert set(section["members_vs_jury"]) == {"judge-0", "judge-1", "judge-2"}
    assert json.loads((out / "manifest.json").read_text())["juries"] == {"trio": ["judge-0", "judge-1", "judge-2"]}
    assert 'id="judge-trio' in (out / "report.html").read_text()
    # a later analyze of the run directory keeps the jury without being told again
    again = CliRunner().invoke(main, ["analyze", str(out)])
    assert again.exit_code == 0, again.output
    assert "trio" in json.loads((out / "metrics.json").read_text())["by_judge"]


def test_a_jury_of_one_or_of_an_unknown_judge_is_refused(tmp_path: Path) -> None:
    path = panel_file(tmp_path / "j.jsonl")
    one = CliRunner().invoke(main, ["analyze", str(path), "--out", str(tmp_path / "a"), "--jury", "solo=judge-0"])
    assert one.exit_code == 2 and "at least two judges" in one.output
    unknown = CliRunner().invoke(
        main, ["analyze", str(path), "--out", str(tmp_path / "b"), "--jury", "x=judge-0,nobody"]
    )
    assert unknown.exit_code != 0 and "nobody" in unknown.output
