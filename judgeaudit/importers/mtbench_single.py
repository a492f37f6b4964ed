"""FastChat MT-Bench single-answer judgments (``data/mt_bench/model_judgment/<judge>_single.jsonl``) as grades.

Each line is one grade of one model's answer to one turn: ``question_id``, ``model``, ``judge`` [judge model,
prompt name] (``single-v1``, ``single-math-v1`` with a reference answer, and their ``-multi-turn`` versions for
turn 2), ``user_prompt`` (the whole grading prompt), ``judgment`` (the judge's text), ``score`` (1–10, ``-1``
when FastChat could not read a ``[[rating]]``) and ``turn``. How FastChat writes and reads them
(lm-sys/FastChat ``fastchat/llm_judge/common.py`` ``run_judge_single``; ``show_result.py``): the score is
the ``[[n]]`` of the judgment, else -1; the published MT-Bench score of a model is the mean over both turns
of its scores, the -1 rows left out.

Each line becomes a ``mode: grade`` row on the 1–10 scale, format ``mtbench-single``, suite ``mt_bench``:
``item_id`` is ``<question_id>-t<turn>-<model>``, so two judges' files of the same answers pair on it
(``judgeaudit compare``). A -1 is an unread grade (``score`` null) kept with its judgment text, never dropped.
``passed`` is ``score >= pass_at`` (option, default 7, the packaged ``grader-mtbench-single`` threshold). A
second line for the same answer, judge and prompt (FastChat appends when a run is repeated) is kept as
``repeat`` 1, 2, …. The question, the answer and the reference are cut out of a single-turn prompt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from judgeaudit.importers.base import Collector, ImportResult, check_options, find_files, importer
from judgeaudit.importers.grades import Grade, grade_row, pass_of, threshold

SCALE = (1.0, 10.0)
FORMAT = "mtbench-single"
_QUESTION = ("[Question]\n", "\n\n[The Start of ")
_ANSWER = ("[The Start of Assistant's Answer]\n", "\n[The End of Assistant's Answer]")
_REFERENCE = ("[The Start of Reference Answer]\n", "\n[The End of Reference Answer]")


@importer("mtbench_single")
def import_mtbench_single(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import FastChat single-answer judgment files (``*_single.jsonl``; directories are searched)."""
    check_options("mtbench_single", options, {"pass_at", "suite"})
    pass_at = threshold("mtbench_single", options, 7)
    suite = str(options.get("suite", "mt_bench"))
    col = Collector(options)
    for path in find_files(paths, "*_single.jsonl"):
        col.source(path)
        seen: dict[tuple[str, str], int] = {}
        for line, rec in col.records(path):
            _record(col, path, line, rec, pass_at, suite, seen)
    return col.result


def _between(text: str, marks: tuple[str, str]) -> str | None:
    start = text.find(marks[0])
    if start < 0:
        return None
    start += len(marks[0])
    end = text.find(marks[1], start)
    return text[start:end] if end >= 0 else None


def _record(
    col: Collector, path: Path, line: int, rec: Any, pass_at: float, suite: str, seen: dict[tuple[str, str], int]
) -> None:
    if not isinstance(rec, dict):
        col.skip(path, line, None, f"expected an object, got {type(rec).__name__}")
        return
    judge = rec.get("judge")
    if not (isinstance(judge, list) and len(judge) == 2 and all(isinstance(j, str) for j in judge)):
        col.skip(path, line, "judge", f"expected [judge model, prompt name], got {judge!r:.60}")
        return
    for key in ("question_id", "model", "turn"):
        if rec.get(key) is None or isinstance(rec.get(key), (bool, list, dict)):
            col.skip(path, line, key, "required field is missing")
            return
    score = rec.get("score")
    if isinstance(score, bool) or not isinstance(score, (int, float)):
        col.skip(path, line, "score", f"must be a number (-1 when unread), got {score!r:.40}")
        return
    read = None if score == -1 else float(score)
    if read is not None and not SCALE[0] <= read <= SCALE[1]:
        col.skip(path, line, "score", f"{score} is neither -1 (unread) nor a score on 1–10")
        return
    item = f"{rec['question_id']}-t{rec['turn']}-{rec['model']}"
    n = seen.get((item, judge[1]), 0)
    seen[(item, judge[1])] = n + 1
    given = rec.get("user_prompt")
    prompt = given if isinstance(given, str) else ""
    multi = "multi-turn" in judge[1]
    grade = Grade(
        item_id=item,
        score=read,
        scale=SCALE,
        passed=pass_of(read, None, pass_at),
        raw=rec.get("judgment") if isinstance(rec.get("judgment"), str) else None,
        model=str(rec["model"]),
        instruction=None if multi else _between(prompt, _QUESTION),
        answer=None if multi else _between(prompt, _ANSWER),
        reference=_between(prompt, _REFERENCE),
        repeat=n if n else None,
        fmt=FORMAT,
        extra={
            "group": str(rec["question_id"]),
            "turn": rec["turn"],
            "judge_prompt": judge[1],
            **({"tstamp": rec["tstamp"]} if "tstamp" in rec else {}),
        },
    )
    col.add(grade_row(col, judge[0], grade, suite=suite), path, line)
