"""Single answers and graded runs for the grader tests: synthetic answers and the starter grader suite."""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd

from judgeaudit.contracts.answers import Answer, load_answers
from judgeaudit.contracts.judgments import frame_from_rows
from judgeaudit.probes.suites import ProbeSpec
from judgeaudit.stats.pairs import prepare
from tests.support.paths import REPO

STARTER = REPO / "probes" / "data" / "graders-starter.jsonl"


def starter_answers() -> list[Answer]:
    return load_answers(STARTER)


def answers(n: int, *, prefix: str = "s") -> list[Answer]:
    """``n`` answers, alternately known-good and known-wrong, each with a criterion and its negation."""
    return [
        Answer(
            id=f"{prefix}{i}",
            instruction=f"What is {i} + {i}?",
            response=f"{i} + {i} = {2 * i if i % 2 == 0 else 2 * i + 1}.",
            label="pass" if i % 2 == 0 else "fail",
            criterion="The response gives the correct sum.",
            meta={"negated_criterion": "The response gives a wrong sum."},
        )
        for i in range(n)
    ]


def grader(mode: str | None = None, **planted: float) -> Any:
    """The simulated judge as a grader, with the planted grading effects given (grade_* parameters)."""
    from tests.support.simulated import simulated

    return simulated(mode, **planted)


def graded(judge: Any, items: list[Answer], *probes: str | ProbeSpec) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """(prepared rows, raw rows) of the grader probes run by ``judge`` on ``items``."""
    from tests.support.runner import judge_items

    rows, _ = judge_items(judge, items, *probes)  # type: ignore[arg-type]
    return prepare(frame_from_rows(rows))[0], list(rows)


QUAD = 64  # quadrature points over the simulated grader's noise


@cache
def _format_meta(format_id: str) -> tuple[tuple[str, ...], tuple[float, ...], tuple[str, ...], str]:
    from judgeaudit.judges.grader import load_grader_format

    fmt = load_grader_format(format_id)
    return fmt.prompt.labels, fmt.values, fmt.passing, fmt.id


def format_meta(format_id: str, **meta: Any) -> dict[str, Any]:
    """The request meta the simulated grader reads for a grader format (labels, values, passing, format)."""
    labels, values, passing, fid = _format_meta(format_id)
    return {"labels": list(labels), "values": list(values), "passing": list(passing), "format": fid, **meta}


def grade_u(
    format_id: str, noise: Any, judge_family: str | None = None, meta: dict[str, Any] | None = None, **planted: float
) -> Any:
    """The logprob-mode grade on [0, 1] (probability-weighted value) of the planted grader at each noise draw."""
    import numpy as np

    from judgeaudit.backends.simulated_grader import grade_probs

    m = format_meta(format_id, **(meta or {}))
    lo, hi = min(m["values"]), max(m["values"])
    vals = np.asarray(m["values"], float)
    return np.array(
        [float(np.dot(grade_probs(planted, m, float(e), judge_family), vals)) for e in np.atleast_1d(noise)]
    ).__sub__(lo) / (hi - lo)


def expected_u(
    format_id: str, judge_family: str | None = None, meta: dict[str, Any] | None = None, **planted: float
) -> float:
    """E[grade on [0, 1]] over the planted N(0, grade_noise) noise (midpoint quadrature)."""
    import numpy as np
    from scipy import stats as sps

    sd = float(planted.get("grade_noise", 0.5))
    noise = sps.norm.ppf((np.arange(QUAD) + 0.5) / QUAD, scale=sd)
    return float(np.mean(grade_u(format_id, noise, judge_family, meta, **planted)))


def varied_answers(n: int, *, prefix: str = "v", families: tuple[str, ...] = ()) -> list[Answer]:
    """``answers(n)`` with lengths varying over about three doublings (filler words), and families in turn."""
    out = []
    for i, a in enumerate(answers(n, prefix=prefix)):
        extra = " It is so." * ((i * 7) % 11)
        fam = families[(i // 2) % len(families)] if families else None
        out.append(Answer(**{**a.__dict__, "response": a.response + extra, "family": fam, "model": fam and f"{fam}-m"}))
    return out
