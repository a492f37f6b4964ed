"""Listwise rows in the judgments contract: a listwise run re-analysed from judgments.jsonl alone gives the
same listwise numbers, unread picks are counted, and a malformed listwise row is named by file, line and field."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.contracts.items import Item
from judgeaudit.contracts.judgments import read_judgments, validate_row
from judgeaudit.errors import InputError

QUIET = {"position": 0.0, "gold": 0.0, "length": 0.0, "own_family": 0.0, "tie_rate": 0.0, "unparsed_rate": 0.0}


def triads(n: int) -> list[Item]:
    """Groups of three answers to one instruction (gold: x > z > y), as the alpaca_eval adapter builds them."""
    out = []
    for g in range(n):
        ans = {m: f"Answer of {m} to question {g}." + " more" * (3 * g % 7) for m in ("m-x", "m-y", "m-z")}
        for (a, b), label in zip((("m-x", "m-y"), ("m-x", "m-z"), ("m-y", "m-z")), ("a", "a", "b")):
            out.append(
                Item(
                    f"g{g}-{a}-{b}",
                    f"Question {g}?",
                    ans[a],
                    ans[b],
                    label=label,
                    model_a=a,
                    model_b=b,
                    family_a=a[-1],
                    family_b=b[-1],
                    meta={"group": g},
                )
            )
    return out


@pytest.fixture(scope="module")
def listwise_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A listwise run of the simulated judge with a first-slot bonus and a fifth of its outputs unreadable."""
    from judgeaudit.judges import load_judge
    from judgeaudit.probes.suites import ProbeSpec, Suite
    from judgeaudit.verbs.probe import run_audit

    judge = load_judge("simulated", options={**QUIET, "position": 1.0, "gold": 1.0, "unparsed_rate": 0.2})
    out = tmp_path_factory.mktemp("listwise") / "run"
    run_audit(judge, [(Suite("t", 1, Path("t.yaml")), triads(30), [ProbeSpec("listwise")])], out, cache=None)
    return out


def rows_of(run: Path) -> list[dict]:
    return [json.loads(line) for line in (run / "judgments.jsonl").read_text().splitlines()]


def test_the_run_has_listwise_rows_with_unread_picks(listwise_run: Path) -> None:
    rows = rows_of(listwise_run)
    assert len(rows) == 90 and {r["mode"] for r in rows} == {"listwise"}
    n_null = sum(r["winner"] is None for r in rows)
    assert 5 < n_null < 40  # a fifth of 90, drawn
    metrics = json.loads((listwise_run / "metrics.json").read_text())
    assert metrics["listwise"]["n_unparsed"] == n_null
    manifest = json.loads((listwise_run / "manifest.json").read_text())
    assert manifest["n_unparsed"] == n_null


def test_every_listwise_row_the_probe_writes_passes_the_contract(listwise_run: Path) -> None:
    read = read_judgments(listwise_run / "judgments.jsonl")
    assert read.problems == [] and len(read.frame) == 90


def test_analyze_reproduces_the_listwise_section_from_judgments_alone(listwise_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "again"
    result = CliRunner().invoke(main, ["analyze", str(listwise_run), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output
    before = json.loads((listwise_run / "metrics.json").read_text())
    after = json.loads((out / "metrics.json").read_text())
    assert after["listwise"] is not None
    assert after["listwise"] == before["listwise"]
    # every read pick counted, and the planted first-slot bonus shows (about 0.51 expected, 1/3 without it)
    n_read = sum(r["winner"] is not None for r in rows_of(listwise_run))
    assert after["listwise"]["first_slot_share"]["n"] == n_read
    assert after["listwise"]["first_slot_share"]["value"] > 0.4
    assert {k: v for k, v in after.items() if k != "meta"} == {k: v for k, v in before.items() if k != "meta"}


def test_the_report_counts_unread_listwise_picks_and_shows_the_section(listwise_run: Path) -> None:
    from judgeaudit.pages.html import build_context

    ctx = build_context(listwise_run)
    n_null = sum(r["winner"] is None for r in rows_of(listwise_run))
    assert ctx["n_unparsed"] == n_null
    (sec,) = [s for s in ctx["sections"] if s["id"] == "listwise"]
    assert sec["present"] and sec["plot"] is not None
    paths = {r["path"]: r for r in sec["rows"]}
    assert {"listwise.first_slot_share", "listwise.position_consistency"} <= set(paths)
    assert paths["listwise.first_slot_share"]["ci"].startswith("[")
    # the slot table shows each slot against the share of a judge that reads only content (the control)
    (table,) = sec["extras"]["tables"]
    assert [r[0] for r in table["rows"]] == ["1", "2", "3"] and {r[2] for r in table["rows"]} == {"33%"}


def test_the_report_counts_unread_listwise_picks_without_a_manifest(listwise_run: Path, tmp_path: Path) -> None:
    from judgeaudit.pages.html import build_context

    bare = tmp_path / "bare"
    bare.mkdir()
    (bare / "judgments.jsonl").write_text((listwise_run / "judgments.jsonl").read_text())
    (bare / "metrics.json").write_text((listwise_run / "metrics.json").read_text())
    assert build_context(bare)["n_unparsed"] == sum(r["winner"] is None for r in rows_of(listwise_run))


GOOD = {
    "judge": "j",
    "probe": "listwise",
    "item_id": "group-1",
    "variant": "listwise:r0",
    "mode": "listwise",
    "order": "cab",
    "k": 3,
    "winner": "a",
    "chosen_slot": 2,
    "p_slots": [0.2, 0.7, 0.1],
    "label": None,
    "models": ["m-x", "m-y", "m-z"],
    "lens": [10, 12, 9],
}


def test_a_listwise_row_is_valid_and_a_recorded_one_may_give_only_order_and_winner() -> None:
    assert validate_row(dict(GOOD), "j.jsonl", 1) == GOOD
    bare = {k: v for k, v in GOOD.items() if k not in ("k", "chosen_slot", "p_slots")}
    got = validate_row(bare, "j.jsonl", 1)
    assert got["k"] == 3 and got["chosen_slot"] == 2
    unread = validate_row({**bare, "winner": None}, "j.jsonl", 1)
    assert unread["chosen_slot"] is None and unread["k"] == 3


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"order": "cad"}, "order", "permutation"),
        ({"order": "ab c"}, "order", "permutation"),
        ({"order": ["c", "a", "b"]}, "order", "permutation"),
        ({"k": 4}, "k", "number of responses"),
        ({"winner": "d", "chosen_slot": None}, "winner", "one of the shown keys"),
        ({"winner": "tie", "chosen_slot": None}, "winner", "one of the shown keys"),
        ({"chosen_slot": 1}, "chosen_slot", "holds response 'c'"),
        ({"chosen_slot": 4}, "chosen_slot", "must be a slot 1..3"),
        ({"chosen_slot": None}, "chosen_slot", "is null, but winner"),
        ({"p_slots": [0.5, 0.5]}, "p_slots", "3 probabilities"),
        ({"p_slots": [0.5, 1.5, 0.0]}, "p_slots", "3 probabilities"),
        ({"models": ["m-x", "m-y"]}, "models", "one entry per response"),
        ({"mode": "ranking"}, "mode", "'listwise'"),
    ],
)
def test_a_bad_listwise_row_is_named_by_file_line_and_field(
    tmp_path: Path, change: dict, field: str, words: str
) -> None:
    path = tmp_path / "judgments.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + json.dumps({**GOOD, **change}) + "\n")
    read = read_judgments(path)
    assert len(read.frame) == 1
    (problem,) = read.problems
    assert isinstance(problem, InputError)
    assert (problem.path, problem.line, problem.field) == (str(path), 2, field)
    assert words in problem.message
    assert str(problem).startswith(f"{path}:2: field '{field}':")


def test_analyze_names_the_bad_listwise_row_and_keeps_the_rest(listwise_run: Path, tmp_path: Path) -> None:
    lines = (listwise_run / "judgments.jsonl").read_text().splitlines()
    bad = json.loads(lines[4])
    bad["winner"] = "q"
    lines[4] = json.dumps(bad)
    path = tmp_path / "judgments.jsonl"
    path.write_text("\n".join(lines) + "\n")
    result = CliRunner().invoke(main, ["analyze", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert f"skipped: {path}:5: field 'winner':" in result.output
    metrics = json.loads((tmp_path / "out" / "metrics.json").read_text())
    assert metrics["listwise"]["n_judgments"] == 89
