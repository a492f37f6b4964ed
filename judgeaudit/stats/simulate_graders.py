"""Simulated graders and panels with known agreement, to check the agreement estimators recover it.

:func:`simulate_grades`: a grader scores one answer per item against a person's score. The person's score
is drawn with the given prevalence (pass/fail) or uniformly on a 1..k scale; the grader copies it with
probability ``accuracy`` and otherwise draws from its own marginal (``judge_prevalence``), so the true
kappa is known in closed form (:func:`true_kappa`). Items may hold several answers (``answers``) whose
grades share an item effect (``item_corr``: the probability that an item's answers all take the first
answer's draw), which is what the clustered intervals must absorb.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def true_kappa(accuracy: float, gold_shares: Sequence[float], judge_shares: Sequence[float]) -> float:
    """Kappa of a grader that copies the person with probability ``accuracy`` and else draws from ``judge_shares``.

    P(agree) = acc + (1 − acc)·Σ g·j; the grader's marginal is acc·g + (1 − acc)·j.
    """
    g, j = np.asarray(gold_shares, float), np.asarray(judge_shares, float)
    p_o = accuracy + (1 - accuracy) * float(g @ j)
    marg = accuracy * g + (1 - accuracy) * j
    p_e = float(g @ marg)
    return (p_o - p_e) / (1 - p_e)


def simulate_grades(
    n_items: int,
    *,
    gold_shares: Sequence[float] = (0.5, 0.5),
    judge_shares: Sequence[float] | None = None,
    accuracy: float = 0.6,
    answers: int = 1,
    item_corr: float = 0.0,
    unparsed_rate: float = 0.0,
    judge: str = "grader",
    seed: int = 0,
) -> pd.DataFrame:
    """Score rows (``mode: score``, ``response: a``) with ``gold_score``; scores 0..k−1 for k = len(gold_shares)."""
    rng = np.random.default_rng(seed)
    k = len(gold_shares)
    js = np.asarray(judge_shares if judge_shares is not None else gold_shares, float)
    rows = []
    for i in range(n_items):
        shared = rng.random() < item_corr
        first: tuple[int, int] | None = None
        for a in range(answers):
            if shared and first is not None:
                gold, score = first
            else:
                gold = int(rng.choice(k, p=gold_shares))
                score = gold if rng.random() < accuracy else int(rng.choice(k, p=js))
                first = (gold, score)
            rows.append(
                {
                    "judge": judge,
                    "probe": "recorded",
                    "item_id": f"g{i:05d}",
                    "variant": "original",
                    "mode": "score",
                    "response": "ab"[a % 2],
                    "repeat": a // 2,
                    "score": None if rng.random() < unparsed_rate else float(score),
                    "gold_score": float(gold),
                    "score_scale": [0, k - 1],
                }
            )
    return pd.DataFrame(rows)
