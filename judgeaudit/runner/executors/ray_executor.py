"""The Ray executor: requests sharded over a pool of Ray actors, each owning one backend.

The driver cuts the requests into contiguous batches (neighbours share prompt heads, which the
backends reuse), keeps ``in_flight`` batches queued on every actor and hands each finished batch to
``on_result`` as it returns, so the driver alone writes the judgment cache and a crash loses at most
the batches in flight. A worker that dies is restarted by Ray (``max_restarts``) and its batch
re-run (``max_task_retries``); a batch whose retries are exhausted comes back as failed results,
which are never cached, so a rerun tries them again.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any, Protocol

from judgeaudit.backends.base import Request, Result
from judgeaudit.errors import JudgeAuditError, MissingDependency
from judgeaudit.io.files import JSONObject
from judgeaudit.judges.judge import Judge
from judgeaudit.runner.executors.recipe import BackendRecipe
from judgeaudit.runner.executors.worker import JudgeWorker

# Per-worker numbers kept in the manifest (the identity fields are the driver's backend's already).
_WORKER_KEYS = (
    "threads",
    "device",
    "model_loaded",
    "computed_tokens",
    "reused_token_share",
    "forward_calls",
    "cached_token_share",
    "chunks",
    "http",
    "batches",
)


class Actor(Protocol):
    """A Ray actor handle of a :class:`JudgeWorker`: its methods are called as ``handle.method.remote(...)``."""

    def __getattr__(self, name: str) -> Any: ...


class RayExecutor:
    name = "ray"

    def __init__(
        self,
        *,
        backend_options: Mapping[str, object],
        address: str | None = None,
        replicas: int = 1,
        cpus_per_replica: float = 1.0,
        gpus_per_replica: float = 0.0,
        batch_size: int = 64,
        in_flight: int = 2,
        max_retries: int = 3,
    ) -> None:
        if replicas < 1 or batch_size < 1 or in_flight < 1:
            raise JudgeAuditError("--replicas, the batch size and the batches in flight must be at least 1")
        if cpus_per_replica < 0 or gpus_per_replica < 0:
            raise JudgeAuditError("--cpus-per-replica and --gpus-per-replica cannot be negative")
        self.backend_options = backend_options
        self.address = address
        self.replicas = replicas
        self.cpus_per_replica = cpus_per_replica
        self.gpus_per_replica = gpus_per_replica
        self.batch_size = batch_size
        self.in_flight = in_flight
        self.max_retries = max_retries
        self.workers: list[JSONObject] = []
        self.failed_batches = 0
        self.startup_s: float | None = None
        self._cluster: JSONObject | None = None

    # -- connecting ---------------------------------------------------------------------------------
    def _ray(self) -> ModuleType:
        try:
            import ray
        except ImportError as exc:
            raise MissingDependency("ray", "ray") from exc
        return ray

    def _connect(self, ray: ModuleType) -> bool:
        """Join the cluster (or start a local one); True when this call started Ray."""
        if ray.is_initialized():
            return False
        try:
            # "local" always starts a fresh instance: with no address Ray would join whatever cluster
            # /tmp/ray/ray_current_cluster names, even a dead one left by a killed test
            ray.init(address=self.address or "local", include_dashboard=False, logging_level=logging.WARNING)
        except ConnectionError as exc:
            raise JudgeAuditError(f"cannot reach the Ray cluster at {self.address!r}: {exc}") from exc
        return True

    def _describe_cluster(self, ray: ModuleType) -> JSONObject:
        res = ray.cluster_resources()
        nodes = [n for n in ray.nodes() if n.get("Alive")]
        return {
            "nodes": len(nodes),
            "CPU": res.get("CPU", 0.0),
            "GPU": res.get("GPU", 0.0),
            "memory_gb": round(res.get("memory", 0.0) / 2**30, 1),
        }

    # -- running --------------------------------------------------------------------------------
    def run(self, judge: Judge, requests: list[Request], on_result: Callable[[int, Result], None]) -> None:
        ray = self._ray()
        started = self._connect(ray)
        try:
            self._cluster = self._describe_cluster(ray)
            threads = int(self.cpus_per_replica) if self.cpus_per_replica >= 1 else None
            recipe = BackendRecipe.of(judge, self.backend_options, threads=threads)
            actor = ray.remote(
                num_cpus=self.cpus_per_replica,
                num_gpus=self.gpus_per_replica,
                max_restarts=self.max_retries,
                max_task_retries=self.max_retries,
            )(JudgeWorker)
            t0 = time.perf_counter()
            actors = [actor.remote(recipe) for _ in range(self.replicas)]
            try:
                self.workers = self._start(ray, actors)
                self.startup_s = round(time.perf_counter() - t0, 3)
                self._stream(ray, actors, requests, on_result)
                for info, desc in zip(self.workers, self._worker_stats(ray, actors)):
                    info.update(desc)
            finally:
                for a in actors:
                    ray.kill(a)
        finally:
            if started:
                ray.shutdown()

    def _start(self, ray: ModuleType, actors: list[Actor]) -> list[JSONObject]:
        """Wait for every replica's backend; one that cannot be built is the user's error, shown plainly."""
        from ray.exceptions import RayActorError

        try:
            return list(ray.get([a.info.remote() for a in actors]))
        except RayActorError as exc:
            cause = getattr(exc, "cause", None) or exc
            raise JudgeAuditError(f"a Ray worker could not build the judge's backend: {cause}") from None

    def _stream(
        self, ray: ModuleType, actors: list[Actor], requests: list[Request], on_result: Callable[[int, Result], None]
    ) -> None:
        from ray.exceptions import RayActorError, RayTaskError

        todo = deque(range(0, len(requests), self.batch_size))
        live = list(range(len(actors)))
        pending: dict[Any, tuple[int, int]] = {}  # object ref -> (actor, first request index)

        def submit(k: int) -> None:
            start = todo.popleft()
            pending[actors[k].run.remote(requests[start : start + self.batch_size])] = (k, start)

        for _ in range(self.in_flight):
            for k in live:
                if todo:
                    submit(k)
        while pending:
            (ref,), _ = ray.wait(list(pending), num_returns=1)
            k, start = pending.pop(ref)
            size = min(self.batch_size, len(requests) - start)
            try:
                results: list[Result] = ray.get(ref)
            except (RayActorError, RayTaskError) as exc:  # retries exhausted: record, never cache
                self.failed_batches += 1
                if isinstance(exc, RayActorError) and k in live:
                    live.remove(k)
                results = [Result(error=f"Ray worker failed: {type(exc).__name__}: {str(exc)[:300]}")] * size
            for j, res in enumerate(results):
                on_result(start + j, res)
            if todo and k in live:
                submit(k)
            elif todo and not live:
                while todo:
                    first = todo.popleft()
                    for j in range(first, min(first + self.batch_size, len(requests))):
                        on_result(j, Result(error="no live Ray worker left"))

    def _worker_stats(self, ray: ModuleType, actors: list[Actor]) -> list[JSONObject]:
        try:
            stats = ray.get([a.describe.remote() for a in actors], timeout=60)
        except Exception:  # noqa: BLE001 - statistics only; a dead worker has none to give
            return [{} for _ in actors]
        return [{k: s[k] for k in _WORKER_KEYS if k in s} for s in stats]

    def describe(self) -> JSONObject:
        try:
            from importlib.metadata import version

            ray_version: str | None = version("ray")
        except Exception:  # noqa: BLE001 - not installed: nothing ran on Ray
            ray_version = None
        return {
            "executor": "ray",
            "ray": ray_version,
            "address": self.address or "local",
            "replicas": self.replicas,
            "cpus_per_replica": self.cpus_per_replica,
            "gpus_per_replica": self.gpus_per_replica,
            "batch_size": self.batch_size,
            "max_retries": self.max_retries,
            "cluster": self._cluster,
            "workers_startup_s": self.startup_s,
            "workers": [*self.workers],  # a list of JSON values (a list is invariant)
            "failed_batches": self.failed_batches,
        }
