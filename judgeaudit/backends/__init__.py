"""Backends, one module each, registered by decorator; heavy libraries are imported lazily."""

from judgeaudit.backends import simulated, transformers_backend  # noqa: F401  (registration)
from judgeaudit.backends.base import Backend, Request, Result, backend, backends

__all__ = ["Backend", "Request", "Result", "backend", "backends"]
