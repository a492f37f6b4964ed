"""Auto-J Eval-P: 1,392 human-labelled pairs over 58 scenarios, with ties, no model identities.

Upstream ``label``: 0 = response 1 preferred → ``a``, 1 = response 2 preferred → ``b``, 2 = tie.
(Note the offset from LLMBar's 1/2 and PandaLM's 1/2-with-0-tie.) Keys have spaces: ``response 1``.
"""

from __future__ import annotations

from pathlib import Path

from judgeaudit.contracts.items import Item
from judgeaudit.datasets.base import blank, dataset, local_dir, text
from judgeaudit.datasets.hub import remote_file
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.io.files import read_json_lines

FILE = "autoj_pairwise.jsonl"
LABELS: dict[float, str] = {0: "a", 1: "b", 2: "tie"}


@dataset("autoj", folder="autoj_pairwise", marker=FILE)
def load(subset: str | None, data_dir: Path | None, limit: int | None, seed: int) -> list[Item]:
    """Auto-J pairs (all scenarios, or one scenario as ``subset``), balanced-sampled to ``limit``.

    A row with an empty response is dropped (one upstream).
    """
    root = local_dir("autoj", data_dir)
    file = None if root is None else root / FILE
    if file is None or not file.is_file():
        file = remote_file("autoj", FILE, looked_at=file)
    located = read_json_lines(file)
    scenarios = sorted({str(r.get("scenario")) for _, r in located})
    if subset not in (None, "", "all") and subset not in scenarios:
        raise JudgeAuditError(
            f"unknown autoj subset {subset!r}; use 'all' or one of the scenarios: {', '.join(scenarios)}"
        )
    items = []
    for i, (line, row) in enumerate(located):
        if subset not in (None, "", "all") and row.get("scenario") != subset:
            continue
        given = row.get("label")
        label = LABELS.get(given) if isinstance(given, (int, float)) else None
        if label is None:
            raise InputError(file, line, "label", f"must be 0, 1 or 2, got {given!r}")
        r1, r2, prompt = text(row["response 1"]), text(row["response 2"]), text(row["prompt"])
        if blank(prompt, r1, r2):
            continue
        items.append(
            Item(
                id=f"autoj-{i:04d}",
                instruction=prompt,
                response_a=r1,
                response_b=r2,
                label=label,
                meta={"dataset": "autoj", "scenario": row.get("scenario"), "source_index": i},
            )
        )
    return sample(items, limit, seed)
