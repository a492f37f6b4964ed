"""The vetting gate: a policy's thresholds on metrics.json, each check PASS, FAIL, INCONCLUSIVE or SKIPPED.

Policies (what a check says, how a file is validated) live in ``judgeaudit.gate.policy``. The decision uses the
95% interval, not the point estimate alone:

- ``lower``/``>=``: PASS when the interval's lower end clears the threshold, FAIL when even its upper end
  falls short, INCONCLUSIVE when the interval straddles the threshold.
- ``upper``/``<=``: PASS when the upper end is at or under it, FAIL when even the lower end is over it.
- ``abs``/``<=``: the interval must lie within ±threshold (PASS) or wholly outside it (FAIL).
- ``value``: the point estimate alone (for numbers without an interval, such as
  ``extraction_success_rate``): PASS or FAIL, never INCONCLUSIVE.

A check whose metric is absent from metrics.json (its section did not run, or the data for it were not
there) is SKIPPED. A term the data cannot estimate (a separated logit: ``estimable: false``) is INCONCLUSIVE:
the run said something, but nothing a threshold can be set against. An interval that straddles the
threshold is "inconclusive (underpowered)" with the number of pairs that would likely decide it: intervals
narrow as 1/√n, so the n that shrinks the half-width on the threshold's side to the estimate's distance from
the threshold is n·(half-width / distance)². Every interval check also reports its minimum detectable
effect (``mde``): how far beyond the threshold the truth must lie for this run's interval to clear it with
80% power, (z₀.₉₇₅ + z₀.₈)·SE with the SE read off the interval.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from statistics import NormalDist
from typing import Any

from judgeaudit.contracts.vocab import VetStatus
from judgeaudit.gate.policy import Check, Policy
from judgeaudit.io.files import finite_number
from judgeaudit.metrics import MetricInfo, fmt_ci, fmt_value, info, interval, lookup, read_estimate, sentence

STATUSES = ("PASS", "FAIL", "INCONCLUSIVE", "SKIPPED")
POWER = 0.8
_Z95 = NormalDist().inv_cdf(0.975)
_MDE_FACTOR = _Z95 + NormalDist().inv_cdf(POWER)


@dataclass
class CheckResult:
    """The outcome of one check on one metrics.json.

    ``more_pairs_needed`` (INCONCLUSIVE only) converts ``more_units_needed`` — counted in the metric's own
    unit (``unit``) — into pairs judged in both orders, where that conversion is known.
    """

    check: Check
    status: VetStatus
    value: float | None = None
    ci: list[float | None] | None = None
    n: int | None = None
    threshold: float | None = None
    more_units_needed: int | None = None
    more_pairs_needed: int | None = None
    mde: float | None = None
    unit: str | None = None
    reason: str = ""
    words: str = ""
    p_value: float | None = None
    p_value_holm: float | None = None
    p_fail: float | None = None  # one-sided p of "past the threshold" (normal, SE from the interval's near half)
    p_fail_holm: float | None = None  # ``p_fail`` Holm-adjusted over the policy's interval checks
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def metric(self) -> str:
        return self.check.metric

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in asdict(self).items() if k not in ("check", "extra")}
        out.update(
            {
                "metric": self.check.metric,
                "bound": self.check.bound,
                "op": self.check.op,
                "why": self.check.why,
                "title": self.check.title,
                "rule": self.check.rule(),
            }
        )
        return out

    def describe(self) -> str:
        """One line for the terminal: status, metric, estimate and interval, rule, and what to do."""
        meta = info(self.check.metric)
        est = "n/a" if self.value is None else fmt_value(meta, self.value)
        if self.ci is not None and self.value is not None:
            est += f" {fmt_ci(meta, self.ci)}"
        if self.n is not None:
            est += f" n={self.n}"
        if self.mde is not None:
            est += f" MDE {fmt_value(meta, self.mde).lstrip('+')}"
        line = f"{self.status:<12} {self.check.metric:<38} {est:<34} rule: {self.check.rule()}"
        if self.reason:
            line += f" — {self.reason}"
        return line


# --- evaluation -----------------------------------------------------------------------------------------


def _decide(check: Check, value: float, ci: tuple[float, float] | None) -> VetStatus:
    t = check.threshold
    if check.bound == "value":
        ok = value >= t if check.op == ">=" else value <= t
        return "PASS" if ok else "FAIL"
    if ci is None:
        return "INCONCLUSIVE"
    lo, hi = ci
    if check.bound == "lower":
        return "PASS" if lo >= t else "FAIL" if hi < t else "INCONCLUSIVE"
    if check.bound == "upper":
        return "PASS" if hi <= t else "FAIL" if lo > t else "INCONCLUSIVE"
    # abs: inside ±t passes, wholly outside fails
    if -t <= lo and hi <= t:
        return "PASS"
    return "FAIL" if lo > t or hi < -t else "INCONCLUSIVE"


def units_needed(check: Check, value: float, ci: tuple[float, float], n: int) -> int | None:
    """Total units (in the metric's own unit) at which the interval would likely clear the threshold.

    Normal approximation: an interval's half-width scales as 1/√n, so the half-width on the threshold's side
    must shrink to the estimate's distance from the threshold. None when the estimate sits on the threshold
    (no n decides it) or the interval has no width.
    """
    t = check.threshold
    lo, hi = ci
    if check.bound == "abs":
        dist = abs(abs(value) - t)
        half = max(value - lo, hi - value)
    else:
        dist = abs(value - t)
        half = (value - lo) if t <= value else (hi - value)
    if n <= 0 or dist <= 1e-12 or half <= 0:
        return None
    total = n * (half / dist) ** 2 if half / dist < 1e150 else math.inf
    # an interval wider than any n could shrink (a corrupt or absurd metrics.json) has no answer
    return int(math.ceil(total - 1e-9)) if total < 1e15 else None


def _pairs_from_units(meta: MetricInfo, units: int, metrics: Mapping[str, Any]) -> int | None:
    if meta.unit in ("pairs", "items", "prompts"):
        return units
    if meta.unit == "judgments":
        return int(math.ceil(units / 2))  # each pair is judged in both orders
    if meta.unit == "inconsistent pairs":
        pos = metrics.get("position") or {}
        n_pairs = pos.get("n_pairs") or 0
        flips = (pos.get("n_primacy") or 0) + (pos.get("n_recency") or 0)
        if n_pairs and flips:
            return int(math.ceil(units * n_pairs / flips))
    return None


def mde(check: Check, value: float, ci: tuple[float, float] | None) -> float | None:
    """Minimum detectable effect: the distance from the threshold at which this run's interval would clear it
    with 80% power, from the standard error implied by the interval's half-width on the threshold's side."""
    if ci is None or check.bound == "value":
        return None
    lo, hi = ci
    if check.bound == "abs":
        half = max(value - lo, hi - value)
    else:
        half = (value - lo) if check.threshold <= value else (hi - value)
    effect = _MDE_FACTOR * half / _Z95
    return effect if 0 < effect < math.inf else None


def _without_value(base: CheckResult, check: Check, metrics: Mapping[str, Any], node: Any) -> CheckResult:
    """A check whose metric has no value: SKIPPED (not in this run), or INCONCLUSIVE (not estimable)."""
    section = check.metric.split(".", 1)[0]
    if isinstance(node, dict):
        base.n = node.get("n") if isinstance(node.get("n"), int) else None
    if metrics.get(section) is None:
        base.reason = f"the {section.replace('_', ' ')} section was not computed for this run"
    elif isinstance(node, dict) and node.get("estimable") is False:
        # the data were there but determine the term: no threshold can be set against it, in either direction
        base.status = "INCONCLUSIVE"
        base.reason = f"not estimable: {node.get('note') or 'the fit has no finite estimate'}"
    elif isinstance(node, dict) and node.get("note"):
        base.reason = f"not estimable: {node['note']}"
    else:
        base.reason = (
            f"the {section.replace('_', ' ')} section has no {check.metric.split('.', 1)[1]}: "
            f"the probe or data that produce it were not part of this run"
        )
    return base


def _underpowered(
    res: CheckResult, check: Check, meta: MetricInfo | None, ci: tuple[float, float] | None, metrics: Mapping[str, Any]
) -> str:
    if ci is None:
        return "inconclusive: the estimate has no interval to decide on"
    assert res.value is not None
    total = units_needed(check, res.value, ci, res.n or 0)
    if total is None:
        gap = (abs(res.value) if check.bound == "abs" else res.value) - check.threshold
        if abs(gap) > 1e-12:  # units_needed gave up on an interval no practical n could shrink enough
            return "inconclusive: the interval is too wide for any practical number of pairs to decide it"
        return "inconclusive: the interval straddles the threshold and the estimate sits on it, so no n decides it"
    res.more_units_needed = max(1, total - (res.n or 0))
    res.more_pairs_needed = _pairs_from_units(meta, res.more_units_needed, metrics) if meta else None
    more = (
        f"about {res.more_pairs_needed:,} more pairs"
        if res.more_pairs_needed is not None
        else f"about {res.more_units_needed:,} more {meta.unit if meta else 'units'}"
    )
    reason = f"inconclusive (underpowered): {more} would decide it"
    if total > 100 * max(res.n or 1, 1):
        reason += " (the estimate sits almost on the threshold)"
    return reason


def evaluate_check(check: Check, metrics: Mapping[str, Any] | None) -> CheckResult:
    """One check against one metrics.json dict."""
    metrics = metrics or {}
    meta = info(check.metric)
    node = lookup(metrics, check.metric)
    est = read_estimate(node)
    base = CheckResult(check=check, status="SKIPPED", threshold=check.threshold, unit=meta.unit if meta else None)
    if est is None or not finite_number(est.get("value")):
        return _without_value(base, check, metrics, node)
    value = float(est["value"] or 0.0)  # never None here: read_estimate gives only estimates with a value
    ci = interval(est)
    n = est.get("n") if isinstance(est.get("n"), int) and not isinstance(est.get("n"), bool) else None
    status = _decide(check, value, ci)
    res = CheckResult(
        check=check,
        status=status,
        value=value,
        ci=list(ci) if ci else None,
        n=n,
        threshold=check.threshold,
        unit=meta.unit if meta else None,
        mde=mde(check, value, ci),
        words=sentence(check.metric, est, metrics),
        p_value=est.get("p_value") if finite_number(est.get("p_value")) else None,
        p_value_holm=est.get("p_value_holm") if finite_number(est.get("p_value_holm")) else None,
        p_fail=p_fail(check, value, ci),
    )
    if status == "INCONCLUSIVE":
        res.reason = _underpowered(res, check, meta, ci, metrics)
    elif status == "FAIL":
        res.reason = check.why
    return res


FAIL_RULE = (
    "FAIL when a check's interval lies wholly past its threshold and its one-sided p-value stays under 0.025 after "
    "Holm's step-down correction over the policy's interval checks (family-wise false FAIL <= 2.5%); PASS as "
    "an intersection-union test, each interval wholly on the good side (no correction needed)"
)
FAIL_RULE_JUDGES = (
    "FAIL when a check's interval lies wholly past its threshold and its one-sided p-value stays under 0.025 after "
    "Holm's step-down correction over every interval check of every judge gated (judges x checks; family-wise "
    "false FAIL <= 2.5% across the run); PASS as an intersection-union test, each interval wholly on the good side "
    "(no correction needed)"
)
_ALPHA_FAIL = 0.025  # one-sided: the level an interval wholly past the threshold has on its own


def p_fail(check: Check, value: float, ci: tuple[float, float] | None) -> float | None:
    """One-sided p-value against "the truth is on the threshold or its good side", from the interval's
    half-width on the threshold's side (normal approximation, the scale the interval decision uses)."""
    if ci is None or check.bound == "value":
        return None
    lo, hi = ci
    t = check.threshold
    if check.bound == "lower":  # bad side: below t
        dist, half = t - value, hi - value
    elif check.bound == "upper":  # bad side: above t
        dist, half = value - t, value - lo
    elif value >= 0:  # abs: bad side beyond +t or below -t
        dist, half = value - t, value - lo
    else:
        dist, half = -t - value, hi - value
    if not half > 0:
        return None
    return 1.0 - NormalDist().cdf(dist / (half / _Z95))


def holm_fail(results: list[CheckResult], scope: str = "the policy's") -> None:
    """Holm's step-down over the interval checks: a FAIL whose adjusted p is not under 0.025 is INCONCLUSIVE.

    ``results`` may hold several judges' checks (``scope`` then says so): one family, judges x checks.
    """
    tested = sorted((r for r in results if r.p_fail is not None), key=lambda r: (r.p_fail or 0.0, r.metric))
    m, running = len(tested), 0.0
    for i, r in enumerate(tested):
        running = max(running, min(1.0, (m - i) * float(r.p_fail or 0.0)))
        r.p_fail_holm = running
        if r.status == "FAIL" and not running < _ALPHA_FAIL:
            r.status = "INCONCLUSIVE"
            r.reason = (
                f"inconclusive: past the threshold on its own (one-sided p {r.p_fail:.3g}), but not after Holm's "
                f"correction over {scope} {m} interval checks (adjusted p {running:.3g} >= {_ALPHA_FAIL})"
            )


def evaluate(metrics: Mapping[str, Any] | None, policy: Policy, holm: bool = True) -> list[CheckResult]:
    """Every check of ``policy`` against ``metrics`` (a metrics.json dict), in policy order, FAIL controlled for
    the family-wise error over the policy's checks (:data:`FAIL_RULE`); ``holm=False`` leaves the correction
    to a caller that gates several judges as one family (:func:`evaluate_judges`)."""
    results = [evaluate_check(c, metrics) for c in policy.checks]
    if holm:
        holm_fail(results)
    return results


def evaluate_judges(metrics: Mapping[str, Mapping[str, Any]], policy: Policy) -> dict[str, list[CheckResult]]:
    """Every judge's checks, FAIL controlled for the family-wise error over judges x checks
    (:data:`FAIL_RULE_JUDGES`); one judge is :func:`evaluate`."""
    out = {name: evaluate(m, policy, holm=len(metrics) == 1) for name, m in metrics.items()}
    if len(metrics) > 1:
        holm_fail([r for rs in out.values() for r in rs], f"the {len(metrics)} judges' policy")
    return out


def exit_code(results: list[CheckResult], strict: bool = False) -> int:
    """0 when every check passes; 1 when any fails, or (``strict``) any is INCONCLUSIVE or SKIPPED.

    Usage and input errors (exit 2) are the CLI's to report, before evaluation.
    """
    if any(r.status == "FAIL" for r in results):
        return 1
    if strict and any(r.status in ("INCONCLUSIVE", "SKIPPED") for r in results):
        return 1
    return 0


def overall(results: list[CheckResult], strict: bool = False) -> str:
    """The policy's verdict in one word: PASS, FAIL or INCONCLUSIVE (something undecided, none failed)."""
    if exit_code(results, strict) == 1 and any(r.status == "FAIL" for r in results):
        return "FAIL"
    if strict and exit_code(results, strict) == 1:
        return "FAIL"
    if any(r.status == "INCONCLUSIVE" for r in results):
        return "INCONCLUSIVE"
    if results and all(r.status == "SKIPPED" for r in results):
        return "INCONCLUSIVE"
    return "PASS"
