"""Power: how many pairs a proportion-type metric needs, and what this run's n can detect.

A one-sample, two-sided test of a proportion against a baseline (normal approximation with the
variance under each hypothesis): n = ((z₁₋α/₂·√(p₀q₀) + z_power·√(p₁q₁)) / δ)², p₁ = p₀ + δ.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from scipy import stats as sps

from judgeaudit.metrics.document import Power, PowerEntry

TARGET_EFFECT = 0.10  # the departure the "enough pairs" verdict asks about (10 points of a rate)


def _n_for(effect: float, alpha: float, power: float, baseline: float) -> float:
    p1 = baseline + effect
    za = sps.norm.ppf(1 - alpha / 2)
    zb = sps.norm.ppf(power)
    return ((za * math.sqrt(baseline * (1 - baseline)) + zb * math.sqrt(p1 * (1 - p1))) / effect) ** 2


def pairs_needed(effect: float, alpha: float = 0.05, power: float = 0.8, baseline: float = 0.5) -> int:
    """Units (pairs) needed to detect a rate of ``baseline + effect`` against ``baseline``.

    Args:
        effect: the departure to detect, e.g. 0.1 for a primacy share of 0.6 against 0.5 (sign = direction).
        alpha: two-sided significance level.
        power: probability of detecting the effect when it is there.
        baseline: the rate under the null.

    Raises:
        ValueError: when the effect is 0 or ``baseline + effect`` is not a probability in (0, 1).
    """
    if not 0 < baseline < 1:
        raise ValueError(f"baseline must be in (0, 1), got {baseline}")
    if effect == 0 or not 0 < baseline + effect < 1:
        raise ValueError(f"effect must be non-zero with baseline + effect in (0, 1), got {effect}")
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise ValueError("alpha and power must be in (0, 1)")
    return int(math.ceil(_n_for(effect, alpha, power, baseline) - 1e-9))


def min_detectable_effect(n: int, alpha: float = 0.05, power: float = 0.8, baseline: float = 0.5) -> float | None:
    """Smallest |effect| that ``n`` units detect with the given power (towards the wider side of baseline)."""
    if n <= 0 or not 0 < baseline < 1:
        return None
    sign = 1.0 if baseline <= 0.5 else -1.0
    room = (1 - baseline) if sign > 0 else baseline
    lo, hi = 1e-6, room - 1e-9
    if _n_for(sign * hi, alpha, power, baseline) > n:
        return None  # even the largest possible departure needs more units than this run has
    for _ in range(100):
        mid = (lo + hi) / 2
        if _n_for(sign * mid, alpha, power, baseline) > n:
            lo = mid
        else:
            hi = mid
    return hi


def _entry(n: int, baseline: float, target: float, alpha: float, power: float) -> PowerEntry:
    sign = 1.0 if baseline <= 0.5 else -1.0
    needed = pairs_needed(sign * target, alpha, power, baseline) if 0 < baseline + sign * target < 1 else None
    return {
        "n": int(n),
        "baseline": baseline,
        "mde": min_detectable_effect(n, alpha, power, baseline),
        "target_effect": target,
        "needed": needed,
        "enough": (needed is not None and n >= needed),
    }


def power_section(
    position: Mapping[str, Any] | None, *, target_effect: float = TARGET_EFFECT, alpha: float = 0.05, power: float = 0.8
) -> Power:
    """For consistency and primacy_share: the minimum detectable effect with this run's n, and whether
    the run had enough pairs to detect ``target_effect``.

    Consistency is set against its own observed value (how finely this run pins it down); primacy_share
    against 0.5 (no direction), where the units are inconsistent pairs, so ``pairs_needed`` also scales
    the needed flips by this run's inconsistency rate into pairs to judge.
    """
    out: Power = {"alpha": alpha, "power": power, "target_effect": target_effect}
    if not position:
        return {**out, "consistency": None, "primacy_share": None, "note": "no position pairs"}
    n_pairs = int(position.get("n_pairs") or 0)
    cons = (position.get("consistency") or {}).get("value")
    base = 0.5 if cons is None else min(0.99, max(0.01, float(cons)))
    out["consistency"] = _entry(n_pairs, base, target_effect, alpha, power)
    flips = int(position.get("n_primacy") or 0) + int(position.get("n_recency") or 0)
    share = _entry(flips, 0.5, target_effect, alpha, power)
    inconsistency = flips / n_pairs if n_pairs else 0.0
    share["pairs_needed"] = (
        int(math.ceil(needed / inconsistency))
        if (needed := share.get("needed")) is not None and inconsistency > 0
        else None
    )
    out["primacy_share"] = share
    return out
