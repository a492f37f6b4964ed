"""Probes: each expands items into judge tasks; register a new one with ``@probe("name")`` in a module of
this package (every module here is imported, so the new file is all it takes)."""

from judgeaudit.probes.base import Task, probe, probes
from judgeaudit.registry import import_modules

import_modules(__name__, __path__)

__all__ = ["Task", "probe", "probes"]
