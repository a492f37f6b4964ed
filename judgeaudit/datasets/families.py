"""Model name → model family, by a table of substring rules kept as data (``families.yaml``).

Self-preference is about families, not exact checkpoints: a Llama judge is suspected of favouring
Llama fine-tunes too. The table is data so a user can read and extend it without touching code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from judgeaudit.errors import InputError

TABLE = Path(__file__).with_name("families.yaml")
_KEYS = {"version", "rules"}
_RULE_KEYS = {"pattern", "family"}


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, str], ...]:
    """The (pattern, family) rules in order, validated; an unknown key is an error naming the file."""
    data = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "rules" not in data:
        raise InputError(TABLE, None, "rules", "expected a mapping with a 'rules' list")
    for key in data:
        if key not in _KEYS:
            raise InputError(TABLE, None, key, f"unknown key (allowed: {', '.join(sorted(_KEYS))})")
    out = []
    for i, rule in enumerate(data["rules"]):
        if not isinstance(rule, dict) or set(rule) != _RULE_KEYS:
            raise InputError(TABLE, None, f"rules[{i}]", "each rule is exactly {pattern: ..., family: ...}")
        out.append((str(rule["pattern"]).lower(), str(rule["family"])))
    return tuple(out)


def family_of(model_name: str | None, overrides: dict[str, str] | None = None) -> str | None:
    """The family of a model, or ``None`` when no rule matches.

    Args:
        model_name: any spelling of a model name or path (``Meta-Llama-3-8B-Instruct``,
            ``llama2_chat_13b``, ``HuggingFaceTB/SmolLM2-135M-Instruct``).
        overrides: extra ``{pattern: family}`` rules consulted before the table, in order, with the
            same case-insensitive substring matching (an exact model name is its own pattern).
    """
    if not model_name:
        return None
    name = model_name.lower()
    for pattern, family in (overrides or {}).items():
        if pattern.lower() in name:
            return family
    for pattern, family in rules():
        if pattern in name:
            return family
    return None
