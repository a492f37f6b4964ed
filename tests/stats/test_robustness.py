"""Template robustness on judgments whose every verdict is known: exact kappa, dependence, accuracies."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.robustness import robustness_metrics

TEMPLATES = {"base-fmt": "base", "para-1": "paraphrase", "para-2": "paraphrase", "fmt-1": "format"}


def rows_from(verdicts: dict[tuple[str, str], list[str | None]], labels: dict[str, str | None]) -> list[dict]:
    """(item, order) → one verdict per template (in TEMPLATES order)."""
    out = []
    for (item, order), winners in verdicts.items():
        for (tid, tset), winner in zip(TEMPLATES.items(), winners):
            out.append(
                {
                    "judge": "j",
                    "judge_family": "f",
                    "probe": "template",
                    "suite": "s",
                    "item_id": item,
                    "variant": f"template:{tid}",
                    "mode": "pairwise",
                    "order": order,
                    "winner": winner,
                    "label": labels[item],
                    "len_a": 10,
                    "len_b": 10,
                    "template": tid,
                    "template_set": tset,
                }
            )
    return out


def metrics(rows: list[dict]) -> dict:
    d, _ = prepare(frame_from_rows(rows))
    m = robustness_metrics(d, n_boot=300)
    assert m is not None
    return m


VERDICTS = {
    ("i1", "ab"): ["a", "a", "a", "a"],
    ("i1", "ba"): ["a", "a", "b", "a"],
    ("i2", "ab"): ["b", "b", "b", "b"],
    ("i2", "ba"): ["b", "tie", "b", "a"],
    ("i3", "ab"): ["a", "b", "a", "b"],
    ("i3", "ba"): ["b", "b", "b", "b"],
}
LABELS = {"i1": "a", "i2": "b", "i3": "a"}


def test_fleiss_kappa_matches_the_textbook_formula() -> None:
    m = metrics(rows_from(VERDICTS, LABELS))
    table = np.array([[sum(w == c for w in ws) for c in ("a", "b", "tie")] for ws in VERDICTS.values()])
    assert m["fleiss_kappa"]["value"] == pytest.approx(sm_fleiss_kappa(table))
    assert m["fleiss_kappa"]["n"] == 6 and m["fleiss_kappa"]["n_items"] == 3 and m["fleiss_kappa"]["n_templates"] == 4
    lo, hi = m["fleiss_kappa"]["ci"]
    assert lo <= m["fleiss_kappa"]["value"] <= hi


def test_an_item_depends_on_the_template_when_any_of_its_orders_does() -> None:
    m = metrics(rows_from(VERDICTS, LABELS))
    assert m["template_dependence"]["value"] == 1.0 and m["template_dependence"]["n"] == 3
    steady = {k: v for k, v in VERDICTS.items() if k[0] != "i3"} | {
        ("i3", "ab"): ["a"] * 4,
        ("i3", "ba"): ["a"] * 4,
    }
    steady[("i1", "ba")] = ["a"] * 4
    m = metrics(rows_from(steady, LABELS))
    assert m["template_dependence"]["value"] == pytest.approx(1 / 3)  # only i2 splits


def test_per_template_accuracy_first_slot_rate_and_agreement_with_the_base_prompt() -> None:
    m = metrics(rows_from(VERDICTS, LABELS))
    para1 = m["per_template"]["para-1"]
    # para-1 verdicts: i1 a,a (gold a: 2 right) i2 b,tie (1 right) i3 b,b (0 right) -> 3 of 6
    assert para1["accuracy"]["value"] == 0.5 and para1["accuracy"]["n"] == 6
    # non-tie para-1 verdicts and their slots (ab: a first; ba: b first):
    # i1/ab a first | i1/ba a second | i2/ab b second | i3/ab b second | i3/ba b first
    assert para1["first_slot_rate"]["value"] == pytest.approx(2 / 5) and para1["first_slot_rate"]["n"] == 5
    # base verdicts: a a b b a b; para-1: a a b tie b b -> same in 4 of 6
    assert para1["agreement_with_base"]["value"] == pytest.approx(4 / 6)
    assert "agreement_with_base" not in m["per_template"]["base-fmt"]
    assert m["per_template"]["base-fmt"]["template_set"] == "base"
    accs = [m["per_template"][t]["accuracy"]["value"] for t in TEMPLATES]
    assert m["accuracy_spread"]["value"] == pytest.approx(max(accs) - min(accs))


def test_sets_are_scored_against_the_base_prompt_alone() -> None:
    m = metrics(rows_from(VERDICTS, LABELS))
    assert set(m["by_set"]) == {"paraphrase", "format"}
    assert m["by_set"]["format"]["templates"] == ["base-fmt", "fmt-1"]
    sub = [[ws[0], ws[3]] for ws in VERDICTS.values()]
    table = np.array([[sum(w == c for w in ws) for c in ("a", "b", "tie")] for ws in sub])
    assert m["by_set"]["format"]["fleiss_kappa"]["value"] == pytest.approx(sm_fleiss_kappa(table))


def test_unparsed_verdicts_are_counted_and_left_out_of_the_raters() -> None:
    verdicts = dict(VERDICTS)
    verdicts[("i1", "ab")] = ["a", None, None, None]  # one parsed verdict: not a rated subject
    m = metrics(rows_from(verdicts, LABELS))
    assert m["n_unparsed"] == 3 and m["extraction_success_rate"] == pytest.approx(21 / 24)
    assert m["fleiss_kappa"]["n"] == 5
    assert m["per_template"]["para-1"]["n_unparsed"] == 1


def test_one_verdict_everywhere_leaves_kappa_undefined_not_perfect() -> None:
    verdicts = {(f"i{i}", o): ["a"] * 4 for i in range(3) for o in ("ab", "ba")}
    m = metrics(rows_from(verdicts, {f"i{i}": "a" for i in range(3)}))
    assert m["fleiss_kappa"]["value"] is None and "undefined" in m["fleiss_kappa"]["note"]
    assert m["template_dependence"]["value"] == 0.0


def test_no_template_rows_no_section() -> None:
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
    assert robustness_metrics(d) is None


# --- planted effects: verdicts drawn from known probabilities, recovered within the interval ---------------


def _sigmoid(x: np.ndarray | float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def planted(n_items: int, gold: float, shift: float, n_other: int, seed: int) -> tuple[list[dict], np.ndarray]:
    """Each item (gold alternating a, b) in both orders under the base prompt and ``n_other`` rewordings.

    P(first slot) = σ(gold·g + shift·[not base]), g = +1 when the gold answer is shown first: the simulated
    judge's model with ``template_position`` = ``shift``. Returns the rows and, per subject (item, order),
    each template's probability of picking response a (base first).
    """
    rng = np.random.default_rng(seed)
    tids = [("own", "base")] + [(f"reworded-{j}", "paraphrase") for j in range(n_other)]
    rows, p_a = [], []
    for i in range(n_items):
        label = "ab"[i % 2]
        for order in ("ab", "ba"):
            first, second = order[0], order[1]
            g = 1.0 if label == first else -1.0
            q = _sigmoid([gold * g + (shift if tset != "base" else 0.0) for _, tset in tids])
            p_a.append(q if first == "a" else 1.0 - q)
            for (tid, tset), qj in zip(tids, q):
                winner = first if rng.random() < qj else second
                rows.append(
                    {
                        "judge": "j",
                        "judge_family": "f",
                        "probe": "template",
                        "suite": "s",
                        "item_id": f"i{i:04d}",
                        "variant": f"template:{tid}",
                        "mode": "pairwise",
                        "order": order,
                        "winner": winner,
                        "label": label,
                        "len_a": 10,
                        "len_b": 10,
                        "template": tid,
                        "template_set": tset,
                    }
                )
    return rows, np.array(p_a)


def population_kappa(p_a: np.ndarray) -> float:
    """Fleiss' kappa of infinitely many subjects like these: (P̄ − P_e) / (1 − P_e).

    P̄: the chance two different templates of one subject agree, averaged over subjects; P_e: the chance two
    verdicts drawn from the pooled marginal agree.
    """
    r = p_a.shape[1]
    agree = p_a[:, :, None] * p_a[:, None, :] + (1 - p_a[:, :, None]) * (1 - p_a[:, None, :])
    p_bar = ((agree.sum(axis=(1, 2)) - np.trace(agree, axis1=1, axis2=2)) / (r * (r - 1))).mean()
    m = p_a.mean()
    p_e = m**2 + (1 - m) ** 2
    return float((p_bar - p_e) / (1 - p_e))


def population_dependence(p_a: np.ndarray) -> float:
    """The chance an item's two orders are not each judged the same under every template."""
    all_agree = p_a.prod(axis=1) + (1 - p_a).prod(axis=1)
    per_item = all_agree.reshape(-1, 2).prod(axis=1)
    return float(1 - per_item.mean())


# Over 40 seeds (300 items, 4 templates) the kappa estimate averaged its population value to within 0.002
# (sd 0.02-0.025) and the 95% interval covered it 35-36 times; the Wilson interval of the dependence 37-38
# times. Each test below uses one fixed seed, so it is deterministic; the tolerances are 3 sd.


def test_a_noisy_content_judge_agrees_across_wordings_as_far_as_its_verdicts_are_predictable() -> None:
    # every template picks the gold answer with probability q = σ(1.5), independently: kappa = (2q − 1)²
    rows, p_a = planted(300, gold=1.5, shift=0.0, n_other=3, seed=1)
    m = metrics(rows)
    q = float(_sigmoid(1.5))
    want = (2 * q - 1) ** 2
    assert population_kappa(p_a) == pytest.approx(want)
    k = m["fleiss_kappa"]
    assert abs(k["value"] - want) < 0.075 and k["ci"][0] < want < k["ci"][1]
    assert 0.05 < k["ci"][1] - k["ci"][0] < 0.15  # as wide as the estimate's spread across seeds
    dep, want_dep = m["template_dependence"], 1 - (q**4 + (1 - q) ** 4) ** 2
    assert abs(dep["value"] - want_dep) < 0.06 and dep["ci"][0] < want_dep < dep["ci"][1]


@pytest.mark.parametrize("shift", [0.0, 1.5])
def test_kappa_and_dependence_recover_their_population_values_under_a_planted_slot_shift(shift: float) -> None:
    rows, p_a = planted(300, gold=1.0, shift=shift, n_other=3, seed=1)
    m = metrics(rows)
    want_kappa, want_dep = population_kappa(p_a), population_dependence(p_a)
    k, dep = m["fleiss_kappa"], m["template_dependence"]
    assert abs(k["value"] - want_kappa) < 0.075 and k["ci"][0] < want_kappa < k["ci"][1]
    assert abs(dep["value"] - want_dep) < 0.06 and dep["ci"][0] < want_dep < dep["ci"][1]
    # the base prompt has no lean; a reworded one leans by the shift, averaged over the two orders
    own, reworded = (m["per_template"][t]["first_slot_rate"] for t in ("own", "reworded-0"))
    want_fsr = float(_sigmoid(1.0 + shift) + _sigmoid(-1.0 + shift)) / 2
    assert reworded["ci"][0] < want_fsr < reworded["ci"][1]
    assert own["ci"][0] < 0.5 < own["ci"][1]


def test_a_slot_lean_shared_by_the_rewordings_raises_kappa_while_accuracy_falls() -> None:
    # agreement is not correctness: rewordings that all lean to the first slot agree with each other more
    fair, p_fair = planted(300, gold=1.0, shift=0.0, n_other=3, seed=1)
    leaning, p_leaning = planted(300, gold=1.0, shift=3.0, n_other=3, seed=1)
    assert population_kappa(p_leaning) > population_kappa(p_fair) + 0.04
    m_fair, m_leaning = metrics(fair), metrics(leaning)
    assert m_leaning["fleiss_kappa"]["value"] > m_fair["fleiss_kappa"]["value"]
    acc_fair = m_fair["per_template"]["reworded-0"]["accuracy"]
    acc_leaning = m_leaning["per_template"]["reworded-0"]["accuracy"]
    assert acc_leaning["ci"][1] < acc_fair["ci"][0]
    assert m_leaning["accuracy_spread"]["ci"][0] > 0.05
