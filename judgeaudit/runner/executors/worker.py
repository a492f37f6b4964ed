"""The Ray actor that owns one backend: built once per worker, then fed batches of requests.

A plain class here; :mod:`judgeaudit.runner.executors.ray_executor` wraps it with ``ray.remote`` and its
resources, so importing judgeaudit never needs Ray.
"""

from __future__ import annotations

import os
import socket
from typing import TypedDict

from judgeaudit.backends.base import Request, Result
from judgeaudit.io.files import JSONObject
from judgeaudit.runner.executors.recipe import BackendRecipe


class WorkerPlace(TypedDict):
    """Where one replica runs (the manifest's ``executor.workers``)."""

    node_id: str
    node_ip: str
    hostname: str
    pid: int


class JudgeWorker:
    """One replica: the judge's backend, rebuilt from its recipe when Ray (re)starts the actor."""

    def __init__(self, recipe: BackendRecipe) -> None:
        self.backend = recipe.build()
        self.batches = 0

    def info(self) -> WorkerPlace:
        """Where this replica runs; the driver asks once, which also waits for the backend to build."""
        import ray

        return {
            "node_id": ray.get_runtime_context().get_node_id(),
            "node_ip": ray.util.get_node_ip_address(),
            "hostname": socket.gethostname(),
            "pid": os.getpid(),
        }

    def run(self, requests: list[Request]) -> list[Result]:
        self.batches += 1
        return self.backend.run(requests)

    def describe(self) -> JSONObject:
        return {**self.backend.describe(), "batches": self.batches}
