"""Drift: one judge's verdicts against another's (a new version, a new prompt) on the same judgments, paired.

Two runs of the same items are not independent samples: an unpaired comparison of their rates buries a real
change under the item-to-item noise, and counts the same items twice. Here each judgment of run A is matched
to the judgment of run B with the same key (suite, item, repeat, variant, mode, order and response; the judge
aside), and every outcome is compared on the matched judgments only:

- ``changed``: the share of matched judgments whose verdict (a, b, tie, or unread) or score changed, with the
  item-clustered interval of a rate (two identical runs: 0 of n, an interval [0, u] that holds 0);
- ``transitions``: how many judgments went from each verdict of A to each verdict of B;
- ``differences``: B − A for each judgment-level outcome (readable, accuracy against gold, first slot, tie,
  longer answer, consistent under swap): McNemar's test and Newcombe's paired interval clustered by item
  (``stats/paired.py``); and the mean score difference with a cluster-robust t interval; for two graders of
  the same answers (``mode: grade``), the pass rate and the share of right verdicts on known answers too;
- ``changes``: every matched judgment whose verdict or score changed, for the per-item listing.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from judgeaudit.contracts.estimate import Estimate, empty, estimate
from judgeaudit.contracts.judgments.row import SCORED
from judgeaudit.stats.intervals import cluster_sums, floor_p, wilson
from judgeaudit.stats.jury import key_strings
from judgeaudit.stats.paired import paired_difference
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.rates import rate_estimate

UNREAD = "unread"
_LISTED = ("item_id", "suite", "variant", "order", "response", "repeat", "mode", "label")


def _verdict(rows: pd.DataFrame) -> pd.Series:
    """a, b, tie, or ``unread``; for a score judgment its score as text."""
    score = pd.to_numeric(rows["score"], errors="coerce")
    text = rows["winner"].astype(object).where(rows["winner"].notna(), None)
    out = np.where(rows["mode"].isin(SCORED), score.map(lambda s: None if pd.isna(s) else f"{s:g}"), text)
    ok = rows["parsed"].astype(bool).to_numpy() & pd.notna(out)
    return pd.Series(np.where(ok, out, UNREAD), index=rows.index, dtype=object)


def matched(a: pd.DataFrame, b: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """The judgments both runs gave, one row each with columns suffixed ``_a`` and ``_b``; and how many
    judgments only A, only B gave. Listwise judgments are left aside."""
    sides = []
    for rows in (a, b):
        d, _ = prepare(rows)
        d = d.loc[d["mode"] != "listwise"].copy()
        d["verdict"] = _verdict(d)
        d.index = pd.Index(key_strings(d), name="key")
        sides.append(d.loc[~d.index.duplicated()])
    da, db = sides
    both = da.add_suffix("_a").join(db.add_suffix("_b"), how="inner")
    return both, int(len(da) - len(both)), int(len(db) - len(both))


def paired_mean(units: np.ndarray, diff: np.ndarray, *, spread: float = 1.0) -> Estimate:
    """Mean of paired differences with a cluster-robust t interval on items − 1 degrees of freedom.

    Where no difference is non-zero the t interval would have zero width: the mean is then bounded by the
    Wilson upper bound of 0 changed items out of the items times ``spread`` (the scores' range).
    """
    diff = np.asarray(diff, dtype=float)
    n = len(diff)
    if not n:
        return empty(0, test=True, note="no judgment scored in both runs")
    items = len(set(units))
    mean = float(diff.mean())
    if not np.any(diff != 0):
        hi = wilson(0, items)[1]
        assert hi is not None
        return estimate(0.0, (-hi * spread, hi * spread), n, 1.0, test=True, n_items=items, note="no score changed")
    _, s = cluster_sums(units, np.column_stack([diff - mean]))
    g = s.shape[0]
    if g < 2:
        return empty(n, test=True, note="one item only: no interval")
    var = g / (g - 1) * float((s[:, 0] ** 2).sum()) / n**2
    se = math.sqrt(var)
    if se == 0:
        return empty(n, test=True, note="every item's differences cancel: no interval")
    t = sps.t.ppf(0.975, g - 1)
    p = floor_p(float(2 * sps.t.sf(abs(mean) / se, g - 1)))
    return estimate(mean, (mean - t * se, mean + t * se), n, p, test=True, se=se, n_items=items)


def _pairs_consistent(both: pd.DataFrame, side: str) -> pd.Series:
    """Per (unit, variant, repeat) judged in both orders: whether one response won in both (1) or not (0)."""
    pw = both.loc[both[f"mode_{side}"] == "pairwise"]
    key = pw["unit_a"].astype(str) + "\x1f" + pw["variant_a"].astype(str) + "\x1f" + pw["repeat_a"].astype(str)
    frame = pd.DataFrame(
        {"pair": key.to_numpy(), "order": pw["order_a"].to_numpy(), "v": pw[f"verdict_{side}"].to_numpy()}
    )
    wide = frame.pivot_table(index="pair", columns="order", values="v", aggfunc="first")
    if not {"ab", "ba"} <= set(wide.columns):
        return pd.Series(dtype=float)
    wide = wide.dropna(subset=["ab", "ba"])
    ok = wide["ab"].isin(("a", "b")) & (wide["ab"] == wide["ba"])
    return ok.astype(float)


def _differences(both: pd.DataFrame) -> dict[str, Estimate]:
    out: dict[str, Estimate] = {}
    units = both["unit_a"].to_numpy(object)
    out["readable"] = paired_difference(
        units, (both["verdict_b"] != UNREAD).to_numpy(float), (both["verdict_a"] != UNREAD).to_numpy(float)
    )
    pw = both.loc[(both["mode_a"] == "pairwise") & (both["verdict_a"] != UNREAD) & (both["verdict_b"] != UNREAD)]
    if len(pw):
        u = pw["unit_a"].to_numpy(object)
        gold = pw["label_a"].isin(("a", "b")).to_numpy()
        if gold.any():
            lab = pw["label_a"][gold]
            out["accuracy"] = paired_difference(
                u[gold], (pw["verdict_b"][gold] == lab).to_numpy(float), (pw["verdict_a"][gold] == lab).to_numpy(float)
            )
        ordered = pw["order_a"].isin(("ab", "ba")).to_numpy()
        if ordered.any():
            first = np.where(pw["order_a"] == "ab", "a", "b")[ordered]
            out["first_slot"] = paired_difference(
                u[ordered],
                (pw["verdict_b"].to_numpy(object)[ordered] == first).astype(float),
                (pw["verdict_a"].to_numpy(object)[ordered] == first).astype(float),
            )
        out["tie"] = paired_difference(
            u, (pw["verdict_b"] == "tie").to_numpy(float), (pw["verdict_a"] == "tie").to_numpy(float)
        )
        la = pd.to_numeric(pw.get("len_a_a", pd.Series(np.nan, index=pw.index)), errors="coerce")
        lb = pd.to_numeric(pw.get("len_b_a", pd.Series(np.nan, index=pw.index)), errors="coerce")
        known = (la.notna() & lb.notna() & (la != lb)).to_numpy()
        if known.any():
            longer = np.where(la > lb, "a", "b")[known]
            out["longer"] = paired_difference(
                u[known],
                (pw["verdict_b"].to_numpy(object)[known] == longer).astype(float),
                (pw["verdict_a"].to_numpy(object)[known] == longer).astype(float),
            )
    ca, cb = _pairs_consistent(both, "a"), _pairs_consistent(both, "b")
    common = ca.index.intersection(cb.index)
    if len(common):
        pair_units = np.array([k.split("\x1f")[0] for k in common], dtype=object)
        out["consistency"] = paired_difference(pair_units, cb[common].to_numpy(), ca[common].to_numpy())
    sc = both.loc[both["mode_a"].isin(SCORED) & (both["verdict_a"] != UNREAD) & (both["verdict_b"] != UNREAD)]
    if len(sc):
        sa, sb = pd.to_numeric(sc["score_a"]).to_numpy(float), pd.to_numeric(sc["score_b"]).to_numpy(float)
        spread = float(max(sa.max(), sb.max()) - min(sa.min(), sb.min())) or 1.0
        out["score"] = paired_mean(sc["unit_a"].to_numpy(object), sb - sa, spread=spread)
    out.update(_grade_differences(sc.loc[sc["mode_a"] == "grade"]))
    return out


def _grade_differences(gr: pd.DataFrame) -> dict[str, Estimate]:
    """Two graders on the same answers: B − A in the pass rate and, on known answers, in the right verdicts."""
    if gr.empty or "passed_a" not in gr.columns or "passed_b" not in gr.columns:
        return {}
    gr = gr.loc[gr["passed_a"].notna() & gr["passed_b"].notna()]
    if gr.empty:
        return {}
    units = gr["unit_a"].to_numpy(object)
    pa, pb = gr["passed_a"].astype(bool).to_numpy(), gr["passed_b"].astype(bool).to_numpy()
    out = {"pass_rate": paired_difference(units, pb.astype(float), pa.astype(float))}
    known = gr["label_a"].isin(("pass", "fail")).to_numpy()
    if known.any():
        good = (gr["label_a"] == "pass").to_numpy()[known]
        out["grade_accuracy"] = paired_difference(
            units[known], (pb[known] == good).astype(float), (pa[known] == good).astype(float)
        )
    return out


def drift(a: pd.DataFrame, b: pd.DataFrame) -> dict[str, Any]:
    """The paired comparison of run B's judgments with run A's (each one judge's judgments-contract rows)."""
    both, only_a, only_b = matched(a, b)
    out: dict[str, Any] = {"n_matched": int(len(both)), "n_only_a": only_a, "n_only_b": only_b}
    if not len(both):
        out["note"] = "the two runs share no judgment (same suite, item, variant, order and response)"
        return out
    units = both["unit_a"].to_numpy(object)
    changed = (both["verdict_a"] != both["verdict_b"]).to_numpy()
    out["n_items"] = int(len(set(units)))
    out["n_changed"] = int(changed.sum())
    out["changed"] = rate_estimate(units, changed.astype(float))
    trans = both.groupby(["verdict_a", "verdict_b"]).size()
    out["transitions"] = [{"a": str(va), "b": str(vb), "n": int(n)} for (va, vb), n in trans.items()]
    out["differences"] = _differences(both)
    rows = both.loc[changed]
    out["changes"] = [
        {
            **{k: _plain(r[f"{k}_a"]) for k in _LISTED if f"{k}_a" in rows.columns},
            "verdict_a": r["verdict_a"],
            "verdict_b": r["verdict_b"],
        }
        for _, r in rows.iterrows()
    ]
    return out


def _plain(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, np.generic):
        return v.item()
    return v
