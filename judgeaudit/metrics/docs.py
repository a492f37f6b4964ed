"""docs/metrics.md, generated from the metric catalogue so the definitions never drift from the code.

Run ``python -m judgeaudit.metrics.docs docs/metrics.md`` after changing a section or a metric; a test
fails while the committed file differs from what this module writes.
"""

from __future__ import annotations

import math
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

from judgeaudit.metrics.arms import ARM_METRICS, ARM_SECTIONS, SHIPPED_BIASES
from judgeaudit.metrics.catalog import CATALOG, READABILITY, SECTIONS
from judgeaudit.metrics.records import MetricInfo, Section
from judgeaudit.metrics.sections.cues import CUE_METRICS, SHIPPED_CUES
from judgeaudit.metrics.sections.joint import COEFFICIENT

INTRO = """\
# Metric definitions

<!-- Generated from the metric catalogue (judgeaudit/metrics/) by `python -m judgeaudit.metrics.docs
docs/metrics.md`. Edit the catalogue, not this file: a test fails while the two differ. -->

The paths below are the keys of `metrics.json`; a vetting policy names a metric by its path
(`metric: position.consistency`). Every estimate is

```json
{"value": 0.71, "ci": [0.62, 0.79], "n": 120}
```

plus `p_value` where the metric is a test against "no bias", `p_value_holm` (that p-value Holm-adjusted
over every test of the run, listed under `holm`), and `note` where the value is missing or needs care.
`value` is `null` when these judgments cannot give the estimate; `note` says why.

- Intervals are 95% and never of zero width; no p-value is exactly 0. A rate gets Wilson's score interval on
  the design-effect-adjusted effective sample size (items as clusters: one item yields several correlated
  judgments); near 0 or 1 (fewer than 5 effective hits, or misses) the side facing the edge is no narrower
  than Clopper-Pearson's on the effective trials, so each side misses at most its 2.5% with few items. A
  difference of rates the MOVER (Newcombe) score interval, paired when both rates come from the
  same items; a test's p-value is its interval's inversion. A regression coefficient gets cluster-robust (by
  item) standard errors and a t interval, or `"estimable": false` with a `note` when the data cannot
  estimate it (separation). A seeded cluster bootstrap by item is left only where no closed form fits. Which
  metric uses which, with references: docs/validity.md.
- **n counts** the metric's unit: *pairs* are items judged in both orders with both verdicts read;
  *judgments* count each order (and each repeat) as one. Unless a metric says otherwise, it uses the pairwise
  judgments of the original (unpadded, un-cued) variant whose verdict could be read; a non-tie verdict picks
  `a` or `b`.
- **Better** is the direction of less bias: `higher`, `lower`, or `closer to x`, where x means no bias. The
  comparison of judges (`judgeaudit compare`) ranks judges by it.
- **Threshold range** is what a vetting policy's threshold on the metric may be.
- A judge that fails to answer is not unbiased: every section also reports how many outputs could be read
  (see *In every section* at the end).

Besides the sections, `metrics.json` holds `holm` (every tested path with its Holm-adjusted p-value),
`power` (how many pairs would detect a given position effect), `meta` (counts, judges, seed, resamples)
and, when the judgments hold several judges and none was chosen, `by_judge` (one such dict per judge).
"""


def _better(m: MetricInfo) -> str:
    if m.ideal is None:
        return str(m.better)
    return f"closer to {round(m.ideal, 3):g}"


def _range(m: MetricInfo) -> str:
    if math.isinf(m.lo) and math.isinf(m.hi):
        return "any"
    lo = "−∞" if math.isinf(m.lo) else f"{m.lo:g}".replace("-", "−")
    hi = "∞" if math.isinf(m.hi) else f"{m.hi:g}"
    return f"{lo} to {hi}"


def _table(metrics: list[MetricInfo]) -> list[str]:
    lines = [
        "| metric | title | definition | n counts | better | threshold range |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for m in metrics:
        cells = (f"`{m.path}`", m.label, m.defines, m.unit, _better(m), _range(m))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return lines


def _paragraph(text: str) -> str:
    return textwrap.fill(text, width=110, break_long_words=False, break_on_hyphens=False)


def _section(s: Section) -> list[str]:
    own = [m for m in CATALOG.values() if m.axis == s.key and not m.path.endswith(_READABILITY_SUFFIXES)]
    if s.key == "cues":  # per cue: the templates, once, rather than every shipped cue
        own = [m for m in own if m.path.count(".") == 1] + list(CUE_METRICS.values())
    if s.key == "joint":
        own = [*own, COEFFICIENT]
    if s.key in ARM_SECTIONS:  # per treatment or perturbation id: the templates, with the section's name
        own = [*own, *(replace(m, path=m.path.replace("<section>", s.key)) for m in ARM_METRICS.values())]
    needs = f"Needs {s.absent_reason[len('needs ') :]}" if s.absent_reason.startswith("needs ") else s.absent_reason
    if s.optional:
        needs += " The section is present only in runs that have it."
    lines = [f"## {s.key}: {s.title}", "", _paragraph(s.about), "", _paragraph(needs)]
    if s.key == "cues":
        lines += ["", f"Shipped cues: {', '.join(f'`{c}`' for c in SHIPPED_CUES)}."]
    if s.key == "biases":
        lines += ["", _paragraph(f"Shipped treatments: {', '.join(f'`{c}`' for c in SHIPPED_BIASES)}.")]
    lines += ["", *_table(own)]
    if s.details:
        lines += ["", "Also in this section, the data behind its plots and tables:", ""]
        lines += [f"- `{key}`: {what}" for key, what in s.details]
    return lines


_READABILITY_SUFFIXES = tuple("." + m.path.split(".", 1)[1] for m in READABILITY)


def markdown() -> str:
    """The whole of docs/metrics.md."""
    lines = [INTRO.rstrip("\n")]
    for s in SECTIONS:
        lines += ["", *_section(s)]
    lines += [
        "",
        "## In every section",
        "",
        "Each section's `<section>` is its key above.",
        "",
        *_table(list(READABILITY)),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Write docs/metrics.md to the path given, or to standard output."""
    text = markdown()
    if argv:
        Path(argv[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
