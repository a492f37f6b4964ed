"""Score vs rank: is this judge better used to compare two responses or to score each alone?

The same items are judged pairwise (both orders) and per response with an absolute score. Accuracy
counts a tie (a pairwise tie, or two equal scores) as half right in both protocols, so neither is
favoured by how it ties. The recommendation ("don't score, rank" is the hypothesis under test) also
charges each protocol for its unparsed outputs: a verdict you cannot read is a coin flip.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd

from judgeaudit.contracts.estimate import Estimate, empty, with_keys
from judgeaudit.metrics.sections.score_vs_rank import GoldAccuracy, Recommendation, ScoreVsRankMetrics
from judgeaudit.stats.grade_pairs import grade_score_rows
from judgeaudit.stats.pairs import among, pairwise, parse_counts
from judgeaudit.stats.rates import diff_estimate, rate_estimate
from judgeaudit.stats.sections import SectionInput, section_stats


def score_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per item with ``score_a``/``score_b`` (mean over repeats; NaN when unparsed)."""
    s = rows.loc[(rows["mode"] == "score") & rows["response"].isin(("a", "b"))]
    wide = s.groupby(["unit", "response"])["score"].mean().unstack("response")
    for col in ("a", "b"):
        if col not in wide.columns:
            wide[col] = np.nan
    wide = wide.rename(columns={"a": "score_a", "b": "score_b"})[["score_a", "score_b"]]
    labels = s.groupby("unit")["label"].first()
    return wide.join(labels).reset_index()


def score_vs_rank_metrics(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> ScoreVsRankMetrics | None:
    """The score_vs_rank section for one judge's prepared rows.

    None without score-mode rows, unless items share a ``group`` (then only transitivity is known).
    """
    scored = rows.loc[rows["mode"] == "score"]
    if scored.empty and (rows["mode"] == "grade").any():
        # a grader's single-answer grades stand in for the scores where the same answers were also ranked
        scored = grade_score_rows(rows)
        if scored.empty:
            return _graded_only(rows)
        rows = pd.concat([rows, scored], ignore_index=True)
    if scored.empty:
        tri = transitivity_violations(rows, seed=seed, n_boot=n_boot)
        if tri is None:
            return None
        grouped = pairwise(rows)
        grouped = grouped.loc[grouped["group"].notna()]
        return {**parse_counts(grouped), "transitivity_violations": tri}
    sp = score_pairs(rows)
    units = set(sp["unit"])
    pw = pairwise(rows)
    pw = pw.loc[among(pw["unit"], units)]
    out: ScoreVsRankMetrics = {
        **parse_counts(pd.concat([scored, pw])),
        "n_items": len(units),
        "score": parse_counts(scored),
        "pairwise": parse_counts(pw),
    }
    both = sp.loc[sp["score_a"].notna() & sp["score_b"].notna()].reset_index(drop=True)
    out["n_score_pairs"] = int(len(both))
    diff = (both["score_a"] - both["score_b"]).to_numpy(float)
    bunits = both["unit"].to_numpy()
    if len(both):
        out["score_tie_rate"] = rate_estimate(bunits, diff == 0)
    else:
        out["score_tie_rate"] = empty(note="no item has both responses scored")
    out["agreement"] = agreement(pw.loc[pw["parsed"]], both, seed=seed, n_boot=n_boot)
    out.update(accuracies(pw, sp, seed=seed, n_boot=n_boot))
    tri = transitivity_violations(rows, seed=seed, n_boot=n_boot)
    if tri is not None:
        out["transitivity_violations"] = tri
    out.update(recommend(out))
    return out


def _graded_only(rows: pd.DataFrame) -> ScoreVsRankMetrics:
    """Single answers graded, but no pair of them also judged pairwise: n/a, with the reason."""
    note = (
        "single answers were graded, but no pair of the same answers (same instruction and texts) was also "
        "judged pairwise: run score_vs_rank's pairs on the graded answers to compare grading with ranking"
    )
    graded = rows.loc[rows["mode"] == "grade"]
    return {**parse_counts(graded), "agreement": empty(len(graded.drop_duplicates("unit")), note=note)}


def agreement(pw: pd.DataFrame, both: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> Estimate:
    """Share of parsed pairwise verdicts on items with non-tie scores whose choice matches the scores."""
    order = both.loc[both["score_a"] != both["score_b"]]
    score_winner = pd.Series(np.where(order["score_a"] > order["score_b"], "a", "b"), index=order["unit"])
    r = pw.loc[among(pw["unit"], score_winner.index)]
    if r.empty:
        return empty(note="no item with unequal scores and a parsed pairwise verdict")
    match = r["winner"].to_numpy(object) == score_winner.reindex(r["unit"]).to_numpy(object)
    return rate_estimate(r["unit"].to_numpy(), match)


def _credit(choice: np.ndarray, label: np.ndarray) -> np.ndarray:
    """1 right, 0 wrong, 0.5 for a tie or an unreadable answer (a coin flip would do as well)."""
    return np.where(choice == label, 1.0, np.where((choice == "a") | (choice == "b"), 0.0, 0.5))


def accuracies(pw: pd.DataFrame, sp: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> GoldAccuracy:
    """``rank_accuracy`` and ``score_accuracy`` vs gold, and their gap with the unparsed counted as chance."""
    gold_units = set(sp.loc[sp["label"].isin(("a", "b")), "unit"])
    if not gold_units:
        return {}
    p = pw.loc[among(pw["unit"], gold_units)]
    s = sp.loc[among(sp["unit"], gold_units)]
    rank_choice = p["winner"].to_numpy(object)
    rank_credit = _credit(np.where(pd.isna(rank_choice), "?", rank_choice), p["label"].to_numpy(object))
    diff = (s["score_a"] - s["score_b"]).to_numpy(float)
    score_choice = np.where(np.isnan(diff), "?", np.where(diff > 0, "a", np.where(diff < 0, "b", "tie")))
    score_credit = _credit(score_choice, s["label"].to_numpy(object))
    rank_parsed = p["parsed"].to_numpy(bool)
    score_parsed = ~np.isnan(diff)
    out: GoldAccuracy = {}
    pu, su = p["unit"].to_numpy(), s["unit"].to_numpy()
    out["rank_accuracy"] = _accuracy(pu, rank_credit, rank_parsed)
    out["score_accuracy"] = _accuracy(su, score_credit, score_parsed)
    if len(p) and len(s):
        units = np.concatenate([pu, su])
        is_rank = np.r_[np.ones(len(p)), np.zeros(len(s))]
        credit = np.r_[rank_credit, score_credit]
        gap = diff_estimate(
            units,
            is_rank,
            credit,
            1 - is_rank,
            credit,
            keep=(),
        )
        # n counts gold items (each has a rank and a score credit), not the two groups' judgments
        out["accuracy_gap"] = with_keys(
            gap, n=len(gold_units), note="rank − score accuracy, unparsed outputs counted as chance"
        )
    return out


def _accuracy(units: np.ndarray, credit: np.ndarray, parsed: np.ndarray) -> Estimate:
    """The credit of the parsed outputs, with the unparsed counted as chance alongside."""
    if int(parsed.sum()):
        return rate_estimate(units[parsed], credit[parsed], with_unparsed_as_chance=float(credit.mean()))
    return empty(note="no parsed output on gold-labelled items")


def recommend(section: ScoreVsRankMetrics) -> Recommendation:
    """ "rank" or "score", in plain words: score only when scoring is clearly more accurate."""
    gap = section.get("accuracy_gap") or {}
    lo, hi = gap.get("ci") or [None, None]
    if gap.get("value") is not None and lo is not None and hi is not None:
        acc_r = (section.get("rank_accuracy") or {}).get("with_unparsed_as_chance")
        acc_s = (section.get("score_accuracy") or {}).get("with_unparsed_as_chance")
        nums = (
            f"pairwise {acc_r:.0%} vs scores {acc_s:.0%} right against gold"
            if acc_r is not None and acc_s is not None
            else "accuracy against gold"
        )
        if hi < 0:
            return {
                "recommendation": "score",
                "recommendation_reason": f"Scoring each response alone is more accurate here ({nums}); "
                "use this judge to score.",
            }
        if lo > 0:
            return {
                "recommendation": "rank",
                "recommendation_reason": f"Comparing the two responses is more accurate here ({nums}); "
                "use this judge pairwise, in both orders.",
            }
        return {
            "recommendation": "rank",
            "recommendation_reason": f"The two protocols are not distinguishable on these items ({nums}); "
            "rank (pairwise, both orders) is the default because its position bias "
            "is measured and cancels when both orders are averaged.",
        }
    tie = (section.get("score_tie_rate") or {}).get("value")
    tie_words = f" its scores tie on {tie:.0%} of pairs, and" if tie is not None else ""
    return {
        "recommendation": "rank",
        "recommendation_reason": f"No gold labels to compare accuracy:{tie_words} a tied score cannot "
        "separate two responses, so rank (pairwise, both orders).",
    }


def transitivity_violations(rows: pd.DataFrame, *, seed: int = 0, n_boot: int = 2000) -> Estimate | None:
    """Share of response triads whose pairwise preferences form a cycle (groups of ≥3 responses).

    Items sharing a ``group`` compare responses named by ``model_a``/``model_b``. Each compared pair's
    preference is the sign of (verdicts for a − verdicts for b) over its parsed judgments (both
    orders); a triad counts when all three of its pairs were judged. None without groups.
    """
    pw = pairwise(rows)
    pw = pw.loc[pw["group"].notna() & pw["model_a"].notna() & pw["model_b"].notna() & pw["parsed"]]
    if pw.empty:
        return None
    vote = np.where(pw["winner"] == "a", 1, np.where(pw["winner"] == "b", -1, 0))
    pref = pw.assign(vote=vote).groupby(["group", "model_a", "model_b"])["vote"].sum()
    cyc, tot, groups = [], [], []
    for g, sub in pref.groupby(level="group"):
        beats: dict[tuple[str, str], int] = {}
        for (_, ma, mb), v in sub.items():
            s = int(np.sign(v))
            beats[(ma, mb)] = beats.get((ma, mb), 0) + s
            beats[(mb, ma)] = beats.get((mb, ma), 0) - s
        models = sorted({m for pair in beats for m in pair})
        if len(models) < 3:
            continue
        for x, y, z in combinations(models, 3):
            if (x, y) in beats and (y, z) in beats and (x, z) in beats:
                sxy, syz, szx = np.sign(beats[(x, y)]), np.sign(beats[(y, z)]), np.sign(beats[(z, x)])
                cyc.append(float(sxy == syz == szx != 0))
                tot.append(1.0)
                groups.append(str(g))
    if not tot:
        return empty(note="no group has three responses judged against each other")
    return rate_estimate(np.array(groups, dtype=object), np.asarray(cyc), n_groups=int(len(set(groups))))


@section_stats("score_vs_rank")
def score_vs_rank_section(s: SectionInput) -> ScoreVsRankMetrics | None:
    """The ``score_vs_rank`` section of metrics.json for one audit."""
    return score_vs_rank_metrics(s.rows, seed=s.seed, n_boot=s.n_boot)
