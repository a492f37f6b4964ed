"""Probes: each expands items into judge tasks; register a new one with ``@probe("name")``."""

from judgeaudit.probes import (  # noqa: F401  (registration)
    cues,
    family,
    listwise,
    position,
    score_vs_rank,
    template,
    verbosity,
)
from judgeaudit.probes.base import Task, probe, probes

__all__ = ["Task", "probe", "probes"]
