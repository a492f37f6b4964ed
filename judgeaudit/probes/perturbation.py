"""Dataset-provided perturbations: an item's declared variant judged against the item, with a placebo.

A dataset may say that one item is a perturbed copy of another (items contract: ``variant_of: <id>``,
``perturbation: <name>``, optionally ``perturbed: a|b``): a longer rewrite, the same answer with a
citation, a cheerful rewrite, a fallacious reasoning path. Per original item with variants the probe judges,
each in both orders, the original pair (``original``), each variant (``treated:<name>@<variant id>``) and a
placebo (``control:<name>@<variant id>``), all under the original item's id, so the statistics pair them
by item. Rows: see :mod:`judgeaudit.probes.arms`.

The placebo (``placebo`` option):

- ``auto`` (default): the dataset's own variant with ``perturbation: placebo`` for that item when there is
  one, else ``filler``;
- ``filler``: every text the variant changed (instruction, either answer) changed by the same number of
  characters with content-free sentences (``perturbation.yaml``) appended instead;
- ``dataset``: the dataset's placebo variants only (items without one get no control arm);
- ``none``: no control arm (flip rates and robustness only; no excess).

The perturbed answer (``perturb_target``, where the flips are counted toward) is ``perturbed`` when given,
else the one answer the variant changed; a variant that changed both or neither has no direction.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any

from judgeaudit.contracts.items import PLACEBO, Item
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_yaml
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.arms import arm_tasks
from judgeaudit.probes.base import Task, pair_tasks, probe
from judgeaudit.probes.texts import check_mode, declare_texts, merged

FILLER_FILE = Path(__file__).with_name("perturbation.yaml")
PLACEBOS = ("auto", "filler", "dataset", "none")
_FIELDS = ("instruction", "response_a", "response_b")
declare_texts("perturbation", FILLER_FILE)


@cache
def _filler_file(path: Path) -> tuple[str, ...]:
    doc = read_yaml(path, allowed=("version", "filler"), required=("filler",))
    filler = doc.data["filler"]
    if not isinstance(filler, list) or not filler or not all(isinstance(s, str) and s.strip() for s in filler):
        raise doc.error(("filler",), "expected a non-empty list of sentences")
    return tuple(filler)


def filler_sentences(texts: str | None, texts_mode: str) -> tuple[str, ...]:
    packaged = {str(i): s for i, s in enumerate(_filler_file(FILLER_FILE))}
    own = None if texts is None else {f"own{i}": s for i, s in enumerate(_filler_file(Path(texts)))}
    return tuple(merged(packaged, own, texts_mode).values())


def edit_size(before: str, after: str) -> int:
    """Characters a variant changed: the larger of the length change and the characters replaced."""
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
    return max(abs(len(after) - len(before)), changed)


def filler(size: int, sentences: tuple[str, ...], seed_key: str) -> str:
    """Exactly ``size`` characters of content-free text, starting after a blank line."""
    if size <= 2:
        return " " * size
    start = int(hashlib.sha256(seed_key.encode()).hexdigest()[:8], 16)
    out, i = "\n\n", 0
    while len(out) < size:
        out += ("" if out == "\n\n" else " ") + sentences[(start + i) % len(sentences)]
        i += 1
    return out[:size]


def perturbed_side(original: Item, variant: Item) -> str | None:
    """The answer the variant perturbs: its ``perturbed`` field, else the one answer it changed."""
    given = variant.meta.get("perturbed")
    if given in ("a", "b"):
        return str(given)
    changed = [s for s in ("a", "b") if getattr(original, f"response_{s}") != getattr(variant, f"response_{s}")]
    return changed[0] if len(changed) == 1 else None


def _edit(item: Item) -> dict[str, Any]:
    return {f: getattr(item, f) for f in _FIELDS}


def _filler_edit(original: Item, variant: Item, sentences: tuple[str, ...]) -> dict[str, Any]:
    """The original with each text the variant changed lengthened by the variant's edit size in filler."""
    out = {}
    for f in _FIELDS:
        before, after = getattr(original, f), getattr(variant, f)
        if before != after:
            out[f] = before + filler(edit_size(before, after), sentences, f"{variant.id}|{f}")
    return out


@probe("perturbation")
def perturbation(
    judge: Judge,
    items: list[Item],
    *,
    suite: str,
    placebo: str = "auto",
    texts: str | None = None,
    texts_mode: str = "replace",
    include_original: bool = True,
) -> list[Task]:
    """Per original item with variants: the original, each variant and its placebo, in both orders.

    Args:
        judge: any judge.
        items: originals and their variants (``variant_of``); items without variants are not judged.
        suite: the suite name recorded in each row.
        placebo: ``auto``, ``filler``, ``dataset`` or ``none`` (module docstring).
        texts: a filler file of the shape of ``perturbation.yaml``.
        texts_mode: ``replace`` the packaged filler with it, or ``extend`` it.
        include_original: judge the original pair too (what robustness and flips are measured against).
    """
    check_mode("perturbation", texts, texts_mode)
    if placebo not in PLACEBOS:
        raise JudgeAuditError(f"perturbation probe: placebo must be one of {', '.join(PLACEBOS)}, got {placebo!r}")
    sentences = filler_sentences(texts, texts_mode)
    by_id = {it.id: it for it in items}
    variants: dict[str, list[Item]] = {}
    for it in items:
        of = it.meta.get("variant_of")
        if of is not None and str(of) in by_id:
            variants.setdefault(str(of), []).append(it)
    if not variants:
        raise JudgeAuditError(
            "perturbation probe: no item declares a variant of another item in the data "
            "(items contract: variant_of: <id>, perturbation: <name>)"
        )
    tasks: list[Task] = []
    for oid, group in variants.items():
        original = by_id[oid]
        if include_original:
            tasks += pair_tasks(judge, original, probe_name="perturbation", suite=suite)
        placebos = [v for v in group if v.meta.get("perturbation") == PLACEBO]
        for v in group:
            name = str(v.meta.get("perturbation"))
            if name == PLACEBO:
                continue
            shown = replace(original, label=v.label or original.label)
            common: dict[str, Any] = {
                "probe_name": "perturbation",
                "suite": suite,
                "bias": "perturbation",
                "perturbation": name,
                "target": perturbed_side(original, v),
                "perturb_id": v.id,
            }
            tasks += arm_tasks(judge, shown, arm="treated", edit=_edit(v), **common)
            if placebo in ("auto", "dataset") and placebos:
                tasks += arm_tasks(judge, original, arm="control", edit=_edit(placebos[0]), **common)
            elif placebo in ("auto", "filler"):
                tasks += arm_tasks(judge, original, arm="control", edit=_filler_edit(original, v, sentences), **common)
    return tasks
