"""Reading and analysing a large run: the columnar judgments reader against the list-of-dicts one, side by side.

A script, not a test. From the repository root::

    python benchmarks/analyze_scale.py                     # 10^4, 10^5 and 10^6 judgments (1.5 GB of JSON lines)
    python benchmarks/analyze_scale.py --sizes 10000 100000    # the smaller two only

    python benchmarks/analyze_scale.py --old main          # against another commit than the default
    python benchmarks/analyze_scale.py --dir /tmp/runs     # keep the built runs and reuse them

It builds a run of N judgments by repeating a simulated judge's run on the ``default`` battery (position,
verbosity and the other probes) under fresh item ids, unpacks the package as it was at ``--old`` (``git
archive``; default: main before the scaling work of issue 23 part 3 was finished), and runs ``analyze``, then ``leaderboard`` and ``vet``
on what it wrote, each in a fresh process with the old package and with this working tree's, one after
the other in the same run. It prints wall time and peak RSS of each, their ratios new/old, and whether
the two wrote the same metrics.json (leaderboard.json, vet verdicts) byte for byte. A configuration that
fails or runs past ``--timeout`` prints n/a and why. The machine's load average is printed before and
after: on a shared machine the wall times are only comparable within a row.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OLD_REF = "a0129d9"  # main with the fast reader, before the columnar report and block-wise reading (issue 23)
if "PYTHONPATH" not in os.environ:
    sys.path.insert(0, str(REPO))


def build_run(n: int, root: Path) -> Path:
    """A run directory with ``n`` judgments: a simulated run's rows repeated under new item ids."""
    from judgeaudit import SuiteSelection, load_judge, probe

    seed_run = root / "seed"
    if not (seed_run / "judgments.jsonl").exists():
        probe(load_judge("simulated"), SuiteSelection(suites=("default",)), out=seed_run, cache=False)
    rows = [json.loads(x) for x in (seed_run / "judgments.jsonl").read_text(encoding="utf-8").splitlines()]
    run = root / f"run-{n}"
    if (run / "judgments.jsonl").exists():  # built by an earlier run of this script (--dir)
        return run
    run.mkdir(exist_ok=True)
    with (run / "judgments.jsonl").open("w", encoding="utf-8") as fh:
        copy = 0
        written = 0
        while written < n:
            for row in rows:
                if written == n:
                    break
                fh.write(json.dumps({**row, "item_id": f"{row['item_id']}~{copy}"}, sort_keys=True) + "\n")
                written += 1
            copy += 1
    return run


def old_tree(ref: str, root: Path) -> Path:
    """The package as it was at ``ref`` (default: before the fast reader), unpacked beside the runs."""
    tree = root / f"old-{ref}"
    if not tree.exists():
        tree.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", ref, "judgeaudit"], capture_output=True, check=True
        )
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def child(verb: str, run: Path, out: Path) -> None:
    """One verb in this (fresh) process, on the package first on sys.path: prints ``seconds peak_mib digest``."""
    import hashlib
    import resource

    t0 = time.perf_counter()
    if verb == "analyze":
        from judgeaudit import analyze

        analyze(run, out)
        digest = (out / "metrics.json").read_bytes()
    elif verb == "leaderboard":
        from judgeaudit import leaderboard

        leaderboard([out], out.parent / f"{out.name}-board")
        board = (out.parent / f"{out.name}-board" / "leaderboard.json").read_text(encoding="utf-8")
        digest = board.replace(str(out), "RUN").replace(out.name, "RUN").encode()  # the runs' paths differ
    else:
        from judgeaudit import vet

        outcome = vet(out)
        digest = repr(
            [(v.name, v.overall, v.exit_code, [repr(r) for r in v.results]) for v in outcome.verdicts]
        ).encode()
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{seconds:.2f} {peak:.0f} {hashlib.sha256(digest).hexdigest()[:16]}")


def run_child(tree: Path, verb: str, run: Path, out: Path, timeout: float) -> tuple[str, str, str]:
    """(wall s, peak MiB, digest) of one verb in a fresh process, or n/a with why (a timeout, an error)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", verb, str(run), str(out)],
            capture_output=True,
            text=True,
            env=env,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return "n/a", "n/a", f"(over {timeout:.0f} s)"
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["?"])[-1][:60]
        return "n/a", "n/a", f"(exit {done.returncode}: {why})"
    seconds, peak, digest = done.stdout.split()[-3:]
    return seconds, peak, digest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--verbs", nargs="+", default=["analyze", "leaderboard", "vet"])
    parser.add_argument("--old", default=OLD_REF, help="the git ref of the code to compare with (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one configuration may take")
    parser.add_argument("--dir", type=Path, help="keep the runs here (and reuse those already built)")
    parser.add_argument("--child", nargs=3, metavar=("VERB", "RUN", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    with tempfile.TemporaryDirectory(prefix="judgeaudit-analyze-scale-") as temp:
        tmp = args.dir or Path(temp)
        tmp.mkdir(parents=True, exist_ok=True)
        trees = {"old": old_tree(args.old, tmp), "new": REPO}
        print(f"old: {args.old}; new: the working tree; {os.cpu_count()} CPUs, load average {_load()}")
        print(
            f"{'judgments':>10} {'MB':>6} {'verb':<12} {'old s':>8} {'new s':>8} {'new/old':>7} "
            f"{'old MiB':>8} {'new MiB':>8} {'new/old':>7} metrics"
        )
        for n in args.sizes:
            run = build_run(n, Path(tmp))
            size = (run / "judgments.jsonl").stat().st_size / 1e6
            for verb in args.verbs:
                got = {
                    v: run_child(tree, verb, run, run.parent / f"{run.name}-{v}", args.timeout)
                    for v, tree in trees.items()
                }
                (os_, om, od), (ns, nm, nd) = got["old"], got["new"]
                t_ratio = f"{float(ns) / float(os_):.2f}" if "n/a" not in (os_, ns) else "n/a"
                m_ratio = f"{float(nm) / float(om):.2f}" if "n/a" not in (om, nm) else "n/a"
                same = "identical" if od == nd else f"DIFFERENT {od} {nd}"
                print(
                    f"{n:>10} {size:>6.0f} {verb:<12} {os_:>8} {ns:>8} {t_ratio:>7} {om:>8} {nm:>8} {m_ratio:>7} {same}",
                    flush=True,
                )
        print(f"load average at the end: {_load()}")


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
