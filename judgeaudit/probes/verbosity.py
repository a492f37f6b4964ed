"""Controlled verbosity probe: pad one response with content-neutral text at several sizes.

Padding the gold-worse response asks "does the judge flip to it?"; padding the better one is the
control (it should change nothing). Sizes are fractions of the response's own length (≥3 sizes give
a dose-response curve). Padding is deterministic, seeded by item id, style and size.
"""

from __future__ import annotations

import hashlib
import random
import re
from functools import cache
from pathlib import Path
from typing import Any

from judgeaudit.contracts.items import Item
from judgeaudit.io.files import read_yaml
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task, pair_tasks, probe
from judgeaudit.probes.texts import check_mode, declare_texts, merged

PADDING_FILE = Path(__file__).with_name("padding.yaml")
declare_texts("verbosity", PADDING_FILE)
_STYLE_KEYS = {"opener", "units"}


@cache
def padding_styles(path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Style name → ``{opener, units}`` from ``padding.yaml`` (or a suite's own file), checked: the opener a string, the units strings.

    ``PADDING_FILE`` is looked up at call time, not bound as a default, so it stays the one place that names it.
    """
    path = path or PADDING_FILE
    doc = read_yaml(path, allowed={"version", "styles"}, required=("styles",))
    styles = doc.data["styles"]
    if not isinstance(styles, dict) or not styles:
        raise doc.error(("styles",), "expected a mapping of style name to {opener, units}")
    for name, spec in styles.items():
        doc.check_keys(spec, _STYLE_KEYS, "styles", str(name), required=sorted(_STYLE_KEYS))
        if not isinstance(spec["opener"], str):
            raise doc.error(("styles", str(name), "opener"), "must be a string")
        units = spec["units"]
        if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
            raise doc.error(("styles", str(name), "units"), "must be a list of strings")
        if not units and name != "list_repeat":  # list_repeat pads with the response's own sentences
            raise doc.error(("styles", str(name), "units"), "must hold at least one padding unit")
    return dict(styles)


def _rng(*parts: object) -> random.Random:
    return random.Random(int(hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:16], 16))


def pad(
    response: str,
    instruction: str,
    style: str,
    ratio: float,
    seed_key: str,
    known: dict[str, dict[str, Any]] | None = None,
) -> str:
    """Return ``response`` lengthened by whole padding units until about ``ratio`` × its length.

    Units are never cut mid-sentence, so the added length overshoots the target by less than one
    unit; rows record the achieved lengths (``len_a``/``len_b``) alongside the nominal ratio.
    ``known``: the styles to draw from (default: the packaged ``padding.yaml``).
    """
    styles = padding_styles() if known is None else known
    if style not in styles:
        raise ValueError(f"unknown padding style {style!r}; known: {', '.join(styles)}")
    spec = styles[style]
    target = max(1, round(ratio * len(response)))
    rng = _rng(seed_key, style, ratio)
    if style == "list_repeat":
        sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", response) if s.strip()] or [response.strip()]
        units = [f"\n- {s}" for s in sentences]
    else:
        units = list(spec["units"])
    opener = spec["opener"].replace("{instruction}", instruction.strip().splitlines()[0][:200])
    pieces = [opener] if opener else []
    i = 0
    while sum(map(len, pieces)) < target:
        pieces.append(units[i % len(units)] if style == "list_repeat" else rng.choice(units))
        i += 1
    if style == "restate":  # restating the question goes before the answer, as it does in the wild
        return " ".join(pieces) + "\n\n" + response
    if style == "markdown":
        return opener + response + "".join(pieces[1:])
    if style == "list_repeat":
        return response + "".join(pieces)
    return response + " " + " ".join(pieces)


@probe("verbosity")
def verbosity(
    judge: Judge,
    items: list[Item],
    *,
    suite: str,
    sizes: tuple[float, ...] = (0.25, 0.5, 1.0),
    styles: tuple[str, ...] | None = None,
    include_original: bool = True,
    texts: str | None = None,
    texts_mode: str = "replace",
) -> list[Task]:
    """For each gold-labelled item: original (both orders) + worse/better padded at each size.

    ``texts``: a padding file of the shape of ``padding.yaml`` that replaces (``texts_mode: extend``:
    adds to) the packaged styles.
    """
    check_mode("verbosity", texts, texts_mode)
    known = padding_styles() if texts is None else merged(padding_styles(), padding_styles(Path(texts)), texts_mode)
    styles = tuple(styles or known)
    tasks: list[Task] = []
    for idx, item in enumerate(items):
        if item.label not in ("a", "b"):
            continue
        if include_original:
            tasks += pair_tasks(judge, item, probe_name="verbosity", suite=suite)
        style = styles[idx % len(styles)]  # rotate styles over items: each item one style, all sizes
        worse = "b" if item.label == "a" else "a"
        for target in (worse, item.label):
            for ratio in sizes:
                original = item.response_a if target == "a" else item.response_b
                padded = pad(original, item.instruction, style, ratio, item.id, known)
                extra = {
                    "pad_target": target,
                    "pad_ratio": float(ratio),
                    "pad_style": style,
                    "pad_role": "worse" if target == worse else "better",
                }
                tasks += pair_tasks(
                    judge,
                    item,
                    probe_name="verbosity",
                    suite=suite,
                    variant=f"pad_{target}@{ratio:g}",
                    extra=extra,
                    response_a=padded if target == "a" else None,
                    response_b=padded if target == "b" else None,
                )
    return tasks
