"""Bias probes against their placebos: one block of metrics per treatment id."""

from __future__ import annotations

from judgeaudit.metrics.records import MetricInfo, Section

SECTION = Section(
    key="biases",
    order=100,
    title="Bias probes against their placebos",
    optional=True,
    absent_reason=(
        "needs a bias probe (distraction, fallacy_oversight, refinement_aware, sentiment, identity, "
        "compassion_fade, style_format, chain_of_thought: treated and placebo judgments)."
    ),
    about=(
        "Do the remaining biases of the field's catalogues move the verdict: an irrelevant sentence, a "
        "fallacious justification, a note that an answer was refined, a cheerful or angry tone, an author "
        "identity line, model names, markdown structure, being asked to reason first? Each treatment is judged "
        "against a placebo, a content-free change of the same size in the same place, paired by item and order "
        "(docs/biases.md). Treatment ids are data: every metric is reported per id, as `biases.<id>.<metric>`."
    ),
    left_out_when_absent=True,
)


METRICS: tuple[MetricInfo, ...] = ()
