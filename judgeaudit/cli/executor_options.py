"""Options for running an audit beyond one process: executor, Ray cluster, vLLM parallelism, downloads.

``@scale_options`` adds them to a command and hands the command one :class:`ScaleOptions` as
``scale``, so a verb gains all of them with two lines.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import click

from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.options import JudgeOptions


@dataclass(frozen=True)
class ScaleOptions:
    executor: str = "local"
    ray_address: str | None = None
    replicas: int = 1
    cpus_per_replica: float = 1.0
    gpus_per_replica: float = 0.0
    ray_batch_size: int = 64
    ray_start_timeout: float = 600.0
    tensor_parallel: int | None = None
    vllm_chunk_size: int | None = None
    download: bool = False

    def judge_options(self, judge: JudgeOptions) -> JudgeOptions:
        """The judge's options with the vLLM ones added; they are an error on any other backend."""
        if self.download:
            os.environ["JUDGEAUDIT_DOWNLOAD"] = "1"  # read where weights are resolved, on Ray workers too
        vllm = {
            k: v
            for k, v in (("tensor_parallel_size", self.tensor_parallel), ("chunk_size", self.vllm_chunk_size))
            if v is not None
        }
        if not vllm:
            return judge
        from judgeaudit.judges.judge import spec_for

        name = judge.backend or spec_for(judge.name, judge.family).backend
        if name != "vllm":
            raise JudgeAuditError(f"--tensor-parallel and --vllm-chunk-size apply to the vllm backend, not {name}")
        return replace(judge, backend_options={**judge.backend_options, **vllm})

    def make(self, judge: JudgeOptions) -> Any:
        """The executor these options ask for; Ray workers build the judge's backend with its options."""
        from judgeaudit.runner.executors import make_executor

        if self.executor == "local":
            if self.ray_address or self.replicas != 1:
                raise JudgeAuditError("--ray-address and --replicas need --executor ray")
            return make_executor("local")
        return make_executor(
            "ray",
            backend_options=judge.backend_settings(),
            address=self.ray_address,
            replicas=self.replicas,
            cpus_per_replica=self.cpus_per_replica,
            gpus_per_replica=self.gpus_per_replica,
            batch_size=self.ray_batch_size,
            start_timeout=self.ray_start_timeout,
        )


def scale_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """Add the executor, Ray, vLLM and download options; the command receives ``scale=ScaleOptions``."""
    names = [name for name in ScaleOptions.__dataclass_fields__]

    @functools.wraps(f)
    def command(*args: Any, **kwargs: Any) -> Any:
        scale = ScaleOptions(**{name: kwargs.pop(name) for name in names})
        return f(*args, scale=scale, **kwargs)

    for opt in reversed(
        [
            click.option(
                "--executor",
                type=click.Choice(["local", "ray"]),
                default="local",
                show_default=True,
                help="local: this process; ray: shard the uncached requests over Ray workers "
                "(pip install 'judgeaudit[ray]').",
            ),
            click.option(
                "--ray-address",
                default=None,
                help="Ray cluster to join (e.g. ray://head:10001 or auto); default: start one here.",
            ),
            click.option(
                "--replicas",
                type=click.IntRange(min=1),
                default=1,
                show_default=True,
                help="Ray workers, each with its own copy of the judge's backend.",
            ),
            click.option(
                "--cpus-per-replica",
                type=click.FloatRange(min=0),
                default=1.0,
                show_default=True,
                help="CPUs each Ray worker reserves (and its CPU threads).",
            ),
            click.option(
                "--gpus-per-replica",
                type=click.FloatRange(min=0),
                default=0.0,
                show_default=True,
                help="GPUs each Ray worker reserves (a vLLM judge with --tensor-parallel N needs N).",
            ),
            click.option(
                "--ray-batch-size",
                type=click.IntRange(min=1),
                default=64,
                show_default=True,
                help="Requests per Ray task: a crash loses at most the batches in flight.",
            ),
            click.option(
                "--ray-start-timeout",
                type=click.FloatRange(min=0, min_open=True),
                default=600.0,
                show_default=True,
                help="Seconds the Ray workers may take to come up (load the judge) before the run stops.",
            ),
            click.option(
                "--tensor-parallel",
                type=click.IntRange(min=1),
                default=None,
                help="vLLM: GPUs one model is split over.",
            ),
            click.option(
                "--vllm-chunk-size",
                type=click.IntRange(min=1),
                default=None,
                help="vLLM: requests per generate call; each chunk's results reach the cache as it ends.",
            ),
            click.option(
                "--download",
                is_flag=True,
                help="Fetch missing weights from the Hugging Face hub (not with HF_HUB_OFFLINE set).",
            ),
        ]
    ):
        command = opt(command)
    return command
