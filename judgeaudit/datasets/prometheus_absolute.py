"""Prometheus absolute-grading sets: HHH alignment (gold chosen > rejected) and MT-/Vicuna-Bench answers.

Each upstream row is a complete Prometheus prompt; the question, the response, the reference answer
(when given) and the 1–5 rubric are cut back out of it so any judge format can use them.

Subsets:

- ``hhh`` (default): 221 pairs, chosen vs rejected. Which one is ``response_a`` is seeded and
  balanced, so the gold label is ``a`` for half the items and ``b`` for the other half.
- ``mt_bench`` / ``vicuna``: 80 questions × 4 responders (``response_source`` is the model); the six
  pairs within a question share ``meta["group"]`` (the question id). No gold label: the three
  GPT-4 scores of each response are kept in ``meta`` as an LLM reference only.

The MT-Bench rows grade the *second* turn, and each responder's prompt carries its own first-turn
answer, so the two responses of a pair do not share one context. As in MT-Bench's own multi-turn
pairwise judge, each response then shows the whole conversation: the instruction holds both user
turns, each response its first answer and its answer to the follow-up (``meta["multi_turn"]``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from judgeaudit.contracts.items import Item
from judgeaudit.datasets.base import balanced_flags, blank, dataset, local_dir, slug
from judgeaudit.datasets.families import family_of
from judgeaudit.datasets.hub import remote_file
from judgeaudit.datasets.sampling import sample
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_json

FILES = {"hhh": "hhh_alignment_eval.json", "mt_bench": "mt_bench_eval.json", "vicuna": "vicuna_eval.json"}
_ALIASES = {
    "hhh": "hhh",
    "hhh_alignment": "hhh",
    "mt_bench": "mt_bench",
    "mt-bench": "mt_bench",
    "mtbench": "mt_bench",
    "vicuna": "vicuna",
    "vicuna_bench": "vicuna",
    "vicuna-bench": "vicuna",
}

_QUESTION = "###The instruction to evaluate:\n"
_RESPONSE = "###Response to evaluate:\n"
_REFERENCE = "###Reference Answer (Score 5):\n"
_RUBRIC = "###Score Rubrics:\n"
_FEEDBACK = "###Feedback:"


@dataclass(frozen=True)
class Parts:
    """The pieces of one Prometheus absolute-grading prompt."""

    question: str
    response: str
    reference: str | None
    rubric: str


def parse_prompt(prompt: str) -> Parts:
    """Cut a Prometheus absolute prompt into question, response, reference and rubric.

    The section headers are fixed strings; the rubric and reference sections come last, so they
    are found from the end (a response may itself contain markdown ``###`` headings).

    Raises:
        ValueError: when a section header is missing.
    """
    q = prompt.find(_QUESTION)
    r = prompt.find(_RESPONSE, q + 1)
    rub = prompt.rfind(_RUBRIC)
    fb = prompt.rfind(_FEEDBACK)
    if min(q, r, rub, fb) < 0 or not q < r < rub < fb:
        raise ValueError("not a Prometheus absolute-grading prompt (a section header is missing)")
    ref = prompt.rfind(_REFERENCE, r, rub)
    end_response = ref if ref >= 0 else rub
    return Parts(
        question=prompt[q + len(_QUESTION) : r].strip(),
        response=prompt[r + len(_RESPONSE) : end_response].strip(),
        reference=prompt[ref + len(_REFERENCE) : rub].strip() if ref >= 0 else None,
        rubric=prompt[rub + len(_RUBRIC) : fb].strip(),
    )


_USER = "\n\nUser: "
_ASSISTANT = "\n\nAssistant:"
FOLLOW_UP = "[Follow-up question]"
ANSWER_TO_FOLLOW_UP = "[Answer to the follow-up question]"


def parse_dialogue(question: str) -> tuple[str, str, str] | None:
    """``(turn_1, answer_1, turn_2)`` of a Prometheus two-turn question, or ``None`` if single-turn."""
    u1 = question.find("User: ")
    u2 = question.rfind(_USER)
    a1 = question.find(_ASSISTANT, u1 + 1)
    if not (0 <= u1 < a1 < u2) or not question.rstrip().endswith("Assistant:"):
        return None
    turn_2 = question[u2 + len(_USER) :].rstrip()
    return (
        question[u1 + len("User: ") : a1].strip(),
        question[a1 + len(_ASSISTANT) : u2].strip(),
        turn_2[: -len("Assistant:")].strip(),
    )


def _conversation(parts: Parts) -> tuple[str, str, bool]:
    """(instruction, response, multi_turn) with a two-turn context folded in as MT-Bench does."""
    dialogue = parse_dialogue(parts.question)
    if dialogue is None:
        return parts.question, parts.response, False
    turn_1, answer_1, turn_2 = dialogue
    instruction = f"{turn_1}\n\n{FOLLOW_UP}\n{turn_2}"
    return instruction, f"{answer_1}\n\n{ANSWER_TO_FOLLOW_UP}\n{parts.response}", True


def _rows(subset: str, data_dir: Path | None) -> list[dict[str, Any]]:
    root = local_dir("prometheus_absolute", data_dir)
    file = None if root is None else root / FILES[subset]
    if file is None or not file.is_file():
        file = remote_file("prometheus_absolute", FILES[subset], looked_at=file)
    return list(read_json(file))


def hhh_items(rows: list[dict[str, Any]], limit: int | None, seed: int) -> list[Item]:
    """Chosen vs rejected, sampled, then oriented so half the gold labels are ``a``."""
    plain = []
    for i, row in enumerate(rows):
        chosen, rejected = parse_prompt(row["chosen_instruction"]), parse_prompt(row["rejected_instruction"])
        if chosen.question != rejected.question or chosen.rubric != rejected.rubric:
            raise JudgeAuditError(f"prometheus hhh row {i}: chosen and rejected prompts differ beyond the response")
        if blank(chosen.question, chosen.response, rejected.response):
            continue
        plain.append(
            Item(
                id=f"prometheus_absolute-hhh-{i:03d}",
                instruction=chosen.question,
                response_a=chosen.response,
                response_b=rejected.response,
                label="a",
                reference=chosen.reference,
                rubric=chosen.rubric,
                meta={"dataset": "prometheus_absolute", "subset": "hhh", "source": row["source"], "source_index": i},
            )
        )
    picked = sample(plain, limit, seed)
    chosen_first = balanced_flags([it.id for it in picked], seed)
    return [it if chosen_first[it.id] else it.swapped() for it in picked]


def group_items(subset: str, rows: list[dict[str, Any]], seed: int) -> list[Item]:
    """The six pairs among the four responders of each question, one group per question."""
    by_question: dict[str, list[tuple[dict[str, Any], Parts, str, str, bool]]] = {}
    for row in rows:
        parts = parse_prompt(row["instruction"])
        by_question.setdefault(str(row["idx"]), []).append((row, parts, *_conversation(parts)))
    items = []
    for qid, answers in by_question.items():
        _, first, instruction, _, multi = answers[0]
        for row, parts, other, _, _ in answers[1:]:
            if other != instruction or parts.rubric != first.rubric or parts.reference != first.reference:
                raise JudgeAuditError(
                    f"prometheus {subset} question {qid}: responders' prompts differ "
                    f"beyond the response ({row['response_source']})"
                )
        kept = [(row, response) for row, parts, _, response, _ in answers if not blank(parts.response)]
        for (ra, resp_a), (rb, resp_b) in itertools.combinations(kept, 2):
            ma, mb = str(ra["response_source"]), str(rb["response_source"])
            items.append(
                Item(
                    id=f"prometheus_absolute-{subset}-{qid}-{slug(ma)}-{slug(mb)}",
                    instruction=instruction,
                    response_a=resp_a,
                    response_b=resp_b,
                    model_a=ma,
                    model_b=mb,
                    family_a=family_of(ma),
                    family_b=family_of(mb),
                    reference=first.reference,
                    rubric=first.rubric,
                    meta={
                        "dataset": "prometheus_absolute",
                        "subset": subset,
                        "group": ra["idx"],
                        "category": ra.get("category"),
                        "multi_turn": multi,
                        "gpt4_scores_a": ra.get("gpt4_score"),
                        "gpt4_scores_b": rb.get("gpt4_score"),
                    },
                )
            )
    flips = balanced_flags([it.id for it in items], seed)
    return [it if flips[it.id] else _swap_scores(it.swapped()) for it in items]


def _swap_scores(item: Item) -> Item:
    meta = dict(item.meta)
    meta["gpt4_scores_a"] = item.meta.get("gpt4_scores_b")
    meta["gpt4_scores_b"] = item.meta.get("gpt4_scores_a")
    return replace(item, meta=meta)


@dataset(
    "prometheus_absolute", folder="prometheus_eval_absolute", marker=FILES["hhh"], subsets=("hhh", "mt_bench", "vicuna")
)
def load(subset: str | None, data_dir: Path | None, limit: int | None, seed: int) -> list[Item]:
    """``hhh`` (default) gold pairs, or ``mt_bench`` / ``vicuna`` responder pairs grouped by question."""
    name = _ALIASES.get((subset or "hhh").lower())
    if name is None:
        raise JudgeAuditError(f"unknown prometheus_absolute subset {subset!r}; known: hhh, mt_bench, vicuna")
    rows = _rows(name, data_dir)
    if name == "hhh":
        return hhh_items(rows, limit, seed)
    return sample(group_items(name, rows, seed), limit, seed)
