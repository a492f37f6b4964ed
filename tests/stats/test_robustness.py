"""Template robustness on judgments whose every verdict is known: exact kappa, dependence, accuracies."""

from __future__ import annotations

import numpy as np
import pytest
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from judgeaudit.judgments import frame_from_rows
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
    assert (
        m["fleiss_kappa"]["n"] == 6
        and m["fleiss_kappa"]["n_items"] == 3
        and m["fleiss_kappa"]["n_templates"] == 4
    )
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
