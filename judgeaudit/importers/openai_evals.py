"""OpenAI evals record files (``oaieval`` ``--record_path``, openai/evals): the choices of model-graded evals.

A record file is JSON lines (``evals/record.py``, ``LocalRecorder``): ``{"spec": {...}}`` (``completion_fns``,
``eval_name``, ``run_config``), ``{"final_report": {...}}`` (absent when the run was cut short), then one event per
line: ``{"run_id", "event_id", "sample_id", "type", "data", "created_at"}``. A model-graded eval
(``evals/elsuite/modelgraded/classify.py``, ``ModelBasedClassify``) records per sample the answering model's
``sampling`` events, the grader's ``sampling`` events (its prompt and its reasoning) and one ``metrics`` event
``{"choice": "Y", "score": 1.0}``: the grader's pick among the spec's ``choice_strings`` (``__invalid__`` when it
could not be parsed) and the spec's ``choice_scores`` value for it (``null`` when the spec scores no choice, as
``fact``'s A-E); ``metascore`` (with ``metaeval``) is whether the pick matched the sample's labelled choice.
Older versions recorded ``{"choice": ...}`` alone, or one key per metric. Each choice is one score row:

- ``item_id`` ``openai_evals/<eval_name>/<sample_id>`` (``/<metric>`` for a key other than ``choice``);
- ``score``: option ``choice_scores`` (``"A=1,B=0"``) where it names the choice, else the recorded ``score``, else
  ``Y``=1/``N``=0; ``__invalid__`` is an unreadable grade (counted, kept as ``grade``); a parsed choice with no
  score at all (``fact`` without the option) is reported as skipped, naming the option; ``score_scale`` the range
  of the scores in play (the option's, else ``[0, 1]``, and the recorded ones);
- ``judge``: the grader's ``sampling`` event's ``model`` where recorded, else the eval's last completion function
  (``ModelBasedClassify`` grades with ``completion_fns[-1]``), or ``--judge``; ``model_a``
  ``spec.completion_fns[0]``;
- the answering model's events are the sampling events whose prompt opens like the sample's first one (a
  chain-of-thought completion function records several); ``instruction``/``response_a`` are the first one's prompt
  and the last one's sample, ``raw`` the grader's last sample. ``match`` events and ``metascore`` keys are not
  verdicts and are left out.
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
DEFAULT_GRADER = "openai-evals-grader"
INVALID = "__invalid__"
NOT_VERDICTS = frozenset({"score", "metascore"})


def _choice_scores(value: Any) -> dict[str, float]:
    """Option ``choice_scores``: a JSON object or ``"A=1,B=0.5"``; none given: no override."""
    if value is None:
        return {}
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


def _opening(data: dict[str, object]) -> str | None:
    """The first message of a sampling event's prompt: equal across one completion function's calls."""
    prompt = data.get("prompt")
    return _text(prompt[:1]) if isinstance(prompt, list) else _text(prompt)


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
        scale = _scale(scores, events)
        for sample_id, evs in events.items():
            ordered = sorted(evs, key=lambda e: e[1].get("event_id", e[0]))
            _sample(col, path, spec, sample_id, ordered, scores, scale)
    return col.result


def _scale(scores: dict[str, float], events: dict[str, list[tuple[int, Event]]]) -> tuple[float, float]:
    """The range of every score in play: the option's (else Y/N's 0..1) and the recorded ones."""
    seen = list((scores or DEFAULT_SCORES).values())
    for evs in events.values():
        for _, ev in evs:
            value = ev["data"].get("score") if ev.get("type") == "metrics" else None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                seen.append(float(value))
    return min(seen), max(seen)


def _score(choice: object, recorded: object, scores: dict[str, float]) -> float | None:
    if not isinstance(choice, str) or choice == INVALID:
        return None
    if choice in scores:
        return scores[choice]
    if isinstance(recorded, (int, float)) and not isinstance(recorded, bool):
        return float(recorded)
    return DEFAULT_SCORES.get(choice)


def _sample(
    col: Collector,
    path: Path,
    spec: dict[str, object],
    sample_id: str,
    evs: list[tuple[int, Event]],
    scores: dict[str, float],
    scale: tuple[float, float],
) -> None:
    fns = spec.get("completion_fns")
    fns = [str(f) for f in fns] if isinstance(fns, list) else []
    model = fns[0] if fns else None
    name = str(spec.get("eval_name") or path.stem)
    sampling = [e["data"] for _, e in evs if e.get("type") == "sampling"]
    opening = _opening(sampling[0]) if len(sampling) > 1 else None  # one sampling event: the grader's
    answers = [d for d in sampling if opening is not None and _opening(d) == opening]
    graders = [d for d in sampling if d not in answers]
    grader = graders[-1] if graders else {}
    response = _text(answers[-1].get("sampled")) if answers else None
    for line, ev in evs:
        if ev.get("type") != "metrics":
            continue
        data = ev["data"]
        for key, choice in data.items():
            if key in NOT_VERDICTS or key.endswith("_metascore"):
                continue
            score = _score(choice, data.get("score") if key == "choice" else None, scores)
            if score is None and isinstance(choice, str) and choice != INVALID:
                col.skip(path, line, key, f"choice {choice!r} has no score: give --option choice_scores={choice}=N,...")
                continue
            judge, family = col.judge(str(grader.get("model") or (fns[-1] if fns else DEFAULT_GRADER)))
            row = {
                "judge": judge,
                "judge_family": family,
                "probe": "recorded",
                "suite": f"openai_evals/{name}",
                "item_id": f"openai_evals/{name}/{sample_id}" + ("" if key == "choice" else f"/{key}"),
                "variant": "original",
                "mode": "score",
                "response": "a",
                "score": score,
                "score_scale": list(scale),
                "grade": choice if isinstance(choice, str) else None,
                "raw": _text(grader.get("sampled")),
                "model_a": model,
                "family_a": family_for(model, col.options),
                "instruction": _text(answers[0].get("prompt")) if answers else None,
                "response_a": response,
                "len_a": len(response) if response is not None else None,
            }
            col.add({k: v for k, v in row.items() if v is not None or k == "score"}, path, line)
