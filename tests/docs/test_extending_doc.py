"""docs/extending.md: each worked example runs as written (judge, backend, probe, importer, dataset)."""

from __future__ import annotations

import json
import re
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


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The doc's files written under a scratch folder, its modules registered for this test only."""
    for registry in (backends, probes, importers, datasets):
        monkeypatch.setattr(registry, "_factories", dict(registry._factories))
    for rel, text in FILES.items():
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


def test_the_probe_example_shows_one_response_twice(scratch: Path) -> None:
    (scratch / "probes" / "data").mkdir()
    (scratch / "probes" / "data" / "starter.jsonl").write_bytes((REPO / "probes/data/starter.jsonl").read_bytes())
    run("probe", "--judge", "simulated", "--suite", "probes/twins-starter.yaml", "--out", "twins", "-q")
    rows = [json.loads(line) for line in (scratch / "twins" / "judgments.jsonl").read_text().splitlines()]
    assert rows and all(r["variant"] == "twins" and r["response_a"] == r["response_b"] for r in rows)


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
