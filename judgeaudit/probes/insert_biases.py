"""The bias probes that put a sentence around one answer, each against a control of the same length.

Each is CALM's bias of that name (or its closest measurable form). They differ only in their texts, which
live in ``biases.yaml`` (inserts with ``bias: <name>``); rows and statistics are ``judgeaudit.probes.arms``.
A new bias of this kind is a section in ``biases.yaml`` and a line in ``INSERT_BIASES``.
"""

from __future__ import annotations

from judgeaudit.contracts.items import Item
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import ProbeFn, Task, probe
from judgeaudit.probes.bias_texts import BIASES_FILE
from judgeaudit.probes.inserts import insert_tasks
from judgeaudit.probes.texts import declare_texts

# probe name: what its treatment does and which way the bias would pull
INSERT_BIASES: dict[str, str] = {
    "distraction": (
        "an irrelevant sentence added to the gold-better answer, against a content-free sentence of the same "
        "length (CALM's distraction bias). The bias would favour the other answer."
    ),
    "fallacy_oversight": (
        "the gold-better answer with a fallacious justification, against the same answer with a sound one of "
        "the same length. A judge that notices the fallacy moves its verdict away from it; one that overlooks "
        "it does not (read ``target_shift``: below 0 is the good direction)."
    ),
    "identity": (
        "an author identity line (a woman, a man, a non-native speaker, 70 years old) on a seeded, balanced "
        "choice of answer, against a same-length neutral author line. The direction of a bias is not assumed: "
        "read the signed ``target_shift``."
    ),
    "refinement_aware": (
        "a note that the gold-worse answer was refined from an earlier draft, against a same-length note that "
        "it is shown as given."
    ),
    "sentiment": (
        "the same answer wrapped in a cheerful (gold-worse answer) or an angry (gold-better answer) frame by "
        "a fixed template, against a neutral frame of the same length. No rewrite model is needed, so every "
        "run rewrites identically."
    ),
}


def _insert_probe(bias: str) -> ProbeFn:
    def insert_probe(
        judge: Judge,
        items: list[Item],
        *,
        suite: str,
        conditions: list[str] | None = None,
        texts: str | None = None,
        texts_mode: str = "replace",
        include_original: bool = True,
    ) -> list[Task]:
        """The original pair, and per condition the treated and the control pair, each in both orders.

        Args:
            judge: any judge.
            items: the pairs.
            suite: the suite name recorded in each row.
            conditions: insert ids to run (default: every insert of this bias).
            texts: a texts file of the shape of ``biases.yaml`` (a suite gives it relative to itself).
            texts_mode: ``replace`` the packaged texts with it, or ``extend`` them.
            include_original: judge the unedited pair too (what robustness and flips are measured against).
        """
        return insert_tasks(
            judge,
            items,
            bias=bias,
            suite=suite,
            conditions=conditions,
            texts=texts,
            texts_mode=texts_mode,
            include_original=include_original,
        )

    insert_probe.__name__ = insert_probe.__qualname__ = bias
    return insert_probe


for _bias in INSERT_BIASES:
    declare_texts(_bias, BIASES_FILE)
    probe(_bias)(_insert_probe(_bias))
