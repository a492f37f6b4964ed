"""The terminal summary: an estimate that has no value says why, in its first clause."""

from __future__ import annotations

from judgeaudit.cli.summary import fmt


def test_a_metric_without_a_value_prints_na_with_the_reason() -> None:
    node = {"value": None, "ci": [None, None], "n": 340, "note": "too little information for 3 term(s): the fit holds"}
    assert fmt(node) == "n/a: too little information for 3 term(s)"


def test_a_metric_absent_or_without_a_note_prints_na_alone() -> None:
    assert fmt(None) == "n/a"
    assert fmt({"value": None, "ci": [None, None], "n": 0}) == "n/a"


def test_an_estimate_prints_value_interval_n_and_p() -> None:
    node = {"value": 0.99, "ci": [0.97, 1.0], "n": 340, "p_value": 4.86e-35}
    assert fmt(node) == "0.99 [0.97, 1.00] n=340 p=4.86e-35"


def test_a_caveat_on_a_value_is_printed_beside_it() -> None:
    node = {"value": 0.94, "ci": [0.92, 0.95], "n": 804, "note": "judged in one order only: the first slot held"}
    assert fmt(node) == "0.94 [0.92, 0.95] n=804 (judged in one order only)"
