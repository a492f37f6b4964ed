"""MT-Bench and Vicuna-Bench questions with reference answers (FastChat ``llm_judge`` data).

The staged files hold questions and references but no model answers, so there is nothing to pair
until answers exist: :func:`load_questions` feeds ``judgeaudit generate``, and the adapter pairs
answers once they sit in FastChat's layout (``<bench>/model_answer/<model>.jsonl``); without them
it says so and how to make them.
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path
from typing import Any

from judgeaudit.contracts.items import Item
from judgeaudit.datasets.base import balanced_flags, dataset, local_dir, read_jsonl, slug
from judgeaudit.datasets.families import family_of
from judgeaudit.datasets.hub import remote_file
from judgeaudit.datasets.location import data_dir as resolve_data_dir
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import InputError, JudgeAuditError

BENCHES = ("mt_bench", "vicuna_bench")
_ALIASES = {
    "mt_bench": "mt_bench",
    "mt-bench": "mt_bench",
    "mtbench": "mt_bench",
    "vicuna_bench": "vicuna_bench",
    "vicuna-bench": "vicuna_bench",
    "vicuna": "vicuna_bench",
}


def _bench(name: str | None) -> str:
    bench = _ALIASES.get((name or "mt_bench").lower())
    if bench is None:
        raise JudgeAuditError(f"unknown mt_bench subset {name!r}; choose one of {', '.join(BENCHES)}")
    return bench


def _bench_dir(data_dir: Path | None, bench: str) -> Path:
    root = local_dir("mt_bench", data_dir)
    folder = None if root is None else root / bench
    if folder is None or not (folder / "question.jsonl").is_file():
        # the published questions and GPT-4 references; model answers come from `judgeaudit generate`
        looked_at = None if folder is None else folder / "question.jsonl"
        remote_file("mt_bench", f"{bench}/reference_answer/gpt-4.jsonl", looked_at=looked_at)
        return remote_file("mt_bench", f"{bench}/question.jsonl", looked_at=looked_at).parent
    return folder


def _turns(row: dict[str, Any], key: str, path: Path) -> list[str]:
    turns = row.get(key)
    if not isinstance(turns, list) or not turns or not all(isinstance(t, str) for t in turns):
        where = f"question {row.get('question_id')}"
        raise InputError(path, None, key, f"{where}: expected a non-empty list of strings")
    return turns


def _answer_turns(row: dict[str, Any], path: Path) -> list[str]:
    """``choices[0].turns`` of a FastChat answer row."""
    choices = row.get("choices")
    if not (isinstance(choices, list) and choices and isinstance(choices[0], dict)):
        where = f"question {row.get('question_id')}"
        raise InputError(path, None, "choices", f"{where}: expected choices[0].turns")
    return _turns(choices[0], "turns", path)


def load_questions(data_dir: str | Path | None = None, bench: str = "mt_bench") -> list[dict[str, Any]]:
    """The bench's questions, to generate answers to judge.

    Args:
        data_dir: the data folder (resolved like ``--data-dir``: flag, ``JUDGEAUDIT_DATA``,
            ``../shared/data``).
        bench: ``mt_bench`` (80 two-turn questions) or ``vicuna_bench`` (80 single-turn).

    Returns:
        One dict per question: ``id`` (``mt_bench-081``), ``instruction`` (the first turn),
        ``reference`` (first-turn reference or ``None``), ``category``, plus ``question_id``, ``turns``,
        ``references`` (all turns) and ``reference_source``: ``question`` for the references inside
        question.jsonl, ``gpt-4`` for FastChat's GPT-4 reference answers (used only where the
        question carries none, as FastChat does).
    """
    name = _bench(bench)
    folder = _bench_dir(resolve_data_dir(data_dir), name)
    gpt4: dict[Any, list[str]] = {}
    ref_path = folder / "reference_answer" / "gpt-4.jsonl"
    if ref_path.is_file():
        gpt4 = {row.get("question_id"): _answer_turns(row, ref_path) for row in read_jsonl(ref_path)}
    path = folder / "question.jsonl"
    questions = []
    for row in read_jsonl(path):
        qid = row.get("question_id")
        if not isinstance(qid, int):
            raise InputError(path, None, "question_id", f"expected an integer, got {qid!r}")
        turns = _turns(row, "turns", path)
        refs, source = row.get("reference"), "question"
        if not (isinstance(refs, list) and refs):
            refs, source = gpt4.get(qid), "gpt-4"
        questions.append(
            {
                "id": f"{name}-{qid:03d}",
                "instruction": turns[0],
                "reference": refs[0] if refs else None,
                "category": row.get("category"),
                "question_id": qid,
                "turns": list(turns),
                "references": list(refs) if refs else None,
                "reference_source": source if refs else None,
            }
        )
    return questions


def read_answers(folder: Path) -> dict[str, dict[int, str]]:
    """First-turn answers by model from FastChat's ``model_answer/<model>.jsonl`` files."""
    answers: dict[str, dict[int, str]] = {}
    for path in sorted((folder / "model_answer").glob("*.jsonl")):
        rows = read_jsonl(path)
        model = next((str(r["model_id"]) for r in rows if r.get("model_id")), path.stem)
        first = {row.get("question_id"): _answer_turns(row, path)[0] for row in rows}
        answers[model] = {q: t for q, t in first.items() if isinstance(q, int) and t.strip()}
    return answers


@dataset(
    "mt_bench",
    folder="mt_bench",
    marker="mt_bench/question.jsonl",
    subsets=BENCHES,
    upstream="https://github.com/lm-sys/FastChat (fastchat/llm_judge/data/)",
)
def load(subset: str | None, data_dir: Path | None, limit: int | None, seed: int) -> list[Item]:
    """Pairs of model answers per question (first turn), grouped by question; needs answers first.

    Raises:
        JudgeAuditError: when fewer than two models' answers are present (the staged data has none);
            the message says how to make them.
    """
    bench = _bench(subset)
    folder = _bench_dir(data_dir, bench)
    answers = read_answers(folder)
    if len(answers) < 2:
        have = f" (found answers of {', '.join(answers)} only)" if answers else ""
        raise JudgeAuditError(
            f"dataset 'mt_bench' ({bench}) has questions and reference answers but no model answers to "
            f"pair{have}. Generate answers first with `judgeaudit generate --model MODEL --suite SUITE "
            "--out answers.jsonl` for two or more models (judgeaudit.datasets.mt_bench.load_questions() "
            "gives the questions), or place FastChat answer files in "
            f"{folder / 'model_answer'}/<model>.jsonl."
        )
    items: list[Item] = []
    for q in load_questions(data_dir, bench):
        qid = q["question_id"]
        present = [m for m in sorted(answers) if qid in answers[m]]
        for ma, mb in combinations(present, 2):
            items.append(
                Item(
                    id=f"{bench}-{qid:03d}-{slug(ma)}-{slug(mb)}",
                    instruction=q["instruction"],
                    response_a=answers[ma][qid],
                    response_b=answers[mb][qid],
                    model_a=ma,
                    model_b=mb,
                    family_a=family_of(ma),
                    family_b=family_of(mb),
                    reference=q["reference"],
                    meta={"dataset": "mt_bench", "subset": bench, "group": qid, "category": q["category"]},
                )
            )
    if not items:
        raise JudgeAuditError(
            f"dataset 'mt_bench' ({bench}): no question has answers from two models in {folder / 'model_answer'}"
        )
    flips = balanced_flags([it.id for it in items], seed)
    return sample([it if flips[it.id] else it.swapped() for it in items], limit, seed)
