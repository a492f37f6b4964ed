"""deepeval test runs (``test_run_*.json``, confident-ai/deepeval): the grades of its LLM-judged metrics.

A test run is ``{"testCases": [...], "conversationalTestCases": [...], "metricsScores", "testPassed", ...}``
(deepeval's ``TestRun`` serialised by alias, ``deepeval/test_run/api.py``). Each test case holds
``metricsData``: one entry per metric (``name``, ``score``, ``success``, ``reason``, ``threshold``,
``evaluationModel``, ``error``). A metric with an ``evaluationModel`` (G-Eval / ``GEval`` and deepeval's other
LLM-as-a-judge metrics) is a judge grading one answer; each such entry is one score row:

- ``item_id`` ``deepeval/<test case name>/<metric name>``; a metric on a span of the test case's trace
  (``trace.<kind>Spans[].metricsData``) is ``deepeval/<test case>/<span name>/<metric name>``;
- ``score`` the metric's ``score`` (deepeval normalises to 0–1), ``passed`` its ``success``, ``raw`` its
  ``reason`` (or its ``error``, with score null: an unreadable grade, counted);
- ``judge`` the ``evaluationModel``; ``model_a`` the span's ``model`` (an LLM span), else the run's
  ``hyperparameters.model`` where recorded; ``instruction`` / ``response_a`` the case's ``input`` / ``actualOutput``.

``trace.metricsData`` repeats the test case's own grades and is read only when the test case has none. A metric
without an evaluation model (``ExactMatch``...) is not a judge and is left out unless option ``metrics`` names it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypedDict, cast

from judgeaudit.importers.base import Collector, ImportResult, check_options, family_for, find_files, importer


class MetricData(TypedDict, total=False):
    """One grade (``deepeval/tracing/api.py`` ``MetricData``, by alias); untrusted: each field is checked on use."""

    name: str
    score: float | None
    success: bool | None
    reason: str | None
    threshold: float | None
    evaluationModel: str | None
    error: str | None


class TestCase(TypedDict, total=False):
    """A test case (``LLMApiTestCase`` by alias): what the importer reads of it."""

    name: str
    order: int | None
    input: str
    actualOutput: str | None
    metricsData: list[MetricData] | None
    trace: Mapping[str, Any] | None


SPAN_BUCKETS = ("baseSpans", "agentSpans", "llmSpans", "retrieverSpans", "toolSpans")


def _names(value: Any) -> set[str] | None:
    if isinstance(value, str):
        return {s.strip() for s in value.split(",") if s.strip()}
    if isinstance(value, list):
        return {str(s) for s in value}
    return None


@importer("deepeval")
def import_deepeval(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import the LLM-judged metric grades of deepeval test runs (``*.json``; directories searched)."""
    check_options("deepeval", options, {"metrics"})
    col = Collector(options)
    chosen = _names(options.get("metrics"))
    for path in find_files(paths, "*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            col.skip(path, None, None, f"not JSON ({exc})")
            continue
        if not isinstance(data, dict) or not isinstance(data.get("testCases"), list):
            col.skip(path, None, "testCases", "not a deepeval test run (no testCases list)")
            continue
        col.source(path)
        hyper = data.get("hyperparameters")
        run_model = hyper.get("model") if isinstance(hyper, dict) and isinstance(hyper.get("model"), str) else None
        cases = [("testCases", c) for c in data["testCases"]]
        cases += [("conversationalTestCases", c) for c in data.get("conversationalTestCases") or []]
        for i, (bucket, case) in enumerate(cases):
            if not isinstance(case, dict):
                col.skip(path, None, f"{bucket}[{i}]", "not an object")
                continue
            _case(col, path, cast(TestCase, case), run_model, chosen)
    return col.result


def _case(col: Collector, path: Path, case: TestCase, run_model: str | None, chosen: set[str] | None) -> None:
    name = str(case.get("name") or f"test_case_{case.get('order')}")
    text = (case.get("input"), case.get("actualOutput"))
    own = case.get("metricsData") or []
    found = case.get("trace")
    trace: Mapping[str, Any] = found if isinstance(found, dict) else {}
    for m in own or trace.get("metricsData") or []:
        _metric(col, path, m, f"deepeval/{name}", run_model, text, chosen)
    for bucket in SPAN_BUCKETS:
        for span in trace.get(bucket) or []:
            if not isinstance(span, dict):
                continue
            model = span.get("model") if isinstance(span.get("model"), str) else run_model
            for m in span.get("metricsData") or []:
                _metric(col, path, m, f"deepeval/{name}/{span.get('name')}", model, (None, None), chosen, bucket)


def _metric(
    col: Collector,
    path: Path,
    m: Any,
    item: str,
    model: str | None,
    text: tuple[object, object],
    chosen: set[str] | None,
    span: str | None = None,
) -> None:
    if not isinstance(m, dict) or not isinstance(m.get("name"), str):
        return
    judged_by = m.get("evaluationModel")
    if chosen is not None and m["name"] not in chosen:
        return
    if chosen is None and not judged_by:
        return
    judge, family = col.judge(str(judged_by or "unknown"))
    score = m.get("score")
    value = float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None
    if m.get("error"):
        value = None
    reason = m.get("reason") if isinstance(m.get("reason"), str) else m.get("error")
    prompt, output = text
    row = {
        "judge": judge,
        "judge_family": family,
        "probe": "recorded",
        "suite": "deepeval",
        "item_id": f"{item}/{m['name']}",
        "variant": "original",
        "mode": "score",
        "response": "a",
        "score": value,
        "score_scale": [0, 1],
        "passed": m.get("success") if isinstance(m.get("success"), bool) else None,
        "raw": reason if isinstance(reason, str) else None,
        "metric_name": m["name"],
        "threshold": m.get("threshold") if isinstance(m.get("threshold"), (int, float)) else None,
        "span_kind": span,
        "model_a": model,
        "family_a": family_for(model, col.options),
        "instruction": prompt if isinstance(prompt, str) else None,
        "response_a": output if isinstance(output, str) else None,
        "len_a": len(output) if isinstance(output, str) else None,
    }
    col.add({k: v for k, v in row.items() if v is not None or k == "score"}, path, None)
