"""compute_metrics end to end: deterministic judges with known answers, the JSON contract, partial data."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from judgeaudit.metrics import SECTIONS, section_keys
from judgeaudit.stats import compute_metrics, compute_metrics_by_judge
from judgeaudit.stats.simulate import simulate, simulate_calibration

Verdict = Callable[[dict, str], str | None]


def judged(
    verdict: Verdict,
    n: int = 40,
    *,
    judge: str = "j",
    judge_family: str = "fam0",
    suite: str | None = "s",
    **item_kw: object,
) -> pd.DataFrame:
    """Both orders of ``n`` items (gold alternating a/b, b twice as long as a on even items, families
    alternating), judged by ``verdict(item, order) -> winner``."""
    rows = []
    for i in range(n):
        item = {
            "item_id": f"i{i}",
            "label": "a" if i % 2 == 0 else "b",
            "len_a": 100 if i % 2 == 0 else 300,
            "len_b": 200 if i % 2 == 0 else 100,
            "family_a": "fam0" if i % 4 < 2 else "fam1",
            "family_b": "fam1" if i % 4 < 2 else "fam0",
            **item_kw,
        }
        for order in ("ab", "ba"):
            rows.append(
                {
                    "judge": judge,
                    "judge_family": judge_family,
                    "probe": "position",
                    "suite": suite,
                    "variant": "original",
                    "mode": "pairwise",
                    "order": order,
                    "winner": verdict(item, order),
                    **item,
                }
            )
    return pd.DataFrame(rows)


def always_first(item: dict, order: str) -> str:
    return "a" if order == "ab" else "b"


def always_a(item: dict, order: str) -> str:
    return "a"


def always_longer(item: dict, order: str) -> str:
    return "a" if item["len_a"] > item["len_b"] else "b"


def always_own(item: dict, order: str) -> str:
    return "a" if item["family_a"] == "fam0" else "b"


def test_always_first_slot_judge_is_never_consistent_and_always_primacy() -> None:
    pos = compute_metrics(judged(always_first))["position"]
    assert pos["consistency"]["value"] == 0.0
    assert pos["primacy_share"]["value"] == 1.0 and pos["primacy_share"]["p_value"] < 1e-6
    assert pos["preference_fairness"]["value"] == -1.0
    assert pos["first_slot_rate"]["value"] == 1.0
    assert pos["accuracy_single"]["value"] == 0.5 and pos["accuracy_both_orders"]["value"] == 0.0
    assert pos["n_pairs"] == 40 and pos["n_primacy"] == 40 and pos["n_recency"] == 0


def test_always_response_a_judge_is_fully_consistent_with_no_slot_preference() -> None:
    pos = compute_metrics(judged(always_a))["position"]
    assert pos["consistency"]["value"] == 1.0
    assert pos["consistency"]["ci"][0] > 0.9
    assert pos["primacy_share"]["value"] is None and pos["primacy_share"]["n"] == 0
    assert pos["preference_fairness"]["value"] == 0.0
    assert pos["first_slot_rate"]["value"] == 0.5


def test_always_longer_judge_prefers_longer_every_time() -> None:
    m = compute_metrics(judged(always_longer))
    assert m["verbosity"]["prefer_longer_rate"]["value"] == 1.0
    assert m["position"]["consistency"]["value"] == 1.0


def test_always_own_family_judge_has_full_equal_opportunity_gap() -> None:
    sp = compute_metrics(judged(always_own))["self_preference"]
    assert sp["eo_gap"]["value"] == pytest.approx(1.0)


def test_random_judge_sits_at_chance() -> None:
    rng = np.random.default_rng(7)
    m = compute_metrics(judged(lambda item, order: str(rng.choice(["a", "b"])), n=400))
    cons = m["position"]["consistency"]
    assert cons["ci"][0] < 0.5 < cons["ci"][1]
    fsr = m["position"]["first_slot_rate"]
    assert fsr["ci"][0] < 0.5 < fsr["ci"][1]


def test_output_is_strict_json_with_the_contract_keys_and_plain_types() -> None:
    df = simulate(
        120, position=0.5, length=0.4, tie_rate=0.1, unparsed_rate=0.05, pad_sizes=(0.25, 0.5, 1.0), scores=True
    )
    m = compute_metrics(df, judge_family="fam0", n_boot=500)
    always = {s.key for s in SECTIONS if not s.left_out_when_absent}  # the others only where their rows are
    assert always | {"holm", "power", "meta"} <= set(m) and not {"biases", "perturbation"} & set(m)
    json.dumps(m, allow_nan=False)  # raises on NaN / inf / numpy types

    def walk(x: object) -> None:
        if isinstance(x, dict):
            if {"value", "ci", "n"} <= set(x):
                assert x["value"] is None or type(x["value"]) is float
                assert len(x["ci"]) == 2 and type(x["n"]) is int
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)
        else:
            assert x is None or type(x) in (str, int, float, bool)

    walk(m)
    for name in section_keys():
        if m.get(name) is not None:
            assert "n_unparsed" in m[name] and "extraction_success_rate" in m[name], name


def test_same_input_and_seed_give_byte_identical_json_and_another_seed_moves_only_bootstrap_intervals() -> None:
    df = simulate_calibration(100, seed=1)
    a = json.dumps(compute_metrics(df, seed=3, n_boot=300), sort_keys=True)
    b = json.dumps(compute_metrics(df.sample(frac=1.0, random_state=1), seed=3, n_boot=300), sort_keys=True)
    assert a == b  # row order does not matter either
    c, first = compute_metrics(df, seed=4, n_boot=300), json.loads(a)
    assert c["position"]["first_slot_rate"] == first["position"]["first_slot_rate"]  # closed form: no seed
    assert c["calibration"]["auroc"]["value"] == first["calibration"]["auroc"]["value"]
    assert c["calibration"]["auroc"]["ci"] != first["calibration"]["auroc"]["ci"]  # a cluster bootstrap


def test_holm_adjusted_p_values_are_written_into_each_tested_estimate() -> None:
    m = compute_metrics(simulate(150, position=0.8, length=0.5, own_family=0.3), n_boot=300)
    assert m["holm"], "a battery with tests has Holm-adjusted p-values"
    for path, p_holm in m["holm"].items():
        node = m
        for part in path.split("."):
            node = node[part]
        assert node["p_value_holm"] == p_holm
        assert p_holm is None or p_holm >= node["p_value"]
    assert "joint.coefficients.gold" not in m["holm"], "gold is not a bias test"


def test_power_section_answers_for_consistency_and_primacy_share() -> None:
    power = compute_metrics(judged(always_first))["power"]
    for key in ("consistency", "primacy_share"):
        assert {"n", "mde", "needed", "enough"} <= set(power[key])
    assert power["primacy_share"]["n"] == 40


def test_pairs_missing_an_order_are_left_out_and_counted() -> None:
    df = judged(always_a, n=20)
    df = df.drop(df.index[(df["item_id"].isin(["i0", "i1", "i2"])) & (df["order"] == "ba")])
    pos = compute_metrics(df)["position"]
    assert pos["n_incomplete_pairs"] == 3 and pos["n_pairs"] == 17


def test_unparsed_verdicts_are_counted_not_scored() -> None:
    df = judged(always_a, n=20)
    df.loc[df.index[:5], "winner"] = None
    pos = compute_metrics(df)["position"]
    assert pos["n_unparsed"] == 5
    assert pos["extraction_success_rate"] == pytest.approx(35 / 40)
    assert pos["consistency"]["value"] == 1.0  # an unparsed verdict is not counted as an inconsistency


def test_sections_are_absent_when_their_rows_are() -> None:
    m = compute_metrics(judged(always_a))
    assert m["score_vs_rank"] is None and m["calibration"] is None
    assert m["position"] is not None and m["joint"] is not None


def test_matching_ignores_the_probe_column() -> None:
    df = simulate(60, position=0.5, pad_sizes=(0.25, 0.5, 1.0))
    relabelled = df.copy()
    relabelled.loc[relabelled["variant"] == "original", "probe"] = "verbosity"
    a = compute_metrics(df, n_boot=200)
    b = compute_metrics(relabelled, n_boot=200)
    assert a["position"] == b["position"] and a["verbosity"] == b["verbosity"]


def test_items_with_the_same_id_in_two_suites_are_two_items() -> None:
    df = pd.concat([judged(always_a, n=10, suite="s1"), judged(always_a, n=10, suite="s2")])
    m = compute_metrics(df)
    assert m["meta"]["n_items"] == 20 and m["position"]["n_pairs"] == 20


def test_several_judges_need_a_focal_judge() -> None:
    df = pd.concat([judged(always_first, judge="j1"), judged(always_a, judge="j2", judge_family="fam1")])
    pooled = compute_metrics(df)
    assert pooled["position"] is None and set(pooled["by_judge"]) == {"j1", "j2"}
    assert compute_metrics(df, judge="j1")["position"]["consistency"]["value"] == 0.0
    by = compute_metrics_by_judge(df, {"j1": "fam0", "j2": "fam1"})
    assert by["j2"]["position"]["consistency"]["value"] == 1.0
    assert by["j2"]["meta"]["judge_family"] == "fam1"
    with pytest.raises(ValueError, match="not in the judgments"):
        compute_metrics(df, judge="nobody")


def test_meta_describes_the_input() -> None:
    m = compute_metrics(judged(always_a, n=12))
    assert m["meta"]["n_judgments"] == 24 and m["meta"]["n_items"] == 12 and m["meta"]["judges"] == ["j"]


def test_a_failing_optional_probe_section_is_reported_and_the_core_metrics_survive(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import judgeaudit.stats.listwise as listwise

    def broken(rows: pd.DataFrame, **kw: object) -> dict:
        raise KeyError("chosen_slot")

    monkeypatch.setattr(listwise, "listwise_metrics", broken)  # what the registered section function calls
    m = compute_metrics(judged(always_a))
    assert m["listwise"] == {"error": "KeyError: 'chosen_slot'"}
    assert m["position"]["consistency"]["value"] == 1.0
