"""The Ray executor: requests sharded over a pool of Ray actors, each owning one backend.

The driver cuts the requests into contiguous batches (neighbours share prompt heads, which the
backends reuse), keeps ``in_flight`` batches queued on every actor and hands each finished batch to
``on_result`` as it returns, so the driver alone writes the judgment cache and a crash loses at most
the batches in flight. A worker that dies is restarted by Ray (``max_restarts``) and its batch
re-run (``max_task_retries``); a batch whose retries are exhausted comes back as failed results,
which are never cached, so a rerun tries them again.

Nothing waits forever: a cluster address that does not answer is refused before Ray is asked to join
it, the request (replicas × CPUs and GPUs per replica) is checked against the cluster's nodes before
any worker is made, and workers that have not come up within ``start_timeout`` seconds are an error.
"""

from __future__ import annotations

import logging
import math
import socket
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
        start_timeout: float = 600.0,
    ) -> None:
        if replicas < 1 or batch_size < 1 or in_flight < 1:
            raise JudgeAuditError("--replicas, the batch size and the batches in flight must be at least 1")
        if cpus_per_replica < 0 or gpus_per_replica < 0:
            raise JudgeAuditError("--cpus-per-replica and --gpus-per-replica cannot be negative")
        if not start_timeout > 0:
            raise JudgeAuditError("--ray-start-timeout must be a positive number of seconds")
        self.start_timeout = start_timeout
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
        if self.address and self.address != "auto":
            self._reachable(self.address)
        try:
            # "local" always starts a fresh instance: with no address Ray would join whatever cluster
            # /tmp/ray/ray_current_cluster names, even a dead one left by a killed test
            ray.init(address=self.address or "local", include_dashboard=False, logging_level=logging.WARNING)
        except ConnectionError as exc:
            raise JudgeAuditError(f"cannot reach the Ray cluster at {self.address!r}: {exc}") from exc
        return True

    def _reachable(self, address: str, timeout: float = 10.0) -> None:
        """Refuse an address nothing answers at: ``ray.init`` would retry it silently for minutes."""
        client = address.startswith("ray://")
        host, _, port = address.removeprefix("ray://").rstrip("/").rpartition(":")
        if not host or not port.isdigit():
            host, port = address.removeprefix("ray://").rstrip("/"), "10001" if client else "6379"
        try:
            socket.create_connection((host.strip("[]"), int(port)), timeout=min(timeout, self.start_timeout)).close()
        except (OSError, ValueError) as exc:
            raise JudgeAuditError(
                f"--ray-address {address}: nothing answers at {host}:{port} ({exc}); start the cluster "
                "(ray start --head) or check the address (ray://HEAD:10001, or HEAD:6379 on a cluster node)"
            ) from None

    def _check_fits(self, ray: ModuleType) -> None:
        """Refuse a request the cluster cannot hold, which Ray would leave pending forever."""
        nodes = [n.get("Resources") or {} for n in ray.nodes() if n.get("Alive")]

        def holds(res: dict[str, float]) -> int:
            fits = [
                math.floor(res.get(kind, 0.0) / need + 1e-9)
                for kind, need in (("CPU", self.cpus_per_replica), ("GPU", self.gpus_per_replica))
                if need > 0
            ]
            return min(fits) if fits else self.replicas

        room = sum(holds(res) for res in nodes)
        if room >= self.replicas:
            return
        cpus = sum(res.get("CPU", 0.0) for res in nodes)
        gpus = sum(res.get("GPU", 0.0) for res in nodes)
        raise JudgeAuditError(
            f"--replicas {self.replicas} with --cpus-per-replica {self.cpus_per_replica:g} and --gpus-per-replica "
            f"{self.gpus_per_replica:g}: the Ray cluster ({len(nodes)} node(s), {cpus:g} CPUs, {gpus:g} GPUs) can "
            f"hold {room} such worker(s) at once (each must fit on one node); ask for fewer replicas or resources"
        )

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
            self._check_fits(ray)
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
        from ray.exceptions import GetTimeoutError, RayActorError

        try:
            return list(ray.get([a.info.remote() for a in actors], timeout=self.start_timeout))
        except GetTimeoutError:
            raise JudgeAuditError(
                f"the {self.replicas} Ray worker(s) did not come up within {self.start_timeout:g} s (the cluster "
                f"has {self._cluster}); raise --ray-start-timeout for a judge that loads slowly, or check the "
                "cluster (ray status)"
            ) from None
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
            "start_timeout_s": self.start_timeout,
            "cluster": self._cluster,
            "workers_startup_s": self.startup_s,
            "workers": [*self.workers],  # a list of JSON values (a list is invariant)
            "failed_batches": self.failed_batches,
        }
