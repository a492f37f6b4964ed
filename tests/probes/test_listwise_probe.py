"""The listwise probe: groups pooled into k responses, a Latin square of orders, picks read back."""

from __future__ import annotations

import math

import pytest

from judgeaudit.backends.base import Result
from judgeaudit.contracts.items import Item
from judgeaudit.errors import JudgeAuditError
from judgeaudit.probes.listwise import group_responses, listwise_format, read_listwise, rotations
from judgeaudit.stats.listwise import listwise_metrics
from tests.support.simulated import run, simulated, triad


def test_a_triad_pools_into_three_responses_with_their_gold_record() -> None:
    groups = group_responses(triad(7, ("a", "a", "b")))  # x > y, x > z, z > y
    assert list(groups) == ["7"]
    resp = {r["model"]: r for r in groups["7"]}
    assert set(resp) == {"m-x", "m-y", "m-z"}
    assert (resp["m-x"]["quality"], resp["m-y"]["quality"], resp["m-z"]["quality"]) == (1.0, -1.0, 0.0)


@pytest.mark.parametrize("k", [3, 4, 5])
def test_the_rotations_are_a_latin_square(k: int) -> None:
    square = rotations(k, "some-group")
    assert len(square) == k
    for perm in square:
        assert sorted(perm) == list(range(k))
    for slot in range(k):
        assert sorted(perm[slot] for perm in square) == list(range(k))


def test_each_group_is_asked_once_per_rotation_with_every_answer_in_every_slot() -> None:
    _, rows, counters = run(simulated(), triad(1) + triad(2), "listwise")
    assert len(rows) == 6 and counters["unique_requests"] == 6
    for g in ("group-1", "group-2"):
        orders = [r["order"] for r in rows if r["item_id"] == g]
        assert len(orders) == 3 and all(sorted(o) == ["a", "b", "c"] for o in orders)
        assert all(sorted(o[slot] for o in orders) == ["a", "b", "c"] for slot in range(3))
    r = rows[0]
    assert r["mode"] == "listwise" and r["k"] == 3 and r["models"] == ["m-x", "m-y", "m-z"]
    assert r["slot_order"] == [r["models"]["abc".index(key)] for key in r["order"]]
    assert r["chosen_model"] == r["models"]["abc".index(r["winner"])]
    assert r["order"][r["chosen_slot"] - 1] == r["winner"]


def test_the_prompt_labels_k_slots_and_asks_for_one_of_them() -> None:
    judge = simulated()
    fmt = listwise_format(judge, 3)
    assert fmt.labels == ("A", "B", "C")
    from judgeaudit.probes.listwise import listwise

    task = listwise(judge, triad(3), suite="t")[0]
    prompt = task.requests[0].prompt
    assert prompt.count("### Response ") == 3 and "Compare 3 responses" in prompt
    assert prompt.rstrip().endswith("Answer with a single letter, A, B or C.")
    order = task.row["order"]
    texts = {m: f"Answer of {m} to question 3." for m in ("m-x", "m-y", "m-z")}
    shown = [texts[task.row["models"]["abc".index(key)]] for key in order]
    assert prompt.index(shown[0]) < prompt.index(shown[1]) < prompt.index(shown[2])


def test_a_pick_is_read_from_logprobs_or_text_and_a_failure_names_nothing() -> None:
    fmt = listwise_format(simulated(), 3)
    models = ["m-x", "m-y", "m-z"]
    got = read_listwise(fmt, "cab", models, [Result(choice_logprobs={"A": -2.0, "B": -0.5, "C": -1.0})])
    assert (got["chosen_slot"], got["winner"], got["chosen_model"]) == (2, "a", "m-x")
    z = math.exp(-2.0) + math.exp(-0.5) + math.exp(-1.0)
    assert got["p_slots"] == pytest.approx([math.exp(-2.0) / z, math.exp(-0.5) / z, math.exp(-1.0) / z])
    got = read_listwise(fmt, "cab", models, [Result(text="The best response is Response C.")])
    assert (got["chosen_slot"], got["winner"], got["chosen_model"]) == (3, "b", "m-y")
    for bad in (
        Result(text="They are all fine."),
        Result(error="timeout"),
        Result(choice_logprobs={"A": -1.0, "B": -1.0, "C": -3.0}),
    ):
        assert read_listwise(fmt, "cab", models, [bad])["winner"] is None


def test_a_planted_first_slot_bonus_is_recovered_and_none_is_not_invented() -> None:
    items = [it for g in range(150) for it in triad(g)]
    beta = 1.0
    d, _, _ = run(simulated(position=beta), items, "listwise")
    m = listwise_metrics(d, n_boot=500)
    assert m is not None and m["k"] == 3 and m["n_judgments"] == 450 and m["n_unparsed"] == 0
    want = math.exp(beta) / (math.exp(beta) + 2)
    lo, hi = m["first_slot_share"]["ci"]
    assert lo < want < hi and m["first_slot_share"]["p_value"] < 1e-6
    assert m["position_chi2"]["p_value"] < 1e-6
    d0, _, _ = run(simulated(), items, "listwise")
    m0 = listwise_metrics(d0, n_boot=500)
    assert all(s["ci"][0] < 1 / 3 < s["ci"][1] for s in m0["slot_shares"])
    assert m0["position_chi2"]["p_value"] > 0.01


def test_a_content_judge_picks_the_best_answer_in_every_rotation() -> None:
    items = [it for g in range(10) for it in triad(g, ("a", "a", "b"))]
    d, rows, _ = run(simulated(gold=50.0), items, "listwise")
    assert {r["chosen_model"] for r in rows} == {"m-x"}
    m = listwise_metrics(d, n_boot=200)
    assert m["position_consistency"]["value"] == 1.0 and m["position_consistency"]["n"] == 10
    assert [s["value"] for s in m["slot_shares"]] == pytest.approx([1 / 3] * 3)


def test_ungrouped_items_and_likelihood_judges_are_refused() -> None:
    from judgeaudit.probes.listwise import listwise

    with pytest.raises(JudgeAuditError, match="group"):
        listwise(simulated(), [Item("x", "q", "a", "b")], suite="t")

    class Likelihood:
        mode = "likelihood"

    with pytest.raises(JudgeAuditError, match="likelihood"):
        listwise(Likelihood(), triad(1), suite="t")
