"""LLMBar (Zeng et al., ICLR 2024): instruction-following pairs with an objective gold label.

Upstream ``label`` is 1 or 2 (which output is better; no ties): 1 → ``a``, 2 → ``b``. No model
identities. Subsets are the upstream folders; short names (``Natural``, ``Neighbor``,
``Adversarial_GPTOut``, ``LLMEval^2``) and groups (``all``, ``Adversarial``, ``CaseStudy``,
``Processed``) are accepted.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from judgeaudit.contracts.items import Item
from judgeaudit.datasets.base import blank, dataset, local_dir, slug, text
from judgeaudit.datasets.hub import remote_file
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_json

HF_ID = "princeton-nlp/LLMBar"
LLMBAR = (
    "LLMBar/Natural",
    "LLMBar/Adversarial/Neighbor",
    "LLMBar/Adversarial/GPTInst",
    "LLMBar/Adversarial/GPTOut",
    "LLMBar/Adversarial/Manual",
)
CASESTUDY = ("CaseStudy/Constraint", "CaseStudy/Negation", "CaseStudy/Normal", "CaseStudy/Base_9", "CaseStudy/Base_10")
PROCESSED = ("Processed/FairEval", "Processed/LLMEval2", "Processed/MT-Bench")
SUBSETS = LLMBAR + CASESTUDY + PROCESSED
GROUPS = {"all": LLMBAR, "llmbar": LLMBAR, "adversarial": LLMBAR[1:], "casestudy": CASESTUDY, "processed": PROCESSED}
_LABELS = {1: "a", 2: "b"}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _aliases() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {_key(k): v for k, v in GROUPS.items()}
    for path in SUBSETS:
        parts = path.split("/")
        for alias in (path, parts[-1], "/".join(parts[-2:]), "Dataset/" + path):
            table.setdefault(_key(alias), (path,))
    return table


def resolve(subset: str | None) -> tuple[str, ...]:
    """Upstream folder paths for a subset name; ``None`` means ``all`` (the 419 LLMBar pairs)."""
    table = _aliases()
    found = table.get(_key(subset or "all"))
    if found is None:
        known = ", ".join(list(GROUPS) + [p.split("/")[-1] for p in SUBSETS])
        raise JudgeAuditError(
            f"unknown llmbar subset {subset!r}; known: {known} (or a full path like LLMBar/Adversarial/Neighbor)"
        )
    return found


def rows(path: str, data_dir: Path | None) -> list[dict[str, Any]]:
    """The upstream rows of one subset: the local ``dataset.json``, else the published copy."""
    root = local_dir("llmbar", data_dir)
    file = None if root is None else root / path / "dataset.json"
    if file is None or not file.is_file():
        file = remote_file("llmbar", f"{path}/dataset.json", looked_at=file)
    return list(read_json(file))


def to_items(path: str, upstream: list[dict[str, Any]]) -> list[Item]:
    """Map one subset's rows; rows with an empty output are dropped (the contract needs text)."""
    prefix = "llmbar-" + slug(path.removeprefix("LLMBar/"))
    items = []
    for i, row in enumerate(upstream):
        label = _LABELS.get(row["label"])
        if label is None:
            raise JudgeAuditError(f"llmbar {path} row {i}: label must be 1 or 2, got {row['label']!r}")
        instruction, out1, out2 = text(row["input"]), text(row["output_1"]), text(row["output_2"])
        if blank(instruction, out1, out2):
            continue
        items.append(
            Item(
                id=f"{prefix}-{i:03d}",
                instruction=instruction,
                response_a=out1,
                response_b=out2,
                label=label,
                meta={"dataset": "llmbar", "subset": path, "source_index": i},
            )
        )
    return items


@dataset(
    "llmbar",
    folder="llmbar",
    marker="LLMBar/Natural/dataset.json",
    hf_id=HF_ID,
    subsets=(
        "all",
        "Natural",
        "Adversarial",
        "Neighbor",
        "GPTInst",
        "GPTOut",
        "Manual",
        "CaseStudy",
        "Constraint",
        "Negation",
        "Normal",
        "Base_9",
        "Base_10",
        "Processed",
        "FairEval",
        "LLMEval2",
        "MT-Bench",
    ),
)
def load(subset: str | None, data_dir: Path | None, limit: int | None, seed: int) -> list[Item]:
    """LLMBar pairs of one subset or group, balanced-sampled to ``limit``."""
    items: list[Item] = []
    for path in resolve(subset):
        items += to_items(path, rows(path, data_dir))
    return sample(items, limit, seed)
