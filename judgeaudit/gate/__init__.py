"""The vetting gate: a policy's thresholds on one judge's metrics.json, each check PASS, FAIL,
INCONCLUSIVE or SKIPPED, and no PASS without evidence.

:mod:`.policy` reads policies (YAML data in ``policies/``), :mod:`.checks` decides each check,
:mod:`.evidence` refuses a run that measured nothing.
"""

from judgeaudit.gate.checks import (
    STATUSES,
    CheckResult,
    evaluate,
    evaluate_check,
    exit_code,
    mde,
    overall,
    units_needed,
)
from judgeaudit.gate.evidence import missing_evidence
from judgeaudit.gate.policy import (
    BOUNDS,
    OPS,
    POLICY_DIR,
    Check,
    Policy,
    load_policy,
    resolve_policy_path,
    shipped_policies,
)

__all__ = [
    "BOUNDS",
    "OPS",
    "POLICY_DIR",
    "STATUSES",
    "Check",
    "CheckResult",
    "Policy",
    "evaluate",
    "evaluate_check",
    "exit_code",
    "load_policy",
    "mde",
    "missing_evidence",
    "overall",
    "resolve_policy_path",
    "shipped_policies",
    "units_needed",
]
