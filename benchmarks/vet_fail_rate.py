"""vet's false-FAIL rate with every gated true value on its threshold: no correction, Holm per judge, Holm
over judges x checks.

Each simulated run gives every interval check of the policy an estimate equal to its threshold plus normal
noise (standard error 0.05, checks independent) and a 95% interval; the policy's verdict is FAIL when any
check fails. Without a correction a policy of k checks fails 1 - 0.975^k of the time. A multi-judge run gates
``--judges`` judges, each on its thresholds: the run has a false FAIL when any judge fails; Holm per judge lets
that grow with the number of judges, Holm over judges x checks (what ``vet`` does) keeps it at 2.5%.

    python benchmarks/vet_fail_rate.py --runs 4000
"""

from __future__ import annotations

import argparse

import numpy as np

from judgeaudit.gate.checks import evaluate, evaluate_check, evaluate_judges, overall
from judgeaudit.gate.policy import load_policy, resolve_policy_path
from tests.gate.test_fail_familywise import on_threshold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--runs", type=int, default=4000)
    ap.add_argument("--judges", type=int, default=4)
    args = ap.parse_args(argv)
    print(f"{args.runs} simulated runs per row; false FAIL = the run's verdict is FAIL for any judge\n")
    print("| policy | judges | interval checks | no correction | Holm per judge | Holm over judges x checks (vet) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in ("default", "strict"):
        policy = load_policy(resolve_policy_path(name))
        k = sum(c.bound != "value" for c in policy.checks)
        for n_judges in (1, args.judges):
            rng = np.random.default_rng(n_judges)
            alone = per_judge = joint = 0
            for _ in range(args.runs):
                judges = {f"j{i}": on_threshold(name, rng) for i in range(n_judges)}
                alone += any(evaluate_check(c, m).status == "FAIL" for m in judges.values() for c in policy.checks)
                per_judge += any(overall(evaluate(m, policy)) == "FAIL" for m in judges.values())
                joint += any(overall(rs) == "FAIL" for rs in evaluate_judges(judges, policy).values())
            rates = " | ".join(f"{x / args.runs:.3f}" for x in (alone, per_judge, joint))
            print(f"| {name} | {n_judges} | {k} per judge | {rates} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
