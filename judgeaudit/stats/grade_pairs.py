"""Single-answer grades as the per-response scores of a pair, for ``score_vs_rank`` on graders.

A pair (instruction, response a, response b) whose two responses were also graded alone (``mode: grade``
rows of answers as given, with the same instruction and the same text) gets score rows built from those
grades: the grade on [0, 1] of its format's scale (probability-weighted in logprob mode), the mean over
repeats. Then ``score_vs_rank`` compares the grades with the pairwise verdicts on the same answers.
"""

from __future__ import annotations

import pandas as pd

from judgeaudit.stats.grader_known import known_rows
from judgeaudit.stats.grader_length import unit_grades
from judgeaudit.stats.grader_rows import read


def grade_score_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Score rows (``mode: score``, ``response`` a/b) for the pairs whose two answers were graded alone."""
    graded = known_rows(rows)
    pw = rows.loc[rows["mode"] == "pairwise"] if "mode" in rows.columns else rows.iloc[0:0]
    if graded.empty or pw.empty or "response_a" not in pw.columns or "answer" not in graded.columns:
        return rows.iloc[0:0]
    ok = read(graded)
    u = pd.Series(float("nan"), index=graded.index)
    u.loc[ok.index] = unit_grades(ok) if len(ok) else []
    by_text = graded.assign(u=u).groupby(["instruction", "answer"], sort=True)["u"].mean()
    pairs = pw.drop_duplicates("unit")[["unit", "instruction", "response_a", "response_b", "label"]]
    out = []
    for pair in pairs.itertuples(index=False):
        sa = by_text.get((pair.instruction, pair.response_a))
        sb = by_text.get((pair.instruction, pair.response_b))
        if sa is None or sb is None:
            continue
        for side, score in (("a", sa), ("b", sb)):  # an unreadable grade stays NaN, counted as unparsed
            out.append(
                {
                    "mode": "score",
                    "response": side,
                    "unit": pair.unit,
                    "variant": "original",
                    "score": float(score),
                    "parsed": bool(pd.notna(score)),
                    "label": pair.label,
                }
            )
    return pd.DataFrame(out, columns=["mode", "response", "unit", "variant", "score", "parsed", "label"])
