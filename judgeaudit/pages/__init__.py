"""HTML pages: a run's self-contained report, the comparison page and the leaderboard page.

What each section and metric is comes from the metric catalogue (:mod:`judgeaudit.metrics`); this package
only draws it. The one writer of a run's report.html is :func:`judgeaudit.report`.
"""
