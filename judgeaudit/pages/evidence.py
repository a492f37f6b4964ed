"""The most telling examples behind the numbers, read from judgments.jsonl.

Two kinds: pairs whose verdict flipped when the answers swapped places, and padded answers that won.
Each example carries both presentation orders and the judge's raw output, so a reader can check a
number against the judge's own words. All text is returned raw; the template escapes it.

The examples are chosen on whole columns of the judgments (a run may hold a million), and only the few
shown are made into rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from judgeaudit.contracts.judgments import Judgment
from judgeaudit.pages.views import Clipped, OrderView, PaddedWin, PaddedWins, PairTexts, SwapFlip, SwapFlips

MAX_SHOWN = 6
TEXT_LIMIT = 4000


def clip(text: object, limit: int = TEXT_LIMIT) -> Clipped:
    """Text cut to ``limit`` characters, with how many were left out (mail clients choke on megabytes)."""
    if text is None:
        return {"text": None, "hidden": 0}
    s = str(text)
    return {"text": s[:limit], "hidden": max(0, len(s) - limit)}


def _slot(order: str, winner: Any) -> str | None:
    if winner == "tie":
        return "tie"
    if winner not in ("a", "b"):
        return None
    first = "a" if order == "ab" else "b"
    return "first" if winner == first else "second"


def _order_view(row: Judgment) -> OrderView:
    order = row.get("order")
    winner = row.get("winner")
    first, second = ("A", "B") if order == "ab" else ("B", "A")
    label = row.get("label")
    return {
        "order": order,
        "shown": f"{first} shown first, {second} second",
        "winner": winner,
        "winner_text": {"a": "picked A", "b": "picked B", "tie": "called a tie"}.get(
            str(winner), "no readable verdict"
        ),
        "slot": _slot(str(order), winner),
        "p_a": row.get("p_a"),
        "correct": None if label not in ("a", "b") or winner is None else winner == label,
        "raw": clip(row.get("raw"), 2000),
    }


def _texts(row: Judgment) -> PairTexts:
    return {
        "instruction": clip(row.get("instruction")),
        "response_a": clip(row.get("response_a")),
        "response_b": clip(row.get("response_b")),
        "has_text": any(row.get(k) for k in ("instruction", "response_a", "response_b")),
    }


# the columns the examples are chosen by (the rows shown are fetched whole)
_COLUMNS = (
    "mode", "variant", "order", "suite", "item_id", "repeat", "judge", "winner", "label", "p_a",
    "pad_target", "pad_role", "pad_ratio",
)  # fmt: skip


@dataclass(frozen=True)
class Judgments:
    """Judgments to draw examples from: the columns they are chosen by (one row per judgment, labelled by
    its row number) and ``row``, which gives one whole row by that label."""

    frame: pd.DataFrame
    row: Callable[[int], Judgment]
    # examples already chosen from these rows: the report and its judge view show the same ones
    chosen: dict[tuple[str, int], Any] = field(default_factory=dict, compare=False, repr=False)

    @functools.cached_property
    def originals(self) -> _Originals:
        return _originals(self.frame)

    @classmethod
    def of(cls, rows: Sequence[Judgment] | Judgments) -> Judgments:
        if isinstance(rows, Judgments):
            return rows
        listed = list(rows)
        frame = pd.DataFrame.from_records([{k: r.get(k) for k in _COLUMNS} for r in listed], columns=list(_COLUMNS))
        return cls(frame, listed.__getitem__)

    @classmethod
    def columns_of(cls, frame: pd.DataFrame, row: Callable[[int], Judgment]) -> Judgments:
        """From a judgments frame (labelled by row number) and the function giving one of its rows."""
        present = [c for c in _COLUMNS if c in frame.columns]
        lean = frame[present]
        for c in _COLUMNS:
            if c not in lean.columns:
                lean = lean.assign(**{c: None})
        return cls(lean, row)

    def of_judge(self, judge: str | None) -> Judgments:
        """The judge's rows; all of them when ``judge`` is None or has none."""
        if judge is None:
            return self
        mine = self.frame["judge"] == judge
        return Judgments(self.frame[mine], self.row) if mine.any() and not mine.all() else self

    def only(self, judge: str) -> Judgments:
        return Judgments(self.frame[self.frame["judge"] == judge], self.row)

    def __len__(self) -> int:
        return len(self.frame)


def _keys(f: pd.DataFrame) -> pd.DataFrame:
    """One pair, every variant: (suite, item, repeat, judge), the judge too, so a file holding several judges
    never pairs one judge's order with another's (judgment_key's first four fields)."""
    suite = f["suite"].astype(object)
    return pd.DataFrame(
        {
            "suite": suite.where(suite.notna() & (suite != ""), None),
            "item": f["item_id"].astype(str),
            "repeat": pd.to_numeric(f["repeat"], errors="coerce").fillna(0),
            "judge": f["judge"].astype(object).where(f["judge"].notna(), None),
        },
        index=f.index,
    )


def _pair_ids(keys: pd.DataFrame) -> pd.Series:
    """A number per pair, in order of its first row."""
    filled = keys.assign(suite=keys["suite"].fillna("\0"), judge=keys["judge"].fillna("\0"))
    return filled.groupby(["suite", "item", "repeat", "judge"], sort=False, dropna=False).ngroup()


@dataclass(frozen=True)
class _Originals:
    """Each pair's first unpadded row in each order: ``ab``/``ba`` hold row labels (-1: none), by pair number."""

    pair: pd.Series  # pair number of every row of the frame
    keys: pd.DataFrame  # its (suite, item, repeat, judge)
    table: pd.DataFrame  # one row per pair with an unpadded row, in order of first appearance: ab, ba


def _originals(f: pd.DataFrame) -> _Originals:
    keys = _keys(f)
    pair = _pair_ids(keys)
    pairwise = (f["mode"] == "pairwise") & f["order"].isin(("ab", "ba"))
    orig = f[pairwise & (f["variant"] == "original")]
    first = pd.DataFrame(
        {"_pair": pair[orig.index], "order": orig["order"], "_label": orig.index}, index=orig.index
    ).drop_duplicates(["_pair", "order"])
    # one row per pair, in the order of its first unpadded row (as the row-by-row dict kept them)
    table = pd.DataFrame(index=pd.Index(first["_pair"].drop_duplicates().to_numpy(), name="_pair"))
    for side in ("ab", "ba"):
        rows_of = first[first["order"] == side].set_index("_pair")["_label"]
        table[side] = rows_of.reindex(table.index).fillna(-1).astype(np.int64)
    return _Originals(pair, keys, table)


def _at(f: pd.DataFrame, labels: np.ndarray, column: str) -> np.ndarray:
    """``column`` of the rows labelled ``labels`` (-1: None)."""
    values = f[column].reindex(labels).astype(object)
    got = values.where(values.notna(), None).to_numpy(dtype=object, copy=True)
    got[labels < 0] = None
    return got


def swap_flips(rows: Sequence[Judgment] | Judgments, limit: int = MAX_SHOWN) -> SwapFlips:
    """Pairs whose verdict changed when the two answers swapped places, most telling first.

    Most telling: a gold label says one of the two verdicts was wrong, then the larger swing in the
    judge's stated probability (logprob mode), then the item id (a stable order).
    """
    judgments = Judgments.of(rows)
    if ("flips", limit) not in judgments.chosen:
        judgments.chosen["flips", limit] = _swap_flips(judgments, limit)
    return cast(SwapFlips, judgments.chosen["flips", limit])


def _swap_flips(judgments: Judgments, limit: int) -> SwapFlips:
    f = judgments.frame
    o = judgments.originals
    ab, ba = o.table["ab"].to_numpy(), o.table["ba"].to_numpy()
    w_ab, w_ba = _at(f, ab, "winner"), _at(f, ba, "winner")
    complete = (ab >= 0) & (ba >= 0) & pd.notna(w_ab) & pd.notna(w_ba)
    flipped = complete & (w_ab != w_ba)
    ab, ba, w_ab, w_ba = ab[flipped], ba[flipped], w_ab[flipped], w_ba[flipped]
    label = _at(f, ab, "label")
    gold = np.isin(label.astype(str), ["a", "b"]) & pd.notna(label)
    gold_wrong = gold & ((w_ab != label) | (w_ba != label))
    p_ab = pd.to_numeric(pd.Series(_at(f, ab, "p_a")), errors="coerce").to_numpy(dtype=float)
    p_ba = pd.to_numeric(pd.Series(_at(f, ba, "p_a")), errors="coerce").to_numpy(dtype=float)
    swing = np.nan_to_num(np.abs(p_ab - p_ba), nan=0.0)
    items = o.keys["item"].reindex(ab).tolist()
    order = sorted(range(len(ab)), key=lambda i: (not gold_wrong[i], -swing[i], items[i]))
    shown = []
    for i in order[:limit]:
        a, b = judgments.row(int(ab[i])), judgments.row(int(ba[i]))
        shown.append(_flip(a, b, o.keys["suite"][ab[i]], items[i], bool(gold_wrong[i])))
    return {"total": int(flipped.sum()), "n_pairs": int(complete.sum()), "shown": shown}


def _flip(ab: Judgment, ba: Judgment, suite: Any, item: str, gold_wrong: bool) -> SwapFlip:
    slots = (_slot("ab", ab["winner"]), _slot("ba", ba["winner"]))
    kind = (
        "primacy"
        if "first" in slots and "second" not in slots
        else "recency"
        if "second" in slots and "first" not in slots
        else "other"
    )
    return {
        "item_id": item,
        "suite": suite,
        "label": ab.get("label"),
        "kind": kind,
        "summary": _flip_summary(ab, ba, kind),
        **_texts(ab),
        "len_a": ab.get("len_a"),
        "len_b": ab.get("len_b"),
        "model_a": ab.get("model_a"),
        "model_b": ab.get("model_b"),
        "orders": [_order_view(ab), _order_view(ba)],
    }


def _flip_summary(ab: Judgment, ba: Judgment, kind: str) -> str:
    name = {"a": "A", "b": "B", "tie": "a tie"}
    text = f"With A shown first it chose {name.get(ab.get('winner') or '')}; with B shown first it chose {name.get(ba.get('winner') or '')}."
    if kind == "primacy":
        text += " It followed the first slot, not the content."
    elif kind == "recency":
        text += " It followed the second slot, not the content."
    return text


def padded_wins(rows: Sequence[Judgment] | Judgments, limit: int = MAX_SHOWN) -> PaddedWins:
    """Padded worse answers that beat the better answer the judge had picked before padding.

    Only pairs the judge got right unpadded in both orders count (the padding_flip_rate's population);
    most telling first: won in both orders, then the least padding, then the item id; one example per
    item before any item's second.
    """
    judgments = Judgments.of(rows)
    if ("padded", limit) not in judgments.chosen:
        judgments.chosen["padded", limit] = _padded_wins(judgments, limit)
    return cast(PaddedWins, judgments.chosen["padded", limit])


def _padded_wins(judgments: Judgments, limit: int) -> PaddedWins:
    f = judgments.frame
    o = judgments.originals
    ab, ba = o.table["ab"].to_numpy(), o.table["ba"].to_numpy()
    label_ab, label_ba = _at(f, ab, "label"), _at(f, ba, "label")
    right_pairs = o.table.index[
        (ab >= 0)
        & (ba >= 0)
        & np.isin(label_ab.astype(str), ["a", "b"])
        & pd.notna(label_ab)
        & (_at(f, ab, "winner") == label_ab)
        & (_at(f, ba, "winner") == label_ba)
        & pd.notna(label_ba)
    ]
    target, label, role = f["pad_target"].astype(object), f["label"].astype(object), f["pad_role"].astype(object)
    worse = (role == "worse") | (role.isna() & label.isin(("a", "b")) & (target != label))
    padded = (
        (f["mode"] == "pairwise")
        & target.isin(("a", "b"))
        & f["order"].isin(("ab", "ba"))
        & worse
        & o.pair.isin(right_pairs)
    )
    g = f.loc[padded, ["order", "winner", "pad_target", "pad_ratio"]].assign(
        _pair=o.pair[padded], _variant=f.loc[padded, "variant"].astype(str), _label=f.index[padded.to_numpy()]
    )
    g = g.drop_duplicates(["_pair", "_variant", "order"])
    g["_group"] = g.groupby(["_pair", "_variant"], sort=False).ngroup()
    n_padded = int(g["_group"].nunique())
    # a group's rows in the order (ab, ba); its first is the one shown first, whose target and ratio count
    g = g.assign(_o=(g["order"] == "ba").astype(int)).sort_values(["_group", "_o"], kind="stable")
    firsts = g.drop_duplicates("_group")
    won_rows = (g["winner"].astype(object) == g["_group"].map(firsts.set_index("_group")["pad_target"])).astype(int)
    won = won_rows.groupby(g["_group"]).sum()
    n_orders = g.groupby("_group").size()
    firsts = firsts.set_index("_group")
    won = won.reindex(firsts.index)
    winning = firsts[(won > 0).to_numpy()]
    labels = winning["_label"].to_numpy()
    ratio = pd.to_numeric(winning["pad_ratio"], errors="coerce").fillna(1e9).to_numpy(dtype=float)
    items = o.keys["item"].reindex(labels).tolist()
    suites = o.keys["suite"].reindex(labels).tolist()
    n_won = won[winning.index].to_numpy()
    ordered = sorted(range(len(labels)), key=lambda i: (-n_won[i], ratio[i], items[i]))
    # one example per item first (its least padding that won), so the list shows different items
    seen: set[tuple[Any, str]] = set()
    first_seen: list[int] = []
    repeats: list[int] = []
    for i in ordered:
        (repeats if (suites[i], items[i]) in seen else first_seen).append(i)
        seen.add((suites[i], items[i]))
    shown = []
    for i in (first_seen + repeats)[:limit]:
        k = winning.index[i]
        orders = [judgments.row(int(x)) for x in g.loc[g["_group"] == k, "_label"]]
        original = judgments.row(int(o.table.at[o.pair[labels[i]], "ab"]))
        shown.append(_padded(orders, original, suites[i], items[i], int(n_won[i]), int(n_orders[k])))
    return {"total": len(labels), "n_padded": n_padded, "shown": shown}


def _padded(orders: list[Judgment], original: Judgment, suite: Any, item: str, won: int, n: int) -> PaddedWin:
    first = orders[0]
    target = str(first["pad_target"])
    better = "b" if target == "a" else "a"
    return {
        "item_id": item,
        "suite": suite,
        "variant": str(first.get("variant")),
        "target": target.upper(),
        "better": better.upper(),
        "pad_ratio": first.get("pad_ratio"),
        "pad_style": first.get("pad_style"),
        "won_both": won == 2 and n == 2,
        "won": won,
        "n_orders": n,
        "instruction": clip(first.get("instruction")),
        "better_text": clip(first.get(f"response_{better}")),
        "padded_text": clip(first.get(f"response_{target}")),
        "original_text": clip(original.get(f"response_{target}")),
        "len_before": cast("Mapping[str, Any]", original).get(f"len_{target}"),
        "len_after": cast("Mapping[str, Any]", first).get(f"len_{target}"),
        "has_text": any(first.get(k) for k in ("instruction", "response_a", "response_b")),
        "orders": [_order_view(r) for r in orders],
    }
