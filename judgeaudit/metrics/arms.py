"""The per-perturbation metrics of the ``biases`` and ``perturbation`` sections: one block per id.

Like the cues section holds one block per cue, these hold one per treatment (``biases.<id>.<metric>``)
or per dataset perturbation (``perturbation.<name>.<metric>``). Ids are data (``judgeaudit/probes/
biases.yaml``, a dataset's own names), so :mod:`judgeaudit.metrics.catalog` makes their entries from the
templates here; the shipped bias ids are listed for the vetting policies and the docs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.contracts.vocab import Better
from judgeaudit.metrics.records import MetricInfo, Readability
from judgeaudit.metrics.units import MetricKind, pct, points
from judgeaudit.metrics.words import Est, Metrics, Sentence

ARM_SECTIONS = ("biases", "perturbation")


class ArmMetrics(Readability, total=False):
    """One perturbation's estimates, treatment against placebo (``<section>.<id>``; the ids are data)."""

    bias: str | None
    n_treated: int
    n_control: int
    n_items: int
    directed: bool
    robustness_rate: Estimate
    robustness_rate_control: Estimate
    flip_rate: Estimate
    flip_rate_control: Estimate
    flip_excess: Estimate
    target_shift: Estimate
    change_excess: Estimate


SHIPPED_BIASES = (
    "distraction",
    "fallacy_oversight",
    "refinement_aware",
    "sentiment_cheerful",
    "sentiment_angry",
    "identity_woman",
    "identity_man",
    "identity_nonnative",
    "identity_older",
    "compassion_fade_famous_on_worse",
    "compassion_fade_famous_on_better",
    "compassion_fade_real",
    "style_markdown",
    "chain_of_thought",
)
_PAIRED = (
    "; paired by item and order: Newcombe's score interval for paired proportions on the effective n, "
    "clustered McNemar test."
)
# per metric: label, kind, unit, better (None: closer to 0, no change, is better), lo, hi, definition
_ROWS: dict[str, tuple[str, MetricKind, str, Better | None, float, float, str]] = {
    "target_shift": (
        "pull toward the favoured answer, net of the placebo",
        "diff",
        "paired judgments",
        None,
        -1,
        1,
        "P(the answer the bias would favour wins | treatment) − P(it wins | placebo), over judgments with both "
        "verdicts read" + _PAIRED + " Signed: below 0 the treatment pushes verdicts away from that answer.",
    ),
    "flip_excess": (
        "flips to the favoured answer, net of the placebo",
        "diff",
        "paired judgments",
        None,
        -1,
        1,
        "Flip rate minus the placebo's flip rate on the same judgments" + _PAIRED,
    ),
    "change_excess": (
        "verdicts changed, net of the placebo",
        "diff",
        "paired judgments",
        None,
        -1,
        1,
        "P(verdict differs from the unedited pair's | treatment) − the same under the placebo"
        + _PAIRED
        + " The one contrast of a perturbation without a direction.",
    ),
    "flip_rate": (
        "flips to the favoured answer",
        "rate",
        "judgments",
        "lower",
        0,
        1,
        "Among judgments whose verdict on the unedited pair was not the answer the bias would favour, the "
        "share whose verdict under the treatment is (Wilson on the effective n).",
    ),
    "flip_rate_control": (
        "flips under the placebo (control)",
        "rate",
        "judgments",
        "lower",
        0,
        1,
        "The same under the placebo: a content-free change of the same size in the same place.",
    ),
    "robustness_rate": (
        "verdict unchanged by the treatment",
        "rate",
        "judgments",
        "higher",
        0,
        1,
        "Share of judgments whose verdict under the treatment is the verdict on the unedited pair (CALM's "
        "robustness rate).",
    ),
    "robustness_rate_control": (
        "verdict unchanged by the placebo (control)",
        "rate",
        "judgments",
        "higher",
        0,
        1,
        "The same under the placebo.",
    ),
}
# a fallacious justification should cost its answer: below 0 is the good direction
BETTER: dict[tuple[str, str], Better] = {("fallacy_oversight", "target_shift"): "lower"}
PATH = re.compile(r"^(biases|perturbation)\.([A-Za-z0-9_~-]+)\.(" + "|".join(_ROWS) + r")$")
NOT_IDS = ("perturbations", "n_unparsed", "extraction_success_rate")


def arm_words(pid: str, metric: str) -> Sentence:
    """The plain-words reading of ``<section>.<pid>.<metric>``."""
    name = pid.replace("_", " ")

    def words(e: Est, m: Metrics) -> str:
        v, n = e.get("value"), e.get("n")
        if metric == "target_shift":
            return (
                f"Under '{name}', the answer the bias would favour wins {points(v)} more often than under a "
                f"placebo of the same size ({n} paired judgments; 0 = the treatment does nothing a content-free "
                f"change would not)."
            )
        if metric == "flip_excess":
            return (
                f"Of verdicts not on the favoured answer, '{name}' moves {points(v)} more to it than the placebo "
                f"does ({n} paired judgments)."
            )
        if metric == "change_excess":
            return f"'{name}' changes {points(v)} more verdicts than the placebo does ({n} paired judgments)."
        if metric == "flip_rate":
            return f"With '{name}', {pct(v)} of {n} verdicts that were not on the favoured answer move to it."
        if metric == "flip_rate_control":
            return f"With the placebo instead (the control), {pct(v)} of {n} such verdicts move to that answer."
        if metric == "robustness_rate":
            return f"With '{name}', {pct(v)} of {n} verdicts stay what they were on the unedited pair."
        return f"With the placebo instead (the control), {pct(v)} of {n} verdicts stay what they were."

    return words


# <section>.<id>.<metric>: the templates (docs/metrics.md shows these), and the entry of one id
ARM_METRICS: dict[str, MetricInfo] = {
    metric: MetricInfo(
        f"<section>.<id>.{metric}",
        label,
        kind,
        unit,
        words=arm_words("<id>", metric),
        better=better,
        ideal=None if better else 0,
        lo=lo,
        hi=hi,
        defines=defines,
    )
    for metric, (label, kind, unit, better, lo, hi, defines) in _ROWS.items()
}


def arm_info(section: str, pid: str, metric: str) -> MetricInfo:
    """The catalogue entry of ``<section>.<id>.<metric>`` (``biases`` or ``perturbation``)."""
    template = ARM_METRICS[metric]
    entry = replace(
        template,
        path=f"{section}.{pid}.{metric}",
        words=arm_words(pid, metric),
        label=f"{pid.replace('_', ' ').capitalize()}: {template.label}",
    )
    better = BETTER.get((pid, metric))
    return replace(entry, better=better, ideal=None) if better else entry


def parse(path: str) -> tuple[str, str, str] | None:
    """(section, id, metric) of a per-perturbation path, or None when the path is not one."""
    m = PATH.match(path)
    if not m or m.group(2) in NOT_IDS:
        return None
    return m.group(1), m.group(2), m.group(3)


def arm_paths(section: str, metrics: Mapping[str, Any] | None) -> list[str]:
    """Every metric of every perturbation id a run has in ``section``."""
    node = (metrics or {}).get(section)
    ids = node.get("perturbations") if isinstance(node, dict) else None
    return [f"{section}.{pid}.{metric}" for pid in (ids if isinstance(ids, list) else []) for metric in _ROWS]
