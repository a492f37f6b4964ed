"""Model name → model family, by a table of substring rules kept as data (``families.yaml``).

Self-preference is about families, not exact checkpoints: a Llama judge is suspected of favouring
Llama fine-tunes too. The table is data so a user can read and extend it without touching code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from judgeaudit.files import read_yaml

TABLE = Path(__file__).with_name("families.yaml")
_KEYS = {"version", "rules"}
_RULE_KEYS = {"pattern", "family"}


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, str], ...]:
    """The (pattern, family) rules in order, validated; an unknown key is an error naming the file."""
    doc = read_yaml(TABLE, allowed=_KEYS, required=("rules",))
    if not isinstance(doc.data["rules"], list):
        raise doc.error(("rules",), "expected a list of {pattern: ..., family: ...} rules")
    out = []
    for i, rule in enumerate(doc.data["rules"]):
        doc.check_keys(rule, _RULE_KEYS, "rules", i, required=("pattern", "family"))
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
