"""vet's false-FAIL rate with every gated true value on its threshold, with and without Holm's correction.

Each simulated run gives every interval check of the policy an estimate equal to its threshold plus normal
noise (standard error 0.05, checks independent) and a 95% interval; the policy's verdict is FAIL when any
check fails. Without a correction a policy of k checks fails 1 - 0.975^k of the time.

    python benchmarks/vet_fail_rate.py --runs 4000
"""

from __future__ import annotations

import argparse

import numpy as np

from judgeaudit.gate.checks import evaluate, evaluate_check, overall
from judgeaudit.gate.policy import load_policy, resolve_policy_path
from tests.gate.test_fail_familywise import on_threshold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=4000)
    args = ap.parse_args(argv)
    print("| policy | interval checks | false FAIL, each check alone | false FAIL, Holm over the checks |")
    print("| --- | --- | --- | --- |")
    for name in ("default", "strict"):
        policy = load_policy(resolve_policy_path(name))
        rng = np.random.default_rng(0)
        alone = holm = 0
        for _ in range(args.runs):
            metrics = on_threshold(name, rng)
            alone += any(evaluate_check(c, metrics).status == "FAIL" for c in policy.checks)
            holm += overall(evaluate(metrics, policy)) == "FAIL"
        k = sum(c.bound != "value" for c in policy.checks)
        print(f"| {name} | {k} | {alone / args.runs:.3f} | {holm / args.runs:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
