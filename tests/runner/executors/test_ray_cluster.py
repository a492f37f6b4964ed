"""The Ray executor on a simulated two-node cluster (``ray.cluster_utils.Cluster``, one CPU per node).

With one replica per node, the batches really are split between two raylets; the judgments must
still be the local executor's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from judgeaudit.runner.executors import make_executor
from tests.support.executors import assert_same_judgments, audit, needs_smollm2, sum_pairs

pytestmark = pytest.mark.slow

ray = pytest.importorskip("ray")
cluster_utils = pytest.importorskip("ray.cluster_utils")


@pytest.fixture(scope="module")
def two_nodes() -> Iterator[str]:
    cluster = cluster_utils.Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    cluster.add_node(num_cpus=1)
    cluster.wait_for_nodes()
    ray.init(address=cluster.address, logging_level=logging.WARNING)
    try:
        yield cluster.address
    finally:
        ray.shutdown()
        cluster.shutdown()


def test_the_simulated_judge_runs_on_both_nodes_with_local_judgments(two_nodes: str) -> None:
    items = sum_pairs(20)
    want, _ = audit("simulated", items)
    executor = make_executor("ray", backend_options={}, replicas=2, batch_size=4)
    got, _ = audit("simulated", items, executor)
    assert_same_judgments(got, want)
    record = executor.describe()
    assert record["cluster"]["nodes"] == 2 and record["cluster"]["CPU"] == 2
    assert len({w["node_id"] for w in record["workers"]}) == 2
    assert all(w["batches"] > 0 for w in record["workers"])


@needs_smollm2
@pytest.mark.model
def test_smollm2_on_two_nodes_gives_the_local_judgments(
    two_nodes: str, smollm2_reference: list[dict[str, Any]]
) -> None:
    executor = make_executor("ray", backend_options={}, replicas=2, batch_size=3)
    got, _ = audit("smollm2-135m", sum_pairs(8), executor, probes=("position",))
    assert_same_judgments(got, smollm2_reference)
    workers = executor.describe()["workers"]
    assert len({w["node_id"] for w in workers}) == 2 and all(w["threads"] == 1 for w in workers)
