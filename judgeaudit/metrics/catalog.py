"""The metric catalogue: every section of metrics.json and every metric in it, gathered from the sections' modules.

One record per metric serves the report (labels, sentences), the vetting gate (which paths a policy may
name, what a threshold may be), the judge comparison (direction, headline metrics), the terminal summary
and docs/metrics.md, which is generated from it (``python -m judgeaudit.metrics.docs``). Each section
declares its records in its own module of :mod:`judgeaudit.metrics.sections`; this module imports them all.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from judgeaudit.metrics import arms, sections
from judgeaudit.metrics.reading import lookup, read_estimate
from judgeaudit.metrics.records import MetricInfo, Section
from judgeaudit.metrics.sections.cues import CUE_METRICS, cue_info
from judgeaudit.metrics.sections.joint import COEFFICIENT, coef_words


def _section_modules() -> list[tuple[Section, tuple[MetricInfo, ...]]]:
    """Every section module's ``SECTION`` and ``METRICS``, in section order; a clash is an error at import."""
    found = []
    for module in pkgutil.iter_modules(sections.__path__):
        mod = importlib.import_module(f"{sections.__name__}.{module.name}")
        sec, rows = mod.SECTION, tuple(mod.METRICS)
        if sec.key != module.name:
            raise ValueError(f"{mod.__name__}: the module of section {sec.key!r} must be named {sec.key}.py")
        if any(m.axis != sec.key for m in rows):
            raise ValueError(f"{mod.__name__}: every metric path must start with {sec.key!r}")
        found.append((sec, rows))
    found.sort(key=lambda f: f[0].order)
    orders = [s.order for s, _ in found]
    if len(set(orders)) != len(orders):
        raise ValueError(f"two sections share an order: {sorted(orders)}")
    return found


_FOUND = _section_modules()
SECTIONS: tuple[Section, ...] = tuple(sec for sec, _ in _FOUND)
BY_KEY: dict[str, Section] = {s.key: s for s in SECTIONS}

# <section>.extraction_success_rate and <section>.n_unparsed, in every section
READABILITY = (
    MetricInfo(
        "<section>.extraction_success_rate",
        "Readable verdicts",
        "rate",
        "judgments",
        better="higher",
        lo=0,
        hi=1,
        words="The judge's output could be read as a verdict in {value:pct} of its {section} calls.",
        defines="Share of the section's judge outputs that could be read as a verdict.",
    ),
    MetricInfo(
        "<section>.n_unparsed",
        "Unreadable outputs",
        "count",
        "judgments",
        better="lower",
        lo=0,
        words="{value:int} {section} outputs could not be read as a verdict.",
        defines=(
            "Number of the section's outputs that could not be read as a verdict: counted and left out, never "
            "guessed. A judge that fails to answer is not unbiased."
        ),
    ),
)

CATALOG: dict[str, MetricInfo] = {m.path: m for _, rows in _FOUND for m in rows}
for _section in SECTIONS:
    # the comparison shows readability once, on the section every battery has
    CATALOG[f"{_section.key}.extraction_success_rate"] = replace(
        READABILITY[0], path=f"{_section.key}.extraction_success_rate", compared=_section is SECTIONS[0]
    )
    CATALOG[f"{_section.key}.n_unparsed"] = replace(READABILITY[1], path=f"{_section.key}.n_unparsed")

_COEF = re.compile(r"^joint\.coefficients\.([A-Za-z_][A-Za-z0-9_]*)$")
_CUE = re.compile(r"^cues\.([A-Za-z_][A-Za-z0-9_-]*)\.(" + "|".join(CUE_METRICS) + r")$")


def section(key: str) -> Section | None:
    """The section of a metrics.json key, or None when the key names no section."""
    return BY_KEY.get(key)


def section_keys() -> tuple[str, ...]:
    """Every section's key, in order."""
    return tuple(s.key for s in SECTIONS)


def info(path: str) -> MetricInfo | None:
    """The catalogue entry of a metric path, or None when the path names no metric."""
    if path in CATALOG:
        return CATALOG[path]
    m = _COEF.match(path)
    if m:
        term = m.group(1)
        return replace(
            COEFFICIENT, path=path, label=f"Joint coefficient: {term.replace('_', ' ')}", words=coef_words(term)
        )
    m = _CUE.match(path)
    if m and m.group(1) not in ("cue_ids", "n_unparsed", "extraction_success_rate"):
        return cue_info(m.group(1), m.group(2))
    parts = arms.parse(path)
    return arms.arm_info(*parts) if parts else None


def metric_paths(section: str, metrics: Mapping[str, Any] | None = None) -> list[str]:
    """The metric paths of one section, in catalogue order; with ``metrics``, also the per-cue and per-term
    paths that run has (cue ids and the joint model's terms are known only from the run)."""
    paths = [p for p in CATALOG if p.split(".", 1)[0] == section]
    if section == "cues":  # one block of rows per cue the run has, control rows included
        ids = lookup(metrics, "cues.cue_ids")
        paths = [p for p in paths if p.count(".") == 1]
        paths += [f"cues.{c}.{m}" for c in (ids if isinstance(ids, list) else []) for m in CUE_METRICS]
    if section in arms.ARM_SECTIONS:  # one block of rows per treatment or perturbation id the run has
        paths += arms.arm_paths(section, metrics)
    coef = lookup(metrics, "joint.coefficients") if section == "joint" else None
    if isinstance(coef, dict):
        paths += [f"joint.coefficients.{k}" for k in coef]
    return paths


def sentence(path: str, est: Mapping[str, Any], metrics: Mapping[str, Any] | None) -> str:
    """The plain-words reading of one estimate (a metrics.json node)."""
    meta = info(path)
    if meta is None or read_estimate(est) is None:
        note = est.get("note") if isinstance(est, dict) else None
        return str(note) if note else "Not estimable from these judgments."
    return meta.sentence(est, metrics or {})
