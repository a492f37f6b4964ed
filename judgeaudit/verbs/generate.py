"""``judgeaudit generate``: responses of a local model to a suite's instructions, with model and family.

The responses (JSON lines ``{id, instruction, output, generator, family, error}``) become one side of
self-preference pairs: a suite pairs them with other families' answers at load time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from judgeaudit.backends.base import Request, Result
from judgeaudit.datasets.mt_bench import load_questions
from judgeaudit.judges.judge import load_judge
from judgeaudit.probes.suites import get_suite, load_suite_items

QUESTION_SETS = ("mt_bench", "vicuna_bench")  # questions only: nothing to pair until answers exist


@dataclass
class Generated:
    """How many responses were written, by which model, where."""

    n: int
    generator: str
    family: str | None
    path: Path


def instructions_of(suite: str, data_dir: str | Path | None, limit: int | None) -> tuple[str, list[str]]:
    """The name and the distinct instructions of a suite, or of MT-Bench's or Vicuna-Bench's questions."""
    if suite in QUESTION_SETS:
        questions = load_questions(data_dir, bench=suite)
        return suite, [q["instruction"] for q in questions][:limit]
    loaded = get_suite(suite)
    items = load_suite_items(loaded, data_dir=data_dir, limit=limit)
    return loaded.name, list(dict.fromkeys(it.instruction for it in items))


def generate(
    model: str,
    suite: str,
    out: str | Path,
    *,
    limit: int | None = None,
    max_tokens: int = 256,
    data_dir: str | Path | None = None,
    on_result: Callable[[int, Result], None] | None = None,
) -> Generated:
    """Write one response of ``model`` (a registered judge's model, or hf:/gguf:) per instruction of ``suite``."""
    name, instructions = instructions_of(suite, data_dir, limit)
    judge = load_judge(model)
    chat = judge.spec.chat_template != "none"
    reqs = [
        Request(
            kind="generate",
            max_tokens=max_tokens,
            **({"messages": (("user", q),)} if chat else {"prompt": f"Question: {q}\nAnswer:"}),
        )
        for q in instructions
    ]
    results = judge.backend.run(reqs, on_result=on_result)
    out = Path(out)
    with out.open("w", encoding="utf-8") as fh:
        for i, (q, res) in enumerate(zip(instructions, results)):
            row = {
                "id": f"{name}-{i}",
                "instruction": q,
                "output": (res.text or "").strip(),
                "generator": judge.name,
                "family": judge.family,
                "error": res.error,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return Generated(len(results), judge.name, judge.family, out)
