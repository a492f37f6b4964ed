"""lm-evaluation-harness samples (``--log_samples``, EleutherAI/lm-evaluation-harness): judge-graded metrics.

``lm_eval --log_samples --output_path OUT`` writes ``OUT/<model>/samples_<task>_<timestamp>.jsonl``, one line per
document and filter (``lm_eval/evaluator.py``): ``{"doc_id", "doc", "target", "arguments", "resps",
"filtered_resps", "filter", "metrics", "doc_hash", "prompt_hash", "target_hash"}`` updated with the task's
``process_results`` output, so each metric of the line is a top-level key (``"metrics": ["llm_judge"]``,
``"llm_judge": 7``). The harness has no judge-graded metric of its own name: a task that asks a judge model in its
``process_results`` records the verdict under a metric the task names, given here with option ``metric``.
Each line with a number (or boolean) under that metric is one score row:

- ``item_id`` ``lm_eval/<task>/<doc_id>``, ``suite`` ``lm_eval/<task>`` (the task from the file name);
- ``score`` the value (a boolean as 1/0), ``score_scale`` option ``scale`` (default ``[0, 1]``; a value outside it
  is reported, not imported); any other value (a list, a string) is an unreadable verdict (counted);
- ``judge`` ``--judge`` (the file does not name the judge; default ``lm-eval-judge``); ``model_a`` option
  ``model``, else the directory the file sits in (``org__name`` read as ``org/name``);
- ``instruction`` the first request's prompt (``arguments``), ``response_a`` the first filtered response,
  ``target`` kept. Only the lines of one filter are read: option ``filter``, else the first filter in the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from judgeaudit.errors import JudgeAuditError
from judgeaudit.importers.base import Collector, ImportResult, check_options, family_for, find_files, importer

DEFAULT_JUDGE = "lm-eval-judge"
TASK_FROM_NAME = re.compile(r"^samples_(?P<task>.+?)_\d{4}-\d{2}-\d{2}T[\d\-.:]+$")


def _first_text(value: Any) -> str | None:
    """The first string inside nested lists / ``{"gen_args_0": {"arg_0": ...}}`` request arguments."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return next((t for v in value if (t := _first_text(v)) is not None), None)
    if isinstance(value, dict):
        for key in sorted(value):
            if key.startswith(("gen_args", "arg_0")) and (t := _first_text(value[key])) is not None:
                return t
    return None


def _scale(value: Any) -> tuple[float, float]:
    if value is None:
        return 0.0, 1.0
    if isinstance(value, str):
        value = value.split(",")
    try:
        lo, hi = (float(v) for v in value)
    except (TypeError, ValueError):
        raise JudgeAuditError(f"lm_eval option scale: expected two numbers LOW,HIGH, got {value!r}") from None
    return lo, hi


@importer("lm_eval")
def import_lm_eval(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import one judge-graded metric of lm-evaluation-harness ``samples_*.jsonl`` files (directories searched)."""
    check_options("lm_eval", options, {"metric", "scale", "model", "filter"})
    metric = options.get("metric")
    if not isinstance(metric, str) or not metric:
        raise JudgeAuditError(
            "lm_eval needs --option metric=NAME: the per-sample metric your task's judge writes (see a line's 'metrics')"
        )
    lo, hi = _scale(options.get("scale"))
    col = Collector(options)
    for path in find_files(paths, "samples_*.jsonl"):
        m = TASK_FROM_NAME.match(path.stem)
        task = m.group("task") if m else path.stem
        model = options.get("model") or path.parent.name.replace("__", "/", 1)
        col.source(path)
        chosen = options.get("filter")
        for line, rec in col.records(path):
            if not isinstance(rec, dict) or "doc_id" not in rec:
                col.skip(path, line, "doc_id", "not an lm-evaluation-harness sample (no doc_id)")
                continue
            chosen = chosen or rec.get("filter") or "none"
            if (rec.get("filter") or "none") != chosen:
                continue
            if metric not in rec:
                col.skip(path, line, metric, f"no metric {metric!r} (this line has {rec.get('metrics')})")
                continue
            _row(col, path, line, rec, task, str(model), metric, (lo, hi))
    return col.result


def _row(
    col: Collector,
    path: Path,
    line: int,
    rec: dict[str, object],
    task: str,
    model: str,
    metric: str,
    scale: tuple[float, float],
) -> None:
    value = rec[metric]
    score = float(value) if isinstance(value, (bool, int, float)) else None
    if score is not None and not scale[0] <= score <= scale[1]:
        col.skip(path, line, metric, f"score {score} outside the scale {list(scale)}: give --option scale=LOW,HIGH")
        return
    judge, family = col.judge(DEFAULT_JUDGE)
    response = _first_text(rec.get("filtered_resps"))
    target = rec.get("target")
    row = {
        "judge": judge,
        "judge_family": family,
        "probe": "recorded",
        "suite": f"lm_eval/{task}",
        "item_id": f"lm_eval/{task}/{rec['doc_id']}",
        "variant": "original",
        "mode": "score",
        "response": "a",
        "score": score,
        "score_scale": list(scale),
        "grade": value if score is None and isinstance(value, str) else None,
        "lm_eval_filter": rec.get("filter"),
        "target": target if isinstance(target, (str, int, float)) else None,
        "model_a": model,
        "family_a": family_for(model, col.options),
        "instruction": _first_text(rec.get("arguments")),
        "response_a": response,
        "len_a": len(response) if response is not None else None,
    }
    col.add({k: v for k, v in row.items() if v is not None or k == "score"}, path, line)
