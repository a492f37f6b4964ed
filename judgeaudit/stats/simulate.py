"""Judgments from a judge with planted biases, without running the pipeline: the estimators' test bed.

The verdict model is the simulated backend's (``judgeaudit.backends.simulated``), parameter for
parameter: P(first slot) = σ(position + gold·g + length·tanh(Δlen/length_scale) + own_family·(own_first −
own_second)), g = +1 when the gold-better response is shown first, −1 when second, 0 otherwise; a tie
with probability ``tie_rate`` and an unparsed output with ``unparsed_rate`` before that draw. Scores:
3 + score_gold·quality + score_length·tanh(length/length_scale) + N(0, score_noise), rounded into 1..5.
So a metric that recovers a planted value here recovers it from a simulated-backend run too.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd


def _defaults() -> dict[str, float]:
    from judgeaudit.backends.simulated import DEFAULTS

    return dict(DEFAULTS)


def _seed(*parts: object) -> int:
    return int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16], 16)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def p_first_slot(
    params: dict[str, float],
    gold_first: np.ndarray,
    dlen_first: np.ndarray,
    own_first: np.ndarray,
    own_second: np.ndarray,
) -> np.ndarray:
    """P(the judge picks the first slot): the simulated backend's formula, vectorised.

    ``gold_first`` is +1 when the gold-better response is first, −1 when second, 0 otherwise;
    ``dlen_first`` is len(first) − len(second); ``own_*`` are 1 where that slot's response is of the
    judge's family.
    """
    p = params
    logit = (
        p["position"]
        + p["gold"] * np.asarray(gold_first, dtype=float)
        + p["length"] * np.tanh(np.asarray(dlen_first, dtype=float) / p["length_scale"])
        + p["own_family"] * (np.asarray(own_first, dtype=float) - np.asarray(own_second, dtype=float))
    )
    return _sigmoid(logit)


def make_items(
    n_items: int,
    *,
    seed: int = 0,
    gold_share: float = 1.0,
    families: Sequence[str] = ("fam0", "fam1"),
    len_median: float = 600.0,
    len_sigma: float = 0.5,
    suite: str = "sim",
) -> pd.DataFrame:
    """Items: id, gold label (``a``/``b`` with probability ``gold_share``, else unknown), lengths, families.

    Lengths are log-normal; each response's family is drawn uniformly from ``families``.
    """
    rng = np.random.default_rng(_seed("items", seed))
    known = rng.random(n_items) < gold_share
    label = np.where(rng.random(n_items) < 0.5, "a", "b").astype(object)
    label[~known] = None
    lens = np.maximum(1, np.round(len_median * np.exp(len_sigma * rng.standard_normal((n_items, 2))))).astype(int)
    fam = np.asarray(families, dtype=object)[rng.integers(0, len(families), size=(n_items, 2))]
    return pd.DataFrame(
        {
            "suite": suite,
            "item_id": [f"{suite}-{i:05d}" for i in range(n_items)],
            "label": label,
            "len_a": lens[:, 0],
            "len_b": lens[:, 1],
            "family_a": fam[:, 0],
            "family_b": fam[:, 1],
            "model_a": [f"{f}-model" for f in fam[:, 0]],
            "model_b": [f"{f}-model" for f in fam[:, 1]],
        }
    )


def _pairwise_rows(
    items: pd.DataFrame, p: dict[str, float], judge_family: str, rng: np.random.Generator, logprob: bool
) -> pd.DataFrame:
    """Both orders of every item row (lengths as shown), verdicts drawn from the planted model."""
    frames = []
    gold = np.where(items["label"] == "a", 1.0, np.where(items["label"] == "b", -1.0, 0.0))
    dlen = (items["len_a"] - items["len_b"]).to_numpy(float)
    own_a = (items["family_a"] == judge_family).to_numpy(float)
    own_b = (items["family_b"] == judge_family).to_numpy(float)
    for order, s in (("ab", 1.0), ("ba", -1.0)):
        # in ba, b is first: every a-vs-b quantity flips sign from the first slot's side
        p_first = p_first_slot(p, s * gold, s * dlen, own_a if s > 0 else own_b, own_b if s > 0 else own_a)
        u = rng.random(len(items))
        first_wins = rng.random(len(items)) < p_first
        first, second = ("a", "b") if order == "ab" else ("b", "a")
        if logprob:  # one forward pass: the verdict is the likelier slot, p_a its probability
            winner = np.where(p_first > 0.5, first, np.where(p_first < 0.5, second, "tie")).astype(object)
            p_a = p_first if order == "ab" else 1.0 - p_first
        else:
            winner = np.where(first_wins, first, second).astype(object)
            winner[u < p["unparsed_rate"] + p["tie_rate"]] = "tie"
            winner[u < p["unparsed_rate"]] = None
            p_a = np.full(len(items), np.nan)
        f = items.copy()
        f["mode"], f["order"], f["winner"], f["p_a"] = "pairwise", order, winner, p_a
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def simulate(
    n_items: int = 200,
    *,
    seed: int = 0,
    judge: str = "sim-judge",
    judge_family: str = "fam0",
    families: Sequence[str] = ("fam0", "fam1"),
    gold_share: float = 1.0,
    len_median: float = 600.0,
    len_sigma: float = 0.5,
    repeats: int = 1,
    pad_sizes: Sequence[float] = (),
    scores: bool = False,
    logprob: bool = False,
    **params: float,
) -> pd.DataFrame:
    """A judgments DataFrame (judgments contract) from a judge with planted biases.

    Args:
        n_items: base items; each is judged in both orders (and ``repeats`` times when > 1).
        seed: items depend on ``seed`` only, verdicts on ``seed`` and ``judge``: several judges
            simulated with one seed judge the same items.
        judge, judge_family: who judges; ``own_family`` acts where a response's family is ``judge_family``.
        families: the response families to draw from.
        gold_share: share of items with a known gold label (``a`` or ``b``, equally likely).
        len_median, len_sigma: log-normal response lengths in characters.
        repeats: > 1 writes a ``repeat`` column and draws each order that many times.
        pad_sizes: with gold, also pad the worse and the better response by each ratio (verbosity probe).
        scores: also score each response alone (score_vs_rank probe).
        logprob: verdicts as in logprob mode: the likelier slot, with ``p_a``.
        **params: planted parameters, the simulated backend's names (``position``, ``gold``, ``length``,
            ``length_scale``, ``own_family``, ``tie_rate``, ``unparsed_rate``, ``score_gold``,
            ``score_length``, ``score_noise``); unknown names are an error, as in the backend.
    """
    p = _defaults()
    unknown = set(params) - set(p)
    if unknown:
        raise ValueError(f"unknown simulated-judge parameters: {', '.join(sorted(unknown))}")
    p.update({k: float(v) for k, v in params.items()})
    items = make_items(
        n_items, seed=seed, gold_share=gold_share, families=families, len_median=len_median, len_sigma=len_sigma
    )
    rng = np.random.default_rng(_seed("verdicts", seed, judge))
    frames = []
    for k in range(max(1, repeats)):
        orig = _pairwise_rows(items, p, judge_family, rng, logprob)
        orig["variant"], orig["probe"] = "original", "position"
        if repeats > 1:
            orig["repeat"] = k
        frames.append(orig)
    gold_items = items[items["label"].isin(["a", "b"])]
    for ratio in pad_sizes:
        for role in ("worse", "better"):
            padded = gold_items.copy()
            target = np.where((padded["label"] == "a") == (role == "better"), "a", "b")
            for side in ("a", "b"):
                col = f"len_{side}"
                padded[col] = np.where(target == side, np.round(padded[col] * (1.0 + ratio)), padded[col]).astype(int)
            rows = _pairwise_rows(padded, p, judge_family, rng, logprob)
            t2 = np.concatenate([target, target])
            rows["pad_target"], rows["pad_ratio"], rows["pad_role"] = t2, float(ratio), role
            rows["pad_style"] = "simulated"
            rows["variant"] = [f"pad_{t}@{ratio:g}" for t in t2]
            rows["probe"] = "verbosity"
            frames.append(rows)
    if scores:
        frames.append(_score_rows(items, p, rng))
    out = pd.concat(frames, ignore_index=True)
    out["judge"], out["judge_family"] = judge, judge_family
    if "order" in out:
        out["order"] = out["order"].astype(object).where(out["order"].notna(), None)
    return out


def _score_rows(items: pd.DataFrame, p: dict[str, float], rng: np.random.Generator) -> pd.DataFrame:
    frames = []
    for which in ("a", "b"):
        quality = np.where(items["label"] == which, 1.0, np.where(items["label"].isin(["a", "b"]), -1.0, 0.0))
        length = items[f"len_{which}"].to_numpy(float)
        s = (
            3.0
            + p["score_gold"] * quality
            + p["score_length"] * np.tanh(length / p["length_scale"])
            + rng.normal(0.0, p["score_noise"], len(items))
        )
        score = np.clip(np.round(s), 1, 5).astype(object)
        score[rng.random(len(items)) < p["unparsed_rate"]] = None
        f = items.copy()
        f["mode"], f["response"], f["score"], f["variant"], f["probe"] = (
            "score",
            which,
            score,
            "original",
            "score_vs_rank",
        )
        f["order"], f["winner"] = None, None
        frames.append(f)
    return pd.concat(frames, ignore_index=True)


def simulate_calibration(
    n_items: int = 500,
    *,
    seed: int = 0,
    temperature: float = 1.0,
    spread: float = 2.0,
    position: float = 0.0,
    judge: str = "sim-judge",
) -> pd.DataFrame:
    """Logprob-mode judgments whose probabilities are calibrated when ``temperature`` is 1.

    Each item has a latent quality gap d ~ N(0, spread); gold is ``a`` with probability σ(d), and the
    judge reports P(first) = σ(±d / temperature + position). ``temperature`` < 1 is over-confident.
    """
    rng = np.random.default_rng(_seed("calibration", seed, judge))
    d = spread * rng.standard_normal(n_items)
    label = np.where(rng.random(n_items) < _sigmoid(d), "a", "b")
    rows: list[dict[str, Any]] = []
    for i in range(n_items):
        for order, s in (("ab", 1.0), ("ba", -1.0)):
            p_first = 1.0 / (1.0 + math.exp(-(s * d[i] / temperature + position)))
            p_a = p_first if order == "ab" else 1.0 - p_first
            first, second = ("a", "b") if order == "ab" else ("b", "a")
            winner = first if p_first > 0.5 else second if p_first < 0.5 else "tie"
            rows.append(
                {
                    "judge": judge,
                    "judge_family": "fam0",
                    "probe": "position",
                    "suite": "sim",
                    "item_id": f"sim-{i:05d}",
                    "variant": "original",
                    "mode": "pairwise",
                    "order": order,
                    "winner": winner,
                    "p_a": p_a,
                    "label": str(label[i]),
                    "len_a": 500,
                    "len_b": 500,
                }
            )
    return pd.DataFrame(rows)
