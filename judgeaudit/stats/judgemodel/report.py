"""The joint model's numbers as metrics.json estimates: per judge its terms, its own-family bonus, its placebos.

Every term is ``{"value", "ci", "n"}`` (+ ``p_value`` for the bias terms) on the log-odds scale, with a t
interval on items − 1 degrees of freedom from the item-cluster sandwich; or ``estimable: false`` with the
reason (the design cannot identify it, the judge was left out, too little information, separation).
The tie term is reported as P(tie | answers of equal quality) = ν / (2 + ν), its interval mapped from ν's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, estimate
from judgeaudit.metrics.sections.judge_model import FamilyMapBonus, JudgeModelMetrics, PlaceboSummary
from judgeaudit.stats.intervals import floor_p
from judgeaudit.stats.judgemodel.design import model_scope
from judgeaudit.stats.judgemodel.family_maps import MAPS, remap
from judgeaudit.stats.judgemodel.fit import Fit
from judgeaudit.stats.judgemodel.panel import PanelFit, panel_fit, placebo_families, placebo_fit
from judgeaudit.stats.pairs import parse_counts

BIAS_TERMS = ("slot", "length", "markdown", "own_family", "placebo")  # tested against 0
SECTION_TERMS = ("discrimination", "slot", "tie", "length", "markdown")
MODEL = (
    "Davidson-Bradley-Terry model of every judge on the battery: log-odds that answer a wins = discrimination x "
    "latent quality gap (shared by the judges, a random effect per item plus a quality per model) + slot + "
    "length + markdown + own-family terms per judge; ties by Davidson's parameter per judge; item-cluster "
    "sandwich, t on items - 1 df (docs/panel.md)"
)


def not_estimable(n: int, note: str, test: bool) -> Estimate:
    return estimate(None, None, n, None, test=test, estimable=False, note=note)


def term(f: Fit, judge: str, name: str) -> Estimate:
    """One judge's term as an estimate (``own_family``, ``slot``, ...), or not estimable with the reason."""
    d = f.design
    test = name in BIAS_TERMS
    j = d.judges.index(judge)
    n = int(np.sum(d.judge == j))
    if name in d.missing.get(judge, {}):
        return not_estimable(n, d.missing[judge][name], test)
    k = f.index(judge, name)
    if k is None:
        return not_estimable(n, "not part of the model for this judge", test)
    if k in f.unidentified:
        return not_estimable(n, f.unidentified[k], test)
    se = math.sqrt(max(float(f.cov[k, k]), 0.0))
    if not se > 0:
        return not_estimable(n, "no variation left to estimate it", test)
    q = float(sps.t.ppf(0.975, f.df))
    value = float(f.x[k])
    lo, hi = value - q * se, value + q * se
    n_items = int(len(np.unique(d.item[d.judge == j])))
    if name == "tie":  # P(tie | equal quality) = ν / (2 + ν), ν = e^value

        def share(v: float) -> float:
            return float(np.exp(v) / (2.0 + np.exp(v)))

        return estimate(share(value), (share(lo), share(hi)), n, None, log_nu=value, se_log_nu=se, n_items=n_items)
    p = floor_p(float(2 * sps.t.sf(abs(value) / se, f.df))) if test else None
    return estimate(value, (lo, hi), n, p, test=test, se=se, df=f.df, n_items=n_items)


def judge_section(rows: pd.DataFrame, judge: str, families: Mapping[str, str | None]) -> JudgeModelMetrics | None:
    """The judge_model section for ``judge``: its terms in the one model of every judge in ``rows``."""
    panel = panel_fit(rows, families)
    d = panel.design
    scope = model_scope(rows)
    read = parse_counts(scope.loc[scope["judge"] == judge])
    if judge in d.excluded:
        return JudgeModelMetrics(**read, estimable=False, note=d.excluded[judge], judges=d.judges, excluded=d.excluded)
    if panel.fit is None or judge not in d.judges:
        if d.note is None and judge not in d.judges:
            return None  # no pairwise verdicts of this judge
        return JudgeModelMetrics(**read, estimable=False, note=d.note, judges=d.judges, excluded=d.excluded)
    f = panel.fit
    t = {name: term(f, judge, name) for name in SECTION_TERMS}
    return JudgeModelMetrics(
        **read, model=MODEL, judges=d.judges, excluded=d.excluded, n_items=d.n_items, n_verdicts=len(d.y),
        discrimination=t["discrimination"], slot=t["slot"], tie=t["tie"], length=t["length"],
        markdown=t["markdown"], converged=f.converged,
    )  # fmt: skip


def own_family_bonus(
    rows: pd.DataFrame, judge: str, families: Mapping[str, str | None], placebo: bool = True
) -> tuple[Estimate, PlaceboSummary | None]:
    """The judge's own-family bonus in the joint model, and its placebo distribution on the same data.

    Placebo: for each other answer family the design can identify, the model is refitted with the judge also
    given a bonus toward that family; with no self-preference, these bonuses are draws from the bonus's null
    distribution on this run's own data (judges, items, families, answer quality).
    """
    panel: PanelFit = panel_fit(rows, families)
    d = panel.design
    if judge in d.excluded:
        return not_estimable(0, d.excluded[judge], True), None
    if panel.fit is None or judge not in d.judges:
        return not_estimable(0, d.note or "no read pairwise verdicts of this judge", True), None
    bonus = term(panel.fit, judge, "own_family")
    fams = placebo_families(panel, judge) if placebo else []
    if not fams:
        return bonus, None
    draws: dict[str, Estimate] = {}
    for fam in fams:
        pf = placebo_fit(rows, families, judge, fam)
        draws[fam] = term(pf, judge, "placebo") if pf is not None else not_estimable(0, "no fit", True)
    return bonus, placebo_summary(bonus, draws)


def placebo_summary(bonus: Estimate, draws: dict[str, Estimate]) -> PlaceboSummary:
    """The placebo bonuses, how many are significant, and where the own-family bonus falls among them."""
    made = {f: e for f, e in draws.items() if e.get("value") is not None}
    values = np.array([float(e["value"]) for e in made.values()])  # type: ignore[arg-type]
    sig = sum(1 for e in made.values() if (e.get("p_value") or 1.0) < 0.05)
    out = PlaceboSummary(
        families=draws,
        n=len(made),
        n_significant=sig,
        what="the same bonus toward each other answer family, refitted: its null distribution on this data",
    )
    own = bonus.get("value")
    if own is not None and len(values):
        beyond = int(np.sum(np.abs(values) >= abs(float(own))))
        out["own_rank_p"] = (1 + beyond) / (1 + len(values))
        out["own_outside_range"] = bool(own < values.min() or own > values.max())
    return out


def family_sensitivity(rows: pd.DataFrame, judge: str, families: Mapping[str, str | None]) -> dict[str, FamilyMapBonus]:
    """The own-family bonus refitted under each other family map the data allow (``family_maps``), keyed by
    map; a map that moves no answer of this run is left out (its bonus is the main one)."""
    out: dict[str, FamilyMapBonus] = {}
    for how, what in MAPS.items():
        alt = remap(rows, how)
        if alt is None:
            continue
        panel = panel_fit(alt[0], families)
        if panel.fit is None or judge not in panel.design.judges:
            bonus = not_estimable(0, panel.design.excluded.get(judge) or panel.design.note or "no fit", True)
        else:
            bonus = term(panel.fit, judge, "own_family")
        out[how] = FamilyMapBonus(map=what, models_moved=alt[1], own_family=bonus)
    return out


def judge_model_metrics(
    all_rows: pd.DataFrame, judge: str, families: Mapping[str, str | None], placebo: bool = True
) -> JudgeModelMetrics | None:
    """The judge_model section: ``judge``'s terms and own-family bonus in the one model of every judge.

    None (the section is left out) where the run holds one judge: the model's point is to measure biases
    apart from skill and from the quality of the answers, which takes the other judges of the same items;
    a lone judge's slot and length effects are in the position, verbosity and joint sections. ``placebo``
    False skips the placebo refits (the leaderboard shows the bonus, not its null distribution).
    """
    if all_rows["judge"].nunique() < 2:
        return None
    out = judge_section(all_rows, judge, families)
    if out is None:
        return None
    if out.get("estimable") is False:
        return out
    bonus, null = own_family_bonus(all_rows, judge, families, placebo)
    out["own_family"] = bonus
    if null is not None:
        out["placebo"] = null
    sensitivity = family_sensitivity(all_rows, judge, families)
    if sensitivity:
        out["family_sensitivity"] = sensitivity
    return out
