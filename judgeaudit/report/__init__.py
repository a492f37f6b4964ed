"""The self-contained HTML report of a run directory (and the comparison page's shared look).

``render_report`` is imported lazily so that ``judgeaudit.vet`` can use the metric catalogue without
pulling in the renderer (which itself uses the vetting gate).
"""

from __future__ import annotations

from typing import Any

__all__ = ["render_report"]


def __getattr__(name: str) -> Any:
    if name == "render_report":
        from judgeaudit.report.html import render_report

        return render_report
    raise AttributeError(name)
