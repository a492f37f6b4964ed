"""Shared-prefix reuse for the transformers backend's ``choice`` requests on CPU.

Every request of a judge starts with the same system prompt and task text; computing that head once
and extending a KV cache from it saves most of the prefill. The cut points are fixed token positions,
so a request's numbers never depend on which other requests share the run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from judgeaudit.backends.base import Request, Result


class SharingBackend(Protocol):
    """What segment-by-segment prefill needs of a backend (the transformers backend has it all)."""

    @property
    def torch(self) -> Any: ...

    @property
    def model(self) -> Any: ...

    @property
    def device(self) -> Any: ...

    @property
    def prefix_tokens(self) -> tuple[int, ...]: ...

    @property
    def reuse_stats(self) -> dict[str, int]: ...

    def choice_result(self, req: Request, logits: Any, n_tokens: int) -> Result: ...


def run_choice_shared(
    backend: SharingBackend, reqs: list[Request], enc: list[list[int]], emit: Callable[[int, Result], None]
) -> None:
    """Compute each prompt segment by segment, reusing the segments it shares with the previous prompt.

    Every prompt is cut at the fixed positions ``prefix_tokens`` (those short of its last token):
    segment ``k`` is tokens ``[cut[k-1], cut[k])`` on a cache of the ones before it, and the tail
    after the last cut is one more call that reads the verdict logits. Prompts are visited in
    token order, so prompts with a common head are neighbours; one KV cache holds the current
    chain of segments and is cut back to the shared part before the next prompt extends it.

    Every forward call has batch size 1 and a shape fixed by the prompt itself, which is what
    makes the result independent of the other requests (padding, batch size and split points
    all move float32 results by ~1e-5). Every layer gets a full-attention cache layer; the
    model's own masks still apply sliding windows where the architecture has them.
    """
    from transformers import DynamicCache

    torch = backend.torch
    decoder = getattr(backend.model, backend.model.base_model_prefix)  # head segments need no logits
    stats = backend.reuse_stats
    cache = DynamicCache()
    chain: list[int] = []  # the tokens whose keys and values the cache holds: whole segments
    for i in sorted(range(len(enc)), key=lambda j: enc[j]):
        seq = enc[i]
        cuts = [c for c in backend.prefix_tokens if c < len(seq)]
        held = [c for c in cuts if c <= len(chain)]
        keep = 0  # how many of this prompt's segments the cache already holds
        while keep < len(held) and chain[: held[keep]] == seq[: held[keep]]:
            keep += 1
        start = cuts[keep - 1] if keep else 0
        if len(chain) > start:
            cache.crop(start - len(chain))
            del chain[start:]
        with torch.inference_mode():
            for end in cuts[keep:]:
                segment = seq[start:end]
                decoder(input_ids=torch.tensor([segment], device=backend.device), cache=cache, use_cache=True)
                chain += segment
                start = end
            tail = seq[start:]
            logits = backend.model(
                input_ids=torch.tensor([tail], device=backend.device), cache=cache, use_cache=True, logits_to_keep=1
            ).logits
        cache.crop(-len(tail))
        stats["computed_tokens"] += len(seq) - (cuts[keep - 1] if keep else 0)
        stats["forward_calls"] += len(cuts) - keep + 1
        emit(i, backend.choice_result(reqs[i], logits[0, -1, :], len(seq)))
