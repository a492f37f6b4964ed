"""``judgeaudit vet``: gate a run (or a fresh audit of a judge) on a policy, one verdict per judge.

The exit code is the worst judge's: 0 every check passes, 1 a check fails (under ``strict`` also an
inconclusive or skipped one, or a run with no evidence). A run with no evidence never passes: without
``strict`` it is an error (exit 2), naming the judge.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from judgeaudit.contracts.outcomes import VET_MAX_ERROR_SHARE
from judgeaudit.contracts.rundir import RunDir
from judgeaudit.errors import JudgeAuditError
from judgeaudit.gate import CheckResult, exit_code, load_policy, missing_evidence, overall
from judgeaudit.gate.checks import FAIL_RULE, FAIL_RULE_JUDGES, evaluate_judges
from judgeaudit.io.files import JSONObject
from judgeaudit.judges.options import JudgeOptions
from judgeaudit.metrics.panel import is_multi, judges_of, select
from judgeaudit.runner.plan import SuiteSelection
from judgeaudit.verbs.probe import probe
from judgeaudit.verbs.run_outcome import RunOutcome


@dataclass
class JudgeVerdict:
    """One judge's checks, exit code and overall verdict; ``no_evidence`` says why a run measured nothing."""

    name: str
    results: list[CheckResult]
    exit_code: int
    overall: str
    no_evidence: str | None = None

    @property
    def n_pass(self) -> int:
        return sum(r.status == "PASS" for r in self.results)

    def to_dict(self) -> JSONObject:
        return {
            "exit_code": self.exit_code,
            "overall": self.overall,
            "no_evidence": self.no_evidence,
            "checks": [r.to_dict() for r in self.results],
        }


@dataclass
class VetOutcome:
    """What ``vet`` decided: one verdict per judge gated, the exit code, and the audit it ran (if any)."""

    run_dir: Path
    policy: str
    strict: bool
    verdicts: list[JudgeVerdict]
    multi: bool
    audit: RunOutcome | None = field(default=None)

    @property
    def fail_rule(self) -> str:
        """The multiplicity rule FAIL was decided under: Holm over one judge's checks, or judges x checks."""
        return FAIL_RULE_JUDGES if len(self.verdicts) > 1 else FAIL_RULE

    @property
    def exit_code(self) -> int:
        return max(v.exit_code for v in self.verdicts)

    @property
    def failing(self) -> list[str]:
        return [v.name for v in self.verdicts if v.exit_code]

    def to_dict(self) -> JSONObject:
        """The ``--json`` output: one judge's checks at the top level, or every judge's under ``judges``."""
        head: JSONObject = {
            "policy": self.policy,
            "strict": self.strict,
            "exit_code": self.exit_code,
            "fail_rule": self.fail_rule,
        }
        if self.multi:
            return {**head, "failing_judges": [*self.failing], "judges": {v.name: v.to_dict() for v in self.verdicts}}
        one = self.verdicts[0]
        return {**head, "overall": one.overall, "no_evidence": one.no_evidence, "checks": one.to_dict()["checks"]}


def gate(name: str, metrics: Mapping[str, object], results: list[CheckResult], strict: bool) -> JudgeVerdict:
    """One judge's verdict from its checks ``results``; a run with no evidence is INCONCLUSIVE and exits 1."""
    no_evidence = missing_evidence(metrics, [r.status for r in results])
    if no_evidence:
        return JudgeVerdict(name, results, 1, "INCONCLUSIVE", no_evidence)
    return JudgeVerdict(name, results, exit_code(results, strict=strict), overall(results, strict))


def vet(
    run_dir: str | Path | None = None,
    *,
    policy: str | Path = "default",
    judges: Sequence[str] = (),
    strict: bool = False,
    audit: JudgeOptions | None = None,
    suites: SuiteSelection | str | Sequence[str] = (),
    max_error_share: float = VET_MAX_ERROR_SHARE,
    echo: Callable[[str], None] | None = None,
) -> VetOutcome:
    """Gate ``run_dir`` on ``policy`` (``judgeaudit vet``), or first audit the judge ``audit`` on ``suites``.

    Args:
        run_dir: the run directory to gate; None with ``audit`` to run the audit into ``reports/vet-<judge>``.
        policy: a policy file or a shipped policy name (default, strict).
        judges: gate only these judges; a name the run does not hold is a :class:`JudgeAuditError`.
        strict: inconclusive and skipped checks fail too.
        audit: the judge to audit first when there is no ``run_dir``.
        max_error_share: with ``audit``, the share of judge calls that may fail (default: none).
        echo: receives the audit's progress lines.

    Raises:
        JudgeAuditError: a judge has no evidence to vet (unless ``strict``), or a named judge is absent.
    """
    loaded = load_policy(policy)
    outcome = None
    if run_dir is None:
        if audit is None:
            raise JudgeAuditError("vet: give a run directory or a judge to audit")
        run_dir = Path("reports") / f"vet-{audit.name.replace('/', '_').replace(':', '_')}"
        outcome = probe(audit, suites, out=run_dir, echo=echo, max_error_share=max_error_share)
    run_dir = Path(run_dir)
    metrics = RunDir(run_dir).metrics()
    chosen = select(judges_of(metrics), list(judges), str(run_dir))
    # several judges gated at once are one family for FAIL: Holm over judges x checks (FAIL_RULE_JUDGES)
    results = evaluate_judges(chosen, loaded)
    verdicts = [gate(name, m, results[name], strict) for name, m in chosen.items()]
    empty = [v for v in verdicts if v.no_evidence]
    if empty and not strict:
        who = f" for judge {', '.join(v.name for v in empty)}" if is_multi(metrics) else ""
        raise JudgeAuditError(f"{run_dir}: no evidence to vet{who}: {empty[0].no_evidence}")
    return VetOutcome(run_dir, str(policy), strict, verdicts, is_multi(metrics), outcome)
