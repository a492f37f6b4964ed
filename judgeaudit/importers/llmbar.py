"""LLMBar's published evaluator outputs (Zeng et al., ICLR 2024) as judgments.

Layout: ``<subset>/evaluators/<LLM>/<strategy>/result.json``, each a JSON array of the dataset rows
(``input``, ``output_1``, ``output_2``, gold ``label`` 1/2) with the judge's ``results`` added.
How upstream wrote them (princeton-nlp/LLMBar ``LLMEvaluator/evaluate.py``, ``annotate``):

- pairwise strategies record ``"swap = False"`` (output_1 shown first: order ``ab``) and
  ``"swap = True"`` (output_2 shown first: order ``ba``); ``winner`` is already mapped back to the
  original indexing ("1" = output_1), so it names a response, as our contract wants.
- ``Swap`` strategies add a second round when the two orders disagree: the judge re-decides after
  reading both explanations. Raw position bias is in the first round, so ``round: first`` (default)
  imports ``results[0]``; upstream ``statistics.json`` is computed from ``results[-1]`` (``equal +=
  (output_True == output_False)`` over ``instance["results"][-1]``), which ``round: last`` imports.
- strategies with an auxiliary step (``Metrics``, ``Reference``) put ``[text, finish_reason]`` lists
  before the judgment dict; only dicts are judgment rounds.
- ``Rating`` strategies score each output alone (``score_1``/``score_2``, an integer 0–9 as text) and
  derive winners: "1" if score_1 > score_2 else "2" (and the mirror for swap), so a tied or
  unparsable score becomes an inconsistent pair. Scores become ``mode: score`` rows; the derived
  winners become pairwise rows of variant ``from_scores`` (kept for reproducing upstream numbers,
  and apart from the ``original`` variant that position metrics read).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.importers.base import (
    Collector,
    ImportResult,
    check_options,
    find_files,
    importer,
)
from judgeaudit.io.files import JSONObject

# Evaluator directory → model name (the paper's Table 1 evaluators). Unknown directories keep their
# name, lower-cased; the user's ``judge`` option overrides either.
JUDGE_NAMES = {
    "GPT-4": "gpt-4",
    "ChatGPT": "gpt-3.5-turbo",
    "ChatGPT-0301": "gpt-3.5-turbo-0301",
    "LLaMA2": "llama-2-70b-chat",
    "PaLM2": "palm-2-text-bison-001",
    "Falcon": "falcon-180b-chat",
}
_ROOTS = ("LLMBar", "CaseStudy", "Processed")
_LABELS = {1: "a", 2: "b", "1": "a", "2": "b"}
_WINNERS: dict[str | None, str | None] = {"1": "a", "2": "b", None: None}
_GAMES = (("swap = False", "ab"), ("swap = True", "ba"))
SCORE_SCALE = [0, 9]


def locate(path: Path) -> tuple[str, str, str]:
    """``(subset, evaluator, strategy)`` from ``.../<subset>/evaluators/<LLM>/<strategy>/result.json``.

    The subset keeps its upstream nesting below the LLMBar root (``Natural``,
    ``Adversarial/Neighbor``, ``CaseStudy/Constraint``, ``Processed/FairEval``).
    """
    parts = Path(path).resolve().parts
    if "evaluators" not in parts or len(parts) - parts.index("evaluators") != 4:
        raise InputError(path, None, None, "expected a path like <subset>/evaluators/<LLM>/<strategy>/result.json")
    i = len(parts) - 4
    roots = [k for k in range(i) if parts[k] in _ROOTS]
    start = roots[-1] if roots else i - 1
    if parts[start] == "LLMBar":
        start += 1
    subset = "/".join(parts[start:i]) or parts[i - 1]
    return subset, parts[i + 1], parts[i + 2]


@importer("llmbar")
def import_llmbar(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import LLMBar ``result.json`` files (directories are searched for them).

    Options:
        round: ``first`` (default; raw position bias) or ``last`` (what upstream statistics use).
    """
    check_options("llmbar", options, {"round"})
    which = options.get("round", "first")
    if which not in ("first", "last"):
        raise JudgeAuditError(f"llmbar option round must be 'first' or 'last', got {which!r}")
    col = Collector(options)
    for path in find_files(paths, "result.json"):
        try:
            subset, evaluator, strategy = locate(path)
        except InputError as exc:
            col.result.skipped.append(exc)
            continue
        col.source(path)
        judge, family = col.judge(JUDGE_NAMES.get(evaluator, evaluator.lower()))
        base: JSONObject = {
            "judge": judge,
            "judge_family": family,
            "suite": f"llmbar/{subset}",
            "template": f"llmbar/{strategy}",
        }
        for index, (line, record) in enumerate(col.records(path)):
            _record(col, path, line, index, record, base, which)
    return col.result


def _record(col: Collector, path: Path, line: int, index: int, record: Any, base: JSONObject, which: str) -> None:
    if not isinstance(record, dict):
        col.skip(path, line, None, f"expected a JSON object, got {type(record).__name__}")
        return
    for key in ("output_1", "output_2"):
        if not isinstance(record.get(key), str):
            col.skip(path, line, key, "missing or not a string")
            return
    if record.get("label") not in _LABELS:
        col.skip(path, line, "label", f"must be 1 or 2, got {record.get('label')!r}")
        return
    results = record.get("results")
    rounds = [r for r in results if isinstance(r, dict)] if isinstance(results, list) else []
    if not rounds:
        col.skip(path, line, "results", "no judgment round (a list holding a dict) in this row")
        return
    chosen = rounds[0] if which == "first" else rounds[-1]
    row: JSONObject = {
        **base,
        "item_id": f"{base['suite']}/{index}",
        "label": _LABELS[record["label"]],
        "len_a": len(record["output_1"]),
        "len_b": len(record["output_2"]),
        "instruction": record.get("input"),
        "response_a": record["output_1"],
        "response_b": record["output_2"],
        "round": rounds.index(chosen),
        "n_rounds": len(rounds),
    }
    if "score_1" in chosen or "score_2" in chosen:
        _rating(col, path, line, chosen, row)
    else:
        _pairwise(col, path, line, chosen, {**row, "probe": "position", "variant": "original"})


def _pairwise(
    col: Collector,
    path: Path,
    line: int,
    game_round: JSONObject,
    row: JSONObject,
    with_raw: bool = True,
) -> None:
    games = []
    for key, order in _GAMES:
        game = game_round.get(key)
        if not isinstance(game, dict):
            col.skip(path, line, key, "missing from the judgment round")
            return
        winner = game.get("winner")
        if not (winner is None or isinstance(winner, str)) or winner not in _WINNERS:
            col.skip(path, line, f"{key}.winner", f"must be '1', '2' or null, got {winner!r}")
            return
        completion = game.get("completion")
        extra: JSONObject = {}
        if with_raw and isinstance(completion, list) and completion:  # [text, finish_reason]
            extra = {"raw": completion[0], "finish_reason": completion[1] if len(completion) > 1 else None}
        games.append({**row, "mode": "pairwise", "order": order, "winner": _WINNERS[winner], **extra})
    for g in games:
        col.add(g, path, line)


def _score(value: Any) -> tuple[int | None, str | None]:
    """Upstream parses a score with ``int(text)``; anything else is unparsed (score null)."""
    text = value[0] if isinstance(value, list) and value else value
    if isinstance(text, int) and not isinstance(text, bool):
        return text, str(text)
    if isinstance(text, str):
        try:
            return int(text.strip()), text
        except ValueError:
            return None, text
    return None, None


def _rating(col: Collector, path: Path, line: int, game_round: JSONObject, row: JSONObject) -> None:
    for key in ("score_1", "score_2"):
        if key not in game_round:
            col.skip(path, line, key, "missing from a Rating round")
            return
    for key, response in (("score_1", "a"), ("score_2", "b")):
        score, raw = _score(game_round[key])
        col.add(
            {
                **row,
                "probe": "score_vs_rank",
                "variant": "original",
                "mode": "score",
                "response": response,
                "score": score,
                "raw": raw,
                "score_scale": SCORE_SCALE,
            },
            path,
            line,
        )
    _pairwise(
        col,
        path,
        line,
        game_round,
        {**row, "probe": "score_vs_rank", "variant": "from_scores"},
        with_raw=False,
    )
