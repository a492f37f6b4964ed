"""PandaLM's recorded judge outputs (WeOpenML/PandaLM ``data/``) joined with its human test set.

- ``testset-v1.json``: ``idx``, ``cmp_key`` ("<modelA>_<modelB>": response1 from modelA, response2
  from modelB), ``instruction``, ``input``, ``response1``, ``response2`` and three annotators
  (0 = tie, 1 = response1 better, 2 = response2 better).
- ``<judge>-testset-v1.json``: ``idx`` and ``<x>_result`` ("1", "2", "0"/"Tie" for a tie; anything
  else, e.g. "garbage", is an output the judge's parser could not read), ``<x>_reason``.

Each pair was judged once, response1 shown first: every row has order ``ab``, so metrics that need
both orders are absent for these judges. Gold is the annotators' majority (no majority: unknown).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers.base import (
    Collector,
    ImportResult,
    check_options,
    family_for,
    find_files,
    importer,
)
from judgeaudit.io.files import JSONObject

TESTSET = "testset-v1.json"
_CODES = {"0": "tie", "1": "a", "2": "b", "tie": "tie"}


def code(value: Any) -> str | None:
    """PandaLM's 0/1/2 (as int or text, ``Tie`` too) → ``tie``/``a``/``b``; ``None`` if unreadable."""
    return _CODES.get(str(value).strip().lower()) if value is not None else None


def majority(votes: list[Any]) -> str | None:
    """The label most annotators gave, or ``None`` when no label has a strict majority."""
    labels = [code(v) for v in votes]
    if not labels or None in labels:
        return None
    label, n = Counter(labels).most_common(1)[0]
    return label if n * 2 > len(labels) else None


def judge_name(path: Path) -> str:
    """``gpt-3.5-turbo-testset-v1.json`` → ``gpt-3.5-turbo``."""
    name = path.name
    return name[: -len("-" + TESTSET)] if name.endswith("-" + TESTSET) else path.stem


@importer("pandalm")
def import_pandalm(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import PandaLM judge-output files, joined by ``idx`` with the human test set.

    ``paths`` may be the data directory, the judge files, and/or ``testset-v1.json``; without the
    test set among them, it is looked up beside the first judge file (or given as option ``testset``).
    """
    check_options("pandalm", options, {"testset"})
    col = Collector(options)
    files = find_files(paths, "*" + TESTSET)
    testsets = [p for p in files if p.name == TESTSET]
    judges = [p for p in files if p.name != TESTSET]
    if options.get("testset"):
        testsets = [Path(options["testset"])]
    elif not testsets and judges and (judges[0].parent / TESTSET).exists():
        testsets = [judges[0].parent / TESTSET]
    if not testsets:
        raise JudgeAuditError(f"pandalm: {TESTSET} (the human test set) not found among or beside the given paths")
    if not judges:
        raise JudgeAuditError("pandalm: no judge-output file (<judge>-testset-v1.json) among the given paths")
    items = _read_testset(col, testsets[0], options)
    for path in judges:
        col.source(path)
        judge, family = col.judge(judge_name(path))
        for line, record in col.records(path):
            _judgment(col, path, line, record, items, judge, family)
    return col.result


def _read_testset(col: Collector, path: Path, options: Mapping[str, object]) -> dict[str, JSONObject]:
    """Test-set rows by ``idx`` (as text), already in row shape; unreadable rows are reported."""
    col.source(path)
    items: dict[str, JSONObject] = {}
    for line, rec in col.records(path):
        if not isinstance(rec, dict) or "idx" not in rec:
            col.skip(path, line, "idx", "test-set row without idx")
            continue
        for key in ("response1", "response2"):
            # six upstream responses are the JSON literal true (the model answered "True"): keep the text
            if isinstance(rec.get(key), (bool, int, float)):
                rec[key] = str(rec[key])
        bad = next((k for k in ("response1", "response2", "cmp_key") if not isinstance(rec.get(k), str)), None)
        if bad:
            col.skip(path, line, bad, "missing or not a string")
            continue
        models = rec["cmp_key"].split("_")
        if len(models) != 2 or not all(models):
            col.skip(path, line, "cmp_key", f"expected '<modelA>_<modelB>', got {rec['cmp_key']!r}")
            continue
        votes = [rec[k] for k in sorted(rec) if k.startswith("annotator")]
        instruction = rec.get("instruction") or ""
        if rec.get("input"):
            instruction = f"{instruction}\n\n{rec['input']}"
        items[str(rec["idx"])] = {
            "suite": "pandalm",
            "item_id": f"pandalm/{rec['idx']}",
            "label": majority(votes),
            "votes": [code(v) for v in votes],
            "len_a": len(rec["response1"]),
            "len_b": len(rec["response2"]),
            "model_a": models[0],
            "model_b": models[1],
            "family_a": family_for(models[0], options),
            "family_b": family_for(models[1], options),
            "category": rec.get("motivation_app"),
            "instruction": instruction,
            "response_a": rec["response1"],
            "response_b": rec["response2"],
        }
    return items


def _judgment(
    col: Collector,
    path: Path,
    line: int,
    record: Any,
    items: dict[str, JSONObject],
    judge: str,
    family: str | None,
) -> None:
    if not isinstance(record, dict) or "idx" not in record:
        col.skip(path, line, "idx", "judge-output row without idx")
        return
    item = items.get(str(record["idx"]))
    if item is None:
        col.skip(path, line, "idx", f"idx {record['idx']!r} is not in the test set")
        return
    keys = [k for k in record if k.endswith("_result")]
    if len(keys) != 1:
        col.skip(path, line, "result", "expected exactly one '<judge>_result' field")
        return
    result = record[keys[0]]
    reason = record.get(keys[0][: -len("_result")] + "_reason")
    raw = str(result) if reason is None else f"{result}\n{reason}"
    col.add(
        {
            **item,
            "judge": judge,
            "judge_family": family,
            "probe": "recorded",
            "variant": "original",
            "mode": "pairwise",
            "order": "ab",
            "winner": code(result),
            "raw": raw,
        },
        path,
        line,
    )
