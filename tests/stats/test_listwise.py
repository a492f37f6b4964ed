"""Listwise slot shares on judgments whose every pick is known: exact shares, chi-square, consistency."""

from __future__ import annotations

import pytest
from scipy import stats as sps

from judgeaudit.judgments import frame_from_rows
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
