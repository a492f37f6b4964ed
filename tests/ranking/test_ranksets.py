"""Simultaneous rank sets: equal judges of one battery are never ordered (95% of batteries), a better one is."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.metrics import info
from judgeaudit.ranking import ranksets
from judgeaudit.ranking.leaderboard import joint_sets as board_sets

META = info("position.consistency_decisive")


def battery(rng: np.random.Generator, skills: list[float], items: int = 200) -> list[pd.DataFrame]:
    """Each judge's per-item hits (one pair per item) on one battery: an item's difficulty is shared by every
    judge, so the judges' rates move together, as on real batteries."""
    difficulty = rng.standard_normal(items)
    units = [f"i{i}" for i in range(items)]
    out = []
    for skill in skills:
        p = sps.norm.cdf(skill + 1.2 * difficulty)
        k = (rng.random(items) < p).astype(float)
        out.append(pd.DataFrame({"k": k, "m": 1.0}, index=units))
    return out


def true_blocks(skills: list[float]) -> list[tuple[int, int]]:
    """Each judge's block of true ranks (higher skill better; equal skills share the block)."""
    s = np.asarray(skills)
    return [(1 + int((s > v).sum()), int((s >= v).sum())) for v in s]


def covers(sets: list[tuple[int, int]], blocks: list[tuple[int, int]]) -> bool:
    return all(lo <= b_lo and b_hi <= hi for (lo, hi), (b_lo, b_hi) in zip(sets, blocks, strict=True))


def joint_sets(sums: list[pd.DataFrame], seed: int) -> list[tuple[int, int]]:
    assert META is not None
    return board_sets(sums, list(sums[0].index), META, False)[1]


def test_five_equal_judges_keep_simultaneous_coverage() -> None:
    rng = np.random.default_rng(7)
    skills = [0.8] * 5
    hits = [covers(joint_sets(battery(rng, skills), seed), true_blocks(skills)) for seed in range(60)]
    # nominal 95%: 60 batteries, so >= 0.88 leaves room for chance (benchmarks/rank_coverage.py runs 1,000)
    assert np.mean(hits) >= 0.88, np.mean(hits)


def test_a_clearly_better_judge_is_placed_first() -> None:
    rng = np.random.default_rng(8)
    skills = [1.8, 0.4, 0.4, 0.4]
    sets = joint_sets(battery(rng, skills, items=400), 0)
    assert sets[0] == (1, 1) and all(lo >= 2 for lo, _ in sets[1:])


def test_tied_estimates_share_a_rank_and_a_lone_judge_is_rank_one_of_one() -> None:
    assert list(ranksets.point_ranks(np.array([0.2, 0.1, 0.2]))) == [2, 1, 2]
    bad, sets = ranksets.from_item_sums(np.ones((5, 1)), np.ones((5, 1)), False, META.badness, None)  # type: ignore[union-attr]
    assert sets == [(1, 1)]


def test_bonferroni_sets_from_intervals_hold_whatever_the_dependence() -> None:
    assert META is not None
    # two estimates far apart are ordered; two within their widened intervals are not
    sets = ranksets.from_intervals(np.array([0.9, 0.5, 0.52]), np.array([0.02, 0.02, 0.02]), META.badness, None)
    assert sets == [(1, 1), (2, 3), (2, 3)]


def test_distance_from_an_ideal_value_ranks_by_simultaneous_rate_intervals() -> None:
    """Preference fairness (ideal 0): two fair judges are not ordered, one far from 0 is last; a judge with
    ties on most items (no decisive pair there, m = 0) is ranked on its decisive pairs only."""
    fair = info("position.preference_fairness_decisive")
    assert fair is not None
    rng = np.random.default_rng(5)
    n = 300
    k = np.column_stack([rng.random(n) < 0.5, rng.random(n) < 0.5, rng.random(n) < 0.9]).astype(float)
    m = np.ones((n, 3))
    m[: n // 2, 1] = 0.0  # judge 1 tied both orders on half the items
    k[: n // 2, 1] = 0.0
    bad, sets = ranksets.from_item_sums(k, m, True, fair.badness, fair.ideal)
    assert sets[2] == (3, 3) and sets[0] == (1, 2) and sets[1] == (1, 2)
    assert bad[2] > max(bad[0], bad[1])
