"""Prompt-template probe: each pair judged in both orders under several prompts that mean the same.

A judge whose verdict changes when the instructions are reworded (or the slots relabelled, or the
task moved after the responses) is judging the prompt, not the responses. The templates are data
(``template.yaml`` lists them by set; each is a prompt format file); the judge's own pairwise format
is the baseline. Rows carry ``template`` (the format id), ``template_set`` (``base``, ``paraphrase``,
``format``) and ``variant`` = ``template:<id>``; the baseline's requests are those of the position
probe, so they are judged once.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from judgeaudit.contracts.items import Item
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_yaml
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task, pair_tasks, probe
from judgeaudit.probes.texts import declare_texts

TEMPLATES_FILE = Path(__file__).with_name("template.yaml")
declare_texts("template", TEMPLATES_FILE)


@cache
def template_sets() -> dict[str, tuple[str, ...]]:
    """Set name → format ids, from ``template.yaml``."""
    doc = read_yaml(TEMPLATES_FILE, allowed={"version", "sets"}, required=("sets",))
    sets = doc.data["sets"]
    if not isinstance(sets, dict) or not sets or not all(isinstance(ids, list) for ids in sets.values()):
        raise doc.error(("sets",), "expected a mapping of set name to a list of format ids")
    return {str(name): tuple(str(f) for f in ids) for name, ids in sets.items()}


def templates_for(
    judge: Judge, sets: list[str] | None = None, templates: list[str] | None = None
) -> list[tuple[str, str]]:
    """(format id, set) pairs to run: the judge's own format first, then the chosen sets (or ids)."""
    base = judge.pairwise_format().id
    known = template_sets()
    if templates is not None:
        where = {fid: name for name, ids in known.items() for fid in ids}
        chosen = [(fid, where.get(fid, "custom")) for fid in templates]
    else:
        unknown = [s for s in sets or () if s not in known]
        if unknown:
            raise JudgeAuditError(
                f"template probe: unknown template set(s) {', '.join(unknown)}; known: {', '.join(known)}"
            )
        chosen = [(fid, name) for name in (sets or list(known)) for fid in known[name]]
    out = [(base, "base")]
    for fid, name in chosen:
        if fid not in {f for f, _ in out}:
            out.append((fid, name))
    return out


@probe("template")
def template(
    judge: Judge, items: list[Item], *, suite: str, sets: list[str] | None = None, templates: list[str] | None = None
) -> list[Task]:
    """Both orders of each item under the judge's own pairwise prompt and each alternative template.

    Args:
        judge: a prompted judge (logprob or generate mode).
        items: the pairs.
        suite: the suite name recorded in each row.
        sets: template sets of ``template.yaml`` to run (default: all).
        templates: explicit format ids instead of sets.
    """
    if judge.mode == "likelihood":
        raise JudgeAuditError(
            "the template probe varies the judge's prompt; a likelihood judge reads no prompt "
            "(run it on a logprob or generate judge)"
        )
    chosen = templates_for(judge, sets, templates)
    for fid, _set in chosen:  # fail before any judging when a template does not fit this judge
        judge.pairwise_format(None if fid == chosen[0][0] else fid)
    tasks: list[Task] = []
    for item in items:
        for fid, set_name in chosen:
            is_base = set_name == "base"
            labels = list(judge.pairwise_format(None if is_base else fid).labels[:2])
            tasks += pair_tasks(
                judge,
                item,
                probe_name="template",
                suite=suite,
                variant=f"template:{fid}",
                extra={"template": fid, "template_set": set_name},
                format_id=None if is_base else fid,
                meta={"template": fid, "template_base": is_base, "labels": labels},
            )
    return tasks
