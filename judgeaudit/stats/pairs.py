"""From judgment rows to the units the metrics count: items, slots, and pairs of both orders.

``winner`` always names a response; the *slot* is derived from the order: in order ``ab`` response
a is shown first, in ``ba`` response b is. A pair is one (judge, item, variant, repeat) judged in
both orders. The same request recorded by two probes of one suite (the position and verbosity
probes both judge the original pair) is one judgment, so exact duplicates are dropped and counted.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from judgeaudit.contracts.judgments import COLUMNS, read_mask, repeated_judgments
from judgeaudit.metrics.records import Readability

OPTIONAL = ("repeat", "suite", "pad_target", "pad_ratio", "pad_role", "cue", "cue_target", "group")
VERDICTS = ("a", "b", "tie")
PAIR_KEY = ("unit", "variant", "repeat")


def _text(series: pd.Series) -> pd.Series:
    """Object column with real strings and None for missing (pandas 3 strings use NaN)."""
    return series.astype(object).where(series.notna(), None)


def prepare(df: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Normalise a judgments frame; return it and the number of duplicate rows dropped.

    Adds ``unit`` (the item, qualified by suite when several suites are present: the cluster of
    every interval), ``parsed`` (the verdict could be read: :func:`judgeaudit.contracts.judgments.is_read`),
    ``first`` (the response shown first) and ``slot`` (``A`` first, ``B`` second, ``C`` tie, None
    unparsed). Rows with one :func:`judgeaudit.contracts.judgments.judgment_key` are one judgment: the first is kept.
    """
    out = df.copy(deep=False)  # copy on write: the columns replaced below are new, the caller's frame is untouched
    for col in (*COLUMNS, *OPTIONAL):
        if col not in out.columns:
            out[col] = None
    for col in (
        "judge",
        "judge_family",
        "variant",
        "mode",
        "order",
        "winner",
        "response",
        "label",
        "family_a",
        "family_b",
        "model_a",
        "model_b",
        "pad_target",
        "cue",
        "cue_target",
        "probe",
    ):
        out[col] = _text(out[col])
    out["item_id"] = out["item_id"].astype(str)
    out["judge"] = out["judge"].where(out["judge"].notna(), "judge")
    out["variant"] = out["variant"].where(out["variant"].notna(), "original")
    out["repeat"] = pd.to_numeric(out["repeat"], errors="coerce").fillna(0).astype(int)
    suite = _text(out["suite"]).fillna("").astype(str)
    out["unit"] = out["item_id"] if suite.nunique() <= 1 else suite + "/" + out["item_id"]
    for col in ("len_a", "len_b", "score", "p_a", "pad_ratio"):
        out[col] = pd.to_numeric(out[col], errors="coerce")
    # a listwise pick names one of k responses, not only a or b
    out["winner"] = out["winner"].where(out["winner"].isin(VERDICTS) | (out["mode"] == "listwise"), None)
    # a graded single answer (mode grade) is known to pass or to fail
    graded = (out["mode"] == "grade") & out["label"].isin(("pass", "fail"))
    out["label"] = out["label"].where(out["label"].isin(VERDICTS) | graded, None)
    out["parsed"] = read_mask(out)
    out["first"] = out["order"].map({"ab": "a", "ba": "b"}).astype(object)
    out["slot"] = slot_of(out["order"], out["winner"])
    dup = repeated_judgments(out)
    kept = out.loc[~dup] if dup.any() else out  # no duplicate: no copy of every row
    return kept.reset_index(drop=True), int(dup.sum())


def slot_of(order: pd.Series, winner: pd.Series) -> pd.Series:
    """``A`` when the winner was shown first, ``B`` when second, ``C`` for a tie, else None."""
    first = np.where(order == "ab", "a", np.where(order == "ba", "b", ""))
    w = winner.astype(object).to_numpy()
    slot = np.full(len(w), None, dtype=object)
    slot[np.isin(w, ("a", "b"))] = "B"
    slot[w == first] = "A"
    slot[w == "tie"] = "C"
    slot[first == ""] = None
    return pd.Series(slot, index=winner.index, dtype=object)


def parse_counts(rows: pd.DataFrame) -> Readability:
    """``n_unparsed`` and ``extraction_success_rate`` (parsed / all) over the rows in scope."""
    n = len(rows)
    n_parsed = int(rows["parsed"].sum()) if n else 0
    return {"n_unparsed": n - n_parsed, "extraction_success_rate": (n_parsed / n) if n else None}


def pairwise(rows: pd.DataFrame, variant: str | None = "original") -> pd.DataFrame:
    """Pairwise rows, of one variant (default ``original``) or of all variants (None)."""
    sel = rows["mode"] == "pairwise"
    if variant is not None:
        sel &= rows["variant"] == variant
    return rows.loc[sel]


def pair_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (unit, variant, repeat) with each order's winner and slot side by side.

    Columns: the key, ``winner_ab``/``winner_ba``, ``slot_ab``/``slot_ba``, ``has_ab``/``has_ba``,
    ``label``, ``len_a``, ``len_b``, ``family_a``, ``family_b`` and, for padded variants,
    ``pad_target``/``pad_ratio``. Rows of other orders are ignored.
    """
    keep = [
        "winner",
        "slot",
        "label",
        "len_a",
        "len_b",
        "family_a",
        "family_b",
        "pad_target",
        "pad_ratio",
        "p_a",
    ]
    key = list(PAIR_KEY)
    ab = rows.loc[rows["order"] == "ab", key + keep].set_index(key)
    ba = rows.loc[rows["order"] == "ba", key + keep].set_index(key)
    table = ab.add_suffix("_ab").join(ba.add_suffix("_ba"), how="outer")
    table["has_ab"] = table.index.isin(ab.index)
    table["has_ba"] = table.index.isin(ba.index)
    for col in ("label", "len_a", "len_b", "family_a", "family_b", "pad_target", "pad_ratio"):
        table[col] = table[f"{col}_ab"].where(table[f"{col}_ab"].notna(), table[f"{col}_ba"])
    return table.reset_index()


def among(column: pd.Series, keys: Iterable[object]) -> pd.Series:
    """``column.isin(keys)``, for many keys: pandas makes each key of an Arrow-backed text column an Arrow
    scalar one at a time (a second for the 300,000 units of a million judgments); this hands them to Arrow whole."""
    if not (isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"):
        return column.isin(keys)
    import pyarrow as pa
    import pyarrow.compute as pc

    values = pa.array(column.array)
    wanted = pa.array([k for k in keys if isinstance(k, str)], type=values.type)
    hit = pc.is_in(values, value_set=wanted).to_numpy(zero_copy_only=False)
    return pd.Series(np.asarray(hit, dtype=bool), index=column.index)
