"""Judges side by side: each metric per judge with its interval, the least biased judge per axis, and
whether the difference is significant.

Significance: a Wald z-test on the difference between two judges' distances from "no bias" (the metric's
ideal value, or simply higher/lower), each standard error read off its 95% interval (SE = width / 3.92).
For a rate with a Wilson interval this is the unpooled two-proportion z-test; it also covers bootstrap
and regression intervals. Judges are treated as independent samples: when they judged the same items,
their estimates are positively correlated and the test is conservative. The p-values are Holm-adjusted
over every comparison in the table; a difference is called significant when the adjusted p < 0.05.
Whether the two 95% intervals overlap is reported beside it (non-overlap is a stricter criterion).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TypedDict

from judgeaudit.contracts.manifest import Manifest
from judgeaudit.contracts.rundir import RunDir
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import text_or_none
from judgeaudit.metrics import CATALOG, SECTIONS, MetricInfo, fmt_value, info, interval, lookup, read_estimate
from judgeaudit.metrics.catalog import BY_KEY
from judgeaudit.metrics.words import Metrics
from judgeaudit.stats.intervals import P_FLOOR, holm, p_from_z

Z95 = 1.959963984540054
ALPHA = 0.05
METHOD = (
    "Wald z-test on the difference of the two judges' distances from no bias, each standard error read "
    "off its 95% interval (SE = width / 3.92; for a Wilson-interval rate this is the two-proportion "
    "z-test), judges treated as independent (conservative when they judged the same items), "
    "Holm-adjusted over all comparisons in the table; significant when the adjusted p < 0.05. "
    "Interval overlap is shown beside it."
)


def _compared() -> tuple[MetricInfo, ...]:
    """The table's rows (catalogue ``compared``): section by section, the headline metrics first, then the rest."""
    order = {s.key: i for i, s in enumerate(SECTIONS)}
    chosen = [m for m in CATALOG.values() if m.compared]
    return tuple(sorted(chosen, key=lambda m: (order[m.axis], m.headline_rank is None, m.headline_rank or 0)))


def _headlines() -> dict[str, tuple[str, ...]]:
    """Per section, the metrics that answer "which judge is least biased", by catalogue ``headline_rank``:
    the first measured for two or more judges decides."""
    out: dict[str, tuple[str, ...]] = {}
    for m in COMPARED:
        if m.headline_rank is not None:
            out[m.axis] = (*out.get(m.axis, ()), m.path)
    return out


COMPARED = _compared()
HEADLINES = _headlines()


class KeptEstimate(TypedDict):
    """What the comparison keeps of one judge's estimate: value, interval and n."""

    value: float
    ci: list[float] | None
    n: int | None


class AxisVerdict(TypedDict, total=False):
    """The verdict on one axis: its headline metric, the least biased judge and the sentence that says so.
    An axis measured for fewer than two judges has no ``label`` nor ``value``."""

    title: str
    metric: str | None
    label: str
    best: str | None
    value: str
    significant: bool | None
    sentence: str


class MetricJSON(TypedDict):
    """One metric of compare.json."""

    path: str
    label: str
    axis: str
    better: str
    best: str | None
    significant: bool | None
    estimates: dict[str, KeptEstimate | None]
    tests: list[dict[str, object]]


class CompareJSON(TypedDict):
    """compare.json: the judges, one record per metric, the verdict per axis and the method."""

    judges: list[dict[str, object]]
    metrics: list[MetricJSON]
    axes: dict[str, AxisVerdict]
    method: str


@dataclass
class JudgeRun:
    """One run directory in the comparison."""

    name: str
    family: str | None
    run_dir: str
    model_sha256: str | None
    n_judgments: int | None
    n_unparsed: int | None
    metrics: Metrics = field(repr=False, default_factory=dict)


@dataclass
class Test:
    """The best judge against one other on one metric."""

    other: str
    diff: float | None  # how much further from no bias the other judge is
    z: float | None
    p_value: float | None
    p_value_holm: float | None = None
    significant: bool | None = None
    ci_overlap: bool | None = None


@dataclass
class MetricRow:
    path: str
    label: str
    axis: str
    better: str  # the catalogue's direction as the files write it: higher, lower or closer:<ideal>
    estimates: dict[str, KeptEstimate | None]
    best: str | None = None
    tests: list[Test] = field(default_factory=list)

    @property
    def significant(self) -> bool | None:
        """Is the best judge significantly less biased than every other judge measured?"""
        decided = [t.significant for t in self.tests]
        if not decided or any(s is None for s in decided):
            return None
        return all(decided)  # type: ignore[arg-type]


@dataclass
class CompareResult:
    """The comparison: judges, one row per metric, and the verdict per axis."""

    judges: list[JudgeRun]
    rows: list[MetricRow]
    axes: dict[str, AxisVerdict]
    method: str = METHOD

    def to_dict(self) -> CompareJSON:
        return {
            "judges": [{k: v for k, v in asdict(j).items() if k != "metrics"} for j in self.judges],
            "metrics": [
                {
                    "path": r.path,
                    "label": r.label,
                    "axis": r.axis,
                    "better": r.better,
                    "best": r.best,
                    "significant": r.significant,
                    "estimates": r.estimates,
                    "tests": [asdict(t) for t in r.tests],
                }
                for r in self.rows
            ],
            "axes": self.axes,
            "method": self.method,
        }


def _load(run_dir: Path) -> list[JudgeRun]:
    """The judges of one run directory: one, or each judge of a multi-judge run (``by_judge``)."""
    from judgeaudit.metrics.panel import is_multi, judges_of

    run = RunDir(run_dir)
    metrics = run.metrics()
    manifest = run.manifest() or Manifest()
    backend = manifest.backend or {}
    if is_multi(metrics):
        return [
            JudgeRun(
                name=judge,
                family=lookup(m, "meta.judge_family"),
                run_dir=str(run_dir),
                model_sha256=text_or_none(backend.get("model_sha256")),
                n_judgments=lookup(m, "meta.n_judgments_judge"),
                n_unparsed=None,
                metrics=m,
            )
            for judge, m in judges_of(metrics).items()
        ]
    name = manifest.judge or lookup(metrics, "meta.judge") or run_dir.name
    return [
        JudgeRun(
            name=str(name),
            family=manifest.judge_family or lookup(metrics, "meta.judge_family"),
            run_dir=str(run_dir),
            model_sha256=text_or_none(backend.get("model_sha256")),
            n_judgments=manifest.n_judgments or lookup(metrics, "meta.n_judgments"),
            n_unparsed=manifest.n_unparsed,
            metrics=metrics,
        )
    ]


def _estimate(metrics: Metrics, path: str) -> KeptEstimate | None:
    """What the comparison keeps of one judge's estimate: value, interval and n (None: not measured)."""
    est = read_estimate(lookup(metrics, path))
    if est is None or est["value"] is None:  # read_estimate gives a finite value or nothing
        return None
    ci = interval(est)
    return {"value": est["value"], "ci": list(ci) if ci else None, "n": est.get("n")}


def _se(est: KeptEstimate) -> float | None:
    ci = est.get("ci")
    if not ci:
        return None
    return abs(ci[1] - ci[0]) / (2 * Z95)


def _p_two_sided(z: float) -> float:
    return p_from_z(z)  # floored: far out in the tail a p-value is tiny, never exactly 0


def compare_metric(meta: MetricInfo, estimates: dict[str, KeptEstimate | None]) -> MetricRow:
    """Best judge on one metric and its z-tests against each other judge (p-values not yet adjusted)."""
    row = MetricRow(meta.path, meta.label, meta.axis, meta.direction, estimates)
    measured = {j: e for j, e in estimates.items() if e is not None}
    if len(measured) < 2:
        row.best = next(iter(measured), None)
        return row
    best = min(measured, key=lambda j: meta.badness(measured[j]["value"]))
    leaders = [j for j, e in measured.items() if meta.badness(e["value"]) == meta.badness(measured[best]["value"])]
    if len(leaders) > 1:  # an exact tie at the top: nobody is "best"
        return row
    row.best = best
    b = measured[best]
    for other, e in measured.items():
        if other == best:
            continue
        diff = meta.badness(e["value"]) - meta.badness(b["value"])
        se_b, se_o = _se(b), _se(e)
        z = p = None
        if se_b is not None and se_o is not None:
            se = math.hypot(se_b, se_o)
            if se > 0:
                z = diff / se
                p = _p_two_sided(z)
            else:
                z, p = (math.inf, P_FLOOR) if diff > 0 else (0.0, 1.0)
        overlap = None
        if b["ci"] and e["ci"]:
            overlap = not (b["ci"][1] < e["ci"][0] or e["ci"][1] < b["ci"][0])
        row.tests.append(
            Test(other=other, diff=diff, z=None if z is None or math.isinf(z) else z, p_value=p, ci_overlap=overlap)
        )
    return row


def compare_runs(run_dirs: list[Path], judges_named: list[str] | None = None) -> CompareResult:
    """Load each run directory's metrics.json (and manifest.json) and compare the judges.

    A multi-judge run directory brings each of its judges; ``judges_named`` keeps only those.

    Raises:
        InputError: a run directory without a readable metrics.json.
        JudgeAuditError: a judge named that none of the runs holds.
        ValueError: fewer than two judges.
    """
    judges = [j for d in run_dirs for j in _load(Path(d))]
    if judges_named:
        missing = sorted(set(judges_named) - {j.name for j in judges})
        if missing:
            raise JudgeAuditError(
                f"--judge {', '.join(missing)}: no such judge in these runs "
                f"(judges: {', '.join(j.name for j in judges)})"
            )
        judges = [j for j in judges if j.name in judges_named]
    if len(judges) < 2:
        raise ValueError("compare needs at least two judges (two run directories, or a multi-judge run)")
    names = [j.name for j in judges]
    for j in judges:  # two runs of one judge stay apart
        if names.count(j.name) > 1:
            j.name = f"{j.name} ({Path(j.run_dir).name})"
    if len({j.name for j in judges}) < len(judges):
        for i, j in enumerate(judges):
            j.name = f"{j.name} #{i + 1}"
    rows = []
    for meta in COMPARED:
        estimates = {j.name: _estimate(j.metrics, meta.path) for j in judges}
        if any(e is not None for e in estimates.values()):
            rows.append(compare_metric(meta, estimates))
    tests = {(r.path, t.other): t for r in rows for t in r.tests}
    adjusted = holm({f"{k[0]}|{k[1]}": t.p_value for k, t in tests.items()})
    for (path, other), t in tests.items():
        t.p_value_holm = adjusted.get(f"{path}|{other}")
        t.significant = None if t.p_value_holm is None else t.p_value_holm < ALPHA
    return CompareResult(judges=judges, rows=rows, axes=_axes(rows))


def _axes(rows: list[MetricRow]) -> dict[str, AxisVerdict]:
    by_path = {r.path: r for r in rows}
    out: dict[str, AxisVerdict] = {}
    for axis, paths in HEADLINES.items():
        row = next(
            (
                by_path[p]
                for p in paths
                if p in by_path and sum(e is not None for e in by_path[p].estimates.values()) >= 2
            ),
            None,
        )
        title = BY_KEY[axis].title
        if row is None:
            out[axis] = {
                "title": title,
                "metric": None,
                "best": None,
                "significant": None,
                "sentence": "Not measured for at least two of these judges.",
            }
            continue
        meta = info(row.path)
        best = row.estimates[row.best] if row.best else None
        value = fmt_value(meta, best["value"]) if best else "n/a"
        label = row.label[0].lower() + row.label[1:]
        if row.best is None:
            sentence = f"No clear winner: the leading judges are tied on {label}."
        elif row.significant:
            sentence = (
                f"{row.best} is the least biased on {label} ({value}), significantly so against every other judge."
            )
        elif row.significant is None:
            sentence = (
                f"{row.best} leads on {label} ({value}), but the lead could not be tested (an interval is missing)."
            )
        else:
            ties = [t.other for t in row.tests if not t.significant]
            sentence = (
                f"No clear winner: {row.best} leads on {label} ({value}) but is not significantly different "
                f"from {', '.join(ties)}."
            )
        out[axis] = {
            "title": title,
            "metric": row.path,
            "label": row.label,
            "best": row.best,
            "value": value,
            "significant": row.significant,
            "sentence": sentence,
        }
    return out
