"""Vetting policies: a named, versioned list of thresholds on metrics.json, read from YAML and checked strictly.

A policy is data (flat YAML, ``version: 1``)::

    version: 1
    name: default
    description: what this policy is for
    checks:
      - metric: position.consistency   # a dotted metrics.json path (docs/metrics.md names)
        bound: lower                   # lower | upper | abs | value (which number is gated)
        op: ">="                       # ">=" with lower, "<=" with upper and abs, either with value
        threshold: 0.8
        why: a swap of the answers should not change the verdict
        name: optional short title

How a check is decided is ``judgeaudit.gate.checks``'s business; this module only says what a valid policy is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, cast, get_args

from judgeaudit.errors import InputError
from judgeaudit.io.files import finite_number, read_yaml
from judgeaudit.metrics import fmt_value, info

POLICY_DIR = Path(__file__).with_name("policies")
Bound = Literal["lower", "upper", "abs", "value"]  # which number of the estimate is gated
Op = Literal[">=", "<="]
BOUNDS: tuple[Bound, ...] = get_args(Bound)
OPS: tuple[Op, ...] = get_args(Op)
_OPS_FOR: dict[Bound, tuple[Op, ...]] = {"lower": (">=",), "upper": ("<=",), "abs": ("<=",), "value": OPS}
TOP_KEYS = {"version", "name", "description", "checks"}
CHECK_KEYS = {"metric", "bound", "op", "threshold", "why", "name"}
REQUIRED_CHECK_KEYS = ("metric", "bound", "op", "threshold", "why")
SUPPORTED_VERSIONS = (1,)


@dataclass(frozen=True)
class Check:
    """One threshold of a policy."""

    metric: str
    bound: Bound
    op: Op
    threshold: float
    why: str
    name: str | None = None

    @property
    def title(self) -> str:
        meta = info(self.metric)
        return self.name or (meta.label if meta else self.metric)

    def rule(self) -> str:
        """The rule in words: ``95% CI lower bound ≥ 80%``."""
        meta = info(self.metric)
        op = {">=": "≥", "<=": "≤"}[self.op]
        t = fmt_value(meta, self.threshold)
        if self.bound == "lower":
            return f"95% CI lower bound {op} {t}"
        if self.bound == "upper":
            return f"95% CI upper bound {op} {t}"
        if self.bound == "abs":
            lo = fmt_value(meta, -self.threshold) if meta and meta.kind != "rate" else f"-{t}"
            return f"95% CI within [{lo}, {t}]"
        return f"estimate {op} {t}"


@dataclass(frozen=True)
class Policy:
    """A named, versioned list of checks, read from a YAML file."""

    name: str
    version: int
    checks: tuple[Check, ...]
    description: str = ""
    path: str | None = None


def shipped_policies() -> dict[str, Path]:
    """Policies that ship with judgeaudit, by name (``default``, ``strict``)."""
    return {p.stem: p for p in sorted(POLICY_DIR.glob("*.yaml"))}


def resolve_policy_path(path: str | Path) -> Path:
    """A policy file from a path, or a shipped policy's name."""
    p = Path(path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    shipped = shipped_policies()
    if str(path) in shipped:
        return shipped[str(path)]
    raise InputError(
        p, None, None, f"no such policy file, and not a shipped policy name (shipped: {', '.join(shipped) or 'none'})"
    )


def load_policy(path: str | Path) -> Policy:
    """Read and strictly validate a policy file (or a shipped policy by name).

    Raises:
        InputError: naming the file, the line and the field at fault: an unknown key, a metric path that
            names no metric, an op that does not go with its bound, a threshold outside the metric's range.
    """
    p = resolve_policy_path(path)
    doc = read_yaml(p, allowed=TOP_KEYS)
    data = doc.data
    version = data.get("version")
    if version not in SUPPORTED_VERSIONS:
        raise doc.error(("version",), f"must be one of {list(SUPPORTED_VERSIONS)}, got {version!r}")
    name = data.get("name", p.stem)
    if not isinstance(name, str) or not name.strip():
        raise doc.error(("name",), "must be a non-empty string")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise doc.error(("description",), "must be a string")
    checks_raw = data.get("checks")
    if not isinstance(checks_raw, list) or not checks_raw:
        raise doc.error(("checks",), "must be a non-empty list of checks")
    lines = [doc.line("checks", i) for i in range(len(checks_raw))]
    checks = tuple(_check(p, i, raw, lines[i]) for i, raw in enumerate(checks_raw))
    seen: dict[tuple[str, str, str], int] = {}
    for i, c in enumerate(checks):
        key = (c.metric, c.bound, c.op)
        if key in seen:
            raise InputError(
                p,
                lines[i],
                f"checks[{i}].metric",
                f"duplicates checks[{seen[key]}] ({c.metric}, bound {c.bound}, op {c.op})",
            )
        seen[key] = i
    return Policy(name=name, version=int(version), checks=checks, description=description, path=str(p))


def _check(p: Path, i: int, raw: Any, line: int | None) -> Check:
    where = f"checks[{i}]"
    if not isinstance(raw, dict):
        raise InputError(p, line, where, "each check is a mapping with metric, bound, op, threshold, why")
    unknown = sorted(set(map(str, raw)) - CHECK_KEYS)
    if unknown:
        raise InputError(p, line, f"{where}.{unknown[0]}", f"unknown key (allowed: {', '.join(sorted(CHECK_KEYS))})")
    for key in REQUIRED_CHECK_KEYS:
        if raw.get(key) is None:
            raise InputError(p, line, f"{where}.{key}", "required")
    metric = raw["metric"]
    meta = info(metric) if isinstance(metric, str) else None
    if meta is None:
        raise InputError(
            p,
            line,
            f"{where}.metric",
            f"{metric!r} names no metric in metrics.json (see docs/metrics.md, e.g. position.consistency)",
        )
    bound, op = raw["bound"], raw["op"]
    if bound not in BOUNDS:
        raise InputError(p, line, f"{where}.bound", f"must be one of {', '.join(BOUNDS)}, got {bound!r}")
    if op not in _OPS_FOR[bound]:
        raise InputError(
            p,
            line,
            f"{where}.op",
            f"with bound {bound!r} op must be {' or '.join(repr(o) for o in _OPS_FOR[bound])}, got {op!r}",
        )
    threshold = raw["threshold"]
    if not finite_number(threshold):
        raise InputError(p, line, f"{where}.threshold", f"must be a number, got {threshold!r}")
    threshold = float(threshold)
    if not meta.lo <= threshold <= meta.hi:
        raise InputError(
            p, line, f"{where}.threshold", f"{threshold:g} is outside the range of {metric} [{meta.lo:g}, {meta.hi:g}]"
        )
    if bound == "abs" and threshold < 0:
        raise InputError(p, line, f"{where}.threshold", "an abs bound needs a threshold >= 0")
    why = raw["why"]
    if not isinstance(why, str) or not why.strip():
        raise InputError(p, line, f"{where}.why", "must say, in a sentence, why the check matters")
    name = raw.get("name")
    if name is not None and not isinstance(name, str):
        raise InputError(p, line, f"{where}.name", "must be a string")
    return Check(
        metric=metric, bound=cast(Bound, bound), op=cast(Op, op), threshold=threshold, why=why.strip(), name=name
    )
