"""FastChat MT-Bench pairwise judgments (``data/mt_bench/model_judgment/gpt-4_pair.jsonl``).

Each line is one match: ``question_id``, ``model_1``, ``model_2``, ``g1_winner``, ``g2_winner``,
``judge`` [model, prompt name], ``g1_judgment``, ``g2_judgment``, ``turn``. How FastChat writes them
(lm-sys/FastChat ``fastchat/llm_judge/common.py``, ``play_a_match_pair``): game 1 is
``run_judge_pair(question, answer_1, answer_2, ...)`` (model_1 shown as Assistant A: order ``ab``),
game 2 is ``run_judge_pair(question, answer_2, answer_1, ...)`` (model_2 shown first: order ``ba``),
and each verdict is mapped back before it is written, ``g1_map = {"A": "model_1", "B": "model_2"}``,
``g2_map = {"A": "model_2", "B": "model_1"}``; so both winners are already in the model_1/model_2
frame ("tie" for [[C]], "error" when no verdict parsed). For a ``single`` judge prompt the same file
holds ``m1_score``/``m2_score`` and a winner derived from them (FastChat's ``TIE_DELTA`` rule); those
become ``mode: score`` rows plus one pairwise row of variant ``from_scores``.

Model answers are not in the judgment file; give FastChat's ``model_answer`` directory as option
``answers`` (and ``question.jsonl`` as ``questions``) to record response lengths and texts.
"""

from __future__ import annotations

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

_WINNERS = {"model_1": "a", "model_2": "b", "tie": "tie", "error": None}


@importer("mtbench")
def import_mtbench(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import FastChat pairwise judgment files (``*_pair.jsonl``; directories are searched)."""
    check_options("mtbench", options, {"answers", "questions"})
    col = Collector(options)
    answers = _answers(col, options.get("answers"))
    questions = _questions(col, options.get("questions"))
    for path in find_files(paths, "*_pair.jsonl"):
        col.source(path)
        for line, record in col.records(path):
            _record(col, path, line, record, answers, questions)
    return col.result


def _answers(col: Collector, where: Any) -> dict[tuple[str, str], list[str]]:
    """``(model, question_id)`` → the answer's turns, from FastChat ``model_answer/<model>.jsonl``."""
    out: dict[tuple[str, str], list[str]] = {}
    if not where:
        return out
    for path in find_files([Path(where)], "*.jsonl"):
        col.source(path)
        model = path.stem
        for line, rec in col.records(path):
            try:
                qid, turns = str(rec["question_id"]), list(rec["choices"][0]["turns"])
            except (KeyError, IndexError, TypeError, AttributeError):
                col.skip(path, line, "choices", "expected question_id and choices[0].turns")
                continue
            # FastChat names a model by its answer file; model_id inside may differ (kept as an alias)
            out[(model, qid)] = turns
            if isinstance(rec.get("model_id"), str):
                out.setdefault((rec["model_id"], qid), turns)
    return out


def _questions(col: Collector, where: Any) -> dict[str, JSONObject]:
    out: dict[str, JSONObject] = {}
    if not where:
        return out
    path = Path(where)
    if not path.is_file():
        raise JudgeAuditError(f"mtbench option questions: {path} is not a file")
    col.source(path)
    for line, rec in col.records(path):
        if isinstance(rec, dict) and "question_id" in rec:
            out[str(rec["question_id"])] = rec
        else:
            col.skip(path, line, "question_id", "question row without question_id")
    return out


def _record(
    col: Collector,
    path: Path,
    line: int,
    rec: Any,
    answers: dict[tuple[str, str], list[str]],
    questions: dict[str, JSONObject],
) -> None:
    if not isinstance(rec, dict):
        col.skip(path, line, None, f"expected a JSON object, got {type(rec).__name__}")
        return
    for key in ("question_id", "model_1", "model_2", "judge"):
        if rec.get(key) in (None, ""):
            col.skip(path, line, key, "required field is missing")
            return
    judge_field = rec["judge"]
    if isinstance(judge_field, str):
        judge_field = [judge_field]
    if not isinstance(judge_field, list) or not judge_field or not isinstance(judge_field[0], str):
        col.skip(path, line, "judge", f"expected [model, prompt name], got {rec['judge']!r}")
        return
    turn = rec.get("turn", 1)
    if turn not in (1, 2):
        col.skip(path, line, "turn", f"must be 1 or 2, got {turn!r}")
        return
    qid, m1, m2 = str(rec["question_id"]), rec["model_1"], rec["model_2"]
    judge, family = col.judge(judge_field[0])
    row: JSONObject = {
        "judge": judge,
        "judge_family": family,
        "suite": "mt_bench",
        "label": None,
        "item_id": f"mt_bench/{qid}/turn{turn}/{m1}-vs-{m2}",
        "question_id": rec["question_id"],
        "turn": turn,
        "template": judge_field[1] if len(judge_field) > 1 else None,
        "model_a": m1,
        "model_b": m2,
        "family_a": family_for(m1, col.options),
        "family_b": family_for(m2, col.options),
    }
    text_a, text_b = (answers.get((m, qid)) for m in (m1, m2))
    if text_a is not None and text_b is not None and len(text_a) >= turn and len(text_b) >= turn:
        response_a, response_b = text_a[turn - 1], text_b[turn - 1]
        row["response_a"], row["response_b"] = response_a, response_b
        row["len_a"], row["len_b"] = len(response_a), len(response_b)
    question = questions.get(qid)
    if question:
        row["category"] = question.get("category")
        turns = question.get("turns")
        if isinstance(turns, list) and len(turns) >= turn:
            row["instruction"] = turns[turn - 1]
    if "m1_score" in rec or "m2_score" in rec:
        _single(col, path, line, rec, row)
        return
    games = []
    for key, order, raw_key in (("g1_winner", "ab", "g1_judgment"), ("g2_winner", "ba", "g2_judgment")):
        value = rec.get(key)
        if value not in _WINNERS:
            col.skip(path, line, key, f"must be model_1, model_2, tie or error, got {value!r}")
            return
        games.append(
            {
                **row,
                "probe": "position",
                "variant": "original",
                "mode": "pairwise",
                "order": order,
                "winner": _WINNERS[value],
                "raw": rec.get(raw_key),
            }
        )
    for game in games:
        col.add(game, path, line)


def _single(col: Collector, path: Path, line: int, rec: JSONObject, row: JSONObject) -> None:
    """A single-answer grading match: two scores (FastChat writes -1 when no rating parsed)."""
    for key, response, raw_key in (("m1_score", "a", "g1_judgment"), ("m2_score", "b", "g2_judgment")):
        score = rec.get(key)
        if score is not None and (not isinstance(score, (int, float)) or isinstance(score, bool)):
            col.skip(path, line, key, f"must be a number, got {score!r}")
            return
        col.add(
            {
                **row,
                "probe": "score_vs_rank",
                "variant": "original",
                "mode": "score",
                "response": response,
                "score": None if score is None or score < 0 else score,
                "raw": rec.get(raw_key),
                "score_scale": [1, 10],
            },
            path,
            line,
        )
    winner = rec.get("g1_winner")
    if winner in _WINNERS:
        col.add(
            {
                **row,
                "probe": "score_vs_rank",
                "variant": "from_scores",
                "mode": "pairwise",
                "order": "ab",
                "winner": _WINNERS[winner],
            },
            path,
            line,
        )
