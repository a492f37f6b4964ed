"""How a worker rebuilds a judge's backend: the judge spec, the backend name and its options.

A loaded model (a llama.cpp context, a vLLM engine) cannot be shipped to another process, so Ray
workers get the recipe and build their own backend once, exactly as ``load_judge`` built the
driver's. The backend's ``describe()`` identity (and so every cache key) is the same on both sides.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from judgeaudit.backends.base import Backend
from judgeaudit.judges.judge import Judge
from judgeaudit.judges.spec import JudgeSpec

# Backends whose CPU thread count is an option: a worker given N CPUs uses N threads, not the machine's.
THREADED = ("transformers", "llamacpp")
# Settings a worker on another node must share with the driver: downloads allowed, offline, caches.
# They travel in the recipe (not as a Ray runtime_env, which would start a fresh worker process).
SHARED_ENV = ("JUDGEAUDIT_DOWNLOAD", "HF_HUB_OFFLINE", "JUDGEAUDIT_MODEL_CACHE")


@dataclass(frozen=True)
class BackendRecipe:
    """Everything needed to build a judge's backend in another process."""

    spec: JudgeSpec  # frozen, picklable
    backend: str
    options: dict[str, object] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def of(judge: Judge, options: Mapping[str, object], threads: int | None = None) -> BackendRecipe:
        """The recipe for ``judge``'s backend: its spec's options under the caller's ``options``."""
        opts = {**judge.spec.backend_options, **options}
        if threads and judge.backend.name in THREADED:
            opts.setdefault("threads", threads)
        env = {k: os.environ[k] for k in SHARED_ENV if k in os.environ}
        return BackendRecipe(judge.spec, judge.backend.name, opts, env)

    def build(self) -> Backend:
        """The backend, built in this process under the driver's settings."""
        os.environ.update(self.env)
        from judgeaudit.backends import backends

        return backends.get(self.backend)(self.spec, **self.options)
