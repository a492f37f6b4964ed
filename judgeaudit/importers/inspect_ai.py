"""inspect_ai eval logs (UKGovernmentBEIS/inspect_ai): the verdicts of its model-graded scorers.

A log is a ``.json`` file (``{"eval", "results", "samples": [...]}``) or a ``.eval`` zip (``header.json`` and
one ``samples/<id>_epoch_<n>.json`` per sample). Each sample's ``scores`` maps a scorer's name to
``{"value", "answer", "explanation"}``; a model-graded scorer (``model_graded_qa``, ``model_graded_fact``,
or any scorer named with option ``scorers``) is a judge grading one answer. Each such score is one score row:

- ``item_id`` ``inspect/<task>/<sample id>`` (``<task>@<task_id>`` where one import holds several runs of a
  task: import each run on its own to compare them with ``compare --paired``), ``repeat`` the epoch − 1,
  ``response`` ``a``;
- ``score``: ``C`` (correct) 1, ``P`` (partial) 0.5, ``I`` (incorrect) 0, a number as it is; any other value
  is an unreadable verdict (kept with its text); ``score_scale`` ``[0, 1]``;
- ``judge``: the scorer's ``model`` parameter (``results.scores[].params.model``) where set, else the task's
  model (inspect's model-graded scorers grade with the model under evaluation by default); ``model_a`` the
  task's model; ``raw`` the grader's explanation; ``instruction`` the sample's input, ``response_a`` the answer.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

from judgeaudit.importers.base import Collector, ImportResult, check_options, family_for, find_files, importer

MODEL_GRADED = ("model_graded_qa", "model_graded_fact")
GRADES = {"C": 1.0, "P": 0.5, "I": 0.0}


def grade(value: Any) -> float | None:
    """An inspect score value as a number in [0, 1]: C/P/I, a number or a boolean; None otherwise."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        return GRADES.get(value.strip().upper())
    return None


def _text(value: Any) -> str | None:
    """A sample's input as text: the string, or its messages' contents joined."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [m.get("content") for m in value if isinstance(m, dict)]
        return "\n\n".join(p for p in parts if isinstance(p, str)) or None
    return None


def _log(col: Collector, path: Path) -> tuple[dict[str, Any], list[tuple[str, dict[str, Any]]]] | None:
    """(header, [(where, sample)]) of a ``.json`` or ``.eval`` log; None (reported) when unreadable."""
    try:
        if path.suffix == ".eval":
            with zipfile.ZipFile(path) as z:
                header = json.loads(z.read("header.json"))
                names = sorted(n for n in z.namelist() if n.startswith("samples/") and n.endswith(".json"))
                return header, [(n, json.loads(z.read(n))) for n in names]
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        col.skip(path, None, None, f"not an inspect_ai log ({type(exc).__name__}: {exc})")
        return None
    if not isinstance(data, dict) or not isinstance(data.get("eval"), dict):
        col.skip(path, None, "eval", "not an inspect_ai log (no eval header)")
        return None
    samples = data.get("samples") or []
    return data, [(f"samples[{i}]", s) for i, s in enumerate(samples)]


@importer("inspect_ai")
def import_inspect_ai(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import the model-graded scores of inspect_ai logs (``.json`` and ``.eval``; directories searched)."""
    check_options("inspect_ai", options, {"scorers"})
    if isinstance(options.get("scorers"), str):
        options = {**options, "scorers": [s.strip() for s in options["scorers"].split(",") if s.strip()]}
    col = Collector(options)
    graded = tuple(options.get("scorers") or MODEL_GRADED)
    files = [p for p in find_files(paths, "*") if p.suffix in (".json", ".eval")]
    logs = [(path, log) for path in files if (log := _log(col, path)) is not None]
    tasks = [str(log[0]["eval"].get("task") or path.stem) for path, log in logs]
    for (path, (header, samples)), task in zip(logs, tasks):
        col.source(path)
        ev = header["eval"]
        model = str(ev.get("model") or "unknown")
        if tasks.count(task) > 1:  # several runs of one task in one import: each its own items
            task = f"{task}@{ev.get('task_id') or path.stem}"
        graders = {
            s.get("name"): (s.get("params") or {}).get("model")
            for s in (header.get("results") or {}).get("scores") or []
            if isinstance(s, dict)
        }
        for where, sample in samples:
            if not isinstance(sample, dict) or not isinstance(sample.get("scores"), dict):
                col.skip(path, None, where, "sample without scores")
                continue
            for name, score in sample["scores"].items():
                if name not in graded or not isinstance(score, dict):
                    continue
                judge, family = col.judge(str(graders.get(name) or model))
                epoch = sample.get("epoch")
                answer = score.get("answer")
                row = {
                    "judge": judge,
                    "judge_family": family,
                    "probe": "recorded",
                    "suite": f"inspect_ai/{task}",
                    "item_id": f"inspect/{task}/{sample.get('id')}",
                    "variant": "original",
                    "mode": "score",
                    "response": "a",
                    "score": grade(score.get("value")),
                    "score_scale": [0, 1],
                    "raw": score.get("explanation") if isinstance(score.get("explanation"), str) else None,
                    "repeat": int(epoch) - 1 if isinstance(epoch, int) and epoch > 0 else 0,
                    "model_a": model,
                    "family_a": family_for(model, options),
                    "scorer": name,
                    "grade": score.get("value") if isinstance(score.get("value"), (str, int, float)) else None,
                    "instruction": _text(sample.get("input")),
                    "response_a": answer if isinstance(answer, str) else None,
                    "len_a": len(answer) if isinstance(answer, str) else None,
                }
                col.add({k: v for k, v in row.items() if v is not None or k == "score"}, path, None)
    return col.result
