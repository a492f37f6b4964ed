"""The shipped probe suites: every file validates, loads real items, and runs end to end (simulated judge)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.datasets import available
from judgeaudit.errors import InputError
from judgeaudit.probes.suites import (
    Suite,
    expand,
    get_suite,
    instruction_sha256,
    load_suite_file,
    load_suite_items,
    suite_files,
)
from tests.support.paths import REPO

SUITES = suite_files()
STABLE_NAMES = {
    "starter",
    "default",
    "position-llmbar",
    "position-autoj",
    "position-pandalm",
    "verbosity-starter",
    "verbosity-llmbar",
    "verbosity-alpaca",
    "family-alpaca",
    "score-vs-rank-hhh",
    "position-llmbar-adversarial",
    "family-local",
}
DATA_SUITES = sorted(name for name, path in SUITES.items() if not load_suite_file(path).battery)


def missing_data(suite: Suite) -> str | None:
    """Why the suite's data is not on this machine, or None when it is."""
    if "file" in suite.data:
        path = suite.path.parent / suite.data["file"]
        return None if path.is_file() else f"{path} is missing"
    if not available(suite.data["dataset"]):
        return f"dataset {suite.data['dataset']} is not in the data directory (see docs/datasets.md)"
    for rel in suite.data.get("generated", []):
        if not (suite.path.parent / rel).is_file():
            return f"generated responses {rel} are missing (scripts/make_family_local.py)"
    return None


def needs_data(name: str) -> Suite:
    suite = get_suite(name)
    if (why := missing_data(suite)) is not None:
        pytest.skip(why)
    return suite


@pytest.mark.parametrize("name", sorted(SUITES))
def test_every_suite_file_validates(name: str) -> None:
    suite = load_suite_file(SUITES[name])
    assert suite.name == name and suite.version >= 1 and suite.description
    assert suite.battery or (suite.data and suite.probes)


def test_the_documented_suite_names_all_exist() -> None:
    assert STABLE_NAMES <= set(SUITES)


@pytest.mark.parametrize("name", DATA_SUITES)
def test_every_suite_with_its_data_present_loads_items(name: str) -> None:
    suite = needs_data(name)
    items = load_suite_items(suite)
    assert len(items) >= 1
    assert suite.limit is None or len(items) <= suite.limit
    assert len({it.id for it in items}) == len(items)


@pytest.mark.parametrize("name", sorted(n for n, p in SUITES.items() if load_suite_file(p).battery))
def test_batteries_expand_into_existing_data_suites(name: str) -> None:
    members = expand([name])
    assert [s.name for s in members] == list(get_suite(name).battery)
    assert all(not s.battery and s.probes for s in members)


def test_the_default_battery_runs_all_four_probes() -> None:
    probes = {p.name for s in expand(["default"]) for p in s.probes}
    assert {"position", "verbosity", "family", "score_vs_rank"} <= probes


@pytest.mark.parametrize("name", DATA_SUITES)
def test_suite_runs_end_to_end_on_the_simulated_judge(name: str, tmp_path: Path) -> None:
    suite = needs_data(name)
    out = tmp_path / "run"
    mode = ["--mode", "generate"] if name == "cot-llmbar" else []  # reasoning first needs generated text
    result = CliRunner().invoke(
        main, ["probe", "--judge", "simulated", "--suite", name, "--limit", "4", "--out", str(out), "-q", *mode]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in (out / "judgments.jsonl").read_text().splitlines()]
    assert rows and {r["suite"] for r in rows} == {name}
    assert {r["probe"] for r in rows} <= {p.name for p in suite.probes}
    orders = {r["order"] for r in rows if r["mode"] == "pairwise"}
    assert orders in (set(), {"ab", "ba"})  # pairs in both orders (a listwise suite has rotations instead)
    n_items = json.loads((out / "manifest.json").read_text())["suites"][0]["n_items"]
    # the limit samples originals; a perturbation suite's items also count each original's 3 variants
    assert 1 <= n_items <= (16 if name == "perturbation-starter" else 4)


# -- the generated-responses data source (family-local) ---------------------------------------------

GENERATED = {"dataset": "alpaca_eval", "generated": ["gen.jsonl"]}


def write_suite(tmp_path: Path, data: dict, rows: list[dict] | None = None) -> Path:
    if rows is not None:
        (tmp_path / "gen.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"name": "mine", "version": 1, "data": data, "probes": ["family"]}))
    return path


def test_generated_responses_pair_only_with_alpaca_eval(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="pair with .dataset: alpaca_eval. only"):
        load_suite_file(write_suite(tmp_path, {"dataset": "llmbar", "generated": ["gen.jsonl"]}))
    with pytest.raises(InputError, match="list of response files"):
        load_suite_file(write_suite(tmp_path, {"dataset": "alpaca_eval", "generated": "gen.jsonl"}))


def test_committed_generated_files_hold_no_alpaca_eval_text() -> None:
    files = sorted((REPO / "probes" / "data" / "generated").glob("*.jsonl"))
    assert files, "probes/data/generated/*.jsonl: run scripts/make_family_local.py"
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert "instruction" not in row
            assert set(row) <= {
                "id",
                "alpaca_eval_index",
                "instruction_sha256",
                "output",
                "generator",
                "family",
                "max_tokens",
                "stop",
                "error",
            }
            assert row["output"].strip() and row["generator"] == path.stem


def test_a_generated_row_whose_instruction_hash_does_not_match_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    needs_data("family-alpaca")
    wrong = instruction_sha256("another question")
    rows = [
        {
            "id": "x-0",
            "alpaca_eval_index": 0,
            "instruction_sha256": wrong,
            "output": "An answer.",
            "generator": "smollm2-135m",
            "family": "huggingface",
        }
    ]
    suite = load_suite_file(write_suite(tmp_path, GENERATED, rows))
    with pytest.raises(InputError) as err:
        load_suite_items(suite)
    assert err.value.line == 1 and err.value.field == "instruction_sha256"


def test_generated_responses_become_triads_against_other_families(tmp_path: Path) -> None:
    needs_data("family-alpaca")
    rows = [
        {
            "id": f"x-{i}",
            "alpaca_eval_index": i,
            "output": f"My answer number {i}.",
            "generator": "smollm2-135m",
            "family": "huggingface",
        }
        for i in range(3)
    ]
    suite = load_suite_file(write_suite(tmp_path, GENERATED, rows))
    items = load_suite_items(suite)
    assert len(items) == 9 and len({it.meta["group"] for it in items}) == 3
    local = [it for it in items if "smollm2-135m" in (it.model_a, it.model_b)]
    assert len(local) == 6
    assert all({it.family_a, it.family_b} - {"huggingface"} and it.family_a != it.family_b for it in local)


def test_docs_describe_every_suite() -> None:
    text = (REPO / "docs" / "suites.md").read_text(encoding="utf-8")
    assert [name for name in SUITES if f"`{name}`" not in text] == []
