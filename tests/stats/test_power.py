"""Power: pairs needed for an effect, and what a run's n can detect."""

from __future__ import annotations

import pytest

from judgeaudit.stats.power import min_detectable_effect, pairs_needed, power_section


def test_pairs_needed_matches_the_textbook_one_sample_proportion_formula() -> None:
    # ((1.96·0.5 + 0.8416·√(0.6·0.4)) / 0.1)² = 193.8 → 194
    assert pairs_needed(0.1) == 194
    assert pairs_needed(-0.1) == 194  # symmetric around 0.5
    assert pairs_needed(0.05) > 3 * pairs_needed(0.1)


def test_pairs_needed_grows_with_power_and_stricter_alpha() -> None:
    assert pairs_needed(0.1, power=0.9) > pairs_needed(0.1)
    assert pairs_needed(0.1, alpha=0.01) > pairs_needed(0.1)


@pytest.mark.parametrize("effect, baseline", [(0.0, 0.5), (0.6, 0.5), (0.1, 1.0), (-0.6, 0.5)])
def test_pairs_needed_rejects_impossible_effects(effect: float, baseline: float) -> None:
    with pytest.raises(ValueError):
        pairs_needed(effect, baseline=baseline)


def test_min_detectable_effect_inverts_pairs_needed() -> None:
    mde = min_detectable_effect(194)
    assert mde == pytest.approx(0.1, abs=2e-3)
    assert min_detectable_effect(1000) < min_detectable_effect(100)
    assert min_detectable_effect(0) is None


def test_power_section_says_whether_the_run_had_enough_pairs() -> None:
    small = {"n_pairs": 30, "n_primacy": 10, "n_recency": 5, "consistency": {"value": 0.5}}
    big = {"n_pairs": 2000, "n_primacy": 600, "n_recency": 400, "consistency": {"value": 0.5}}
    s, b = power_section(small), power_section(big)
    assert not s["consistency"]["enough"] and b["consistency"]["enough"]
    assert not s["primacy_share"]["enough"] and b["primacy_share"]["enough"]
    # flips are half the pairs here, so twice as many pairs as flips are needed
    assert s["primacy_share"]["pairs_needed"] == 2 * s["primacy_share"]["needed"]
    assert power_section(None)["consistency"] is None
