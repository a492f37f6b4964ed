"""A run's judges: one metrics dict per judge, whether the run directory holds one judge or several.

A multi-judge run (recorded verdicts of a panel, an import of LLMBar's evaluators) keeps each judge's
metrics under ``by_judge``; everything that shows, gates or ranks judges reads them through here, so a
multi-judge run is never mistaken for a run with nothing measured.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from judgeaudit.errors import JudgeAuditError
from judgeaudit.metrics.words import Metrics


def slug(name: str) -> str:
    """A judge name as an HTML id or file-name fragment."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "judge"


def judges_of(metrics: Metrics | None, fallback: str = "judge") -> dict[str, Metrics]:
    """Judge name → its metrics: the ``by_judge`` entries, else the run's one judge (``meta.judge``)."""
    metrics = metrics or {}
    by_judge = metrics.get("by_judge")
    if isinstance(by_judge, dict) and by_judge:
        return {str(j): m for j, m in sorted(by_judge.items()) if isinstance(m, dict)}
    meta = metrics.get("meta")
    judge = meta.get("judge") if isinstance(meta, dict) else None
    return {str(judge or fallback): metrics}


def is_multi(metrics: Metrics | None) -> bool:
    """Does the run hold several judges' metrics (``by_judge``)?"""
    return isinstance((metrics or {}).get("by_judge"), dict) and bool((metrics or {})["by_judge"])


def select(judges: dict[str, Metrics], names: Sequence[str], where: str) -> dict[str, Metrics]:
    """Only the judges named (all when none are); an unknown name is an error listing the judges present."""
    if not names:
        return judges
    missing = [n for n in names if n not in judges]
    if missing:
        raise JudgeAuditError(
            f"--judge {', '.join(missing)}: not a judge of {where} (judges: {', '.join(judges) or 'none'})"
        )
    return {n: judges[n] for n in judges if n in names}
