"""Dataset-provided perturbations: one block of metrics per perturbation name."""

from __future__ import annotations

from judgeaudit.metrics.records import MetricInfo, Section

SECTION = Section(
    key="perturbation",
    order=110,
    title="Dataset-provided perturbations",
    optional=True,
    absent_reason="needs the perturbation probe (items that declare variant_of, judged against their original).",
    about=(
        "Does a dataset's own perturbed copy of a pair (a longer rewrite, a citation, a cheerful rewrite) move "
        "the verdict more than a placebo of the same size? Each variant is judged with its original and a "
        "placebo, paired by item and order. Perturbation names are the dataset's: every metric is reported per "
        "name, as `perturbation.<name>.<metric>`."
    ),
    left_out_when_absent=True,
)


METRICS: tuple[MetricInfo, ...] = ()
