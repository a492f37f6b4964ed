"""How to build a judge, as one value: what ``--judge`` and its options say, for the CLI and for Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_JUDGE = "smollm2-135m"


@dataclass(frozen=True)
class JudgeOptions:
    """A judge and how to run it; :func:`judgeaudit.load_judge` builds it.

    Attributes:
        name: a registered judge, a judge .yaml, ``hf:PATH_OR_ID``, ``gguf:FILE`` or ``openai:BASE_URL#MODEL``.
        family: the judge's model family, for ad-hoc judges (self-preference needs it).
        mode: ``logprob``, ``generate`` or ``likelihood``; default: the judge's own.
        normalize: likelihood mode: ``mean``, ``sum`` or ``pmi``; default: the judge's own.
        backend: another backend than the judge's (transformers, llamacpp, vllm, openai, simulated).
        dtype: the model dtype (float32 is reproducible; bfloat16 faster).
        backend_options: further backend options (the simulated judge's planted effects, threads, ...).
    """

    name: str = DEFAULT_JUDGE
    family: str | None = None
    mode: str | None = None
    normalize: str | None = None
    backend: str | None = None
    dtype: str | None = None
    backend_options: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def backend_settings(self) -> dict[str, Any]:
        """The options handed to the backend: ``backend_options`` and the dtype, where set."""
        return {**self.backend_options, **({"dtype": self.dtype} if self.dtype else {})}
