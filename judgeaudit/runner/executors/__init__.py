"""Where the backend runs: in this process (``local``) or sharded over a Ray cluster (``ray``).

An executor takes the unique requests the judgment cache lacks and calls ``on_result(index,
result)`` in the driver as results arrive, so the driver alone writes the cache and a crash loses
only what was in flight. Executors never change a result: the same request gives the same numbers
whichever executor ran it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol, TypedDict, Unpack

from judgeaudit.backends.base import Request, Result
from judgeaudit.errors import JudgeAuditError
from judgeaudit.io.files import JSONObject
from judgeaudit.judges.judge import Judge
from judgeaudit.runner.executors.local import LocalExecutor
from judgeaudit.runner.executors.recipe import BackendRecipe

OnResult = Callable[[int, Result], None]


class Executor(Protocol):
    """What every executor provides."""

    name: str

    def run(self, judge: Judge, requests: list[Request], on_result: OnResult) -> None:
        """Compute every request with ``judge``'s backend; ``on_result`` runs in the caller's process."""
        ...

    def describe(self) -> JSONObject:
        """The manifest's ``executor`` entry: what ran where."""
        ...


class RayOptions(TypedDict, total=False):
    """The Ray executor's own settings (``--ray-address``, ``--replicas``, ...)."""

    address: str | None
    replicas: int
    cpus_per_replica: float
    gpus_per_replica: float
    batch_size: int
    in_flight: int
    max_retries: int
    start_timeout: float


def make_executor(
    name: str, *, backend_options: Mapping[str, object] | None = None, **options: Unpack[RayOptions]
) -> Executor:
    """An executor by name.

    Args:
        name: ``local`` or ``ray``.
        backend_options: the options the judge's backend was built with; Ray workers rebuild the
            backend from them.
        options: the executor's own settings (Ray: ``address``, ``replicas``, ``cpus_per_replica``,
            ``gpus_per_replica``, ``batch_size``).
    """
    if name == "local":
        return LocalExecutor()
    if name == "ray":
        from judgeaudit.runner.executors.ray_executor import RayExecutor

        return RayExecutor(backend_options=dict(backend_options or {}), **options)
    raise JudgeAuditError(f"unknown executor {name!r}; choose local or ray")


__all__ = ["BackendRecipe", "Executor", "LocalExecutor", "OnResult", "RayOptions", "make_executor"]
