"""The library behind each CLI verb: ``judgeaudit X`` is :func:`judgeaudit.X` (``import`` is ``import_``).

One module per verb; the CLI (:mod:`judgeaudit.cli`) only parses options and prints what these return.
"""
