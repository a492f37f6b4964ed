"""Statistics: pure functions from a judgments DataFrame to the metrics.json dict.

Every estimate is ``{"value", "ci": [lo, hi], "n"}`` (+ ``p_value``; :class:`~judgeaudit.contracts.estimate.Estimate`);
the definitions are in docs/metrics.md, generated from the metric catalogue (:mod:`judgeaudit.metrics`).
Nothing here reads files or calls a model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.metrics.catalog import SECTIONS
from judgeaudit.metrics.document import JuryMeta, Meta
from judgeaudit.registry import import_modules
from judgeaudit.stats.intervals import holm
from judgeaudit.stats.jury import add_juries
from judgeaudit.stats.krippendorff import panel_agreement
from judgeaudit.stats.pairs import prepare
from judgeaudit.stats.power import pairs_needed, power_section
from judgeaudit.stats.sections import REGISTERED, SectionFunc, SectionInput

__all__ = ["SECTION_FUNCS", "compute_metrics", "compute_metrics_by_judge", "pairs_needed", "to_json_safe"]


def _optional(fn: SectionFunc) -> SectionFunc:
    """An optional probe's section; if it fails, the failure is reported in the section, not raised,
    so one newer probe's bad rows never cost the audit its core metrics."""

    def run(s: SectionInput) -> Mapping[str, object] | None:
        try:
            return fn(s)
        except Exception as exc:  # noqa: BLE001 - reported in metrics.json, never silent
            return {"error": f"{type(exc).__name__}: {exc}"}

    return run


def _section_funcs() -> dict[str, SectionFunc]:
    """Every section's registered statistics (``@section_stats`` in this package's modules), in catalogue order."""
    import_modules(__name__, __path__)
    unknown = set(REGISTERED) - {s.key for s in SECTIONS}
    if unknown:
        raise ValueError(f"statistics registered for sections the catalogue lacks: {sorted(unknown)}")
    return {
        s.key: _optional(REGISTERED[s.key]) if s.optional else REGISTERED[s.key]
        for s in SECTIONS
        if s.key in REGISTERED
    }


# One entry per section of the metric catalogue (judgeaudit.metrics.SECTIONS; a test checks the keys and order).
SECTION_FUNCS: dict[str, SectionFunc] = _section_funcs()
_UNREAD = ("instruction", "raw", "prompt_hash")
_CANONICAL = ["judge", "unit", "variant", "mode", "repeat", "order", "response"]
# Not bias tests, so not in the Holm battery: the gold effect is meant to be large.
_NOT_IN_BATTERY = ("joint.coefficients.gold", "joint.coefficients.intercept")
# The judge model's slot and style terms repeat the position and verbosity tests, and its placebo bonuses are
# the own-family bonus's null distribution: only the bonus itself joins the battery.
_MODEL_TESTS = ("judge_model.own_family",)


def _in_battery(path: str) -> bool:
    if path.startswith("judge_model."):
        return path in _MODEL_TESTS
    return path not in _NOT_IN_BATTERY


def compute_metrics(
    df: pd.DataFrame,
    *,
    judge_family: str | None = None,
    seed: int = 0,
    n_boot: int = 2000,
    judge: str | None = None,
    families: dict[str, str] | None = None,
    judges: Sequence[str] | None = None,
    juries: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The metrics.json dict for one judge.

    Args:
        df: judgments (the judgments contract); may hold several judges.
        judge_family: the focal judge's model family (self-preference); default: its rows' ``judge_family``.
        seed: bootstrap seed; the same input and seed give byte-identical JSON.
        n_boot: bootstrap resamples per interval.
        judge: the focal judge when ``df`` holds several. Other judges' rows are used only where a metric
            compares judges (self-preference ``excess_win_rate``, ``family_matrix``). With several judges
            and no ``judge``, the single-judge sections are None and ``by_judge`` holds one dict per judge.
        families: judge name → family where the rows do not record it (every judge's, for the
            third-party judges of self-preference).
        judges: with several judges, the ones to audit (``by_judge`` holds only these; one name is the
            same as ``judge``). Every judge's rows still serve as third-party verdicts.
        juries: ``{name: [member judges]}``: a virtual judge each (``stats/jury.py``), audited like the others
            (and always, whatever ``judges`` selects); its rows never serve as another judge's third party.

    Returns:
        A JSON-safe dict: one key per section of :data:`SECTION_FUNCS` (a dict, or None where the
        judgments cannot give it), ``holm``, ``power``, ``meta``.
    """
    jury_meta: dict[str, JuryMeta] = {}
    if juries:
        df, left_out = add_juries(df, juries)
        jury_meta = {n: {"members": list(m), "n_incomplete": left_out[n]} for n, m in juries.items()}
        judges = [*(judges or sorted({str(j) for j in df["judge"].dropna()} - set(juries))), *juries]
    # texts no statistic reads: every filter of a million rows would copy them again
    df = df.drop(columns=[c for c in _UNREAD if c in df.columns])
    d, n_dup = prepare(df)
    # a canonical row order: clusters enter the bootstrap in order of appearance, so without this the
    # same judgments in another order would give (equally valid but) different intervals
    d = d.sort_values(_CANONICAL, kind="stable", na_position="first").reset_index(drop=True)
    judges_present = sorted(d["judge"].unique().tolist())
    for name in [judge] if judge is not None else (judges or []):
        if name not in judges_present:
            raise ValueError(f"judge {name!r} not in the judgments (present: {', '.join(judges_present) or 'none'})")
    selected = sorted(set(judges)) if judges else judges_present
    if judge is None and len(selected) == 1:
        judge = selected[0]
    judges = judges_present
    is_jury = d["jury"].notna() if "jury" in d.columns else pd.Series(False, index=d.index)
    # a filter that keeps every row is a view (copy on write), not a copy of a million rows
    real = d.loc[~is_jury] if is_jury.any() else d.copy(deep=False)
    meta: Meta = {  # the judgments recorded: a jury's rows are virtual, listed under juries
        "n_judgments": int(len(real)),
        "n_items": int(real["unit"].nunique()),
        "judges": sorted(real["judge"].unique().tolist()),
        "judge": judge,
        "seed": int(seed),
        "n_boot": int(n_boot),
        "n_duplicate_rows": n_dup,
    }
    result: dict[str, Any] = {name: None for name in SECTION_FUNCS}
    if jury_meta:
        meta["juries"] = jury_meta
    if judge is None:
        if judges:
            meta["note"] = "several judges and none selected: see by_judge"
            result["by_judge"] = compute_metrics_by_judge(df, families, seed=seed, n_boot=n_boot, judges=selected)
            panel = panel_agreement(real, sorted(real["judge"].unique().tolist()), seed=seed, n_boot=n_boot)
            if panel is not None:  # left out where there is none, so earlier runs' metrics.json stay as they were
                result["panel"] = panel
        result.update({"holm": {}, "power": power_section(None), "meta": meta})
        _leave_out_absent(result)
        return to_json_safe(result)
    mine = d["judge"] == judge
    focal = d[mine] if not mine.all() else d.copy(deep=False)
    if judge_family is None and families:
        judge_family = families.get(judge)
    if judge_family is None:
        fams = focal["judge_family"].dropna()
        judge_family = str(fams.iloc[0]) if len(fams) else None
    meta["judge_family"] = judge_family
    meta["n_judgments_judge"] = int(len(focal))
    meta["n_items_judge"] = int(focal["unit"].nunique())
    # a jury's rows are never another judge's third party; a jury sees the real judges and itself
    others = real if not bool(is_jury[d["judge"] == judge].any()) else pd.concat([real, focal])
    given = SectionInput(
        rows=focal, all_rows=others, judge=judge, judge_family=judge_family, seed=seed, n_boot=n_boot, families=families
    )
    for name, fn in SECTION_FUNCS.items():
        result[name] = fn(given)
    _leave_out_absent(result)
    result["power"] = power_section(result["position"])
    result["holm"] = apply_holm(result)
    result["meta"] = meta
    return to_json_safe(result)


def _leave_out_absent(result: dict[str, Any]) -> None:
    """Drop the sections that are left out rather than None where a run lacks them (their Section says so),
    so adding such a section leaves every earlier run's metrics.json as it was, byte for byte."""
    for sec in SECTIONS:
        if sec.left_out_when_absent and result.get(sec.key) is None:
            result.pop(sec.key, None)


def compute_metrics_by_judge(
    df: pd.DataFrame,
    judge_families: dict[str, str] | None = None,
    *,
    seed: int = 0,
    n_boot: int = 2000,
    judges: Sequence[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """One metrics dict per judge in ``df`` (or per judge of ``judges``); every judge sees the others' rows
    for cross-judge metrics."""
    judges = judges or sorted(prepare(df)[0]["judge"].unique().tolist())
    fams = judge_families or {}
    return {
        j: compute_metrics(df, judge=j, judge_family=fams.get(j), families=fams, seed=seed, n_boot=n_boot)
        for j in judges
    }


def _estimates(node: Any, path: str) -> list[tuple[str, dict[str, Any]]]:
    """(dotted path, estimate) for every estimate with a p-value; lists (plot data) are not walked."""
    if not isinstance(node, dict):
        return []
    if "value" in node and "ci" in node and "p_value" in node:
        return [(path, node)]
    return [hit for k, v in node.items() for hit in _estimates(v, f"{path}.{k}" if path else str(k))]


def apply_holm(result: dict[str, Any]) -> dict[str, float | None]:
    """Holm-adjust the battery's p-values; write ``p_value_holm`` into each estimate and return path → p."""
    found = [(p, e) for name in SECTION_FUNCS for p, e in _estimates(result.get(name), name) if _in_battery(p)]
    adjusted = holm({p: e["p_value"] for p, e in found})
    for p, e in found:
        e["p_value_holm"] = adjusted[p]
    return {p: adjusted[p] for p, _ in found}


def to_json_safe(x: Any) -> Any:
    """Plain Python types only: numpy scalars unwrapped, NaN/inf → None, tuples → lists."""
    if isinstance(x, dict):
        return {str(k): to_json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [to_json_safe(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        v = float(x)
        return v if math.isfinite(v) else None
    if x is None or isinstance(x, str):
        return x
    if isinstance(x, np.ndarray):
        return [to_json_safe(v) for v in x.tolist()]
    if x is pd.NA or x is pd.NaT:
        return None
    return str(x)
