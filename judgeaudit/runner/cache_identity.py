"""What a cached result is the answer of: everything that can change what a backend returns.

A cache key is the hash of this identity and the rendered request (prompt, choices, decoding
parameters). The identity is read off the backend's own ``describe()``, so a setting a backend
declares there (the endpoint and the model it serves, the model file's hash, dtype, device, chat
template, planted parameters, context size) is in the key without a second list to keep in step.
Left out are only the entries listed in :data:`VOLATILE`: counters that grow during a run, facts
about where the code ran, and batching knobs that move float32 results in the last digits only
(~1e-5) and must not cost a resumed run its cache.
"""

from __future__ import annotations

from typing import Any

from judgeaudit.io.files import JSONObject

# describe() entries that are not part of a result's identity, and why
VOLATILE = frozenset(
    {
        # counters and shares that change as the run proceeds
        "http",
        "reused_token_share",
        "cached_token_share",
        "prompt_tokens",
        "computed_tokens",
        "forward_calls",
        # state: whether the model was loaded yet, and what that revealed (a fully cached rerun loads nothing)
        "model_loaded",
        "threads",
        "prefix_reuse_active",
        "model_context",
        "max_model_len",  # vLLM's context: it decides only which requests are refused, and refusals are not cached
        # where the code and the weights happen to live; the weights' sha256 is the identity
        "model_path",
        "loaded_from",
        "model_origin",
        "machine",
        "torch",
        "transformers",
        "llama_cpp_python",
        "vllm",
        # how requests are scheduled: bit-identical or ~1e-5 in float32 (see transformers_backend)
        "concurrency",
        "retries",
        "timeout",
        "max_batch_tokens",
        "max_batch_size",
        "prefix_reuse",
        "prefix_tokens",
        "chunk_size",  # vLLM: how the request list is cut into generate calls
        "chunks",
        "deterministic",
    }
)


def backend_identity(description: JSONObject) -> JSONObject:
    """The result-relevant part of a backend's ``describe()``."""
    return {k: v for k, v in description.items() if k not in VOLATILE}


def cache_identity(judge: Any) -> JSONObject:
    """The identity every cache key of ``judge``'s requests is built from (see the module docstring).

    The judge's name is kept, so two judge files that happen to share a model never share results;
    the prompt format and mode are in each request already.
    """
    return {**backend_identity(judge.backend.describe()), "judge": judge.name}
