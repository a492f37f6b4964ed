"""Probes: each expands items into judge tasks; register a new one with ``@probe("name")``."""

from judgeaudit.probes import family, position, score_vs_rank, verbosity  # noqa: F401  (registration)
from judgeaudit.probes.base import Task, probe, probes

__all__ = ["Task", "probe", "probes"]
