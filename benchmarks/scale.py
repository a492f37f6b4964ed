"""Local against Ray executor, side by side: requests/s on the simulated judge and on SmolLM2.

A script, not a test: it takes a few minutes of both CPU cores. From the repository root::

    python benchmarks/scale.py                      # 10,000 simulated requests, 80 SmolLM2 requests
    python benchmarks/scale.py --sim-pairs 50000 --smollm2-pairs 0

Every row times the same ``execute`` call ``judgeaudit probe`` makes (unique requests, a fresh SQLite
judgment cache written as results arrive), so the Ray rows measure Ray's overhead per request on top
of identical work. The Ray cluster (``ray.init(num_cpus=N)``) starts once before the rows and its
start-up is reported on its own line. Starting the workers and building their backends (loading
SmolLM2) is inside each row's wall time, as the model load is inside the local row; ``workers up s``
shows that part and ``req/s after`` the rate once the workers are up (Ray's per-request overhead).
Judgments are checked equal across rows.
"""

from __future__ import annotations

import argparse
import logging
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def pairs(n: int) -> list[Any]:
    from judgeaudit.contracts.items import Item

    out = []
    for i in range(n):
        a, b = 3 + i % 97, 4 + (2 * i) % 89
        right, wrong = f"{a} plus {b} is {a + b}.", f"The sum of {a} and {b} is {a + b + 1}, I believe."
        ra, rb = (right, wrong) if i % 2 == 0 else (wrong, right)
        out.append(
            Item(
                id=f"sum-{i:06d}",
                instruction=f"What is {a} plus {b}? (case {i})",
                response_a=ra,
                response_b=rb,
                label="a" if i % 2 == 0 else "b",
                family_a="simulated",
                family_b="other",
            )
        )
    return out


def timed(judge_name: str, items: list[Any], executor: Any, options: dict[str, Any]) -> tuple[float, list[Any], int]:
    """Seconds for one cold-cache ``execute`` of the position probe, its rows, and the requests computed."""
    from judgeaudit.judges import load_judge
    from judgeaudit.probes.suites import ProbeSpec, Suite
    from judgeaudit.runner.cache import JudgmentCache
    from judgeaudit.verbs.probe import execute, plan

    judge = load_judge(judge_name, options=options)
    spec = [ProbeSpec("position")]
    suite = Suite(name="bench", version=1, path=Path("bench.jsonl"), data={"file": "bench"}, probes=tuple(spec))
    the_plan = plan(judge, [(suite, items, spec)])
    with tempfile.TemporaryDirectory() as tmp:
        cache = JudgmentCache(Path(tmp) / "c.sqlite")
        t0 = time.perf_counter()
        rows, counters = execute(judge, the_plan, cache, executor=executor)
        wall = time.perf_counter() - t0
        cache.close()
    return wall, rows, counters["cache_misses"]


def same(rows: list[dict[str, Any]], ref: list[dict[str, Any]]) -> bool:
    return len(rows) == len(ref) and all(
        r["winner"] == w["winner"] and (w.get("p_a") is None or math.isclose(r["p_a"], w["p_a"], abs_tol=1e-6))
        for r, w in zip(rows, ref)
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sim-pairs", type=int, default=5000, help="simulated pairs (x2 orders = requests)")
    ap.add_argument("--smollm2-pairs", type=int, default=40, help="SmolLM2 pairs (0: skip)")
    ap.add_argument("--cpus", type=int, default=2, help="CPUs of the local Ray cluster")
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    import ray

    from judgeaudit.runner.executors import make_executor

    t0 = time.perf_counter()
    ray.init(address="local", num_cpus=args.cpus, include_dashboard=False, logging_level=logging.WARNING)
    startup = time.perf_counter() - t0

    def ray_ex(replicas: int, cpus: float, batch: int) -> Any:
        return make_executor("ray", backend_options={}, replicas=replicas, cpus_per_replica=cpus, batch_size=batch)

    runs: list[tuple[str, str, str, Any, dict[str, Any]]] = []
    sim = pairs(args.sim_pairs)
    runs += [
        ("simulated", "local", "1 x 1", None, {}),
        ("simulated", "ray (batch 64)", "2 x 1", ray_ex(2, 1, 64), {}),
        ("simulated", "ray (batch 1024)", "2 x 1", ray_ex(2, 1, 1024), {}),
    ]
    if args.smollm2_pairs:
        runs += [
            ("smollm2-135m", "local", "1 x 2", None, {"threads": 2}),
            ("smollm2-135m", "ray", "1 x 2", ray_ex(1, 2, 16), {}),
            ("smollm2-135m", "ray", "2 x 1", ray_ex(2, 1, 16), {}),
        ]
    print(
        f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; ray {ray.__version__}, "
        f"cluster start-up {startup:.1f} s (not in the rows)"
    )
    print(
        f"{'judge':14} {'executor':18} {'replicas x threads':>18} {'requests':>9} {'wall s':>8} "
        f"{'requests/s':>11} {'vs local':>9} {'workers up s':>13} {'req/s after':>12} {'same':>5}"
    )
    ref: dict[str, tuple[float, list[Any]]] = {}
    for judge, name, shape, executor, options in runs:
        items = sim if judge == "simulated" else pairs(args.smollm2_pairs)
        wall, rows, n = timed(judge, items, executor, options)
        rate = n / wall
        base_rate, base_rows = ref.setdefault(judge, (rate, rows))
        up = executor.startup_s if executor is not None else None
        after = f"{n / (wall - up):>12.1f}" if up is not None else f"{'':>12}"
        print(
            f"{judge:14} {name:18} {shape:>18} {n:>9} {wall:>8.2f} {rate:>11.1f} {rate / base_rate:>9.0%} "
            f"{'' if up is None else f'{up:.2f}':>13} {after} {'yes' if same(rows, base_rows) else 'NO':>5}"
        )
    ray.shutdown()


if __name__ == "__main__":
    main()
