"""OpenAI evals record files (``oaieval`` ``--record_path``, openai/evals): the choices of model-graded evals.

A record file is JSON lines (``evals/record.py``, ``LocalRecorder``): ``{"spec": {...}}`` (``completion_fns``,
``eval_name``, ``run_config``), ``{"final_report": {...}}``, then one event per line:
``{"run_id", "event_id", "sample_id", "type", "data", "created_at"}``. A model-graded eval
(``evals/elsuite/modelgraded/classify.py``, ``ModelBasedClassify``) records per sample the answering model's
``sampling`` event, the grader's ``sampling`` event (its prompt and its reasoning) and one ``metrics`` event
``{"choice": "Y"}`` (one key per metric where the spec expands several), the grader's pick among the spec's
``choice_strings``, or ``__invalid__`` when it could not be parsed. Each choice is one score row:

- ``item_id`` ``openai_evals/<eval_name>/<sample_id>`` (``/<metric>`` for a key other than ``choice``);
- ``score``: the choice's value in option ``choice_scores`` (default ``{"Y": 1, "N": 0}``, the yes/no specs
  such as ``closedqa``); ``__invalid__`` or a choice without a value is an unreadable grade (counted, kept as
  ``grade``); ``score_scale`` the range of ``choice_scores``;
- ``judge``: the grader's ``sampling`` event's ``model`` where recorded, else ``gpt-3.5-turbo``
  (``ModelBasedClassify`` grades with ``OpenAIChatCompletionFn(model="gpt-3.5-turbo")``), or ``--judge``;
- ``model_a`` ``spec.completion_fns[0]``; ``instruction``/``response_a`` the first ``sampling`` event's prompt and
  sample; ``raw`` the grader's (last ``sampling`` event's) text. ``match`` events (exact-match evals) and
  ``*_metascore`` keys are not judgments and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, TypedDict, cast

from judgeaudit.importers.base import Collector, ImportResult, check_options, family_for, find_files, importer


class Event(TypedDict, total=False):
    """One recorded event (``evals/record.py`` ``Event``); untrusted: each field is checked on use."""

    event_id: int
    sample_id: str
    type: str
    data: dict[str, object]


DEFAULT_SCORES = {"Y": 1.0, "N": 0.0}
DEFAULT_GRADER = "gpt-3.5-turbo"
INVALID = "__invalid__"


def _choice_scores(value: Any) -> dict[str, float]:
    """Option ``choice_scores``: a JSON object or ``"A=1,B=0.5"``."""
    if value is None:
        return dict(DEFAULT_SCORES)
    if isinstance(value, str):
        pairs = [p.partition("=") for p in value.split(",") if p.strip()]
        value = {k.strip(): v for k, _, v in pairs}
    if not isinstance(value, dict) or not value:
        raise ValueError("choice_scores must map choices to numbers, e.g. Y=1,N=0")
    return {str(k): float(v) for k, v in value.items()}


def _text(value: Any) -> str | None:
    """A prompt or sample as text: the string, a chat prompt's contents joined, a list's first element."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value:
        if all(isinstance(m, dict) for m in value):
            parts = [m.get("content") for m in value]
            return "\n\n".join(p for p in parts if isinstance(p, str)) or None
        return _text(value[0])
    return None


@importer("openai_evals")
def import_openai_evals(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import the grader's choices of OpenAI evals model-graded record files (``*.jsonl``; directories searched)."""
    from judgeaudit.errors import JudgeAuditError

    check_options("openai_evals", options, {"choice_scores"})
    try:
        scores = _choice_scores(options.get("choice_scores"))
    except (ValueError, TypeError) as exc:
        raise JudgeAuditError(f"openai_evals option choice_scores: {exc}") from None
    col = Collector(options)
    for path in find_files(paths, "*.jsonl"):
        spec: dict[str, object] = {}
        events: dict[str, list[tuple[int, Event]]] = defaultdict(list)
        for line, rec in col.records(path):
            if not isinstance(rec, dict):
                col.skip(path, line, None, "not a JSON object")
            elif isinstance(rec.get("spec"), dict):
                spec = rec["spec"]
            elif isinstance(rec.get("sample_id"), str) and isinstance(rec.get("data"), dict):
                events[rec["sample_id"]].append((line, cast(Event, rec)))
        if not spec:
            col.skip(path, None, "spec", "not an OpenAI evals record file (no spec line)")
            continue
        col.source(path)
        for sample_id, evs in events.items():
            _sample(col, path, spec, sample_id, sorted(evs, key=lambda e: e[1].get("event_id", e[0])), scores)
    return col.result


def _sample(
    col: Collector,
    path: Path,
    spec: dict[str, object],
    sample_id: str,
    evs: list[tuple[int, Event]],
    scores: dict[str, float],
) -> None:
    fns = spec.get("completion_fns")
    model = str(fns[0]) if isinstance(fns, list) and fns else None
    name = str(spec.get("eval_name") or path.stem)
    sampling = [e["data"] for _, e in evs if e.get("type") == "sampling"]
    answer = sampling[0] if len(sampling) > 1 else None  # with one sampling event it is the grader's
    grader = sampling[-1] if sampling else {}
    lo, hi = min(scores.values()), max(scores.values())
    for line, ev in evs:
        if ev.get("type") != "metrics":
            continue
        for key, choice in ev["data"].items():
            if key.endswith("_metascore"):
                continue
            judge, family = col.judge(str(grader.get("model") or DEFAULT_GRADER))
            response = _text(answer.get("sampled")) if answer else None
            row = {
                "judge": judge,
                "judge_family": family,
                "probe": "recorded",
                "suite": f"openai_evals/{name}",
                "item_id": f"openai_evals/{name}/{sample_id}" + ("" if key == "choice" else f"/{key}"),
                "variant": "original",
                "mode": "score",
                "response": "a",
                "score": scores.get(choice) if isinstance(choice, str) and choice != INVALID else None,
                "score_scale": [lo, hi],
                "grade": choice if isinstance(choice, str) else None,
                "raw": _text(grader.get("sampled")),
                "model_a": model,
                "family_a": family_for(model, col.options),
                "instruction": _text(answer.get("prompt")) if answer else None,
                "response_a": response,
                "len_a": len(response) if response is not None else None,
            }
            col.add({k: v for k, v in row.items() if v is not None or k == "score"}, path, line)
