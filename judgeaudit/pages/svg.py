"""Plots as inline SVG strings: no matplotlib, no fonts or scripts to fetch, readable in a mail client.

Every function returns :class:`markupsafe.Markup` (safe to drop into an autoescaped template) and escapes
every piece of text it draws, since labels such as model family names come from user data. Each plot
carries ``role="img"``, an ``aria-label`` and a ``<title>`` so a screen reader can say what it shows, and
never relies on colour alone: series differ in marker and dash too, heatmap cells print their numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

INK = "#1f2328"
MUTED = "#59636e"
GRID = "#d1d9e0"
BLUE = "#0969da"
PURPLE = "#8250df"
GREEN_BG = "#dafbe1"
RED = "#cf222e"
FONT = "font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"

Fmt = Callable[[float], str]


def _f(x: float) -> str:
    """Coordinates with one decimal: small files, no visible rounding."""
    return f"{x:.1f}"


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _num(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if abs(x) < 1000 else f"{x:.0f}"


def _finite(*xs: float | None) -> bool:
    return all(x is not None and math.isfinite(x) for x in xs)


def _svg(width: int, height: int, label: str, body: list[str], cls: str = "plot") -> Markup:
    text = escape(label)
    return Markup(
        f'<svg class="{cls}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{text}" style="{FONT};max-width:100%;height:auto">'
        f"<title>{text}</title>{''.join(body)}</svg>"
    )


def _text(
    x: float, y: float, s: str, *, anchor: str = "start", size: int = 12, fill: str = INK, weight: str = "normal"
) -> str:
    return (
        f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}" font-size="{size}" fill="{fill}" '
        f'font-weight="{weight}">{escape(s)}</text>'
    )


def _line(
    x1: float, y1: float, x2: float, y2: float, *, stroke: str = INK, width: float = 1, dash: str | None = None
) -> str:
    d = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<line x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" stroke="{stroke}" stroke-width="{width}"{d}/>'
    )


def _scale(d0: float, d1: float, r0: float, r1: float) -> Callable[[float], float]:
    span = (d1 - d0) or 1.0
    return lambda v: r0 + (min(max(v, d0), d1) - d0) / span * (r1 - r0)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick positions covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten apart)."""
    if not _finite(lo, hi) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(count - 1, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.ceil(lo / step - 1e-9) * step
    out = []
    v = start
    while v <= hi + 1e-9 * step:
        out.append(round(v, 10))
        v += step
    return out


def symmetric_range(*xs: float | None, floor: float = 0.1, cap: float | None = None) -> tuple[float, float]:
    """An axis range centred on 0 wide enough for every value (and a margin)."""
    m = max([abs(x) for x in xs if x is not None and math.isfinite(x)] + [floor]) * 1.15
    if cap is not None:
        m = min(m, cap)
    return -m, m


# --- a card's interval strip ---------------------------------------------------------------------------


def interval_strip(
    value: float | None,
    ci: Sequence[float | None] | None,
    threshold: float | None,
    bound: str,
    domain: tuple[float, float],
    fmt: Fmt = _num,
    label: str = "",
    op: str = ">=",
) -> Markup:
    """The estimate, its 95% interval and the policy threshold on one axis; the passing region shaded.

    ``bound`` is the policy's (``lower``, ``upper``, ``abs`` or ``value``) and with ``op`` decides which side
    passes.
    """
    w, h, pad = 320, 58, 14
    x = _scale(domain[0], domain[1], pad, w - pad)
    body: list[str] = []
    if threshold is not None and _finite(threshold):
        if bound == "abs":
            region = (-threshold, threshold)
        elif bound == "lower" or (bound == "value" and op == ">="):
            region = (threshold, domain[1])
        else:
            region = (domain[0], threshold)
        if region:
            x0, x1 = x(region[0]), x(region[1])
            body.append(f'<rect x="{_f(x0)}" y="8" width="{_f(max(x1 - x0, 0))}" height="26" fill="{GREEN_BG}"/>')
    body.append(_line(pad, 34, w - pad, 34, stroke=MUTED))
    for t in nice_ticks(domain[0], domain[1], 5):
        body.append(_line(x(t), 34, x(t), 38, stroke=MUTED))
        body.append(_text(x(t), 50, fmt(t), anchor="middle", size=10, fill=MUTED))
    if threshold is not None and _finite(threshold):
        for t in [-threshold, threshold] if bound == "abs" else [threshold]:
            body.append(_line(x(t), 4, x(t), 38, stroke=INK, width=1.5, dash="4 3"))
    if ci is not None and len(ci) == 2 and _finite(ci[0], ci[1]):
        lo, hi = float(ci[0]), float(ci[1])  # type: ignore[arg-type]
        body.append(_line(x(lo), 21, x(hi), 21, stroke=INK, width=3))
        body.append(_line(x(lo), 15, x(lo), 27, stroke=INK, width=2))
        body.append(_line(x(hi), 15, x(hi), 27, stroke=INK, width=2))
    if value is not None and _finite(value):
        body.append(f'<circle cx="{_f(x(value))}" cy="21" r="5" fill="{BLUE}" stroke="#fff" stroke-width="1.5"/>')
    return _svg(w, h, label or "estimate, 95% interval and threshold", body, cls="strip")


# --- forest plot: several estimates with intervals -----------------------------------------------------


@dataclass
class Row:
    """One line of a forest plot."""

    label: str
    value: float | None
    lo: float | None = None
    hi: float | None = None
    note: str = ""


def forest(
    rows: list[Row],
    domain: tuple[float, float],
    *,
    refs: Sequence[tuple[float, str]] = (),
    fmt: Fmt = _num,
    label: str = "estimates with 95% intervals",
    axis_label: str = "",
) -> Markup:
    """Labelled horizontal intervals on a shared axis, with dashed reference lines (e.g. 0.5 = no lean)."""
    left, plot_w, right, row_h, top = 210, 330, 190, 30, 30
    w = left + plot_w + right
    h = top + row_h * max(len(rows), 1) + 44
    x = _scale(domain[0], domain[1], left, left + plot_w)
    body: list[str] = []
    bottom = top + row_h * len(rows)
    for t in nice_ticks(domain[0], domain[1], 6):
        body.append(_line(x(t), top - 6, x(t), bottom, stroke=GRID))
        body.append(_text(x(t), bottom + 16, fmt(t), anchor="middle", size=11, fill=MUTED))
    for ref, name in refs:
        if domain[0] <= ref <= domain[1]:
            body.append(_line(x(ref), top - 10, x(ref), bottom, stroke=MUTED, width=1.5, dash="5 4"))
            if name:
                body.append(_text(x(ref), 13, name, anchor="middle", size=10, fill=MUTED))
    if axis_label:
        body.append(_text(left + plot_w / 2, bottom + 34, axis_label, anchor="middle", size=11, fill=MUTED))
    for i, r in enumerate(rows):
        y = top + row_h * i + row_h / 2
        body.append(_text(left - 10, y + 4, r.label, anchor="end", size=12))
        if _finite(r.lo, r.hi):
            body.append(_line(x(r.lo), y, x(r.hi), y, stroke=INK, width=2.5))  # type: ignore[arg-type]
            body.append(_line(x(r.lo), y - 6, x(r.lo), y + 6, stroke=INK, width=2))  # type: ignore[arg-type]
            body.append(_line(x(r.hi), y - 6, x(r.hi), y + 6, stroke=INK, width=2))  # type: ignore[arg-type]
        if _finite(r.value):
            body.append(
                f'<circle cx="{_f(x(r.value))}" cy="{_f(y)}" r="5.5" fill="{BLUE}" '  # type: ignore[arg-type]
                f'stroke="#fff" stroke-width="1.5"/>'
            )
        text = r.note or ("not estimable" if not _finite(r.value) else fmt(r.value))  # type: ignore[arg-type]
        body.append(_text(left + plot_w + 12, y + 4, text, size=11, fill=MUTED))
    return _svg(w, h, label, body)


# --- line plot with error bars: the padding dose-response curve ------------------------------------------


@dataclass
class Series:
    """One curve: points (x, y, lo, hi); drawn with its own marker and dash so it reads in grey too."""

    name: str
    points: list[tuple[float, float | None, float | None, float | None]] = field(default_factory=list)


_STYLES = [(BLUE, None, "circle"), (PURPLE, "6 4", "square"), (MUTED, "2 3", "diamond")]


def _marker(kind: str, cx: float, cy: float, color: str) -> str:
    if kind == "square":
        return f'<rect x="{_f(cx - 5)}" y="{_f(cy - 5)}" width="10" height="10" fill="{color}" stroke="#fff"/>'
    if kind == "diamond":
        pts = f"{_f(cx)},{_f(cy - 6)} {_f(cx + 6)},{_f(cy)} {_f(cx)},{_f(cy + 6)} {_f(cx - 6)},{_f(cy)}"
        return f'<polygon points="{pts}" fill="{color}" stroke="#fff"/>'
    return f'<circle cx="{_f(cx)}" cy="{_f(cy)}" r="5.5" fill="{color}" stroke="#fff" stroke-width="1.5"/>'


def line_ci(
    series: list[Series],
    *,
    x_label: str,
    y_label: str,
    label: str,
    y_domain: tuple[float, float] | None = None,
    x_fmt: Fmt = _num,
    y_fmt: Fmt = _pct,
) -> Markup:
    """Curves with 95% error bars over a numeric x (e.g. flip rate vs padding size)."""
    w, h, left, right, top, bottom = 720, 320, 64, 250, 16, 52
    xs = [p[0] for s in series for p in s.points if _finite(p[0])]
    ys = [v for s in series for p in s.points for v in (p[1], p[3]) if v is not None and _finite(v)]
    x_hi = max(xs) * 1.08 if xs and max(xs) > 0 else 1.0
    x_lo = 0.0 if not xs or min(xs) >= 0 else min(xs) * 1.08
    if y_domain is None:
        y_domain = (0.0, min(1.0, max([0.1] + ys) * 1.15))
    x = _scale(x_lo, x_hi, left, w - right)
    y = _scale(y_domain[0], y_domain[1], h - bottom, top)
    body: list[str] = []
    for t in nice_ticks(y_domain[0], y_domain[1], 5):
        body.append(_line(left, y(t), w - right, y(t), stroke=GRID))
        body.append(_text(left - 8, y(t) + 4, y_fmt(t), anchor="end", size=11, fill=MUTED))
    for t in nice_ticks(x_lo, x_hi, 6):
        body.append(_line(x(t), h - bottom, x(t), h - bottom + 5, stroke=MUTED))
        body.append(_text(x(t), h - bottom + 18, x_fmt(t), anchor="middle", size=11, fill=MUTED))
    body.append(_line(left, h - bottom, w - right, h - bottom, stroke=MUTED))
    body.append(_line(left, top, left, h - bottom, stroke=MUTED))
    body.append(_text((left + w - right) / 2, h - 10, x_label, anchor="middle", size=12, fill=MUTED))
    body.append(
        f'<text transform="translate(16 {_f((top + h - bottom) / 2)}) rotate(-90)" text-anchor="middle" '
        f'font-size="12" fill="{MUTED}">{escape(y_label)}</text>'
    )
    for k, s in enumerate(series):
        color, dash, marker = _STYLES[k % len(_STYLES)]
        pts = sorted((p for p in s.points if _finite(p[0], p[1])), key=lambda p: p[0])
        offset = (k - (len(series) - 1) / 2) * 5  # dodge so overlapping error bars stay visible
        if len(pts) > 1:
            path = " ".join(f"{_f(x(p[0]) + offset)},{_f(y(p[1]))}" for p in pts)  # type: ignore[arg-type]
            d = f' stroke-dasharray="{dash}"' if dash else ""
            body.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"{d}/>')
        for px, py, lo, hi in pts:
            cx = x(px) + offset
            if _finite(lo, hi):
                body.append(_line(cx, y(lo), cx, y(hi), stroke=color, width=1.5))  # type: ignore[arg-type]
                body.append(_line(cx - 4, y(lo), cx + 4, y(lo), stroke=color, width=1.5))  # type: ignore[arg-type]
                body.append(_line(cx - 4, y(hi), cx + 4, y(hi), stroke=color, width=1.5))  # type: ignore[arg-type]
            body.append(_marker(marker, cx, y(py), color))  # type: ignore[arg-type]
        ly = top + 14 + 22 * k
        lx = w - right + 16
        d = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(
            f'<line x1="{_f(lx)}" y1="{_f(ly)}" x2="{_f(lx + 28)}" y2="{_f(ly)}" stroke="{color}" stroke-width="2"{d}/>'
        )
        body.append(_marker(marker, lx + 14, ly, color))
        body.append(_text(lx + 36, ly + 4, s.name, size=11))
    return _svg(w, h, label, body)


# --- heatmap with the numbers printed in the cells --------------------------------------------------------


@dataclass
class Cell:
    value: float | None
    lo: float | None = None
    hi: float | None = None
    n: int | None = None
    mark: str = ""  # e.g. "own family": printed, and the cell outlined


def _diverging(v: float, centre: float = 0.5) -> str:
    """Blue above ``centre``, orange below, pale enough at full strength that black text stays readable."""
    t = max(-1.0, min(1.0, (v - centre) / 0.5))
    base = (9, 105, 218) if t >= 0 else (188, 76, 0)
    a = 0.12 + 0.45 * abs(t)
    r, g, b = (round(255 - (255 - c) * a) for c in base)
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(
    rows: list[str],
    cols: list[str],
    cells: dict[tuple[str, str], Cell],
    *,
    row_title: str,
    col_title: str,
    label: str,
    fmt: Fmt = _pct,
) -> Markup:
    """A grid of rates (0.5 = neutral) with value, interval and n written in each cell."""
    cw, ch, left, top = 132, 58, 170, 58
    w = left + cw * max(len(cols), 1) + 16
    h = top + ch * max(len(rows), 1) + 16
    body = [
        _text(left + cw * len(cols) / 2, 16, col_title, anchor="middle", size=12, fill=MUTED, weight="bold"),
        _text(8, top - 10, row_title, size=12, fill=MUTED, weight="bold"),
    ]
    for j, c in enumerate(cols):
        body.append(_text(left + cw * j + cw / 2, top - 10, c, anchor="middle", size=12))
    for i, r in enumerate(rows):
        y0 = top + ch * i
        body.append(_text(left - 10, y0 + ch / 2 + 4, r, anchor="end", size=12))
        for j, c in enumerate(cols):
            x0 = left + cw * j
            cell = cells.get((r, c))
            fill = _diverging(cell.value) if cell and cell.value is not None and _finite(cell.value) else "#f6f8fa"
            stroke = f'stroke="{INK}" stroke-width="2.5"' if cell and cell.mark else 'stroke="#fff" stroke-width="2"'
            body.append(f'<rect x="{_f(x0)}" y="{_f(y0)}" width="{cw}" height="{ch}" fill="{fill}" {stroke}/>')
            if cell is None or not _finite(cell.value):
                body.append(_text(x0 + cw / 2, y0 + ch / 2 + 4, "no data", anchor="middle", size=11, fill=MUTED))
                continue
            body.append(
                _text(
                    x0 + cw / 2,
                    y0 + 22,
                    fmt(cell.value) + (f" ({cell.mark})" if cell.mark else ""),  # type: ignore[arg-type]
                    anchor="middle",
                    size=14,
                    weight="bold",
                )
            )
            sub = f"[{fmt(cell.lo)}, {fmt(cell.hi)}]" if _finite(cell.lo, cell.hi) else ""  # type: ignore[arg-type]
            if cell.n is not None:
                sub = f"{sub} n={cell.n}".strip()
            body.append(_text(x0 + cw / 2, y0 + 42, sub, anchor="middle", size=10, fill=INK))
    return _svg(w, h, label, body)


# --- reliability diagram -----------------------------------------------------------------------------------


def reliability(bins: list[tuple[float, float, float | None, float | None, int | None]], *, label: str) -> Markup:
    """Accuracy against stated confidence per bin, with 95% bars; the diagonal is perfect calibration.

    ``bins``: (mean confidence, accuracy, lo, hi, n).
    """
    size, left, top, bottom, right = 300, 60, 16, 50, 150
    w, h = left + size + right, top + size + bottom
    # binary verdicts state confidence >= 50%: zoom to the populated corner, but keep the diagonal's meaning
    lows = [v for b in bins for v in (b[0], b[1], b[2]) if v is not None and _finite(v)]
    lo_axis = max(0.0, min(0.5, math.floor(min(lows + [0.5]) * 10) / 10))
    x = _scale(lo_axis, 1.0, left, left + size)
    y = _scale(lo_axis, 1.0, top + size, top)
    body: list[str] = []
    for t in nice_ticks(lo_axis, 1.0, 6):
        body.append(_line(x(t), top, x(t), top + size, stroke=GRID))
        body.append(_line(left, y(t), left + size, y(t), stroke=GRID))
        body.append(_text(x(t), top + size + 16, _pct(t), anchor="middle", size=11, fill=MUTED))
        body.append(_text(left - 8, y(t) + 4, _pct(t), anchor="end", size=11, fill=MUTED))
    body.append(_line(x(lo_axis), y(lo_axis), x(1), y(1), stroke=MUTED, width=1.5, dash="5 4"))
    body.append(_text(left + size / 2, h - 10, "stated confidence (mean in bin)", anchor="middle", size=12, fill=MUTED))
    body.append(
        f'<text transform="translate(16 {_f(top + size / 2)}) rotate(-90)" text-anchor="middle" '
        f'font-size="12" fill="{MUTED}">{escape("accuracy in bin")}</text>'
    )
    for conf, acc, lo, hi, _n in bins:
        if not _finite(conf, acc):
            continue
        if _finite(lo, hi):
            body.append(_line(x(conf), y(lo), x(conf), y(hi), stroke=BLUE, width=1.5))  # type: ignore[arg-type]
        body.append(_marker("circle", x(conf), y(acc), BLUE))
    lx = left + size + 16
    body.append(_line(lx, top + 14, lx + 28, top + 14, stroke=MUTED, width=1.5, dash="5 4"))
    body.append(_text(lx + 34, top + 18, "perfect calibration", size=11))
    body.append(_marker("circle", lx + 14, top + 38, BLUE))
    body.append(_text(lx + 34, top + 42, "bin, 95% interval", size=11))
    return _svg(w, h, label, body)
