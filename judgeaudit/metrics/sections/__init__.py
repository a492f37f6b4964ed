"""The sections of metrics.json, one module each: its :class:`~judgeaudit.metrics.records.Section` (``SECTION``),
its metrics (``METRICS``, :class:`~judgeaudit.metrics.records.MetricInfo` rows with their plain-words sentences)
and the sentence functions only it needs.

Every module here is a section: :mod:`judgeaudit.metrics.catalog` imports them all and orders them by
``Section.order``, so a new section is one new file (docs/extending.md).
"""
