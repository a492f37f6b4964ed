"""Deterministic, seeded subsampling that keeps labels balanced and instruction groups whole.

Sampling is keyed on item ids (a hash of seed and id), so the same seed picks the same items
whatever order an adapter produced them in, and a larger limit extends a smaller one's sample.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from judgeaudit.datasets.base import coin


class Sampled(Protocol):
    """What sampling reads of a pair (``Item``) or a single answer (``Answer``)."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str | None: ...
    @property
    def meta(self) -> dict[str, Any]: ...


T = TypeVar("T", bound=Sampled)


def sample(items: Sequence[T], limit: int | None, seed: int = 0) -> list[T]:
    """At most ``limit`` items, in their original order.

    Items carrying ``meta["group"]`` are taken group by group (a triad is useless in part); the
    result then holds whole groups only, at least one. Otherwise labels are drawn round-robin, so
    a labelled sample is as balanced as the data allows and an always-"a" judge stays at chance.
    Declared variants (``variant_of``) follow their original: ``limit`` counts originals only.
    """
    if any("variant_of" in it.meta for it in items):
        return _with_variants(items, limit, seed)
    if limit is None or limit >= len(items):
        return list(items)
    if limit <= 0:
        return []
    if any("group" in it.meta for it in items):
        picked = _by_group(items, limit, seed)
    else:
        picked = _by_label(items, limit, seed)
    keep = {it.id for it in picked}
    return [it for it in items if it.id in keep]


def _by_label(items: Sequence[T], limit: int, seed: int) -> list[T]:
    strata: dict[str | None, list[T]] = {}
    for it in sorted(items, key=lambda it: coin(seed, it.id)):
        strata.setdefault(it.label, []).append(it)
    queues = [strata[k] for k in sorted(strata, key=lambda k: (k is None, k or ""))]
    picked: list[T] = []
    while len(picked) < limit:
        for queue in queues:
            if queue and len(picked) < limit:
                picked.append(queue.pop(0))
    return picked


def _by_group(items: Sequence[T], limit: int, seed: int) -> list[T]:
    groups: dict[str, list[T]] = {}
    for it in items:
        groups.setdefault(str(it.meta.get("group", it.id)), []).append(it)
    picked: list[T] = []
    for key in sorted(groups, key=lambda g: coin(seed, g)):
        members = groups[key]
        if picked and len(picked) + len(members) > limit:
            continue
        picked.extend(members)
        if len(picked) >= limit:
            break
    return picked


def _with_variants(items: Sequence[T], limit: int | None, seed: int) -> list[T]:
    """A sample of the originals, each with all of its variants (a variant without its original is useless)."""
    originals = sample([it for it in items if "variant_of" not in it.meta], limit, seed)
    keep = {it.id for it in originals}
    return [it for it in items if it.id in keep or str(it.meta.get("variant_of")) in keep]
