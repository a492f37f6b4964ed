"""Probes: each expands items into judge tasks; register a new one with ``@probe("name")``."""

from judgeaudit.probes import (  # noqa: F401  (registration)
    compassion,
    cot,
    cues,
    family,
    insert_biases,
    listwise,
    perturbation,
    position,
    score_vs_rank,
    style,
    template,
    verbosity,
)
from judgeaudit.probes.base import Task, probe, probes

__all__ = ["Task", "probe", "probes"]
