"""Style over substance: the gold-worse answer as a markdown list under a header vs as plain prose.

RM-Bench's style bias (and OffsetBias' format cues): the same sentences, once with markdown structure
(``biases.yaml``, ``style``: a header, one bullet per sentence), once as prose padded with trailing spaces
to exactly the markdown version's length, so format and not length is what differs (the verbosity probe
measures length). The bias would favour the formatted answer. Answers holding code are left out: a code
block cut into bullets would change its content.
"""

from __future__ import annotations

import re

from judgeaudit.contracts.items import Item
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.arms import gold_sides, response, treated_and_control, with_response
from judgeaudit.probes.base import Task, pair_tasks, probe
from judgeaudit.probes.bias_texts import BIASES_FILE, bias_texts
from judgeaudit.probes.texts import check_mode, declare_texts

declare_texts("style_format", BIASES_FILE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    """The answer's sentences (and lines), stripped, in order."""
    return [s.strip(" -*\t") for s in _SENTENCE.split(text) if s.strip(" -*\t")] or [text.strip()]


def markdown_and_prose(text: str, header: str, bullet: str) -> tuple[str, str]:
    """(markdown version, prose version of the same length) of an answer."""
    parts = sentences(text)
    md = header + "\n".join(bullet + s for s in parts)
    prose = " ".join(parts)
    return md, prose.ljust(len(md))


@probe("style_format")
def style_format(
    judge: Judge,
    items: list[Item],
    *,
    suite: str,
    texts: str | None = None,
    texts_mode: str = "replace",
    include_original: bool = True,
) -> list[Task]:
    """Per gold-labelled item: the original pair, the worse answer as markdown and as same-length prose.

    Args:
        judge: any judge.
        items: the pairs (items without gold a/b, or whose worse answer holds code, are skipped).
        suite: the suite name recorded in each row.
        texts: a texts file of the shape of ``biases.yaml`` with a ``style`` section.
        texts_mode: ``replace`` the packaged texts with it, or ``extend`` them.
        include_original: judge the unedited pair too.
    """
    check_mode("style_format", texts, texts_mode)
    t = bias_texts(texts, texts_mode)
    tasks: list[Task] = []
    for item in items:
        sides = gold_sides(item)
        if sides is None or "```" in response(item, sides[1]):
            continue
        worse = sides[1]
        md, prose = markdown_and_prose(response(item, worse), t.header, t.bullet)
        if include_original:
            tasks += pair_tasks(judge, item, probe_name="style_format", suite=suite)
        tasks += treated_and_control(
            judge,
            item,
            probe_name="style_format",
            suite=suite,
            bias="style_format",
            perturbation="style_markdown",
            target=worse,
            treated=with_response(worse, md),
            control=with_response(worse, prose),
        )
    return tasks
