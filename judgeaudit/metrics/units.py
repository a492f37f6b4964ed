"""A metric's value in its natural unit: a rate as a percentage, a difference of rates in points."""

from __future__ import annotations

import math
from typing import Any, Literal, Protocol

from judgeaudit.io.files import finite_number

MetricKind = Literal["rate", "diff", "signed", "coef", "number", "count"]


class Kinded(Protocol):
    """Anything that knows its metric's kind (a catalogue row)."""

    @property
    def kind(self) -> MetricKind: ...


def pct(x: float | None, digits: int | None = None) -> str:
    """``0.713`` → ``71%`` (one decimal under 10% and over 90%, where the decimal matters)."""
    if x is None or not math.isfinite(x):
        return "n/a"
    v = 100.0 * x
    if digits is None:
        digits = 1 if (abs(v) < 10 or abs(v) > 90) and v not in (0.0, 100.0) else 0
    text = f"{v:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}%"


def points(x: float | None) -> str:
    """A difference of rates in percentage points: ``+7.1 pp``."""
    if x is None or not math.isfinite(x):
        return "n/a"
    text = f"{100.0 * x:+.1f}"
    return f"{text[:-2] if text.endswith('.0') else text} pp"


def fmt_num(x: float | None, digits: int = 2) -> str:
    """A plain number to ``digits`` decimals; ``n/a`` for a missing or non-finite one."""
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{x:.{digits}f}"


def fmt_value(info: Kinded | None, x: float | None) -> str:
    """A value in its metric's natural unit; ``n/a`` for anything but a finite number (a corrupt file's string)."""
    if not finite_number(x):
        return "n/a"
    if info is None:
        return fmt_num(x, 3)
    if info.kind == "rate":
        return pct(x)
    if info.kind == "diff":
        return points(x)
    if info.kind == "count":
        return "n/a" if x is None else f"{int(x)}"
    return f"{x:+.2f}" if info.kind in ("signed", "coef") and x is not None and math.isfinite(x) else fmt_num(x)


def fmt_ci(info: Kinded | None, ci: Any) -> str:
    """An interval in its metric's unit: ``[62%, 79%]``, or ``no interval``."""
    if not isinstance(ci, (list, tuple)) or len(ci) != 2 or not all(finite_number(c) for c in ci):
        return "no interval"
    return f"[{fmt_value(info, ci[0])}, {fmt_value(info, ci[1])}]"
