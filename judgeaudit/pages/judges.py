"""What the report shows per judge: one view for a single-judge run, one per judge of a multi-judge run.

A multi-judge run (a panel's recorded verdicts) keeps each judge's metrics under ``by_judge``; each judge
gets its own verdict, sections, evidence and power table, with ids prefixed ``judge-<name>-`` so the
leaderboard and the table of contents can link to any of them.
"""

from __future__ import annotations

from collections.abc import Sequence

from judgeaudit.contracts.judgments import Judgment
from judgeaudit.gate import Policy, evaluate, overall
from judgeaudit.metrics.panel import is_multi, judges_of, slug
from judgeaudit.metrics.words import Metrics
from judgeaudit.pages.cards import card, content_blind, power_rows
from judgeaudit.pages.evidence import Judgments, padded_wins, swap_flips
from judgeaudit.pages.sections import sections
from judgeaudit.pages.views import JudgeView


def judge_view(
    name: str | None, metrics: Metrics | None, rows: Sequence[Judgment] | Judgments, policy: Policy, prefix: str = ""
) -> JudgeView:
    """The verdict, sections, evidence and power of one judge (``rows``: that judge's judgments)."""
    results = evaluate(metrics, policy) if metrics is not None else []
    counts = {s: sum(r.status == s for r in results) for s in ("PASS", "FAIL", "INCONCLUSIVE", "SKIPPED")}
    return {
        "name": name,
        "slug": slug(name or "judge"),
        "prefix": prefix,
        "family": ((metrics or {}).get("meta") or {}).get("judge_family"),
        "overall": overall(results) if results else "INCONCLUSIVE",
        "counts": counts,
        "cards": [card(r, metrics) for r in results if r.status != "SKIPPED"],
        "skipped": [card(r, metrics) for r in results if r.status == "SKIPPED"],
        "content_blind": content_blind(metrics),
        "sections": sections(metrics),
        "power": power_rows(metrics),
        "flips": swap_flips(rows),
        "padded": padded_wins(rows),
        "unknown_families": unknown_families(metrics),
    }


def unknown_families(metrics: Metrics | None) -> list[tuple[str, str, int]]:
    """(kind, name, pairs it cost) of every model and judge whose family is unknown."""
    sp = (metrics or {}).get("self_preference")
    unknown = sp.get("unknown_families") if isinstance(sp, dict) else None
    if not isinstance(unknown, dict):
        return []
    return [
        (kind[:-1], str(name), int(n))
        for kind in ("models", "judges")
        for name, n in sorted((unknown.get(kind) or {}).items())
    ]


def judge_views(
    judge: str | None, metrics: Metrics | None, rows: Sequence[Judgment] | Judgments, policy: Policy
) -> list[JudgeView]:
    """One view per judge the run holds; ids are unprefixed for a single judge."""
    if not is_multi(metrics):
        return [judge_view(judge, metrics, Judgments.of(rows).of_judge(judge), policy)]
    return [
        judge_view(name, m, Judgments.of(rows).only(name), policy, prefix=f"judge-{slug(name)}-")
        for name, m in judges_of(metrics).items()
    ]
