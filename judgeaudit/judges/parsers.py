"""Parsers for judges' generated text. They read only what the judge generated (never the echoed
prompt) and return ``None`` when no verdict can be found: an unparsed output is an outcome that is
counted, never guessed and never silently re-sampled.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from judgeaudit.registry import Registry

Parser = Callable[[str, tuple[str, ...]], str | None]
parsers: Registry[Parser] = Registry("parser")


@parsers.register("letter")
def parse_letter(text: str, labels: tuple[str, ...]) -> str | None:
    """A verdict label: ``[RESULT] A``, ``[[A]]``, ``Response A``, or a lone label at the start.

    Anchored forms are preferred; with several different anchored answers the output is ambiguous.
    """
    alts = "|".join(re.escape(lab) for lab in labels)
    anchored = [
        rf"\[RESULT\]\s*\(?({alts})\)?\b",
        rf"\[\[({alts})\]\]",
        rf"(?:better|best|winner|verdict|answer)\s*(?:response|answer|output)?\s*(?:is|:)\s*"
        rf"\(?(?:response|output|assistant)?\s*\(?({alts})\)?\b",
    ]
    for pattern in anchored:
        found = {m.group(1) for m in re.finditer(pattern, text, flags=re.IGNORECASE)}
        found = {_canon(f, labels) for f in found}
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    m = re.match(rf"\s*(?:\**\s*)?(?:response\s+|output\s+)?\(?({alts})\)?(?:[\s.,:;)*]|$)", text, flags=re.IGNORECASE)
    return _canon(m.group(1), labels) if m else None


@parsers.register("score")
def parse_score(text: str, labels: tuple[str, ...]) -> str | None:
    """A score label: ``[RESULT] 4``, ``Score: 4``, ``4/5``, or a lone digit at the start."""
    alts = "|".join(re.escape(lab) for lab in labels)
    for pattern in (
        rf"\[RESULT\]\s*\(?({alts})\b",
        rf"score\s*(?:is|:|of)?\s*\(?({alts})\b",
        rf"\b({alts})\s*/\s*{re.escape(labels[-1])}\b",
        rf"\[\[({alts})\]\]",
    ):
        found = set(re.findall(pattern, text, flags=re.IGNORECASE))
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    m = re.match(rf"\s*({alts})(?:\D|$)", text)
    return m.group(1) if m else None


def _canon(found: str, labels: tuple[str, ...]) -> str:
    for lab in labels:
        if lab.lower() == found.lower():
            return lab
    return found


@parsers.register("score_pair")
def parse_score_pair(text: str, labels: tuple[str, ...]) -> str | None:
    """JudgeLM's output: a first line with two scores (first shown, second shown), then reasons.

    Mirrors JudgeLM's own ``parse_score`` (first line, commas as spaces, exactly two numbers); the
    higher score names the slot and equal scores are a tie.
    """
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    if not lines:
        return None
    parts = lines[0].replace(",", " ").split()
    if len(parts) != 2:
        return None
    try:
        first, second = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if first == second:
        return "tie"
    return labels[0] if first > second else labels[1]
