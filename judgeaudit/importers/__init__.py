"""Importers: judgments recorded elsewhere (LLMBar, PandaLM, AlpacaEval, MT-Bench, JudgeBench, the logs of
inspect_ai, promptfoo, deepeval, lm-evaluation-harness and OpenAI evals, any JSONL/CSV) turned into the judgments contract, so recorded verdicts of closed judges can be audited.

One module per format, each registering ``import_<format>(paths, *, options) -> ImportResult``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from judgeaudit.errors import InputError, InputErrors, JudgeAuditError
from judgeaudit.importers import (  # noqa: F401  (register)
    alpaca_eval,
    deepeval,
    generic,
    inspect_ai,
    judgebench,
    llmbar,
    lm_eval,
    mtbench,
    mtbench_single,
    openai_evals,
    pandalm,
    prometheus_absolute,
    promptfoo,
)
from judgeaudit.importers.alpaca_eval import alpaca_eval_win_rate
from judgeaudit.importers.base import ImportResult, importers

__all__ = ["ImportResult", "alpaca_eval_win_rate", "formats", "import_judgments", "importers"]


def formats() -> list[str]:
    """Names of the registered import formats."""
    return importers.names()


def import_judgments(fmt: str, paths: list[Path], options: dict[str, Any] | None = None) -> ImportResult:
    """Read recorded judgments in format ``fmt`` from ``paths`` (files or directories).

    Rows that cannot be read are listed in ``skipped`` and the rest is returned. Raises
    :class:`InputErrors` when nothing at all could be imported, so an empty run is never written
    silently.
    """
    try:
        fn = importers.get(fmt)
    except KeyError as exc:
        raise JudgeAuditError(exc.args[0]) from None
    result = fn([Path(p) for p in paths], options=dict(options or {}))
    if not result.rows:
        shown = ", ".join(str(p) for p in paths)
        raise InputErrors(result.skipped or [InputError(shown, None, None, f"no {fmt} judgments found")])
    return result
