"""Model name → model family, by a table of anchored rules kept as data (``families.yaml``).

A table pattern matches where a name's token begins (at the start or after a character that is not a letter
or digit), never in the middle of a word, and the first matching rule wins: so ``gpt4all-13b-snoozy`` (a
LLaMA fine-tune) meets its own rule before ``gpt4`` and ``snoozy-gpt-4`` still reads as OpenAI. A rule may
say which family's outputs a model was distilled from (``distilled_from``): such a model is not a neutral
third party for that family (:func:`distilled_from`).

Self-preference is about families, not exact checkpoints: a Llama judge is suspected of favouring
Llama fine-tunes too. The table is data so a user can read and extend it without touching code; a user's
own rules (``--family NAME=FAMILY``, a ``--families`` file in the table's format) come first.
Human-written answers are family ``human``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_yaml

TABLE = Path(__file__).with_name("families.yaml")
_KEYS = {"version", "rules"}
_RULE_KEYS = {"pattern", "family", "distilled_from", "base_family"}


def load_rules(path: Path) -> tuple[tuple[str, str], ...]:
    """The (pattern, family) rules of a families file, in order; an unknown key is an error naming the file."""
    doc = read_yaml(path, allowed=_KEYS, required=("rules",))
    if not isinstance(doc.data["rules"], list):
        raise doc.error(("rules",), "expected a list of {pattern: ..., family: ...} rules")
    out = []
    for i, rule in enumerate(doc.data["rules"]):
        doc.check_keys(rule, _RULE_KEYS, "rules", i, required=("pattern", "family"))
        out.append((str(rule["pattern"]).lower(), str(rule["family"])))
    return tuple(out)


@lru_cache(maxsize=1)
def rules() -> tuple[tuple[str, str], ...]:
    """The built-in (pattern, family) rules in order, validated."""
    return load_rules(TABLE)


@lru_cache(maxsize=2)
def _anchored(table: Path) -> tuple[tuple[re.Pattern[str], str, str | None, str | None], ...]:
    pairs = load_rules(table)  # validated first
    doc = read_yaml(table, allowed=_KEYS, required=("rules",))
    extra = {str(r["pattern"]).lower(): (r.get("distilled_from"), r.get("base_family")) for r in doc.data["rules"]}
    return tuple(
        (re.compile(r"(?<![a-z0-9])" + re.escape(p)), f, *extra.get(p, (None, None)))  # type: ignore[misc]
        for p, f in pairs
    )


def _table_rule(name: str) -> tuple[str, str | None, str | None] | None:
    for pattern, family, teacher, base in _anchored(TABLE):
        if pattern.search(name):
            return family, teacher, base
    return None


def distilled_from(model_name: str | None) -> str | None:
    """The family whose outputs the table says this model was trained on (``openai`` for Vicuna), or None."""
    hit = _table_rule(model_name.lower()) if model_name else None
    return hit[1] if hit else None


def base_family(model_name: str | None) -> str | None:
    """Where the table files a fine-tune under its developer, the developer of its base model (``meta`` for
    WizardLM, a Llama fine-tune the table files under ``microsoft``); None where the two are one family."""
    hit = _table_rule(model_name.lower()) if model_name else None
    return hit[2] if hit else None


def family_of(model_name: str | None, overrides: Mapping[str, str] | None = None) -> str | None:
    """The family of a model, or ``None`` when no rule matches.

    Args:
        model_name: any spelling of a model name or path (``Meta-Llama-3-8B-Instruct``,
            ``llama2_chat_13b``, ``HuggingFaceTB/SmolLM2-135M-Instruct``).
        overrides: extra ``{pattern: family}`` rules consulted before the table, in order, matched as
            case-insensitive substrings (an exact model name is its own pattern).
    """
    if not model_name:
        return None
    name = model_name.lower()
    for pattern, family in (overrides or {}).items():
        if pattern.lower() in name:
            return family
    hit = _table_rule(name)
    return hit[0] if hit else None


@dataclass(frozen=True)
class FamilyOptions:
    """What the command line says about families: the judge's own, and rules for any name."""

    judge_family: str | None = None
    rules: dict[str, str] = field(default_factory=dict)


def family_options(values: Sequence[str] = (), files: Sequence[str | Path] = ()) -> FamilyOptions:
    """``--family`` values (``FAMILY`` for the judge, ``NAME=FAMILY`` for any model or judge) and files.

    Command-line rules come before file rules; both before the built-in table.
    """
    judge_family: str | None = None
    out: dict[str, str] = {}
    for value in values:
        name, sep, fam = value.partition("=")
        if not sep:
            judge_family = value.strip() or None
            continue
        if not name.strip() or not fam.strip():
            raise JudgeAuditError(f"--family {value!r}: expected NAME=FAMILY (or FAMILY for the judge)")
        out[name.strip()] = fam.strip()
    for path in files:
        for pattern, fam in load_rules(Path(path)):
            out.setdefault(pattern, fam)
    return FamilyOptions(judge_family, out)


def fill_families(df: pd.DataFrame, user: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Judgment rows with families filled in from names: the user's rules win, the table fills gaps.

    ``judge_family`` comes from ``judge``, ``family_a``/``family_b`` from ``model_a``/``model_b``. A
    family recorded in the rows stays unless a user rule matches the name.
    """
    out = df.copy(deep=False)  # copy on write: the family columns are replaced, the caller's frame is untouched
    for fam_col, name_col in (("judge_family", "judge"), ("family_a", "model_a"), ("family_b", "model_b")):
        if name_col not in out.columns:
            continue
        if fam_col not in out.columns:
            out[fam_col] = None
        # a million rows name a handful of models: each distinct name is looked up once
        codes, uniques = pd.factorize(out[name_col].astype(object), use_na_sentinel=True)
        names = [str(n) for n in uniques]
        mine = [family_of(n, user) if user and any(p.lower() in n.lower() for p in user) else None for n in names]
        table = [family_of(n) for n in names]
        named = codes >= 0
        users = np.array([*mine, None], dtype=object)[codes]  # code -1 (no name) picks the None at the end
        tables = np.array([*table, None], dtype=object)[codes]
        recorded = out[fam_col].astype(object).where(out[fam_col].notna(), None).to_numpy(object)
        # per row: the user's family, else the recorded one, else the table's; no name: the recorded one
        has_user = np.array([m is not None and m != "" for m in [*mine, None]], dtype=bool)[codes]
        filled = np.where(has_user, users, np.where(pd.notna(recorded), recorded, tables))
        filled = np.where(named, filled, recorded)
        out[fam_col] = pd.Series(filled, index=out.index, dtype=object)
    return out


def fill_item_families(items: Sequence[Any], user: Mapping[str, str] | None = None) -> list[Any]:
    """Items (frozen ``Item`` or ``Answer``) with answer families from their model names, as
    :func:`fill_families` does rows."""
    out = []
    for item in items:
        changes = {}
        for side in ("_a", "_b") if hasattr(item, "model_a") else ("",):  # an Answer has one author
            model, recorded = getattr(item, f"model{side}"), getattr(item, f"family{side}")
            if not model:
                continue
            mine = family_of(model, user) if user and any(p.lower() in model.lower() for p in user) else None
            fam = mine or recorded or family_of(model)
            if fam != recorded:
                changes[f"family{side}"] = fam
        out.append(replace(item, **changes) if changes else item)
    return out
