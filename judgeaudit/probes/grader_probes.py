"""The grader probes: each grades single answers in a treated arm against a matched control arm.

- ``grader_known``: every labelled answer as given (known-answer discrimination: TPR, TNR, false passes).
- ``grader_override``: each known-wrong answer with an override sentence addressed to the grader vs a
  neutral sentence of the same length (``grader_texts.yaml``), appended to the answer.
- ``grader_polarity``: each answer with a ``negated_criterion`` graded under its criterion and under the
  negation; a grader that reads the criterion turns its verdict round.
- ``grader_padding``: each answer padded with content-neutral filler (``padding.yaml``) vs as given.
- ``grader_reference``: each answer graded with no reference, the correct reference and a wrong one.
- ``grader_repeats``: each answer graded k times at temperature > 0 (repeat stability; no control arm).
- ``grader_scale``: each answer graded on several scales (1-5, A-E, 1-10) and with the rubric's order reversed;
  the first format is the reference the others are compared with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_yaml
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task
from judgeaudit.probes.grading import answer_probe, answers_only, grade_task, grader_format
from judgeaudit.probes.texts import declare_texts
from judgeaudit.probes.verbosity import pad

TEXTS = Path(__file__).with_name("grader_texts.yaml")
PADDING = Path(__file__).with_name("padding.yaml")
declare_texts("grader_override", TEXTS)
declare_texts("grader_padding", PADDING)


def override_pairs(path: Path = TEXTS) -> dict[str, tuple[str, str]]:
    """``{id: (override, neutral)}``; a pair whose two sentences differ in length is an error."""
    doc = read_yaml(path, allowed=("version", "pairs"), required=("pairs",))
    out: dict[str, tuple[str, str]] = {}
    for key, pair in (doc.data["pairs"] or {}).items():
        doc.check_keys(pair, ("override", "neutral"), "pairs", key, required=("override", "neutral"))
        over, neutral = str(pair["override"]), str(pair["neutral"])
        if len(over) != len(neutral):
            raise doc.error(
                ("pairs", key), f"override ({len(over)} chars) and neutral ({len(neutral)}) differ in length"
            )
        out[str(key)] = (over, neutral)
    return out


@answer_probe("grader_known")
def grader_known(judge: Judge, items: list[Any], *, suite: str, format: str = "grader-passfail") -> list[Task]:
    """Each answer graded as given."""
    fmt = grader_format(format)
    return [
        grade_task(judge, a, fmt, probe_name="grader_known", suite=suite) for a in answers_only("grader_known", items)
    ]


@answer_probe("grader_override")
def grader_override(
    judge: Judge, items: list[Any], *, suite: str, format: str = "grader-passfail", pairs: list[str] | None = None
) -> list[Task]:
    """Each known-wrong answer with an override sentence vs a neutral one of the same length.

    Args:
        pairs: which override/neutral pairs of ``grader_texts.yaml`` to use (default: all, one per answer in turn).
    """
    fmt = grader_format(format)
    known = override_pairs()
    chosen = list(known) if pairs is None else pairs
    for key in chosen:
        if key not in known:
            raise JudgeAuditError(f"grader_override probe: unknown pair {key!r} (known: {', '.join(known)})")
    tasks: list[Task] = []
    wrong = [a for a in answers_only("grader_override", items) if a.label == "fail"]
    for i, answer in enumerate(wrong):
        key = chosen[i % len(chosen)]
        for arm, sentence in zip(("override", "neutral"), known[key]):
            tasks.append(
                grade_task(
                    judge,
                    answer,
                    fmt,
                    probe_name="grader_override",
                    suite=suite,
                    arm=arm,
                    response=f"{answer.response}\n\n{sentence}",
                    planted={"override": int(arm == "override")},
                    extra={"override_id": key},
                )
            )
    return tasks


@answer_probe("grader_polarity")
def grader_polarity(judge: Judge, items: list[Any], *, suite: str, format: str = "grader-passfail") -> list[Task]:
    """Each answer with a ``negated_criterion``: graded under its criterion and under the negation."""
    fmt = grader_format(format)
    tasks: list[Task] = []
    for answer in answers_only("grader_polarity", items):
        negated = answer.meta.get("negated_criterion")
        if not isinstance(negated, str) or not answer.criterion:
            continue
        tasks.append(grade_task(judge, answer, fmt, probe_name="grader_polarity", suite=suite))
        tasks.append(
            grade_task(
                judge,
                answer,
                fmt,
                probe_name="grader_polarity",
                suite=suite,
                arm="negated",
                criterion=negated,
                polarity=-1,
            )
        )
    return tasks


@answer_probe("grader_padding")
def grader_padding(
    judge: Judge,
    items: list[Any],
    *,
    suite: str,
    format: str = "grader-rubric5",
    sizes: list[float] | None = None,
    style: str = "hedge",
) -> list[Task]:
    """Each answer as given and padded with content-neutral filler to +``sizes`` of its length.

    Args:
        sizes: added length as a share of the answer's length (default 0.5 and 1.0).
        style: the padding style of ``padding.yaml`` (restate, list_repeat, hedge, markdown).
    """
    fmt = grader_format(format)
    tasks: list[Task] = []
    for answer in answers_only("grader_padding", items):
        tasks.append(grade_task(judge, answer, fmt, probe_name="grader_padding", suite=suite))
        for size in sizes or (0.5, 1.0):
            padded = pad(answer.response, answer.instruction, style, float(size), seed_key=answer.id)
            ratio = (len(padded) - len(answer.response)) / max(1, len(answer.response))
            tasks.append(
                grade_task(
                    judge,
                    answer,
                    fmt,
                    probe_name="grader_padding",
                    suite=suite,
                    arm="padded",
                    response=padded,
                    variant=f"padded{size:g}:{fmt.id}",
                    planted={"pad_ratio": ratio},
                    extra={"pad_ratio": ratio, "pad_style": style},
                )
            )
    return tasks


REFERENCE_ARMS = {"no_reference": "none", "correct_reference": "correct", "wrong_reference": "wrong"}


@answer_probe("grader_reference")
def grader_reference(judge: Judge, items: list[Any], *, suite: str, format: str = "grader-passfail") -> list[Task]:
    """Each answer with a wrong reference (``wrong_reference``) graded with no reference, the correct one
    (``correct_reference``, else its ``reference``) and the wrong one."""
    fmt = grader_format(format)
    tasks: list[Task] = []
    for answer in answers_only("grader_reference", items):
        correct, wrong = answer.meta.get("correct_reference", answer.reference), answer.meta.get("wrong_reference")
        if not isinstance(correct, str) or not isinstance(wrong, str):
            continue
        for (arm, shown), ref in zip(REFERENCE_ARMS.items(), (None, correct, wrong)):
            tasks.append(
                grade_task(
                    judge,
                    answer,
                    fmt,
                    probe_name="grader_reference",
                    suite=suite,
                    arm=arm,
                    reference=ref,
                    planted={"reference": shown},
                )
            )
    return tasks


@answer_probe("grader_repeats")
def grader_repeats(
    judge: Judge,
    items: list[Any],
    *,
    suite: str,
    format: str = "grader-passfail",
    k: int = 5,
    temperature: float = 0.7,
) -> list[Task]:
    """Each answer graded ``k`` times at ``temperature``, each repeat with its own sampling seed.

    Only a generate-mode judge samples: in logprob mode (or at temperature 0) the repeats are the same call
    and agree by construction, which the section reports as such.

    Args:
        k: repeats per answer (at least 2).
        temperature: sampling temperature of every repeat.
    """
    if k < 2:
        raise JudgeAuditError(f"grader_repeats probe: k must be at least 2, got {k}")
    fmt = grader_format(format)
    return [
        grade_task(
            judge,
            answer,
            fmt,
            probe_name="grader_repeats",
            suite=suite,
            arm="repeat",
            repeat=r,
            temperature=temperature,
            extra={"temperature": temperature, "sampled": judge.mode == "generate" and temperature > 0},
        )
        for answer in answers_only("grader_repeats", items)
        for r in range(k)
    ]


SCALE_FORMATS = (
    "grader-rubric5",
    "grader-rubric5-reversed",
    "grader-letters",
    "grader-letters-reversed",
    "grader-mtbench-single",
)


@answer_probe("grader_scale")
def grader_scale(judge: Judge, items: list[Any], *, suite: str, formats: list[str] | None = None) -> list[Task]:
    """Each answer graded under every format of ``formats`` (arm ``scale``); the first is the reference.

    A format the judge's mode cannot run (``grader-mtbench-single`` is generate-only: "10" and "1" share a
    first token) is left out, and every row names it (``scale_skipped``) so the section says so.

    Args:
        formats: grader formats (ids or paths), the reference first (default: 1-5 rubric, the same rubric
            listed best-first, A-E letters, the letters described worst-first, MT-Bench's 1-10).
    """
    chosen = [grader_format(f) for f in (formats or SCALE_FORMATS)]
    usable = [f for f in chosen if judge.mode in f.prompt.modes]
    skipped = [f.id for f in chosen if f not in usable]
    if len(usable) < 2 or usable[0] is not chosen[0]:
        raise JudgeAuditError(
            f"grader_scale probe: a {judge.mode}-mode judge can run {len(usable)} of the formats "
            f"({', '.join(f.id for f in usable) or 'none'}); it needs the reference ({chosen[0].id}) and one more"
        )
    extra = {"scale_reference": usable[0].id, "scale_skipped": skipped}
    return [
        grade_task(judge, answer, fmt, probe_name="grader_scale", suite=suite, arm="scale", extra=extra)
        for answer in answers_only("grader_scale", items)
        for fmt in usable
    ]
