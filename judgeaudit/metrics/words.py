"""The plain-words reading of each metric: what a busy engineer needs to read, no jargon.

Most sentences are templates on their catalogue row, filled by :func:`render`; a sentence that branches or
reads a neighbour from the whole metrics dict (``m``), such as the judge's family, is a function of the
estimate (``e``, as read from metrics.json) and ``m``, kept in its section's module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from judgeaudit.io.files import finite_number
from judgeaudit.metrics.units import pct, points

Est = Mapping[str, Any]
Metrics = Mapping[str, Any]
Sentence = Callable[[Est, Metrics], str]


def value_of(est: Est) -> float | None:
    """An estimate's value as a float, or None where it has no finite one."""
    v = est.get("value")
    return float(v) if finite_number(v) else None


def count_of(est: Est) -> int:
    """An estimate's n, or 0 where a corrupt file holds something else (inf, an integer past the float range)."""
    n = est.get("n")
    return int(n) if finite_number(n) else 0


class _Value:
    """An estimate's value in a template: ``{value:pct}`` (71%), ``{value:pp}`` (+7.1 pp), ``{value:int}``, or any
    float format (``{value:.2f}``); ``n/a`` where there is no value."""

    def __init__(self, v: float | None) -> None:
        self.v = v

    def __format__(self, spec: str) -> str:
        if spec == "pct":
            return pct(self.v)
        if spec == "pp":
            return points(self.v)
        if self.v is None:
            return "n/a"
        return str(int(self.v)) if spec == "int" else format(self.v, spec)


def render(template: str, path: str, est: Est) -> str:
    """A template sentence filled for one estimate of the metric at ``path``.

    The fields: ``value`` (see :class:`_Value`), ``n``, ``section`` (the section's key in words) and ``name``
    (the id of a per-id metric, ``cues.<name>.flip_rate``, in words).
    """
    parts = path.split(".")
    return template.format(
        value=_Value(value_of(est)),
        n=count_of(est),
        section=parts[0].replace("_", " "),
        name=parts[1].replace("_", " ") if len(parts) > 2 else "",
    )
