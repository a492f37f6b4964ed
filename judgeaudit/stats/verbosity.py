"""Verbosity bias: observational (natural lengths) and controlled (content-neutral padding).

Observational rates count judgments of the ``original`` variant whose verdict parsed. The controlled
metrics read the padding probe's rows (``variant`` ≠ original, with ``pad_target`` and ``pad_ratio``):
the gold-worse response padded asks whether the verdict moves to it; the gold-better response padded
is the control. "Moves to the worse response" is counted the same way in both, so the flip rate minus
the control rate isolates what the padding did from the judge's ordinary noise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import Estimate, empty, with_keys
from judgeaudit.metrics.sections.verbosity import LengthObservation, Padding, VerbosityMetrics
from judgeaudit.stats.pairs import among, parse_counts
from judgeaudit.stats.position import complete_pairs
from judgeaudit.stats.rates import diff_estimate, rate_estimate
from judgeaudit.stats.regression import fit_logit, length_feature
from judgeaudit.stats.sections import SectionInput, section_stats

MIN_LEN_GAP = 30  # chars: below this the two responses count as the same length (alpaca_eval)


def _gold_sign(label: pd.Series) -> np.ndarray:
    return np.where(label == "a", 1.0, np.where(label == "b", -1.0, 0.0))


def _rate(units: np.ndarray, hits: np.ndarray, seed: int, n_boot: int, **extra: Any) -> Estimate:
    return rate_estimate(units, hits, **extra)


def _gap(
    units: np.ndarray,
    in1: np.ndarray,
    hit1: np.ndarray,
    in2: np.ndarray,
    hit2: np.ndarray,
    seed: int,
    n_boot: int,
) -> Estimate:
    """P(hit1 | in1) − P(hit2 | in2): MOVER interval, clustered by item, and the p-value of no gap."""
    return diff_estimate(units, in1, hit1, in2, hit2, note="needs judgments in both gold groups")


def verbosity_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> VerbosityMetrics | None:
    """The verbosity section for one judge's prepared rows; None when neither lengths nor padding exist."""
    # masks on the whole frame, one copy per subset: a million rows are filtered twice, not four times
    pw = rows["mode"] == "pairwise"
    is_orig = rows["variant"] == "original"
    orig = rows.loc[pw & is_orig]
    padded = rows.loc[pw & ~is_orig & rows["pad_target"].isin(("a", "b")) & rows["pad_ratio"].notna()]
    has_len = orig["len_a"].notna() & orig["len_b"].notna()
    if not has_len.any() and padded.empty:
        return None
    out: VerbosityMetrics = {**parse_counts(pd.concat([orig[["parsed"]], padded[["parsed"]]]))}
    out.update(observational(orig.loc[has_len], seed=seed, n_boot=n_boot))
    if not padded.empty:
        out.update(padding(orig, padded, seed=seed, n_boot=n_boot))
    return out


def observational(orig: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> LengthObservation:
    """``prefer_longer_rate``, ``eo_gap`` and ``length_coef`` from natural length differences."""
    r = orig.loc[orig["winner"].isin(("a", "b"))]
    if r.empty:
        return {"prefer_longer_rate": empty(note="no parsed non-tie verdicts with lengths")}
    units = r["unit"].to_numpy()
    delta = (r["len_a"] - r["len_b"]).to_numpy(float)
    chose_a = (r["winner"] == "a").to_numpy()
    gap = np.abs(delta) > MIN_LEN_GAP
    chose_longer = chose_a == (delta > 0)
    out: LengthObservation = {
        "prefer_longer_rate": _rate(
            units[gap],
            chose_longer[gap],
            seed,
            n_boot,
            note="no pair differs in length by more than 30 chars",
        )
    }
    label = r["label"].to_numpy(object)
    gold = gap & np.isin(label, ("a", "b"))
    if gold.any():
        gold_longer = gold & ((label == "a") == (delta > 0))
        gold_shorter = gold & ~gold_longer
        out["eo_gap"] = _gap(units, gold_longer, chose_longer, gold_shorter, ~chose_longer, seed, n_boot)
    out["length_coef"] = length_coef(r)
    return out


def length_coef(r: pd.DataFrame) -> Estimate:
    """Coefficient of tanh(Δlen/sd) in logit P(choose a) ~ length + gold + first slot, clustered by item."""
    feature, sd = length_feature(r["len_a"], r["len_b"])
    if sd is None:
        return empty(len(r), test=True, note="all pairs have the same length difference")
    X = pd.DataFrame(
        {
            "length": feature,
            "gold": _gold_sign(r["label"]),
            "first_slot": np.where(r["order"] == "ab", 1.0, -1.0),
        }
    )
    fit = fit_logit((r["winner"] == "a").to_numpy(float), X, r["unit"].to_numpy())
    term = fit.terms.get("length")
    if term is None:
        return empty(len(r), test=True, note=fit.note or "length term could not be estimated")
    return with_keys(
        term,
        sd_chars=sd,
        covariates=[t for t in fit.terms if t not in ("intercept", "length")],
        **({"note": fit.note} if fit.note and "note" not in term else {}),
    )


def padding(orig: pd.DataFrame, padded: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> Padding:
    """Flip, control and dose-response of verdicts when one response is padded with neutral text.

    Rates count padded judgments (each order is one) of items the judge got right unpadded in both
    orders; a tie is not a move to the worse response.
    """
    pairs, _ = complete_pairs(orig)
    gold = pairs.loc[pairs["label"].isin(("a", "b"))]
    right = set(gold.loc[(gold["winner_ab"] == gold["label"]) & (gold["winner_ba"] == gold["label"]), "unit"])
    out: Padding = {
        "n_padded_judgments": int(len(padded)),
        "n_right_unpadded_items": len(right),
        "pad_ratios": sorted(float(x) for x in padded["pad_ratio"].unique()),
    }
    p = padded.loc[padded["parsed"] & padded["label"].isin(("a", "b")) & among(padded["unit"], right)]
    target = p["pad_target"].to_numpy(object)
    label = p["label"].to_numpy(object)
    winner = p["winner"].to_numpy(object)
    worse_padded = target != label
    worse = np.where(label == "a", "b", "a")
    moved = winner == worse  # the verdict went to the gold-worse response (padded or not)
    units = p["unit"].to_numpy()
    note = "no parsed padded judgments of items the judge got right unpadded in both orders"
    out["padding_flip_rate"] = _rate(units[worse_padded], moved[worse_padded], seed, n_boot, note=note)
    out["padding_control_rate"] = _rate(units[~worse_padded], moved[~worse_padded], seed, n_boot, note=note)
    out["padding_flip_excess"] = _gap(units, worse_padded, moved, ~worse_padded, moved, seed, n_boot)
    ratios = p["pad_ratio"].to_numpy(float)
    out["dose_curve"] = [
        {
            "pad_ratio": float(x),
            "flip_rate": _rate(units[worse_padded & (ratios == x)], moved[worse_padded & (ratios == x)], seed, n_boot),
            "control_rate": _rate(
                units[~worse_padded & (ratios == x)], moved[~worse_padded & (ratios == x)], seed, n_boot
            ),
        }
        for x in sorted(set(ratios.tolist()))
    ]
    out["padding_dose_slope"] = dose_slope(orig, padded)
    return out


def dose_slope(orig: pd.DataFrame, padded: pd.DataFrame) -> Estimate:
    """Logit slope of choosing the padded response on padding size (added chars / original chars).

    The unpadded judgments of each padded item enter at size 0 (for each response that item pads),
    so the curve starts from the judge's own baseline; covariates: whether the padded response is the
    gold-better one (+1/−1/0) and whether it was shown first (+1/−1). Needs ≥3 positive sizes.
    """
    sizes = sorted(x for x in padded["pad_ratio"].unique() if x > 0)
    if len(sizes) < 3:
        return empty(len(padded), test=True, note=f"needs ≥3 padding sizes, got {len(sizes)}")
    targets = padded[["unit", "pad_target"]].drop_duplicates()
    used = ["unit", "winner", "label", "order"]  # the columns the fit reads: a narrow copy of a million rows
    base = orig[used].merge(targets, on="unit")
    base = base.assign(pad_ratio=0.0)
    r = pd.concat([padded[[*used, "pad_target", "pad_ratio"]], base], ignore_index=True)
    r = r.loc[r["winner"].isin(("a", "b"))]
    target = r["pad_target"].to_numpy(object)
    label = r["label"].to_numpy(object)
    X = pd.DataFrame(
        {
            "pad_ratio": r["pad_ratio"].to_numpy(float),
            "padded_better": np.where(np.isin(label, ("a", "b")), np.where(target == label, 1.0, -1.0), 0.0),
            "padded_first": np.where((r["order"].to_numpy(object) == "ab") == (target == "a"), 1.0, -1.0),
        }
    )
    fit = fit_logit((r["winner"].to_numpy(object) == target).astype(float), X, r["unit"].to_numpy())
    term = fit.terms.get("pad_ratio")
    if term is None:
        return empty(len(r), test=True, note=fit.note or "padding size term could not be estimated")
    return with_keys(term, n_sizes=len(sizes), **({"note": fit.note} if fit.note and "note" not in term else {}))


@section_stats("verbosity")
def verbosity_section(s: SectionInput) -> VerbosityMetrics | None:
    """The ``verbosity`` section of metrics.json for one audit."""
    return verbosity_metrics(s.rows, seed=s.seed, n_boot=s.n_boot)
