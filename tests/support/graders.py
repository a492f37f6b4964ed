"""Single answers and graded runs for the grader tests: synthetic answers and the starter grader suite."""

from __future__ import annotations

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
