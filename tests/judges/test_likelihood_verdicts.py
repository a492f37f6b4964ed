"""How a likelihood judge turns log-probabilities into a verdict: the three normalisations, the
logistic ``p_a``, ties, and failed forward passes (no model needed)."""

from __future__ import annotations

import json
import math

import pytest

from judgeaudit.backends.base import Result
from judgeaudit.judges import likelihood

# a short answer (4 tokens, −8 total) against a long one (20 tokens, −30 total)
SHORT = Result(loglik=-8.0, n_tokens=4)
LONG = Result(loglik=-30.0, n_tokens=20)


def test_sum_prefers_the_short_answer_and_mean_the_long_one() -> None:
    by_sum = likelihood.verdict(SHORT, LONG, "ab", normalize="sum", scale=0.5)
    by_mean = likelihood.verdict(SHORT, LONG, "ab", normalize="mean", scale=0.5)
    assert by_sum["winner"] == "a" and by_sum["score_a"] == -8.0
    assert by_mean["winner"] == "b" and by_mean["score_b"] == -1.5
    # every row records both normalisations, whatever decided it
    assert by_sum["mean_a"] == -2.0 and by_mean["sum_b"] == -30.0


def test_pmi_subtracts_the_instruction_free_log_probability() -> None:
    # the long answer is unlikely anywhere (−40 without the instruction): the instruction explains it better
    a = [SHORT, Result(loglik=-9.0, n_tokens=4)]
    b = [LONG, Result(loglik=-40.0, n_tokens=20)]
    out = likelihood.verdict(a, b, "ab", normalize="pmi", scale=0.5)
    assert out["score_a"] == 1.0 and out["score_b"] == 10.0 and out["winner"] == "b"
    assert out["pmi_a"] == 1.0 and out["sum_a"] == -8.0
    assert json.loads(out["raw"])["loglik_b_unconditional"] == -40.0


def test_p_a_is_the_logistic_of_the_score_difference_over_the_scale() -> None:
    out = likelihood.verdict(
        Result(loglik=-10.0, n_tokens=5), Result(loglik=-11.0, n_tokens=5), "ba", normalize="sum", scale=0.5
    )
    assert out["p_a"] == pytest.approx(1 / (1 + math.exp(-2.0)))
    # order is bookkeeping only: the same responses give the same verdict in either order
    assert out == likelihood.verdict(
        Result(loglik=-10.0, n_tokens=5), Result(loglik=-11.0, n_tokens=5), "ab", normalize="sum", scale=0.5
    )


def test_a_tie_only_on_exact_equality() -> None:
    tie = likelihood.verdict(
        Result(loglik=-6.0, n_tokens=3), Result(loglik=-6.0, n_tokens=3), "ab", normalize="mean", scale=0.5
    )
    near = likelihood.verdict(
        Result(loglik=-6.0, n_tokens=3), Result(loglik=-6.0 - 1e-9, n_tokens=3), "ab", normalize="mean", scale=0.5
    )
    assert tie["winner"] == "tie" and tie["p_a"] == 0.5
    assert near["winner"] == "a" and near["p_a"] > 0.5


def test_a_failed_forward_pass_is_an_unparsed_verdict_with_its_error_kept() -> None:
    out = likelihood.verdict(Result(error="out of memory"), LONG, "ab", normalize="mean", scale=0.5)
    assert out["winner"] is None and out["p_a"] is None
    assert json.loads(out["raw"])["error"] == "out of memory"
    # pmi without the instruction-free pass cannot be scored either
    assert (
        likelihood.verdict([SHORT, Result(error="timeout")], [LONG, LONG], "ab", normalize="pmi", scale=0.5)["winner"]
        is None
    )


def test_pmi_asks_for_a_second_pass_and_the_others_for_one() -> None:
    one = likelihood.requests("Name a prime.", "7", normalize="mean", chat=True, prefix=None, meta={})
    two = likelihood.requests("Name a prime.", "7", normalize="pmi", chat=True, prefix=None, meta={})
    assert len(one) == 1 and len(two) == 2
    assert two[0] == one[0] and two[1].continuation == "7"
    assert two[1].messages == (("user", likelihood.UNCONDITIONAL_INSTRUCTION),)
