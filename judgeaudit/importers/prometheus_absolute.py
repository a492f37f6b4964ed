"""Prometheus' absolute-grading sets (prometheus-eval ``eval/benchmark/data``): recorded GPT-4 grades.

``mt_bench_eval.json`` and ``vicuna_eval.json`` hold 80 questions × 4 responders, each answer with three
independent GPT-4 gradings on Prometheus' 1–5 rubric (``gpt4_score``, ``gpt4_feedback``). Each grading becomes
a ``mode: grade`` row of arm ``repeat`` (``repeat`` 0, 1, 2; format ``prometheus-absolute``), so the
``grader_repeats`` section reads them as a recorded repeat-stability case (flip rate, stable-majority share),
and ``model`` is the responder (``response_source``), so the grades are a run per responder. A pass is a 4 or
a 5 (option ``pass_at``, as the packaged ``grader-prometheus-absolute`` format). The question, the answer,
the reference and the rubric are cut out of the prompt (:mod:`judgeaudit.datasets.prometheus_absolute`).

``hhh_alignment_eval.json`` records no grade: its chosen/rejected answers are known-good/known-wrong
answers to grade (the ``graders-hhh`` suite), not judgments to import; the importer leaves it aside.
Give the folder (the data dir's ``prometheus_eval_absolute``) or the files; option ``subsets`` picks
``mt_bench`` and/or ``vicuna`` (default both).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from judgeaudit.datasets.base import slug
from judgeaudit.datasets.prometheus_absolute import FILES, _conversation, parse_prompt
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.importers.base import Collector, ImportResult, check_options, importer
from judgeaudit.importers.grades import Grade, grade_row, pass_of, threshold
from judgeaudit.io.files import read_json

SCALE = (1.0, 5.0)
FORMAT = "prometheus-absolute"
GRADED = ("mt_bench", "vicuna")


@importer("prometheus_absolute")
def import_prometheus_absolute(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import the recorded GPT-4 gradings of Prometheus' MT-Bench and Vicuna-Bench sets."""
    check_options("prometheus_absolute", options, {"subsets", "pass_at"})
    subsets = options.get("subsets", list(GRADED))
    if isinstance(subsets, str):
        subsets = [subsets]
    if not isinstance(subsets, list) or not set(subsets) <= set(GRADED) or not subsets:
        raise JudgeAuditError(f"prometheus_absolute option subsets must name mt_bench and/or vicuna, got {subsets!r}")
    pass_at = threshold("prometheus_absolute", options, 4)
    col = Collector(options)
    for subset, path in _files(paths, subsets):
        col.source(path)
        rows = read_json(path)
        if not isinstance(rows, list):
            col.skip(path, None, None, "expected a JSON array of graded answers")
            continue
        for i, rec in enumerate(rows):
            _answer(col, path, i, rec, subset, pass_at)
    return col.result


def _files(paths: list[Path], subsets: list[str]) -> list[tuple[str, Path]]:
    by_name = {FILES[s]: s for s in subsets}
    out: list[tuple[str, Path]] = []
    for p in paths:
        if p.is_dir():
            out.extend((by_name[f.name], f) for f in sorted(p.iterdir()) if f.name in by_name)
        elif p.name in by_name:
            out.append((by_name[p.name], p))
        elif not p.exists():
            raise InputError(p, None, None, "file not found")
    return out


def _answer(col: Collector, path: Path, i: int, rec: Any, subset: str, pass_at: float) -> None:
    """Three rows (one per GPT-4 grading) for one graded answer; ``i`` is its index in the array."""
    where = f"{path}[{i}]"
    if not isinstance(rec, dict):
        col.skip(where, None, None, f"expected an object, got {type(rec).__name__}")
        return
    scores, feedback = rec.get("gpt4_score"), rec.get("gpt4_feedback")
    if not isinstance(scores, list) or not scores:
        col.skip(where, None, "gpt4_score", f"expected a list of grades, got {scores!r:.40}")
        return
    try:
        parts = parse_prompt(str(rec.get("instruction", "")))
    except ValueError as exc:
        col.skip(where, None, "instruction", str(exc))
        return
    instruction, answer, _ = _conversation(parts)
    model = str(rec.get("response_source"))
    for k, score in enumerate(scores):
        read = float(score) if isinstance(score, (int, float)) and not isinstance(score, bool) else None
        if read is not None and not SCALE[0] <= read <= SCALE[1]:
            read = None
        text = feedback[k] if isinstance(feedback, list) and k < len(feedback) else None
        grade = Grade(
            item_id=f"{subset}-{rec.get('idx')}-{slug(model)}",
            score=read,
            scale=SCALE,
            passed=pass_of(read, None, pass_at),
            raw=text if isinstance(text, str) else None if read is not None else repr(score),
            model=model,
            instruction=instruction,
            answer=answer,
            reference=parts.reference,
            repeat=k,
            arm="repeat",
            fmt=FORMAT,
            extra={"group": f"{subset}-{rec.get('idx')}", "category": rec.get("category"), "rubric": parts.rubric},
        )
        col.add(grade_row(col, "gpt-4", grade, suite=f"prometheus_{subset}"), path, None)
