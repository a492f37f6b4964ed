"""Sycophancy, bandwagon and authority cues: does a hint in the prompt move the verdict?

Cue ids are data (judgeaudit/probes/cues.yaml), so the metrics are templates (``cues.<cue>.<metric>``):
:func:`cue_info` makes the entry of one cue, and the shipped cues' entries are in the catalogue.
"""

from __future__ import annotations

from dataclasses import replace

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.metrics.records import MetricInfo, Readability, Section

SECTION = Section(
    key="cues",
    order=80,
    title="Sycophancy, bandwagon and authority cues",
    optional=True,
    absent_reason="needs the cues probe (cued judgments, and the same with a neutral insert).",
    about=(
        'Does a hint in the prompt move the verdict ("I think B is better", "most reviewers preferred B", a '
        "fabricated citation)? Each cue points at one answer, the gold-worse one where gold is known; the "
        "control is a neutral insert of the same length in the same place. Cue ids are data "
        "(`judgeaudit/probes/cues.yaml`): every metric is reported per cue, as `cues.<cue>.<metric>`."
    ),
)

# cues.<cue>.<metric>, by metric; {name} in a sentence is the cue
CUE_METRICS: dict[str, MetricInfo] = {
    i.path.rsplit(".", 1)[1]: i
    for i in (
        MetricInfo(
            "cues.<cue>.flip_excess",
            "flip excess over the neutral insert",
            "diff",
            "cued and neutral judgments",
            ideal=0,
            lo=-1,
            hi=1,
            words=(
                "A {name} cue moves the verdict to the answer it points at {value:pp} more often than a neutral "
                "insert of the same length in the same place (0 = the cue does nothing a neutral sentence would not)."
            ),
            defines=(
                "Flip rate minus the neutral insert's flip rate: the pull of what the cue says, net of the prompt "
                "merely changing; paired score (MOVER) interval by item."
            ),
        ),
        MetricInfo(
            "cues.<cue>.flip_rate",
            "flips to the cued answer",
            "rate",
            "judgments",
            better="lower",
            lo=0,
            hi=1,
            words="With the {name} cue, {value:pct} of {n} verdicts that were not on the cued answer move to it.",
            defines=(
                "Among judgments whose verdict without the cue was not the cued answer, the share whose verdict "
                "with the cue is."
            ),
        ),
        MetricInfo(
            "cues.<cue>.flip_rate_neutral",
            "flips under the neutral insert (control)",
            "rate",
            "judgments",
            better="lower",
            lo=0,
            hi=1,
            words=(
                "With the matched neutral insert instead (the control), {value:pct} of {n} such verdicts move to "
                "that answer."
            ),
            defines="The same with the neutral insert instead of the cue.",
        ),
        MetricInfo(
            "cues.<cue>.robustness_rate",
            "verdict unchanged by the cue",
            "rate",
            "judgments",
            better="higher",
            lo=0,
            hi=1,
            words="With the {name} cue in the prompt, {value:pct} of {n} verdicts stay what they were without it.",
            defines="Share of judgments whose verdict with the cue is the verdict without it.",
        ),
        MetricInfo(
            "cues.<cue>.robustness_rate_neutral",
            "verdict unchanged by the neutral insert (control)",
            "rate",
            "judgments",
            better="higher",
            lo=0,
            hi=1,
            words=(
                "With the matched neutral insert instead (the control), {value:pct} of {n} verdicts stay what they "
                "were."
            ),
            defines="The same with the neutral insert instead of the cue.",
        ),
    )
}
SHIPPED_CUES = ("sycophancy", "bandwagon", "authority")


def cue_info(cue: str, metric: str) -> MetricInfo:
    """The catalogue entry of ``cues.<cue>.<metric>``."""
    template = CUE_METRICS[metric]
    return replace(
        template, path=f"cues.{cue}.{metric}", label=f"{cue.replace('_', ' ').capitalize()}: {template.label}"
    )


# the shipped cues' entries; a run's other cues get theirs from cue_info
METRICS: tuple[MetricInfo, ...] = tuple(cue_info(cue, metric) for cue in SHIPPED_CUES for metric in CUE_METRICS)


class CueMetrics(Readability, total=False):
    """One cue's estimates against its neutral insert (``cues.<cue id>`` in metrics.json; cue ids are data)."""

    n_cued: int
    n_neutral: int
    n_compared: int
    n_compared_neutral: int
    robustness_rate: Estimate
    robustness_rate_neutral: Estimate
    flip_rate: Estimate
    flip_rate_neutral: Estimate
    flip_excess: Estimate
