"""docs/extending.md: each worked example runs as written (judge, backend, probe, importer, dataset), and the
probe example touches exactly the files the doc lists."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.backends import backends
from judgeaudit.cli import main
from judgeaudit.datasets import datasets
from judgeaudit.importers import importers
from judgeaudit.probes import probes
from tests.support.paths import REPO

DOC = (REPO / "docs" / "extending.md").read_text(encoding="utf-8")


def files_in_doc() -> dict[str, str]:
    """``path → text`` of every code block introduced by a line ending in "`path`:"."""
    out = {}
    for m in re.finditer(r"`([^`\n]+\.(?:py|yaml|txt))`:\n\n```(?:python|yaml|text)\n(.*?)\n```", DOC, flags=re.S):
        out[m.group(1)] = m.group(2) + "\n"
    return out


def block_after(marker: str) -> str:
    """The first code block after ``marker``."""
    return re.search(r"```\w+\n(.*?)\n```", DOC[DOC.index(marker) :], flags=re.S).group(1) + "\n"  # type: ignore[union-attr]


FILES = files_in_doc()
PROBE_SECTION = DOC[DOC.index("## A probe") : DOC.index("## An importer")]
# the files a probe with its own section and metric touches, as the doc's table lists them
PROBE_FILES = re.findall(r"^\| `([^`]+)` \|", PROBE_SECTION, flags=re.M)
# registered by the package importing every module of its folder: only a copy of the package runs them
DISCOVERED = ("judgeaudit/stats/", "judgeaudit/metrics/sections/")


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The doc's files written under a scratch folder, its modules registered for this test only."""
    for registry in (backends, probes, importers, datasets):
        monkeypatch.setattr(registry, "_factories", dict(registry._factories))
    for rel, text in FILES.items():
        if rel.startswith(DISCOVERED):
            continue
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if rel.endswith(".py"):
            exec(compile(text, str(path), "exec"), {"__name__": f"doc_{path.stem}"})  # registers it
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_the_doc_holds_every_example_file() -> None:
    assert {
        "my-judges/qwen-terse.yaml",
        "my-judges/terse-pairwise.yaml",
        "my-judges/terse-pairwise.txt",
        "judgeaudit/backends/first_slot.py",
        "judgeaudit/probes/twins.py",
        "probes/twins-starter.yaml",
        "judgeaudit/importers/mylab.py",
        "judgeaudit/datasets/mypairs.py",
    } <= set(FILES)


def test_the_judge_example_runs_its_own_prompt(scratch: Path) -> None:
    run(
        "probe", "--judge", "my-judges/qwen-terse.yaml", "--backend", "simulated", "--limit", "10", "--out", "dry", "-q"
    )
    manifest = json.loads((scratch / "dry" / "manifest.json").read_text())
    assert manifest["formats"]["pairwise"]["id"] == "terse-pairwise" and manifest["judge_family"] == "alibaba"


def test_the_backend_example_is_caught_preferring_the_first_slot(scratch: Path) -> None:
    run("probe", "--judge", "simulated", "--backend", "first_slot", "--out", "first", "-q")
    metrics = json.loads((scratch / "first" / "metrics.json").read_text())
    assert metrics["position"]["consistency"]["value"] == 0.0
    result = CliRunner().invoke(main, ["probe", "--judge", "simulated", "--backend", "first_slot", "--dtype", "x"])
    assert result.exit_code == 2 and "'dtype'" in result.output


def test_the_probe_example_lists_at_most_six_files_and_shows_them_all() -> None:
    assert len(PROBE_FILES) <= 6
    shown = {rel for rel in FILES if f"`{rel}`:" in PROBE_SECTION}
    assert set(PROBE_FILES) == shown | {"docs/metrics.md"}


def _tree(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` that is not a run's output or a byte-code cache."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.parts[len(root.parts)] not in ("runs", "cache")
    }


def test_the_probe_example_touches_exactly_the_listed_files_and_shows_its_metric(tmp_path: Path) -> None:
    """In a copy of the package: write the doc's files, regenerate docs/metrics.md, run the suite; the section
    is in metrics.json, the report and the docs, and the files that changed are the table's, no more."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "judgeaudit", tmp_path / "judgeaudit", ignore=ignore)
    shutil.copytree(REPO / "probes", tmp_path / "probes", ignore=ignore)
    (tmp_path / "docs").mkdir()
    shutil.copy(REPO / "docs" / "metrics.md", tmp_path / "docs" / "metrics.md")
    before = _tree(tmp_path)
    for rel in PROBE_FILES:
        if rel in FILES:
            (tmp_path / rel).write_text(FILES[rel], encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "JUDGEAUDIT_CACHE": str(tmp_path / "cache" / "c.sqlite")}

    def python(*args: str) -> str:
        done = subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout

    python("-m", "judgeaudit.metrics.docs", "docs/metrics.md")
    python("-m", "judgeaudit", "probe", "--judge", "simulated", "--suite", "twins-starter", "--out", "runs/t", "-q")
    after = _tree(tmp_path)
    touched = {rel for rel in after if before.get(rel) != after[rel]}
    assert touched == set(PROBE_FILES)

    rows = [json.loads(line) for line in (tmp_path / "runs/t/judgments.jsonl").read_text().splitlines()]
    assert rows and all(r["variant"] == "twins" and r["response_a"] == r["response_b"] for r in rows)
    twins = json.loads((tmp_path / "runs/t/metrics.json").read_text())["twins"]
    first = twins["first_slot_rate"]
    assert first["n"] > 0 and first["ci"][0] < first["value"] < first["ci"][1] and first["p_value"] is not None
    assert first["value"] > 0.5  # the simulated judge's planted lean to the first slot
    report = (tmp_path / "runs/t/report.html").read_text()
    assert "One answer in both slots" in report and "Shown one answer twice, it picks the first copy in" in report
    assert "## twins: One answer in both slots" in (tmp_path / "docs/metrics.md").read_text()


def test_the_probe_example_rejects_a_misspelt_option(scratch: Path) -> None:
    (scratch / "probes" / "data").mkdir()
    (scratch / "probes" / "data" / "starter.jsonl").write_bytes((REPO / "probes/data/starter.jsonl").read_bytes())
    suite = FILES["probes/twins-starter.yaml"].replace("side: a", "sid: a")
    (scratch / "my-twins.yaml").write_text(suite.replace("data/starter.jsonl", "probes/data/starter.jsonl"))
    result = CliRunner().invoke(main, ["probe", "--judge", "simulated", "--suite", "my-twins.yaml"])
    assert result.exit_code == 2 and "my-twins.yaml:5: field 'probes.twins.sid': unknown option" in result.output


def test_the_importer_example_reads_the_slot_into_the_a_b_frame(scratch: Path) -> None:
    (scratch / "verdicts.jsonl").write_text(block_after("by `shown_first`:"), encoding="utf-8")
    assert "imported 2 judgments" in run("import", "mylab", "verdicts.jsonl", "--out", "mylab", "--no-analyze")
    rows = [json.loads(line) for line in (scratch / "mylab" / "judgments.jsonl").read_text().splitlines()]
    assert [(r["order"], r["winner"]) for r in rows] == [("ab", "a"), ("ba", "a")]


def test_the_dataset_example_feeds_a_suite(scratch: Path) -> None:
    (scratch / "data" / "mypairs").mkdir(parents=True)
    (scratch / "data" / "mypairs" / "pairs.jsonl").write_text(block_after("holds `mypairs/pairs.jsonl`"))
    (scratch / "suite.yaml").write_text("name: s\nversion: 1\ndata: {dataset: mypairs}\nprobes: [position]\n")
    run("probe", "--judge", "simulated", "--suite", "suite.yaml", "--data-dir", "data", "--out", "pairs", "-q")
    rows = [json.loads(line) for line in (scratch / "pairs" / "judgments.jsonl").read_text().splitlines()]
    assert {r["item_id"] for r in rows} == {"mypairs-7"} and {r["label"] for r in rows} == {"a"}
