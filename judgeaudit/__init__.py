"""judgeaudit: audit LLM judges for position, verbosity, self-preference and score-vs-rank biases.

Every CLI verb is a function of the same name here (``import`` is ``import_``); docs/contracts.md::

    from judgeaudit import JudgeOptions, RunDir, SuiteSelection, probe, vet

    outcome = probe(JudgeOptions("smollm2-135m"), ["starter"], out="reports/smollm2")
    outcome.metrics["position"]["consistency"]    # {"value", "ci", "n", ...}
    RunDir("reports/smollm2").judgments().frame   # one row per judge call
    vet("reports/smollm2", policy="strict").exit_code

The package is layered (each layer imports only the ones before it; ``tests/test_layers.py`` checks it):
``io`` → ``contracts`` → ``backends``, ``metrics``, ``datasets`` → ``judges``, ``stats``, ``gate`` →
``probes``, ``importers``, ``ranking`` → ``runner``, ``pages`` → ``verbs`` → ``cli``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from judgeaudit.contracts.items import Item, load_items
from judgeaudit.contracts.judgments import Judgment, Verdict, is_read, judgment_key, read_judgments
from judgeaudit.contracts.manifest import Manifest
from judgeaudit.contracts.rundir import RunDir
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.judges.judge import Judge, load_judge
from judgeaudit.judges.options import JudgeOptions

if TYPE_CHECKING:
    from judgeaudit.runner.plan import SuiteSelection
    from judgeaudit.stats import compute_metrics
    from judgeaudit.verbs.analyze import analyze, analyze_run
    from judgeaudit.verbs.batch import batch_export, batch_ingest
    from judgeaudit.verbs.compare import compare
    from judgeaudit.verbs.generate import generate
    from judgeaudit.verbs.import_ import import_, import_run
    from judgeaudit.verbs.leaderboard import leaderboard
    from judgeaudit.verbs.listing import list_judges, list_suites
    from judgeaudit.verbs.probe import probe
    from judgeaudit.verbs.probe import probe as probe_run
    from judgeaudit.verbs.report import report
    from judgeaudit.verbs.run_outcome import RunOutcome
    from judgeaudit.verbs.scores import scores
    from judgeaudit.verbs.vet import VetOutcome, vet

# Loaded on first use, so ``judgeaudit --help`` and a reader of metrics.json do not pay for the statistics
# (scipy, statsmodels) or the model stack: name -> (module, attribute).
_LAZY = {
    "SuiteSelection": ("judgeaudit.runner.plan", "SuiteSelection"),
    "compute_metrics": ("judgeaudit.stats", "compute_metrics"),
    "analyze": ("judgeaudit.verbs.analyze", "analyze"),
    "analyze_run": ("judgeaudit.verbs.analyze", "analyze_run"),
    "batch_export": ("judgeaudit.verbs.batch", "batch_export"),
    "batch_ingest": ("judgeaudit.verbs.batch", "batch_ingest"),
    "compare": ("judgeaudit.verbs.compare", "compare"),
    "generate": ("judgeaudit.verbs.generate", "generate"),
    "import_": ("judgeaudit.verbs.import_", "import_"),
    "import_run": ("judgeaudit.verbs.import_", "import_run"),
    "leaderboard": ("judgeaudit.verbs.leaderboard", "leaderboard"),
    "list_judges": ("judgeaudit.verbs.listing", "list_judges"),
    "list_suites": ("judgeaudit.verbs.listing", "list_suites"),
    "probe": ("judgeaudit.verbs.probe", "probe"),
    "probe_run": ("judgeaudit.verbs.probe", "probe"),  # the name before 0.2
    "report": ("judgeaudit.verbs.report", "report"),
    "RunOutcome": ("judgeaudit.verbs.run_outcome", "RunOutcome"),
    "scores": ("judgeaudit.verbs.scores", "scores"),
    "VetOutcome": ("judgeaudit.verbs.vet", "VetOutcome"),
    "vet": ("judgeaudit.verbs.vet", "vet"),
}

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
    "SuiteSelection",
    "Verdict",
    "VetOutcome",
    "__version__",
    "analyze",
    "analyze_run",
    "batch_export",
    "batch_ingest",
    "compare",
    "compute_metrics",
    "generate",
    "import_",
    "import_run",
    "is_read",
    "judgment_key",
    "leaderboard",
    "list_judges",
    "list_suites",
    "load_items",
    "load_judge",
    "probe",
    "probe_run",
    "read_judgments",
    "report",
    "scores",
    "vet",
]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'judgeaudit' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value
