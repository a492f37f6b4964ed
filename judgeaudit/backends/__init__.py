"""Backends, one module each, registered by decorator; heavy libraries are imported lazily."""

from judgeaudit.backends import llamacpp_backend, openai_backend, simulated, transformers_backend, vllm_backend  # noqa: F401
from judgeaudit.backends.base import Backend, Request, Result, backend, backends

__all__ = ["Backend", "Request", "Result", "backend", "backends"]
