"""One fit of the joint model per set of judgments, shared by every judge's metrics, and its placebo refits.

``compute_metrics`` runs once per judge of a multi-judge run; the model is fitted over all of them once
(keyed by a digest of the rows it reads and the families), so a run of k judges costs one fit, not k.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from judgeaudit.stats.judgemodel.design import MIN_OWN_ITEMS, Design, build, judged_by, model_rows, third_party_items
from judgeaudit.stats.judgemodel.fit import Fit, fit

_CACHE: OrderedDict[str, PanelFit] = OrderedDict()
_CACHE_SIZE = 16  # a judge's fit, its placebo refits and its family-map refits, for every judge of a run
_KEY_COLUMNS = ("judge", "unit", "variant", "repeat", "order", "winner", "label", "len_a", "len_b", "model_a",
                "model_b", "family_a", "family_b")  # fmt: skip


@dataclass
class PanelFit:
    """The design and, when there was anything to fit, the fit."""

    design: Design
    fit: Fit | None


def _digest(rows: pd.DataFrame, families: Mapping[str, str | None], extra: str = "") -> str:
    cols = [c for c in (*_KEY_COLUMNS, "response_a", "response_b") if c in rows.columns]
    h = hashlib.sha256(pd.util.hash_pandas_object(rows[cols].astype(str), index=False).to_numpy().tobytes())
    h.update(repr(sorted((str(k), str(v)) for k, v in families.items())).encode())
    h.update(extra.encode())
    return h.hexdigest()


def panel_fit(rows: pd.DataFrame, families: Mapping[str, str | None]) -> PanelFit:
    """The joint model of every judge in ``rows`` (prepared judgments), fitted once per distinct input."""
    used = model_rows(rows)
    key = _digest(used, families)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    design = build(used, families)
    out = PanelFit(design, fit(design) if design.judges else None)
    _CACHE[key] = out
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out


def placebo_families(panel: PanelFit, judge: str) -> list[str]:
    """Answer families other than the judge's own whose bonus the design could identify for this judge.

    The same rule as the own-family bonus: at least ``MIN_OWN_ITEMS`` pairs with exactly one answer of the
    family, judged by this judge and by a judge of neither answer's family.
    """
    d = panel.design
    if judge not in d.judges or d.families.get(judge) is None:
        return []
    own = d.families[judge]
    judges_of = judged_by(d)
    candidates = sorted({str(f) for f in (*d.fam_a, *d.fam_b) if f is not None} - {own})
    return [f for f in candidates if third_party_items(d, judge, f, judges_of) >= MIN_OWN_ITEMS]


def placebo_fit(rows: pd.DataFrame, families: Mapping[str, str | None], judge: str, family: str) -> Fit | None:
    """The model refitted with ``judge`` also given a bonus toward ``family``'s answers (not its own)."""
    used = model_rows(rows)
    key = _digest(used, families, f"placebo\t{judge}\t{family}")
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key].fit
    base = panel_fit(rows, families)
    design = build(used, families, placebo=(judge, family))
    x0 = None
    if base.fit is not None:
        from judgeaudit.stats.judgemodel.likelihood import layout

        names = layout(design).names
        old = dict(zip(base.fit.layout.names, base.fit.x))
        x0 = np.array([old.get(n, 0.0) for n in names])
    out = PanelFit(design, fit(design, x0) if design.judges else None)
    _CACHE[key] = out
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out.fit
