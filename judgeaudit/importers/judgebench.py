"""JudgeBench outputs (ScalerLab/JudgeBench ``outputs/dataset=...,judge_name=...,judge_model=....jsonl``).

Each line is a pair: ``pair_id``, ``source``, ``question``, ``response_model``, ``response_A``,
``response_B``, gold ``label`` ("A>B" or "B>A"), ``judge_name`` and ``judgments`` (one or two; a
judgment is ``{"judgment": {"judge_model", "prompt", "response"} or {"scores"}, "decision"}`` or
null when the judge call failed). How JudgeBench writes them (``run_judge.py``, ``judge_pairs``):
game 1 is ``judge.get_judgment(question, response_A, response_B)`` (order ``ab``), game 2, present
unless ``--single_game``, is ``get_judgment(question, response_B, response_A)`` (order ``ba``), and
its decision stays in that swapped frame: ``utils/metrics.py`` applies ``flip_judgment`` to game 2
before comparing with the label. So here game 2's "A>B" means response_B won. Decisions are
"A>B", "B>A", "A=B" (ties), or null (no verdict parsed); arena-hard's "A>>B" is folded into "A>B"
upstream, and we fold it too if a file kept it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from judgeaudit.importers.base import (
    Collector,
    ImportResult,
    check_options,
    family_for,
    find_files,
    importer,
)

_SHOWN = {
    "A>B": "first",
    "A>>B": "first",
    "B<A": "first",
    "B>A": "second",
    "B>>A": "second",
    "A<B": "second",
    "A=B": "tie",
    "B=A": "tie",
}
_LABELS = {"A>B": "a", "B>A": "b", "A=B": "tie"}
_FILE_JUDGE = re.compile(r"judge_model=([^,]+?)(?:\.jsonl)?$")


def decision_winner(decision: Any, order: str) -> str | None:
    """A game's decision (in the frame the judge saw) → the winning response, ``None`` if unparsed."""
    shown = _SHOWN.get(decision.strip().replace(" ", "")) if isinstance(decision, str) else None
    if shown is None or shown == "tie":
        return shown
    first_is_a = order == "ab"
    return "a" if (shown == "first") == first_is_a else "b"


@importer("judgebench")
def import_judgebench(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import JudgeBench output files (``*.jsonl``; directories are searched)."""
    check_options("judgebench", options)
    col = Collector(options)
    for path in find_files(paths, "*.jsonl"):
        col.source(path)
        m = _FILE_JUDGE.search(path.name)
        file_judge = m.group(1) if m else None
        for line, record in col.records(path):
            _record(col, path, line, record, file_judge)
    return col.result


def _record(col: Collector, path: Path, line: int, rec: Any, file_judge: str | None) -> None:
    if not isinstance(rec, dict):
        col.skip(path, line, None, f"expected a JSON object, got {type(rec).__name__}")
        return
    for key in ("pair_id", "response_A", "response_B"):
        if not isinstance(rec.get(key), (str, int)) or rec.get(key) == "":
            col.skip(path, line, key, "required field is missing")
            return
    judgments = rec.get("judgments")
    if not isinstance(judgments, list) or not 1 <= len(judgments) <= 2:
        col.skip(path, line, "judgments", "expected a list of one or two games")
        return
    if any(j is not None and not isinstance(j, dict) for j in judgments):
        col.skip(path, line, "judgments", "each game must be an object or null")
        return
    label = rec.get("label")
    if label is not None and label not in _LABELS:
        col.skip(path, line, "label", f"must be 'A>B', 'B>A' or 'A=B', got {label!r}")
        return
    inner = [j.get("judgment") if j else None for j in judgments]
    model_in_file = next((x.get("judge_model") for x in inner if isinstance(x, dict) and x.get("judge_model")), None)
    name = model_in_file or file_judge or rec.get("judge_name")
    if not name:
        col.skip(path, line, "judgments", "no judge model recorded (give one with the judge option)")
        return
    judge, family = col.judge(str(name))
    model = rec.get("response_model")
    fam = family_for(model, col.options) if isinstance(model, str) else None
    base = {
        "judge": judge,
        "judge_family": family,
        "probe": "position" if len(judgments) == 2 else "recorded",
        "suite": "judgebench",
        "item_id": f"judgebench/{rec['pair_id']}",
        "variant": "original",
        "mode": "pairwise",
        "label": _LABELS.get(label) if label else None,
        "len_a": len(rec["response_A"]),
        "len_b": len(rec["response_B"]),
        "model_a": model,
        "model_b": model,
        "family_a": fam,
        "family_b": fam,
        "category": rec.get("source"),
        "template": rec.get("judge_name"),
        "instruction": rec.get("question"),
        "response_a": rec["response_A"],
        "response_b": rec["response_B"],
    }
    for game, order, detail in zip(judgments, ("ab", "ba"), inner):
        raw: str | None = None
        if isinstance(detail, dict):
            raw = (
                detail.get("response")
                if isinstance(detail.get("response"), str)
                else (json.dumps(detail["scores"]) if "scores" in detail else None)
            )
        decision = game.get("decision") if game else None
        col.add(
            {
                **base,
                "order": order,
                "winner": decision_winner(decision, order),
                "decision": decision,
                "raw": raw,
            },
            path,
            line,
        )
