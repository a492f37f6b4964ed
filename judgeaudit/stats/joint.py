"""Joint: every bias as a partial effect on the same judgments, in one logit.

P(judge chooses a) = σ(intercept + gold + first_slot + length + same_family [+ cue terms]), over all
pairwise judgments of the judge (every variant: padded rows carry the padded lengths), non-tie and
parsed, with standard errors clustered by item. A length effect is then not mistaken for a
self-preference effect when the judge's own family also writes longer answers.

With the simulated backend's model, each coefficient is its planted parameter (position, gold,
length when ``length_scale`` matches, own_family): the validity tests rely on that.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.metrics.sections.joint import JointMetrics
from judgeaudit.stats.pairs import pairwise, parse_counts
from judgeaudit.stats.regression import fit_logit, length_feature
from judgeaudit.stats.sections import SectionInput, section_stats

CODING = {
    "intercept": "log-odds of choosing a when every other term is 0",
    "gold": "+1 when gold prefers a, -1 when gold prefers b, 0 when a tie or unknown",
    "first_slot": "+1 when a is shown first (order ab), -1 when b is (order ba): the position log-odds",
    "length": "tanh((len_a - len_b) / length_scale): +1 when a is much longer, -1 when much shorter",
    "same_family": "+1 when only a is of the judge's family, -1 when only b is, 0 otherwise",
    "cue_<id>": "+1 when cue <id> is attached to a, -1 when to b, 0 otherwise (neutral inserts are 0)",
}


def joint_metrics(
    rows: pd.DataFrame, *, judge_family: str | None = None, length_scale: float | None = None
) -> JointMetrics | None:
    """The joint section: one cluster-robust logit over the judge's pairwise judgments.

    Args:
        rows: one judge's prepared rows (``pairs.prepare``).
        judge_family: the judge's family, for the ``same_family`` term (left out when None).
        length_scale: divisor of Δlen inside tanh; default the sample sd of Δlen (metrics.md).

    Returns None without pairwise judgments.
    """
    pw = pairwise(rows, variant=None)
    if pw.empty:
        return None
    out: JointMetrics = {**parse_counts(pw)}
    fit_rows = pw[pw["winner"].isin(["a", "b"])]
    out["n_ties_excluded"] = int((pw["winner"] == "tie").sum())
    X = pd.DataFrame(index=fit_rows.index)
    X["gold"] = np.where(fit_rows["label"] == "a", 1.0, np.where(fit_rows["label"] == "b", -1.0, 0.0))
    X["first_slot"] = np.where(fit_rows["order"] == "ab", 1.0, -1.0)
    lengths_known = fit_rows["len_a"].notna() & fit_rows["len_b"].notna()
    if lengths_known.all() and len(fit_rows) > 1:
        if length_scale is None:
            X["length"], length_scale = length_feature(fit_rows["len_a"], fit_rows["len_b"])
        else:
            X["length"] = np.tanh((fit_rows["len_a"] - fit_rows["len_b"]).to_numpy(float) / float(length_scale))
    if judge_family is not None:
        X["same_family"] = (fit_rows["family_a"] == judge_family).to_numpy(float) - (
            fit_rows["family_b"] == judge_family
        ).to_numpy(float)
    # a matched neutral insert ("neutral" or "neutral:<id>") is the cue's control, coded 0
    for cue in sorted({str(c) for c in fit_rows["cue"].dropna().unique() if not str(c).startswith("neutral")}):
        on = fit_rows["cue"] == cue
        X[f"cue_{cue}"] = np.where(
            on & (fit_rows["cue_target"] == "a"), 1.0, np.where(on & (fit_rows["cue_target"] == "b"), -1.0, 0.0)
        )
    res = fit_logit((fit_rows["winner"] == "a").to_numpy(float), X, fit_rows["unit"].to_numpy())
    out.update(
        {
            "n": res.n,
            "n_items": res.n_clusters,
            "coefficients": res.terms,
            "dropped": res.dropped,
            "separation": res.separation,
            "estimable": res.estimable,
            "information": res.information,
            "note": res.note,
            "length_scale": None if length_scale is None else float(length_scale),
            "coding": {
                k: v
                for k, v in CODING.items()
                if k in res.terms
                or k == "intercept"
                or (k == "cue_<id>" and any(t.startswith("cue_") for t in res.terms))
            },
        }
    )
    return out


@section_stats("joint")
def joint_section(s: SectionInput) -> JointMetrics | None:
    """The ``joint`` section of metrics.json for one audit."""
    return joint_metrics(s.rows, judge_family=s.judge_family)
