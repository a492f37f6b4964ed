"""AlpacaEval annotation files (tatsu-lab/alpaca_eval ``results/<model>/<annotator>/annotations.json``).

Each record holds ``output_1``/``generator_1`` (the baseline), ``output_2``/``generator_2`` (the model
under evaluation), ``annotator`` and ``preference`` = 1 + P(output_2 is better), in [1, 2], soft for
the weighted (logprob) annotators. AlpacaEval randomises which output the judge sees first and does
not record it, and ``preference`` is already mapped back to output_1/output_2. So every row gets
order ``ab`` (a = output_1, b = output_2), the winner is read from the preference (< 1.5 → a,
> 1.5 → b, = 1.5 → tie), and the soft preference is kept as ``p_a = 2 - preference`` (and verbatim as
``preference``, for :func:`alpaca_eval_win_rate`).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from judgeaudit.importers.base import (
    Collector,
    ImportResult,
    check_options,
    family_for,
    find_files,
    importer,
)

# Annotator config name → the judge model behind it; first matching substring wins. Configs of
# AlpacaEval 1 and 2 (leaderboards/evaluators/evaluators_leaderboard.csv); others keep their name.
ANNOTATOR_JUDGES: tuple[tuple[str, str], ...] = (
    ("gpt-4o-mini", "gpt-4o-mini"),
    ("gpt4_turbo", "gpt-4-turbo"),
    ("gpt4", "gpt-4"),
    ("chatgpt", "gpt-3.5-turbo"),
    ("text_davinci_003", "text-davinci-003"),
    ("llama3_70b", "llama-3-70b-instruct"),
    ("claude", "claude"),
)


def annotator_judge(annotator: str) -> str:
    """``weighted_alpaca_eval_gpt4_turbo`` → ``gpt-4-turbo``; unknown configs keep their name."""
    low = annotator.lower()
    return next((judge for needle, judge in ANNOTATOR_JUDGES if needle in low), annotator)


def _preference(value: Any) -> float | None:
    """A preference in [1, 2], ``None`` when the annotator gave none; ``ValueError`` if out of range.

    AlpacaEval's older files encode a draw as 0; it reads 0 as 1.5 (``metrics/helpers.py``), and so
    do we.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    pref = float(value)
    if math.isnan(pref):
        return None
    if pref == 0:
        return 1.5
    if not 1.0 <= pref <= 2.0:
        raise ValueError(value)
    return pref


def winner_of(preference: float | None) -> str | None:
    if preference is None:
        return None
    return "a" if preference < 1.5 else "b" if preference > 1.5 else "tie"


@importer("alpaca_eval")
def import_alpaca_eval(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import AlpacaEval ``annotations.json`` files (directories are searched for them)."""
    check_options("alpaca_eval", options)
    col = Collector(options)
    for path in find_files(paths, "annotations.json"):
        col.source(path)
        seen: dict[str, int] = {}
        for line, record in col.records(path):
            _record(col, path, line, record, seen)
    return col.result


def _record(col: Collector, path: Path, line: int, rec: Any, seen: dict[str, int]) -> None:
    if not isinstance(rec, dict):
        col.skip(path, line, None, f"expected a JSON object, got {type(rec).__name__}")
        return
    for key in ("instruction", "output_1", "output_2", "generator_1", "generator_2", "annotator"):
        if not isinstance(rec.get(key), str):
            col.skip(path, line, key, "missing or not a string")
            return
    try:
        pref = _preference(rec.get("preference"))
    except (TypeError, ValueError):
        col.skip(
            path,
            line,
            "preference",
            f"must be a number in [1, 2] (or 0 for a draw), got {rec.get('preference')!r}",
        )
        return
    judge, family = col.judge(annotator_judge(rec["annotator"]))
    g1, g2 = rec["generator_1"], rec["generator_2"]
    # Content-addressed item ids, so the same pair judged by two annotators is the same item.
    digest = hashlib.sha1(rec["instruction"].encode("utf-8")).hexdigest()[:12]
    seen[digest] = seen.get(digest, 0) + 1
    suffix = "" if seen[digest] == 1 else f"-{seen[digest]}"
    raw = rec.get("raw_completion")
    col.add(
        {
            "judge": judge,
            "judge_family": family,
            "probe": "recorded",
            "suite": "alpaca_eval",
            "item_id": f"alpaca_eval/{g1}-vs-{g2}/{digest}{suffix}",
            "variant": "original",
            "mode": "pairwise",
            "order": "ab",
            "winner": winner_of(pref),
            "p_a": None if pref is None else 2.0 - pref,
            "preference": pref,
            "label": None,
            "len_a": len(rec["output_1"]),
            "len_b": len(rec["output_2"]),
            "model_a": g1,
            "model_b": g2,
            "family_a": family_for(g1, col.options),
            "family_b": family_for(g2, col.options),
            "annotator": rec["annotator"],
            "category": rec.get("dataset"),
            "raw": raw if isinstance(raw, str) or raw is None else json.dumps(raw, ensure_ascii=False),
            "instruction": rec["instruction"],
            "response_a": rec["output_1"],
            "response_b": rec["output_2"],
        },
        path,
        line,
    )


def _row_preference(row: dict[str, Any]) -> float | None:
    pref = row.get("preference")
    if pref is not None and not (isinstance(pref, float) and math.isnan(pref)):
        return float(pref)
    p_a = row.get("p_a")
    if p_a is not None and not (isinstance(p_a, float) and math.isnan(p_a)):
        return 2.0 - float(p_a)
    return {"a": 1.0, "b": 2.0, "tie": 1.5}.get(row.get("winner"))  # type: ignore[arg-type]


def alpaca_eval_win_rate(rows: Iterable[dict[str, Any]]) -> dict[str, float | int]:
    """AlpacaEval's win rate of response ``b`` (the evaluated model) over ``a`` (the baseline).

    Reproduces ``alpaca_eval.metrics`` (``AbsoluteScoringRule.describe_head2head``): ``win_rate`` is
    the mean of ``preference - 1`` ×100 over the judgments that have a preference (a soft preference
    counts fractionally, a draw at 1.5 counts 0.5), ``standard_error`` its standard error of the mean,
    and ``discrete_win_rate`` = (n_wins + n_draws / 2) / n_total ×100, the leaderboard's discrete
    column. The preference is read from ``preference``, else ``2 - p_a``, else the winner.
    """
    prefs = [p for p in (_row_preference(r) for r in rows if r.get("mode", "pairwise") == "pairwise") if p is not None]
    n = len(prefs)
    if n == 0:
        return {
            "win_rate": math.nan,
            "standard_error": math.nan,
            "n_wins": 0,
            "n_wins_base": 0,
            "n_draws": 0,
            "n_total": 0,
            "discrete_win_rate": math.nan,
        }
    x = [p - 1.0 for p in prefs]
    mean = sum(x) / n
    sem = math.sqrt(sum((v - mean) ** 2 for v in x) / (n - 1) / n) if n > 1 else math.nan
    n_wins = sum(v > 0.5 for v in x)
    n_base = sum(v < 0.5 for v in x)
    n_draws = n - n_wins - n_base
    return {
        "win_rate": mean * 100,
        "standard_error": sem * 100,
        "n_wins": n_wins,
        "n_wins_base": n_base,
        "n_draws": n_draws,
        "n_total": n,
        "discrete_win_rate": (n_wins + n_draws / 2) / n * 100,
    }
