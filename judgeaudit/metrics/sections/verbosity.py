"""Verbosity bias: does a longer answer win because it is longer?"""

from __future__ import annotations

import math
from typing import TypedDict

from judgeaudit.contracts.estimate import Estimate
from judgeaudit.io.files import finite_number
from judgeaudit.metrics.records import MetricInfo, Readability, Section
from judgeaudit.metrics.words import Est, Metrics, value_of

SECTION = Section(
    key="verbosity",
    order=20,
    title="Verbosity bias",
    optional=False,
    absent_reason=(
        "needs pairwise judgments with response lengths, and padded variants for the dose curve (the verbosity probe)."
    ),
    about=(
        "Does a longer answer win because it is longer? Observed: how often the longer of two natural answers "
        "wins, and the effect of length at equal quality. Controlled: the verbosity probe pads one answer with "
        "content-free filler, quality held fixed, and counts the verdicts that move."
    ),
    details=(("dose_curve", "flip and control rate at each padding size (the report's dose-response plot)"),),
)


def _length_coef(e: Est, m: Metrics) -> str:
    v = value_of(e) or 0.0
    sd = e.get("sd_chars")
    by = f" (by well over {sd:.0f} characters)" if finite_number(sd) else ""
    return (
        f"An answer much longer than the other{by} gets its odds of winning multiplied by {math.exp(v):.2f} "
        f"at equal quality and slot (log-odds {v:+.2f}; 0 = length does not matter)."
    )


METRICS: tuple[MetricInfo, ...] = (
    MetricInfo(
        "verbosity.prefer_longer_rate",
        "Prefers the longer answer",
        "rate",
        "judgments",
        ideal=0.5,
        lo=0,
        hi=1,
        words=(
            "When the answers differ in length by more than 30 characters, it picks the longer one in "
            "{value:pct} of {n} verdicts."
        ),
        defines=(
            "Share of non-tie verdicts that pick the longer answer, where the two answers differ by more than "
            "30 characters."
        ),
        headline_rank=3,
        compared=True,
        summary_label="prefer_longer_rate",
        summary_rank=7,
    ),
    MetricInfo(
        "verbosity.eo_gap",
        "Length equal-opportunity gap",
        "diff",
        "judgments",
        ideal=0,
        lo=-1,
        hi=1,
        words=(
            "When the longer answer is the better one, the judge finds it {value:pp} more often than it finds "
            "the shorter answer when that one is better (0 = length-blind)."
        ),
        defines=(
            "With gold labels: P(picks the longer | gold prefers the longer) − P(picks the shorter | gold "
            "prefers the shorter), where the answers differ by more than 30 characters (Saito et al. 2023)."
        ),
        compared=True,
    ),
    MetricInfo(
        "verbosity.length_coef",
        "Length coefficient",
        "coef",
        "judgments",
        ideal=0,
        words=_length_coef,
        defines=(
            "Log-odds effect of tanh(length difference / its standard deviation) in a logistic model of the "
            "verdict with gold and slot as covariates, standard errors clustered by item, t interval on items − "
            "1 degrees of freedom (0 = length does not matter at equal quality and slot). Not estimable "
            "(`estimable: false`, `note` says why) when the verdicts are (nearly) separated."
        ),
        headline_rank=2,
        compared=True,
        summary_label="length_coef (logit)",
        summary_rank=10,
        leaderboard_rank=5,
    ),
    MetricInfo(
        "verbosity.padding_flip_rate",
        "Padding flip rate",
        "rate",
        "judgments",
        better="lower",
        lo=0,
        hi=1,
        words=(
            "Padding the worse answer with content-free filler makes the judge switch to it in {value:pct} of "
            "{n} verdicts it had right before padding."
        ),
        defines=(
            "Among items the judge got right unpadded in both orders, the share of judgments that move to the "
            "worse answer once it is padded with content-free filler."
        ),
        headline_rank=1,
        compared=True,
        summary_label="padding_flip_rate",
        summary_rank=8,
    ),
    MetricInfo(
        "verbosity.padding_control_rate",
        "Padding control rate",
        "rate",
        "judgments",
        better="lower",
        lo=0,
        hi=1,
        words=(
            "Padding the better answer moves the verdict in {value:pct} of {n} verdicts (a control: should be near 0)."
        ),
        defines="The same when the better answer is padded: a control, near 0 for any judge.",
        compared=True,
        summary_label="padding_control_rate",
        summary_rank=9,
    ),
    MetricInfo(
        "verbosity.padding_flip_excess",
        "Padding flip excess",
        "diff",
        "judgments",
        ideal=0,
        lo=-1,
        hi=1,
        words=(
            "Padding the worse answer moves the verdict {value:pp} more often than padding the better one "
            "(noise moves both; the excess is the verbosity effect)."
        ),
        defines=(
            "Padding flip rate minus padding control rate: the pull of padding net of the noise any change to "
            "the prompt causes."
        ),
    ),
    MetricInfo(
        "verbosity.padding_dose_slope",
        "Padding dose slope",
        "coef",
        "judgments",
        ideal=0,
        words=(
            "Each doubling of an answer's length by padding changes the log-odds of picking it by {value:+.2f} "
            "(0 = padding does not sway it)."
        ),
        defines=(
            "Log-odds slope of picking the padded answer on the padding size (added / original characters) over "
            "three or more sizes: the dose-response curve in one number."
        ),
        compared=True,
    ),
)


class LengthObservation(TypedDict, total=False):
    """Verbosity from the lengths the pairs came with."""

    prefer_longer_rate: Estimate
    eo_gap: Estimate
    length_coef: Estimate


class DosePoint(TypedDict):
    """One padding size of the dose curve."""

    pad_ratio: float
    flip_rate: Estimate
    control_rate: Estimate


class Padding(TypedDict, total=False):
    """Verbosity from neutral padding (the verbosity probe's padded variants)."""

    n_padded_judgments: int
    n_right_unpadded_items: int
    pad_ratios: list[float]
    padding_flip_rate: Estimate
    padding_control_rate: Estimate
    padding_flip_excess: Estimate
    dose_curve: list[DosePoint]
    padding_dose_slope: Estimate


class VerbosityMetrics(Readability, LengthObservation, Padding, total=False):
    """The ``verbosity`` section of metrics.json."""
