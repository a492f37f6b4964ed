"""PandaLM human test set: 999 pairs, three annotators each, ties, and the model behind each response.

Annotator codes are ``0`` = tie, ``1`` = response1 better, ``2`` = response2 better; the item label
is the majority of the three (every row has one; a three-way split would count as a tie). The
individual annotations stay in ``meta["annotations"]`` for soft-label analyses. ``cmp_key`` is
``<modelA>_<modelB>``: response1 is modelA's.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from judgeaudit.contracts.items import Item
from judgeaudit.datasets.base import blank, dataset, local_dir, text
from judgeaudit.datasets.families import family_of
from judgeaudit.datasets.hub import remote_file
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_json

FILE = "testset-v1.json"
CODES = {0: "tie", 1: "a", 2: "b"}


def majority(codes: list[int]) -> str:
    """The label most annotators gave; a three-way split has no majority and counts as a tie."""
    ((code, count),) = Counter(codes).most_common(1)
    return CODES[code] if count >= 2 else "tie"


def instruction_of(row: dict[str, Any]) -> str:
    instruction, extra = text(row.get("instruction")).strip(), text(row.get("input")).strip()
    if not extra:
        return instruction
    return f"{instruction}\n\n{extra}" if instruction else extra


def to_item(row: dict[str, Any]) -> Item | None:
    """One PandaLM row as an item, or ``None`` when a response is empty (54 rows upstream)."""
    r1, r2 = text(row["response1"]), text(row["response2"])
    question = instruction_of(row)
    if blank(question, r1, r2):
        return None
    codes = [row["annotator1"], row["annotator2"], row["annotator3"]]
    if any(c not in CODES for c in codes):
        raise JudgeAuditError(f"pandalm idx {row['idx']}: annotator codes must be 0, 1 or 2, got {codes}")
    parts = str(row["cmp_key"]).split("_")
    if len(parts) != 2:
        raise JudgeAuditError(f"pandalm idx {row['idx']}: cmp_key {row['cmp_key']!r} is not '<modelA>_<modelB>'")
    model_a, model_b = parts
    return Item(
        id=f"pandalm-{int(row['idx']):03d}",
        instruction=question,
        response_a=r1,
        response_b=r2,
        label=majority(codes),
        model_a=model_a,
        model_b=model_b,
        family_a=family_of(model_a),
        family_b=family_of(model_b),
        meta={
            "dataset": "pandalm",
            "source_index": row["idx"],
            "annotations": [CODES[c] for c in codes],
            "motivation_app": row.get("motivation_app"),
            "cmp_key": row["cmp_key"],
        },
    )


@dataset("pandalm", folder="pandalm", marker=FILE)
def load(subset: str | None, data_dir: Path | None, limit: int | None, seed: int) -> list[Item]:
    """PandaLM pairs with majority labels (ties kept), balanced-sampled to ``limit``."""
    if subset not in (None, "", "all", "test", "testset-v1"):
        raise JudgeAuditError(f"pandalm has one set (the human test set); got subset {subset!r}")
    root = local_dir("pandalm", data_dir)
    file = None if root is None else root / FILE
    if file is None or not file.is_file():
        file = remote_file("pandalm", FILE, looked_at=file)
    items = [item for row in read_json(file) if (item := to_item(row)) is not None]
    return sample(items, limit, seed)
