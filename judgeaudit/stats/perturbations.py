"""Perturbation against placebo: one set of estimates for every probe of treated and control arms.

Reads rows with ``perturbation``, ``arm`` (``treated``/``control``) and ``perturb_target`` (written by
:mod:`judgeaudit.probes.arms`: the bias probes and dataset-provided perturbations). A *judgment* is one
item in one order (and repeat, and dataset variant); the treated and the control verdict of a judgment
are paired, and each is compared with the unperturbed verdict of the same item and order (``variant``
``original``, any probe). Per perturbation:

- ``robustness_rate``: treated verdict = original verdict (CALM's robustness rate);
  ``robustness_rate_control`` the same under the placebo.
- ``flip_rate``: among judgments whose original verdict was not the target (the answer the bias would
  favour), the share whose treated verdict is; ``flip_rate_control`` under the placebo.
- ``flip_excess`` = flip rate − control flip rate on the same judgments (paired: Newcombe interval,
  McNemar p-value): the pull of what the perturbation says, net of the answer merely changing.
- ``target_shift`` = P(target wins | treated) − P(target wins | control), paired, over every judgment
  with both verdicts: signed, so a bias that pushes away from the target shows too.
- ``change_excess`` = P(verdict changed | treated) − P(changed | control), paired: the only contrast
  of a perturbation without a direction (``perturb_target`` null).
Every rate is clustered by item (Wilson on the effective n; :mod:`judgeaudit.stats.paired`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import empty
from judgeaudit.metrics.arms import ArmMetrics
from judgeaudit.stats.paired import paired_difference
from judgeaudit.stats.pairs import parse_counts
from judgeaudit.stats.rates import rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats

KEY = ["unit", "order", "repeat", "perturb_id"]
# the bias probes' rows form the ``biases`` section, dataset-provided perturbations the ``perturbation`` one
DATASET_PROBE = "perturbation"


def arm_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Pairwise rows of a treated or control arm."""
    if "arm" not in rows.columns or "perturbation" not in rows.columns:
        return rows.iloc[0:0]
    sel = (rows["mode"] == "pairwise") & rows["arm"].isin(("treated", "control")) & rows["perturbation"].notna()
    out = rows.loc[sel].copy()
    for col in ("perturb_target", "perturb_id", "bias"):
        if col not in out.columns:
            out[col] = None
    out["perturb_id"] = out["perturb_id"].astype(object).where(out["perturb_id"].notna(), "")
    out["perturb_target"] = out["perturb_target"].astype(object).where(out["perturb_target"].isin(("a", "b")), None)
    return out


def _paired(arms: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """One row per judgment: treated and control verdicts side by side, and the original verdict."""
    parsed = arms.loc[arms["parsed"].astype(bool)]
    t = parsed.loc[parsed["arm"] == "treated", [*KEY, "winner", "perturb_target"]].drop_duplicates(KEY)
    c = parsed.loc[parsed["arm"] == "control", [*KEY, "winner"]].drop_duplicates(KEY)
    both = t.merge(c, on=KEY, how="outer", suffixes=("_t", "_c"))
    orig = rows.loc[
        (rows["mode"] == "pairwise") & (rows["variant"] == "original") & rows["parsed"].astype(bool),
        ["unit", "order", "repeat", "winner"],
    ].drop_duplicates(["unit", "order", "repeat"])
    both = both.merge(orig.rename(columns={"winner": "winner_o"}), on=["unit", "order", "repeat"], how="left")
    if both["perturb_target"].isna().any():  # a control-only judgment: its target is the treated rows'
        targets = arms.loc[arms["arm"] == "treated", [*KEY, "perturb_target"]].drop_duplicates(KEY)
        both = both.drop(columns="perturb_target").merge(targets, on=KEY, how="left")
    return both


def _eq(a: pd.Series, b: pd.Series) -> np.ndarray:
    return (a.to_numpy(object) == b.to_numpy(object)).astype(float)


def one_perturbation(arms: pd.DataFrame, rows: pd.DataFrame) -> ArmMetrics:
    """The estimates of one perturbation from its treated and control rows."""
    j = _paired(arms, rows)
    bias = arms["bias"].dropna()
    out: ArmMetrics = {
        "bias": str(bias.iloc[0]) if len(bias) else None,
        **parse_counts(arms),
        "n_treated": int((arms["arm"] == "treated").sum()),
        "n_control": int((arms["arm"] == "control").sum()),
        "n_items": int(arms["unit"].nunique()),
        "directed": bool(j["perturb_target"].notna().any()),
    }
    has_t, has_c, has_o = j["winner_t"].notna(), j["winner_c"].notna(), j["winner_o"].notna()
    to = j.loc[has_t & has_o]
    co = j.loc[has_c & has_o]
    out["robustness_rate"] = rate_estimate(to["unit"].to_numpy(), _eq(to["winner_t"], to["winner_o"]))
    out["robustness_rate_control"] = rate_estimate(co["unit"].to_numpy(), _eq(co["winner_c"], co["winner_o"]))
    at_risk = j["perturb_target"].notna() & (j["winner_o"] != j["perturb_target"]) & has_o
    ft, fc = j.loc[at_risk & has_t], j.loc[at_risk & has_c]
    out["flip_rate"] = rate_estimate(ft["unit"].to_numpy(), _eq(ft["winner_t"], ft["perturb_target"]))
    out["flip_rate_control"] = rate_estimate(fc["unit"].to_numpy(), _eq(fc["winner_c"], fc["perturb_target"]))
    if not has_c.any():
        note = "no control arm: the excess over a placebo cannot be estimated"
        out["flip_excess"] = empty(0, test=True, note=note)
        out["target_shift"] = empty(0, test=True, note=note)
        out["change_excess"] = empty(0, test=True, note=note)
        return out
    f = j.loc[at_risk & has_t & has_c]
    out["flip_excess"] = paired_difference(
        f["unit"].to_numpy(), _eq(f["winner_t"], f["perturb_target"]), _eq(f["winner_c"], f["perturb_target"])
    )
    s = j.loc[j["perturb_target"].notna() & has_t & has_c]
    out["target_shift"] = paired_difference(
        s["unit"].to_numpy(), _eq(s["winner_t"], s["perturb_target"]), _eq(s["winner_c"], s["perturb_target"])
    )
    ch = j.loc[has_t & has_c & has_o]
    out["change_excess"] = paired_difference(
        ch["unit"].to_numpy(), 1 - _eq(ch["winner_t"], ch["winner_o"]), 1 - _eq(ch["winner_c"], ch["winner_o"])
    )
    undirected = "the perturbation has no direction (no perturbed answer): read change_excess"
    if f.empty and not out["directed"]:
        out["flip_excess"]["note"] = undirected
    if s.empty and not out["directed"]:
        out["target_shift"]["note"] = undirected
    return out


def _section(arms: pd.DataFrame, rows: pd.DataFrame) -> dict[str, object] | None:
    if arms.empty:
        return None
    names = sorted({str(p) for p in arms["perturbation"].unique()})
    out: dict[str, object] = {**parse_counts(arms), "perturbations": names}  # and one ArmMetrics per id
    for name in names:
        out[name] = one_perturbation(arms.loc[arms["perturbation"] == name], rows)
    return out


def biases_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> dict[str, object] | None:
    """The ``biases`` section (perturbation id → estimates) of the bias probes; None without their rows.

    ``seed`` and ``n_boot`` are accepted like every section's, and unused: the intervals are closed-form.
    """
    arms = arm_rows(rows)
    return _section(arms.loc[arms["probe"] != DATASET_PROBE], rows)


def perturbation_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> dict[str, object] | None:
    """The ``perturbation`` section of dataset-provided perturbations; None without their rows."""
    arms = arm_rows(rows)
    return _section(arms.loc[arms["probe"] == DATASET_PROBE], rows)


@section_stats("biases")
def biases_section(s: SectionInput) -> dict[str, object] | None:
    """The ``biases`` section of metrics.json for one audit."""
    return biases_metrics(s.rows)


@section_stats("perturbation")
def perturbation_section(s: SectionInput) -> dict[str, object] | None:
    """The ``perturbation`` section of metrics.json for one audit."""
    return perturbation_metrics(s.rows)
