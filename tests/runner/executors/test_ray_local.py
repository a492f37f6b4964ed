"""The Ray executor on a local Ray cluster (``ray.init(num_cpus=2)``, shared by this module's tests).

Every run must give the local executor's judgments; a worker killed mid-run is restarted by Ray and
the run still ends complete and identical; a SmolLM2 run whose driver is killed with SIGKILL loses
only its batches in flight, which is all a rerun recomputes, and ends with the local judgments.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from judgeaudit.backends.base import Request, Result
from judgeaudit.runner.executors import make_executor
from tests.support.executors import assert_same_judgments, audit, needs_smollm2, sum_pairs
from tests.support.paths import REPO

ray = pytest.importorskip("ray")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    ray.init(address="local", num_cpus=2, include_dashboard=False, logging_level=logging.WARNING)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


def test_the_simulated_judge_gives_the_same_judgments_on_ray_as_locally(cluster: str) -> None:
    items = sum_pairs(30)
    want, _ = audit("simulated", items)
    executor = make_executor("ray", backend_options={}, replicas=2, batch_size=5)
    got, counters = audit("simulated", items, executor)
    assert_same_judgments(got, want)
    record = executor.describe()
    assert record["executor"] == "ray" and record["ray"] == ray.__version__ and record["replicas"] == 2
    assert record["cluster"]["CPU"] == 2 and record["failed_batches"] == 0
    assert sum(w["batches"] for w in record["workers"]) == -(-counters["unique_requests"] // 5)


class _KillFirstWorker:
    """Wraps the Ray executor: SIGKILLs one worker process when the first batch comes back."""

    name = "ray"

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.killed: list[int] = []

    def run(self, judge: Any, requests: list[Request], on_result: Callable[[int, Result], None]) -> None:
        def kill_then_store(i: int, res: Result) -> None:
            if not self.killed:
                self.killed.append(self.inner.workers[0]["pid"])
                os.kill(self.killed[0], signal.SIGKILL)
            on_result(i, res)

        self.inner.run(judge, requests, kill_then_store)

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()


def test_a_worker_killed_mid_run_is_restarted_and_the_run_ends_identical(cluster: str, tmp_path: Path) -> None:
    items = sum_pairs(30)
    want, _ = audit("simulated", items)
    executor = _KillFirstWorker(make_executor("ray", backend_options={}, replicas=2, batch_size=2))
    got, counters = audit("simulated", items, executor, cache_path=tmp_path / "c.sqlite")
    assert executor.killed
    assert_same_judgments(got, want)
    assert counters["backend_errors"] == 0 and executor.describe()["failed_batches"] == 0
    _, rerun = audit("simulated", items, cache_path=tmp_path / "c.sqlite")
    assert rerun["cache_misses"] == 0  # every result reached the cache


def _judge_behind_a_closed_port(path: Path) -> str:
    """An OpenAI-compatible judge whose server is down (a loopback port nothing listens on), no retries."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path.write_text(
        f"name: down-judge\nversion: 1\nfamily: unknown\nbackend: openai\n"
        f"model:\n  base_url: http://127.0.0.1:{port}/v1\n  model: m\n"
        "backend_options:\n  retries: 0\n  timeout: 5\n"
        "formats:\n  pairwise: generic-pairwise\n  score: generic-score\n",
        encoding="utf-8",
    )
    return str(path)


def test_failed_calls_on_ray_workers_are_the_same_failed_call_outcome_as_locally(cluster: str, tmp_path: Path) -> None:
    from judgeaudit import SuiteSelection, probe
    from judgeaudit.contracts.outcomes import BackendFailure
    from judgeaudit.judges import load_judge

    judge, items = _judge_behind_a_closed_port(tmp_path / "judge.yaml"), sum_pairs(4)
    executor = make_executor("ray", backend_options={}, replicas=1, batch_size=3)
    rows, counters = audit(judge, items, executor, cache_path=tmp_path / "c.sqlite", probes=("position",))
    assert rows and all(r.get("error") and "ConnectError" in r["error"] for r in rows)
    assert counters["backend_errors"] == counters["unique_requests"] == 8
    assert _stored(tmp_path / "c.sqlite") == 0  # failed calls are never cached, whoever ran them
    data = tmp_path / "pairs.jsonl"
    data.write_text("".join(json.dumps(i.to_dict()) + "\n" for i in items), encoding="utf-8")
    with pytest.raises(BackendFailure, match="8 of 8 judgments failed"):
        probe(load_judge(judge), SuiteSelection(data=data), out=tmp_path / "run", cache=False, executor=executor)
    assert not (tmp_path / "run" / "judgments.jsonl").exists()


def _stored(cache: Path) -> int:
    if not cache.exists():
        return 0
    db = sqlite3.connect(cache, timeout=5)
    try:
        return int(db.execute("SELECT COUNT(*) FROM judgments").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


@needs_smollm2
@pytest.mark.model
@pytest.mark.slow
def test_smollm2_driver_killed_with_sigkill_reruns_only_what_was_in_flight(
    cluster: str, tmp_path: Path, smollm2_reference: list[dict[str, Any]]
) -> None:
    data = tmp_path / "pairs.jsonl"
    data.write_text(
        "".join(
            json.dumps(
                {
                    "id": it.id,
                    "instruction": it.instruction,
                    "response_a": it.response_a,
                    "response_b": it.response_b,
                    "label": it.label,
                    "family_a": it.family_a,
                    "family_b": it.family_b,
                }
            )
            + "\n"
            for it in sum_pairs(8)
        ),
        encoding="utf-8",
    )
    total, cache, out = 16, tmp_path / "c.sqlite", tmp_path / "run"
    cmd = [
        sys.executable,
        "-m",
        "judgeaudit",
        "probe",
        "--judge",
        "smollm2-135m",
        "--data",
        str(data),
        "--out",
        str(out),
        "-q",
        "--cache",
        str(cache),
        "--executor",
        "ray",
        "--ray-address",
        cluster,
        "--replicas",
        "2",
        "--ray-batch-size",
        "2",
    ]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    try:
        while proc.poll() is None and _stored(cache) < 4 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, f"the run ended before it could be killed:\n{proc.stderr.read()[-3000:]}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    stored = _stored(cache)
    assert 0 < stored < total and not (out / "judgments.jsonl").exists()

    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counters"]["cache_hits"] == stored
    assert manifest["counters"]["cache_misses"] == total - stored
    assert manifest["executor"]["executor"] == "ray" and manifest["executor"]["address"] == cluster
    assert all(w["model_loaded"] and w["threads"] == 1 for w in manifest["executor"]["workers"])
    rows = [json.loads(line) for line in (out / "judgments.jsonl").read_text().splitlines()]
    assert_same_judgments([{k: r.get(k) for k in w} for r, w in zip(rows, smollm2_reference)], smollm2_reference)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"replicas": 3}, "can hold 2 such worker(s)"),  # more replicas than the cluster's 2 CPUs
        ({"replicas": 1000}, "--replicas 1000"),
        ({"replicas": 1, "gpus_per_replica": 1.0}, "0 GPUs"),  # no GPU in the cluster
        ({"replicas": 1, "cpus_per_replica": 3.0}, "can hold 0 such worker(s)"),  # bigger than any node
    ],
)
def test_a_request_the_cluster_cannot_hold_is_refused_up_front_not_left_pending(
    cluster: str, options: dict[str, Any], words: str
) -> None:
    from judgeaudit.errors import JudgeAuditError

    executor = make_executor("ray", backend_options={}, **options)
    with pytest.raises(JudgeAuditError, match=re.escape(words)):
        audit("simulated", sum_pairs(2), executor)
    assert executor.describe()["workers"] == []  # no worker was made


def test_workers_that_do_not_come_up_in_time_are_an_error_not_a_hang(cluster: str) -> None:
    from judgeaudit.errors import JudgeAuditError

    executor = make_executor("ray", backend_options={}, replicas=1, start_timeout=0.001)
    with pytest.raises(JudgeAuditError, match=r"did not come up within 0\.001 s"):
        audit("simulated", sum_pairs(2), executor)
