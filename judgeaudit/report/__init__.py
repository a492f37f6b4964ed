"""The self-contained HTML report of a run directory (and the comparison page's shared look).

What each section and metric is comes from the metric catalogue (:mod:`judgeaudit.metrics`); this package
only draws it.
"""

from judgeaudit.report.html import render_report

__all__ = ["render_report"]
