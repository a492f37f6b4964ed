"""promptfoo results (``promptfoo eval -o results.json``, or an export): the verdicts of its model-graded assertions.

The file is ``{"evalId", "results": {"version", "results": [...]}, "config"}``. Each result is one test case
(``testIdx``, ``vars``) answered by one provider (``provider.id``, the answering model) with its
``gradingResult.componentResults``: one per assertion. An assertion of a model-graded type (``llm-rubric``,
``g-eval``, ``model-graded-closedqa``, ``factuality``, ``answer-relevance``, ``context-faithfulness``,
``context-recall``, ``context-relevance``) is a judge grading one answer; each is one score row:

- ``item_id`` ``promptfoo/t<testIdx>/<provider>/<k>`` (the k-th model-graded assertion of the test),
  ``response`` ``a``, ``score`` the component's ``score`` (0–1), ``passed`` its ``pass``, ``raw`` its ``reason``,
  ``rubric`` the assertion's ``value``;
- ``judge``: the assertion's ``provider``, else the test's or ``defaultTest``'s ``options.provider``, else
  ``promptfoo-grader`` (promptfoo's default grader, which the file does not name: say it with ``--judge``);
- ``model_a`` the provider, ``instruction`` the rendered prompt, ``response_a`` the output.

A ``select-best`` assertion is one judge picking the best of a test's outputs (promptfoo's ``matchesSelectBest``
shows them numbered in the order of the test's results and marks the pick ``pass``, the others not, all of them
not when the grader's answer is unreadable): one row per test and assertion, ``item_id``
``promptfoo/t<testIdx>/select-best/<k>``, the outputs in the file's order of the test's results. Two outputs:
a pairwise row (``order`` ``ab``, ``winner`` ``a``/``b``, ``model_a``/``model_b``); more: a listwise row
(``order`` ``abc…``, ``winner`` the pick's key, ``chosen_slot``, ``models``). No pick, or several: unread.

Other assertions (``contains``, ``latency``, ``cost``...) are not judgments and are left out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgeaudit.importers.base import Collector, ImportResult, check_options, family_for, find_files, importer

MODEL_GRADED = frozenset(
    {
        "llm-rubric",
        "g-eval",
        "model-graded-closedqa",
        "model-graded-factuality",
        "factuality",
        "answer-relevance",
        "context-faithfulness",
        "context-recall",
        "context-relevance",
    }
)
DEFAULT_GRADER = "promptfoo-grader"


@dataclass(frozen=True)
class Shown:
    """One output a select-best grader compared, and whether it picked it."""

    model: str
    output: str | None
    picked: bool
    reason: str | None
    grader: str
    criteria: str | None
    prompt: str | None


def _provider_name(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        name = value.get("id") or value.get("label")
        return str(name) if name else None
    return None


def _grader(assertion: dict[str, Any], result: dict[str, Any], config: dict[str, Any]) -> str:
    """Who graded: the assertion's provider, the test's, the default test's, else promptfoo's default grader."""
    test_options = ((result.get("testCase") or {}).get("options")) or {}
    default_options = ((config.get("defaultTest") or {}).get("options")) or {}
    for candidate in (assertion.get("provider"), test_options.get("provider"), default_options.get("provider")):
        name = _provider_name(candidate)
        if name:
            return name
    return DEFAULT_GRADER


@importer("promptfoo")
def import_promptfoo(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import the model-graded assertions of promptfoo result files (``*.json``; directories searched)."""
    check_options("promptfoo", options)
    col = Collector(options)
    for path in find_files(paths, "*.json"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            col.skip(path, None, None, f"not JSON ({exc})")
            continue
        results = (data.get("results") or {}).get("results") if isinstance(data, dict) else None
        if not isinstance(results, list):
            col.skip(path, None, "results.results", "not a promptfoo results file (no results.results list)")
            continue
        col.source(path)
        config = data.get("config") if isinstance(data.get("config"), dict) else {}
        picks: dict[tuple[object, int], list[Shown]] = {}
        for i, result in enumerate(results):
            _result(col, path, i, result, config)
            _collect_select_best(result, config, picks)
        for (test, k), shown in picks.items():
            _select_best(col, path, test, k, shown)
    return col.result


def _collect_select_best(result: Any, config: dict[str, Any], picks: dict[tuple[object, int], list[Shown]]) -> None:
    """Each select-best component of a result, under (testIdx, its rank among the test's select-best ones)."""
    if not isinstance(result, dict):
        return
    k = 0
    for c in (result.get("gradingResult") or {}).get("componentResults") or []:
        assertion = c.get("assertion") if isinstance(c, dict) else None
        if not isinstance(assertion, dict) or assertion.get("type") != "select-best":
            continue
        output = (result.get("response") or {}).get("output")
        prompt = (result.get("prompt") or {}).get("raw")
        picks.setdefault((result.get("testIdx"), k), []).append(
            Shown(
                model=_provider_name(result.get("provider")) or "unknown",
                output=output if isinstance(output, str) else None,
                picked=c.get("pass") is True,
                reason=c.get("reason") if isinstance(c.get("reason"), str) else None,
                grader=_grader(assertion, result, config),
                criteria=assertion.get("value") if isinstance(assertion.get("value"), str) else None,
                prompt=prompt if isinstance(prompt, str) else None,
            )
        )
        k += 1


def _select_best(col: Collector, path: Path, test: object, k: int, shown: list[Shown]) -> None:
    """One pairwise (two outputs) or listwise (more) row: which output the grader picked."""
    if len(shown) < 2:
        col.skip(path, None, f"testIdx {test}", "select-best over fewer than two outputs")
        return
    keys = "abcdefghijklmnopqrstuvwxyz"[: len(shown)]
    chosen = [i for i, s in enumerate(shown) if s.picked]
    pick = keys[chosen[0]] if len(chosen) == 1 else None
    judge, family = col.judge(shown[0].grader)
    row: dict[str, object] = {
        "judge": judge,
        "judge_family": family,
        "probe": "recorded",
        "suite": "promptfoo",
        "item_id": f"promptfoo/t{test}/select-best/{k}",
        "variant": "original",
        "winner": pick,
        "raw": next((s.reason for s in shown if s.picked), shown[0].reason),
        "rubric": shown[0].criteria,
        "assertion_type": "select-best",
        "instruction": shown[0].prompt,
    }
    if len(shown) == 2:
        a, b = shown
        row.update(mode="pairwise", order="ab", model_a=a.model, model_b=b.model)
        row.update(family_a=family_for(a.model, col.options), family_b=family_for(b.model, col.options))
        row.update(response_a=a.output, response_b=b.output)
        if a.output is not None and b.output is not None:
            row.update(len_a=len(a.output), len_b=len(b.output))
    else:
        row.update(mode="listwise", order=keys, k=len(shown), models=[s.model for s in shown])
        row["chosen_slot"] = chosen[0] + 1 if pick else None
    col.add({key: v for key, v in row.items() if v is not None or key == "winner"}, path, None)


def _result(col: Collector, path: Path, i: int, result: Any, config: dict[str, Any]) -> None:
    where = f"results.results[{i}]"
    if not isinstance(result, dict):
        col.skip(path, None, where, "not an object")
        return
    components = (result.get("gradingResult") or {}).get("componentResults") or []
    model = _provider_name(result.get("provider")) or "unknown"
    output = (result.get("response") or {}).get("output")
    prompt = (result.get("prompt") or {}).get("raw")
    k = 0
    for c in components:
        assertion = c.get("assertion") if isinstance(c, dict) else None
        if not isinstance(assertion, dict) or assertion.get("type") not in MODEL_GRADED:
            continue
        judge, family = col.judge(_grader(assertion, result, config))
        score = c.get("score")
        row = {
            "judge": judge,
            "judge_family": family,
            "probe": "recorded",
            "suite": "promptfoo",
            "item_id": f"promptfoo/t{result.get('testIdx')}/{model}/{k}",
            "variant": "original",
            "mode": "score",
            "response": "a",
            "score": float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None,
            "score_scale": [0, 1],
            "passed": c.get("pass") if isinstance(c.get("pass"), bool) else None,
            "raw": c.get("reason") if isinstance(c.get("reason"), str) else None,
            "rubric": assertion.get("value") if isinstance(assertion.get("value"), str) else None,
            "assertion_type": assertion.get("type"),
            "model_a": model,
            "family_a": family_for(model, col.options),
            "instruction": prompt if isinstance(prompt, str) else None,
            "response_a": output if isinstance(output, str) else None,
            "len_a": len(output) if isinstance(output, str) else None,
        }
        col.add({key: v for key, v in row.items() if v is not None or key == "score"}, path, None)
        k += 1
