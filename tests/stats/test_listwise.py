"""Listwise slot shares on judgments whose every pick is known: exact shares, chi-square, consistency."""

from __future__ import annotations

import pytest
from scipy import stats as sps

from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.stats.listwise import listwise_metrics
from judgeaudit.stats.pairs import prepare

ROTATIONS = ("abc", "bca", "cab")


def rows(picks: dict[str, list[int | None]], k: int = 3, orders: tuple[str, ...] = ROTATIONS) -> list[dict]:
    """group → the chosen slot (1-based, None unread) in each rotation."""
    out = []
    for g, slots in picks.items():
        for rot, (order, slot) in enumerate(zip(orders, slots)):
            out.append(
                {
                    "judge": "j",
                    "judge_family": "f",
                    "probe": "listwise",
                    "suite": "s",
                    "item_id": g,
                    "variant": f"listwise:r{rot}",
                    "mode": "listwise",
                    "order": order,
                    "k": k,
                    "winner": None if slot is None else order[slot - 1],
                    "chosen_slot": slot,
                }
            )
    return out


def metrics(r: list[dict]) -> dict:
    d, _ = prepare(frame_from_rows(r))
    m = listwise_metrics(d, n_boot=300)
    assert m is not None
    return m


def test_an_always_first_judge_puts_every_pick_in_slot_one() -> None:
    m = metrics(rows({f"g{i}": [1, 1, 1] for i in range(10)}))
    assert m["k"] == 3 and m["n_judgments"] == 30 and m["n_groups"] == 10
    assert [s["value"] for s in m["slot_shares"]] == [1.0, 0.0, 0.0]
    assert m["first_slot_share"]["value"] == 1.0 and m["first_slot_share"]["expected"] == pytest.approx(1 / 3)
    assert m["position_chi2"]["value"] == pytest.approx(sps.chisquare([30, 0, 0]).statistic)
    assert m["position_chi2"]["p_value"] < 1e-10 and m["position_chi2"]["df"] == 2
    assert m["position_consistency"]["value"] == 0.0  # slot 1 holds a different response in each rotation


def test_a_content_judge_picks_one_response_in_every_rotation_and_each_slot_equally() -> None:
    # response a sits in slot 1, 3, 2 of the rotations abc, bca, cab
    m = metrics(rows({f"g{i}": [1, 3, 2] for i in range(9)}))
    assert [s["value"] for s in m["slot_shares"]] == pytest.approx([1 / 3] * 3)
    assert m["position_chi2"]["value"] == 0.0 and m["position_chi2"]["p_value"] == pytest.approx(1.0)
    assert m["position_consistency"]["value"] == 1.0 and m["position_consistency"]["n"] == 9


def test_unread_picks_are_counted_and_leave_their_group_out_of_consistency() -> None:
    m = metrics(rows({"g0": [1, 3, 2], "g1": [1, None, 2]}))
    assert m["n_unparsed"] == 1 and m["extraction_success_rate"] == pytest.approx(5 / 6)
    assert m["position_chi2"]["counts"] == [2, 2, 1]
    assert m["position_consistency"]["n"] == 1


def test_groups_of_several_sizes_are_reported_per_size() -> None:
    r = rows({"g0": [1, 1, 1]}) + rows({"h0": [2, 2, 2, 2]}, k=4, orders=("abcd", "bcda", "cdab", "dabc"))
    m = metrics(r)
    assert set(m["by_k"]) == {"3", "4"}
    assert m["k"] == 4 and m["by_k"]["4"]["slot_shares"][1]["value"] == 1.0
    assert m["by_k"]["3"]["first_slot_share"]["value"] == 1.0


def test_no_listwise_rows_no_section() -> None:
    d, _ = prepare(
        frame_from_rows(
            [
                {
                    "judge": "j",
                    "item_id": "x",
                    "variant": "original",
                    "mode": "pairwise",
                    "order": "ab",
                    "winner": "a",
                }
            ]
        )
    )
    assert listwise_metrics(d) is None


# --- planted effects: picks drawn from known slot probabilities, recovered within the interval -------------
# Over 30 seeds per setting below, the first-slot interval covered its planted value 27-28 times and the
# consistency interval 28-30 times; each test uses one fixed seed, so it is deterministic.


def planted(n_groups: int, position: float, gold: float, seed: int) -> tuple[list[dict], list[list[list[float]]]]:
    """Groups of three answers (qualities a 1, b −1, c 0: the simulated judge's gold record) in the three
    rotations of ``abc``; slot j is picked with probability ∝ exp(position·[j = 1] + gold·quality), the
    simulated backend's listwise model. Returns the rows and, per group and rotation, each slot's probability."""
    import numpy as np

    rng = np.random.default_rng(seed)
    quality = {"a": 1.0, "b": -1.0, "c": 0.0}
    picks, probs = {}, []
    for g in range(n_groups):
        slots, group_probs = [], []
        for order in ROTATIONS:
            w = np.exp([position * (j == 0) + gold * quality[key] for j, key in enumerate(order)])
            p = w / w.sum()
            group_probs.append(p.tolist())
            slots.append(int(rng.choice(3, p=p)) + 1)
        picks[f"g{g:04d}"] = slots
        probs.append(group_probs)
    return rows(picks), probs


def consistency_of(probs: list[list[float]]) -> float:
    """P(one answer wins all three rotations) = Σ_answers Π_rotations P(its slot in that rotation)."""
    total = 0.0
    for key in "abc":
        p = 1.0
        for order, slot_p in zip(ROTATIONS, probs):
            p *= slot_p[order.index(key)]
        total += p
    return total


@pytest.mark.parametrize(("position", "gold"), [(0.0, 2.0), (1.0, 2.0), (2.0, 0.0)])
def test_planted_slot_and_content_effects_give_their_slot_shares_and_consistency(position: float, gold: float) -> None:
    r, probs = planted(400, position, gold, seed=4)
    m = metrics(r)
    want_first = sum(p[j][0] for p in probs for j in range(3)) / (3 * len(probs))
    lo, hi = m["first_slot_share"]["ci"]
    assert lo < want_first < hi
    want_consistency = sum(consistency_of(p) for p in probs) / len(probs)
    lo, hi = m["position_consistency"]["ci"]
    assert lo < want_consistency < hi and m["position_consistency"]["n"] == 400
    if position == 0.0:  # content alone spreads evenly over the slots: a Latin square's whole point
        assert want_first == pytest.approx(1 / 3)
        assert m["position_chi2"]["p_value"] > 0.01


def test_a_first_slot_bonus_costs_consistency_a_content_judge_would_keep() -> None:
    content, _ = planted(400, 0.0, 2.0, seed=5)
    primacy, _ = planted(400, 2.0, 2.0, seed=5)
    m_content, m_primacy = metrics(content), metrics(primacy)
    assert m_primacy["first_slot_share"]["ci"][0] > m_content["first_slot_share"]["ci"][1]
    assert m_primacy["position_consistency"]["ci"][1] < m_content["position_consistency"]["ci"][0]
