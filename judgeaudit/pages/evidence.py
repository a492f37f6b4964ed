"""The most telling examples behind the numbers, read from judgments.jsonl.

Two kinds: pairs whose verdict flipped when the answers swapped places, and padded answers that won.
Each example carries both presentation orders and the judge's raw output, so a reader can check a
number against the judge's own words. All text is returned raw; the template escapes it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from judgeaudit.contracts.judgments import Judgment, judgment_key
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


def _key(row: Judgment) -> tuple[Any, ...]:
    """One pair, every variant: (suite, item, repeat, judge), the judge too, so a file holding several judges
    never pairs one judge's order with another's."""
    return judgment_key(row)[:4]


def _original_pairs(rows: Sequence[Judgment]) -> dict[tuple[Any, ...], dict[str, Judgment]]:
    pairs: dict[tuple[Any, ...], dict[str, Judgment]] = defaultdict(dict)
    for r in rows:
        if r.get("mode") == "pairwise" and r.get("variant") == "original" and r.get("order") in ("ab", "ba"):
            pairs[_key(r)].setdefault(r["order"], r)
    return pairs


def swap_flips(rows: Sequence[Judgment], limit: int = MAX_SHOWN) -> SwapFlips:
    """Pairs whose verdict changed when the two answers swapped places, most telling first.

    Most telling: a gold label says one of the two verdicts was wrong, then the larger swing in the
    judge's stated probability (logprob mode), then the item id (a stable order).
    """
    pairs = _original_pairs(rows)
    complete = {
        k: v
        for k, v in pairs.items()
        if "ab" in v and "ba" in v and v["ab"].get("winner") is not None and v["ba"].get("winner") is not None
    }
    flips: list[tuple[tuple[bool, float, str], SwapFlip]] = []
    for key, v in complete.items():
        ab, ba = v["ab"], v["ba"]
        if ab["winner"] == ba["winner"]:
            continue
        slots = (_slot("ab", ab["winner"]), _slot("ba", ba["winner"]))
        kind = (
            "primacy"
            if "first" in slots and "second" not in slots
            else "recency"
            if "second" in slots and "first" not in slots
            else "other"
        )
        label = ab.get("label")
        gold_wrong = label in ("a", "b") and (ab["winner"] != label or ba["winner"] != label)
        p_ab, p_ba = ab.get("p_a"), ba.get("p_a")
        swing = abs(p_ab - p_ba) if isinstance(p_ab, (int, float)) and isinstance(p_ba, (int, float)) else 0.0
        flips.append(
            (
                (not gold_wrong, -swing, str(key[1])),
                {
                    "item_id": str(key[1]),
                    "suite": key[0],
                    "label": label,
                    "kind": kind,
                    "summary": _flip_summary(ab, ba, kind),
                    **_texts(ab),
                    "len_a": ab.get("len_a"),
                    "len_b": ab.get("len_b"),
                    "model_a": ab.get("model_a"),
                    "model_b": ab.get("model_b"),
                    "orders": [_order_view(ab), _order_view(ba)],
                },
            )
        )
    flips.sort(key=lambda t: t[0])
    return {"total": len(flips), "n_pairs": len(complete), "shown": [f for _, f in flips[:limit]]}


def _flip_summary(ab: Judgment, ba: Judgment, kind: str) -> str:
    name = {"a": "A", "b": "B", "tie": "a tie"}
    text = f"With A shown first it chose {name.get(ab.get('winner') or '')}; with B shown first it chose {name.get(ba.get('winner') or '')}."
    if kind == "primacy":
        text += " It followed the first slot, not the content."
    elif kind == "recency":
        text += " It followed the second slot, not the content."
    return text


def padded_wins(rows: Sequence[Judgment], limit: int = MAX_SHOWN) -> PaddedWins:
    """Padded worse answers that beat the better answer the judge had picked before padding.

    Only pairs the judge got right unpadded in both orders count (the padding_flip_rate's population);
    most telling first: won in both orders, then the least padding, then the item id; one example per
    item before any item's second.
    """
    originals = _original_pairs(rows)
    right = {
        k
        for k, v in originals.items()
        if "ab" in v
        and "ba" in v
        and v["ab"].get("label") in ("a", "b")
        and v["ab"].get("winner") == v["ab"]["label"]
        and v["ba"].get("winner") == v["ba"]["label"]
    }
    groups: dict[tuple[Any, ...], dict[str, Judgment]] = defaultdict(dict)
    for r in rows:
        target = r.get("pad_target")
        if r.get("mode") != "pairwise" or target not in ("a", "b") or r.get("order") not in ("ab", "ba"):
            continue
        label = r.get("label")
        worse = r.get("pad_role") == "worse" or (r.get("pad_role") is None and label in ("a", "b") and target != label)
        if worse and _key(r) in right:
            groups[(*_key(r), str(r.get("variant")))].setdefault(r["order"], r)
    wins: list[tuple[tuple[int, float, str], PaddedWin]] = []
    n_padded = 0
    for key, v in groups.items():
        n_padded += 1
        orders = [v[o] for o in ("ab", "ba") if o in v]
        target = orders[0]["pad_target"]
        won = sum(1 for r in orders if r.get("winner") == target)
        if not won:
            continue
        first = orders[0]
        original: Mapping[str, Any] = originals.get(key[:4], {}).get("ab", {})
        better = "b" if target == "a" else "a"
        ratio = first.get("pad_ratio")
        wins.append(
            (
                (-won, ratio if isinstance(ratio, (int, float)) else 1e9, str(key[1])),
                {
                    "item_id": str(key[1]),
                    "suite": key[0],
                    "variant": key[4],
                    "target": target.upper(),
                    "better": better.upper(),
                    "pad_ratio": ratio,
                    "pad_style": first.get("pad_style"),
                    "won_both": won == 2 and len(orders) == 2,
                    "won": won,
                    "n_orders": len(orders),
                    "instruction": clip(first.get("instruction")),
                    "better_text": clip(first.get(f"response_{better}")),
                    "padded_text": clip(first.get(f"response_{target}")),
                    "original_text": clip(original.get(f"response_{target}")),
                    "len_before": original.get(f"len_{target}"),
                    "len_after": first.get(f"len_{target}"),
                    "has_text": any(first.get(k) for k in ("instruction", "response_a", "response_b")),
                    "orders": [_order_view(r) for r in orders],
                },
            )
        )
    wins.sort(key=lambda t: t[0])
    # one example per item first (its least padding that won), so the list shows different items
    seen: set[tuple[Any, str]] = set()
    firsts: list[PaddedWin] = []
    repeats: list[PaddedWin] = []
    for _, w in wins:
        (repeats if (w["suite"], w["item_id"]) in seen else firsts).append(w)
        seen.add((w["suite"], w["item_id"]))
    return {"total": len(wins), "n_padded": n_padded, "shown": (firsts + repeats)[:limit]}
