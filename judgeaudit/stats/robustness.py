"""Prompt-template robustness: does the verdict survive prompts that mean the same thing?

Reads the template probe's rows (pairwise, with a ``template`` field): each item judged in both orders
under the judge's own prompt (set ``base``) and under each paraphrase or formatting variant. A
*subject* is one item in one order (and repeat); its verdicts under the templates, mapped back to
responses (a, b, tie), are the raters' ratings.

- ``fleiss_kappa``: Fleiss' kappa of those verdicts, templates as raters (subjects with ≥2 parsed
  verdicts; a subject's raters may number fewer than the templates when some outputs did not parse).
  1 = every template gives the same verdict; 0 = agreement no better than chance.
- ``template_dependence``: share of items where some subject gets different verdicts under
  different templates (Wilson interval, one unit per item).
- ``accuracy_spread``: the best minus the worst template's accuracy (with gold).
- ``per_template.<id>``: ``accuracy``, ``first_slot_rate`` (with a test against 0.5) and
  ``agreement_with_base`` (same verdict as under the judge's own prompt), each with its interval.
- ``by_set.<set>``: kappa and dependence over the base and that set's templates only.
Rates get the closed-form score interval clustered by item (an item's orders and templates are
correlated), Wilson where each item is one unit; kappa and the accuracy spread a cluster bootstrap by item,
reported without an interval when the resamples have no spread.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.metrics.sections.robustness import PerTemplate, RobustnessMetrics, TemplateSet
from judgeaudit.stats.bootstrap import bootstrap_ci
from judgeaudit.stats.intervals import Z95, cluster_sums, wilson
from judgeaudit.stats.pairs import VERDICTS, parse_counts
from judgeaudit.stats.rates import rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats

SUBJECT = ["unit", "order", "repeat"]


def template_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The template probe's pairwise rows (those with a ``template`` field)."""
    if "template" not in rows.columns:
        return rows.iloc[0:0]
    return rows.loc[(rows["mode"] == "pairwise") & rows["template"].notna()]


def _counts(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per subject: verdict counts per category (a, b, tie) over the templates that parsed."""
    parsed = rows.loc[rows["parsed"].astype(bool)]
    if parsed.empty:
        return pd.DataFrame(columns=[*SUBJECT, *VERDICTS])
    table = parsed.groupby([*SUBJECT, "winner"]).size().unstack("winner", fill_value=0)
    for v in VERDICTS:
        if v not in table.columns:
            table[v] = 0
    return table[list(VERDICTS)].reset_index()


def _kappa_stat(t: np.ndarray) -> np.ndarray:
    """Fleiss' kappa from totals (Σ P_i, subjects, n_a, n_b, n_tie, ratings)."""
    p_bar = t[..., 0] / t[..., 1]
    p_j = t[..., 2:5] / t[..., 5:6]
    p_e = (p_j**2).sum(axis=-1)
    return (p_bar - p_e) / (1.0 - p_e)


def fleiss_kappa(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> Estimate:
    """Fleiss' kappa of verdicts across templates, cluster-bootstrapped by item."""
    counts = _counts(rows)
    n_ij = counts[list(VERDICTS)].to_numpy(float)
    n_i = n_ij.sum(axis=1) if len(n_ij) else np.zeros(0)
    keep = n_i >= 2
    if not keep.any():
        return empty(0, note="no subject has two parsed verdicts")
    n_ij, n_i = n_ij[keep], n_i[keep]
    p_i = ((n_ij**2).sum(axis=1) - n_i) / (n_i * (n_i - 1))
    cols = np.column_stack([p_i, np.ones(len(p_i)), n_ij, n_i])
    _, s = cluster_sums(counts.loc[keep, "unit"].to_numpy(), cols)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = float(_kappa_stat(s.sum(axis=0)))
    if not np.isfinite(value):
        return empty(
            len(p_i),
            note="every verdict in one category: chance agreement is 1, kappa undefined",
            n_items=int(s.shape[0]),
        )
    ci = bootstrap_ci(s, _kappa_stat, n_boot=n_boot, seed=seed)
    if ci[0] is None and value == 1.0:
        ci = _unanimous_ci(s)
    return estimate(value, ci, len(p_i), n_items=int(s.shape[0]), n_templates=int(rows["template"].nunique()))


def _unanimous_ci(s: np.ndarray) -> tuple[float, float]:
    """Kappa's interval when every subject is unanimous (no resample has any spread).

    At most a share f of the c items could disagree unseen (Wilson's upper bound for 0 of c), which lowers
    the observed agreement by at most f: kappa ≥ 1 − f / (1 − chance agreement).
    """
    c = s.shape[0]
    f = Z95 * Z95 / (c + Z95 * Z95)
    p_e = float(((s[:, 2:5].sum(axis=0) / s[:, 5].sum()) ** 2).sum())
    return max(-1.0, 1.0 - f / (1.0 - p_e)), 1.0


def template_dependence(rows: pd.DataFrame) -> Estimate:
    """Share of items with a subject whose parsed verdicts differ between templates (Wilson)."""
    counts = _counts(rows)
    n_ij = counts[list(VERDICTS)].to_numpy(float)
    if not len(n_ij):
        return empty(0, note="no parsed verdicts")
    rated = n_ij.sum(axis=1) >= 2
    split = (n_ij > 0).sum(axis=1) > 1
    per_item = pd.DataFrame({"unit": counts["unit"], "rated": rated, "split": split & rated}).groupby("unit").any()
    per_item = per_item.loc[per_item["rated"]]
    n = len(per_item)
    if not n:
        return empty(0, note="no subject has two parsed verdicts")
    k = int(per_item["split"].sum())
    return estimate(k / n, wilson(k, n), n)


def _rate(units: np.ndarray, hit: np.ndarray, seed: int, n_boot: int, p0: float | None = None) -> Estimate:
    return rate_estimate(units, hit, p0=p0) if len(hit) else empty(0, test=p0 is not None)


def _per_template(rows: pd.DataFrame, base: pd.DataFrame | None, seed: int, n_boot: int) -> PerTemplate:
    parsed = rows.loc[rows["parsed"].astype(bool)]
    out: PerTemplate = {**parse_counts(rows), "template_set": _first(rows, "template_set")}
    gold = parsed.loc[parsed["label"].isin(("a", "b"))]
    if not gold.empty:
        out["accuracy"] = _rate(gold["unit"].to_numpy(), (gold["winner"] == gold["label"]).to_numpy(), seed, n_boot)
    non_tie = parsed.loc[parsed["winner"].isin(("a", "b"))]
    out["first_slot_rate"] = _rate(
        non_tie["unit"].to_numpy(), (non_tie["winner"] == non_tie["first"]).to_numpy(), seed, n_boot, p0=0.5
    )
    if base is not None:
        both = parsed.merge(base, on=SUBJECT, suffixes=("", "_base"))
        out["agreement_with_base"] = _rate(
            both["unit"].to_numpy(), (both["winner"] == both["winner_base"]).to_numpy(), seed, n_boot
        )
    return out


def _first(rows: pd.DataFrame, col: str) -> Any:
    if col not in rows.columns:
        return None
    vals = rows[col].dropna()
    return None if vals.empty else vals.iloc[0]


def _spread(rows: pd.DataFrame, seed: int, n_boot: int) -> Estimate | None:
    """Best minus worst template accuracy, with the templates' accuracies resampled by item together."""
    gold = rows.loc[rows["parsed"].astype(bool) & rows["label"].isin(("a", "b"))]
    templates = sorted(gold["template"].unique().tolist())
    if len(templates) < 2:
        return None
    cols = []
    for t in templates:
        on = (gold["template"] == t).to_numpy()
        cols += [(on & (gold["winner"] == gold["label"]).to_numpy()).astype(float), on.astype(float)]
    _, s = cluster_sums(gold["unit"].to_numpy(), np.column_stack(cols))

    def stat(t: np.ndarray) -> np.ndarray:
        acc = t[..., 0::2] / t[..., 1::2]
        return acc.max(axis=-1) - acc.min(axis=-1)

    with np.errstate(divide="ignore", invalid="ignore"):
        value = float(stat(s.sum(axis=0)))
    return estimate(value, bootstrap_ci(s, stat, n_boot=n_boot, seed=seed), len(gold), n_templates=len(templates))


def robustness_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> RobustnessMetrics | None:
    """The robustness section for one judge's prepared rows; None without template-probe rows."""
    tpl = template_rows(rows)
    if tpl.empty:
        return None
    templates = sorted(tpl["template"].unique().tolist())
    sets = tpl["template_set"] if "template_set" in tpl.columns else pd.Series(None, index=tpl.index)
    base_ids = sorted(tpl.loc[sets == "base", "template"].unique().tolist())
    out: RobustnessMetrics = {
        **parse_counts(tpl),
        "n_items": int(tpl["unit"].nunique()),
        "templates": templates,
        "base_template": base_ids[0] if base_ids else None,
    }
    out["fleiss_kappa"] = fleiss_kappa(tpl, seed=seed, n_boot=n_boot)
    out["template_dependence"] = template_dependence(tpl)
    spread = _spread(tpl, seed, n_boot)
    if spread is not None:
        out["accuracy_spread"] = spread
    base = None
    if base_ids:
        b = tpl.loc[(tpl["template"] == base_ids[0]) & tpl["parsed"].astype(bool)]
        base = b[[*SUBJECT, "winner"]]
    out["per_template"] = {
        t: _per_template(tpl.loc[tpl["template"] == t], None if t in base_ids else base, seed, n_boot)
        for t in templates
    }
    by_set: dict[str, TemplateSet] = {}
    for name in sorted(s for s in sets.dropna().unique() if s != "base"):
        sub = tpl.loc[(sets == name) | (sets == "base")]
        by_set[name] = {
            "templates": sorted(sub["template"].unique().tolist()),
            "fleiss_kappa": fleiss_kappa(sub, seed=seed, n_boot=n_boot),
            "template_dependence": template_dependence(sub),
        }
    if by_set:
        out["by_set"] = by_set
    return out


@section_stats("robustness")
def robustness_section(s: SectionInput) -> RobustnessMetrics | None:
    """The ``robustness`` section of metrics.json for one audit."""
    return robustness_metrics(s.rows, seed=s.seed, n_boot=s.n_boot)
