"""Cues probe: does an opinion, a majority or a citation in the judge's input move its verdict?

Each cue (``cues.yaml``: sycophancy "I think Response B is better.", bandwagon "Most reviewers
preferred Response B.", authority: a fabricated citation appended to the worse response) points at
one response, the *target* (the gold-worse one where gold is known). The label in the cue is the
slot the target is shown in, so the cue points at the same response in both orders. Every cue has a
matched neutral insert of the same length in the same place: the control that separates what the cue
says from the prompt merely changing.

Rows: the un-cued pair (``variant`` ``original``), then per cue ``variant`` ``cue:<id>`` and
``neutral:<id>``, with ``cue`` (``<id>`` or ``neutral:<id>``) and ``cue_target`` (``a``/``b``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from judgeaudit.contracts.items import Item
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import read_yaml
from judgeaudit.judges.judge import Judge
from judgeaudit.probes.base import Task, pair_tasks, probe
from judgeaudit.probes.texts import check_mode, declare_texts, merged

CUES_FILE = Path(__file__).with_name("cues.yaml")
_FILE_KEYS = {"version", "target", "cues"}
declare_texts("cues", CUES_FILE)
_CUE_KEYS = {"insert", "text", "neutral"}
INSERTS = ("instruction", "response")
TARGETS = ("worse", "better", "random")


@dataclass(frozen=True)
class Cue:
    """One cue and its matched neutral insert (same length, same place)."""

    id: str
    insert: str
    text: str
    neutral: str

    def render(self, label: str) -> tuple[str, str]:
        """(cue, neutral) for the slot label; the neutral is padded with spaces if a label is long."""
        cue = self.text.replace("{label}", label)
        return cue, self.neutral.ljust(len(cue))


@cache
def load_cues(path: Path = CUES_FILE) -> tuple[str, dict[str, Cue]]:
    """(default target, cue id → Cue) from the cues file, checked: each neutral matches its cue's length."""
    doc = read_yaml(path, allowed=_FILE_KEYS, required=("cues",))
    data = doc.data
    if not isinstance(data["cues"], dict):
        raise doc.error(("cues",), "expected a mapping of cue id to {insert, text, neutral}")
    target = str(data.get("target", "worse"))
    if target not in TARGETS:
        raise doc.error(("target",), f"must be one of {', '.join(TARGETS)}")
    cues: dict[str, Cue] = {}
    for cid, spec in data["cues"].items():
        doc.check_keys(spec, _CUE_KEYS, "cues", str(cid), required=sorted(_CUE_KEYS))
        if spec["insert"] not in INSERTS:
            raise doc.error(("cues", str(cid), "insert"), f"must be one of {', '.join(INSERTS)}")
        cue = Cue(str(cid), spec["insert"], str(spec["text"]), str(spec["neutral"]))
        if ":" in cue.id:
            raise doc.error(("cues", cue.id), "a cue id may not contain ':'")
        rendered, _ = cue.render("A")
        if len(cue.neutral) != len(rendered):
            raise doc.error(
                ("cues", cue.id, "neutral"),
                f"must be as long as the cue with a one-letter label ({len(rendered)} characters), "
                f"is {len(cue.neutral)}",
            )
        cues[cue.id] = cue
    return target, cues


def cue_target(item: Item, target: str) -> str:
    """The response a cue points at: gold-worse (or -better), else a seeded coin per item."""
    if target != "random" and item.label in ("a", "b"):
        better = item.label
        return better if target == "better" else ("b" if better == "a" else "a")
    return "a" if int(hashlib.sha256(f"cue-target|{item.id}".encode()).hexdigest(), 16) % 2 == 0 else "b"


def _slot_labels(judge: Judge) -> tuple[str, str]:
    if judge.mode == "likelihood":  # no prompt format: the cue still names the slots as a prompt would
        return "A", "B"
    first, second = judge.pairwise_format().labels[:2]
    return first, second


@probe("cues")
def cues(
    judge: Judge,
    items: list[Item],
    *,
    suite: str,
    cues: list[str] | None = None,
    target: str | None = None,
    include_original: bool = True,
    texts: str | None = None,
    texts_mode: str = "replace",
) -> list[Task]:
    """The un-cued pair and, per cue, the cued and the neutral-insert pair, each in both orders.

    Args:
        judge: any judge.
        items: the pairs.
        suite: the suite name recorded in each row.
        cues: cue ids of ``cues.yaml`` to run (default: all).
        target: ``worse`` (default from the file), ``better`` or ``random`` (seeded per item).
        include_original: judge the un-cued pair too (the baseline every flip is measured against).
        texts: a cues file of the shape of ``cues.yaml`` (a suite gives it relative to itself).
        texts_mode: ``replace`` the packaged cues with it, or ``extend`` them (same id: the suite's wins).
    """
    check_mode("cues", texts, texts_mode)
    default_target, known = load_cues()
    if texts is not None:
        own_target, own = load_cues(Path(texts))
        known = merged(known, own, texts_mode)
        default_target = own_target if texts_mode == "replace" else default_target
    target = target or default_target
    if target not in TARGETS:
        raise JudgeAuditError(f"cues probe: target must be one of {', '.join(TARGETS)}, got {target!r}")
    chosen = list(cues or known)
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise JudgeAuditError(f"cues probe: unknown cue(s) {', '.join(unknown)}; known: {', '.join(known)}")
    labels = _slot_labels(judge)
    tasks: list[Task] = []
    for item in items:
        if include_original:
            tasks += pair_tasks(judge, item, probe_name="cues", suite=suite)
        tgt = cue_target(item, target)
        for cid in chosen:
            tasks += _cued(judge, item, known[cid], tgt, labels, suite)
    return tasks


def _cued(judge: Judge, item: Item, cue: Cue, tgt: str, labels: tuple[str, str], suite: str) -> list[Task]:
    """Cued and neutral pair in both orders; the cue's label follows the target's slot."""
    tasks: list[Task] = []
    for order in ("ab", "ba"):
        target_first = (order == "ab") == (tgt == "a")
        text, neutral = cue.render(labels[0] if target_first else labels[1])
        for kind, insert in (("cue", text), ("neutral", neutral)):
            instruction = f"{item.instruction}\n\n{insert}" if cue.insert == "instruction" else None
            cued = (
                None if cue.insert == "instruction" else (item.response_a if tgt == "a" else item.response_b) + insert
            )
            name = cue.id if kind == "cue" else f"neutral:{cue.id}"
            tasks += pair_tasks(
                judge,
                item,
                probe_name="cues",
                suite=suite,
                orders=(order,),
                variant=f"{kind}:{cue.id}",
                extra={"cue": name, "cue_target": tgt},
                meta={"cue_first": (1 if target_first else -1) if kind == "cue" else 0},
                instruction=instruction,
                response_a=cued if tgt == "a" else None,
                response_b=cued if tgt == "b" else None,
            )
    return tasks
