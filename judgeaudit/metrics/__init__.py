"""The metric catalogue: every section and metric of metrics.json, what it means and how to show it.

Stats write metrics.json; the report, the vetting gate, the comparison, the terminal summary and
docs/metrics.md read what each number is from here, so a metric is described in one place: its section's
module in :mod:`judgeaudit.metrics.sections`.
"""

from judgeaudit.metrics.catalog import CATALOG, SECTIONS, info, metric_paths, section, section_keys, sentence
from judgeaudit.metrics.reading import interval, lookup, read_estimate
from judgeaudit.metrics.records import MetricInfo, Section
from judgeaudit.metrics.sections.cues import CUE_METRICS, SHIPPED_CUES, cue_info
from judgeaudit.metrics.units import fmt_ci, fmt_num, fmt_value, pct, points

__all__ = [
    "CATALOG",
    "CUE_METRICS",
    "SECTIONS",
    "SHIPPED_CUES",
    "MetricInfo",
    "Section",
    "cue_info",
    "fmt_ci",
    "fmt_num",
    "fmt_value",
    "info",
    "interval",
    "lookup",
    "metric_paths",
    "pct",
    "points",
    "read_estimate",
    "section",
    "section_keys",
    "sentence",
]
