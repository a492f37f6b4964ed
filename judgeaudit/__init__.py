"""judgeaudit: audit LLM judges for position, verbosity, self-preference and score-vs-rank biases.

From Python (docs/contracts.md)::

    from judgeaudit import JudgeOptions, RunDir, probe_run

    outcome = probe_run(JudgeOptions("smollm2-135m"), ["starter"], out="reports/smollm2")
    outcome.metrics["position"]["consistency"]    # {"value", "ci", "n", ...}
    RunDir("reports/smollm2").judgments().frame   # one row per judge call
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from judgeaudit.analysis import analyze_run, import_run
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.items import Item, load_items
from judgeaudit.judges.judge import Judge, load_judge
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.judgments import Judgment, Verdict, is_read, judgment_key, read_judgments
from judgeaudit.manifest import Manifest
from judgeaudit.run import RunOutcome, probe_run
from judgeaudit.rundir import RunDir

if TYPE_CHECKING:
    from judgeaudit.stats import compute_metrics

__version__ = "0.1.0"

__all__ = [
    "InputError",
    "Item",
    "Judge",
    "JudgeAuditError",
    "JudgeOptions",
    "Judgment",
    "Manifest",
    "RunDir",
    "RunOutcome",
    "Verdict",
    "__version__",
    "analyze_run",
    "compute_metrics",
    "import_run",
    "is_read",
    "judgment_key",
    "load_items",
    "load_judge",
    "probe_run",
    "read_judgments",
]


def __getattr__(name: str) -> Any:
    # the statistics load scipy and statsmodels: only on first use, so ``judgeaudit --help`` stays fast
    if name == "compute_metrics":
        from judgeaudit.stats import compute_metrics

        return compute_metrics
    raise AttributeError(f"module 'judgeaudit' has no attribute {name!r}")
