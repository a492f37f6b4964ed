"""Reading and analysing a large run: the columnar judgments reader against the list-of-dicts one, side by side.

A script, not a test. From the repository root::

    python benchmarks/analyze_scale.py                     # 10^4 and 10^5 judgments
    python benchmarks/analyze_scale.py --sizes 1000000     # 10^6 (about 700 MB of JSON lines)

It builds a run of N judgments by repeating a simulated judge's run on the starter battery (position,
verbosity and the other probes of ``default``) under fresh item ids, then runs each configuration in a
fresh process and prints its wall time and peak RSS: ``read old`` (a list of validated dicts, then a
DataFrame of them: the reader before issue 23), ``read new`` (:func:`read_judgments`: rows validated and
counted one at a time into columns), and ``analyze`` with each reader. Every configuration prints a
digest of its frame (or of metrics.json), and the script checks the digests agree: the new reader
gives the same frame and the same metrics.json, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def build_run(n: int, root: Path) -> Path:
    """A run directory with ``n`` judgments: a simulated run's rows repeated under new item ids."""
    from judgeaudit import SuiteSelection, load_judge, probe

    seed_run = root / "seed"
    if not (seed_run / "judgments.jsonl").exists():
        probe(load_judge("simulated"), SuiteSelection(suites=("default",)), out=seed_run, cache=False)
    rows = [json.loads(x) for x in (seed_run / "judgments.jsonl").read_text(encoding="utf-8").splitlines()]
    run = root / f"run-{n}"
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


def old_reader(path: Path) -> object:
    """The reader before issue 23: the file read whole and split, every validated row kept as a dict, then one
    DataFrame of the dicts (the benchmark's files have no bad rows, so its error paths are left out)."""
    from judgeaudit.contracts.judgments.duplicates import count_duplicates
    from judgeaudit.contracts.judgments.read import ReadResult
    from judgeaudit.contracts.judgments.row import frame_from_rows
    from judgeaudit.contracts.judgments.validate import validate_row
    from judgeaudit.errors import InputError
    from judgeaudit.io.files import decode

    rows, lines, problems = [], [], []
    for lineno, raw in enumerate(path.read_bytes().split(b"\n"), start=1):  # the whole file, then its lines
        if not raw.strip():
            continue
        try:
            rows.append(validate_row(json.loads(decode(path, raw, lineno)), path, lineno))
            lines.append(lineno)
        except InputError as exc:
            problems.append(exc)
    n_dup = count_duplicates(rows, path, lines)
    return ReadResult(frame_from_rows(rows), problems, rows, n_dup)


def child(mode: str, run: Path) -> None:
    """One configuration in this (fresh) process: prints ``seconds peak_mib digest``."""
    import hashlib
    import resource

    import pandas as pd

    from judgeaudit.contracts import rundir
    from judgeaudit.contracts.judgments.read import read_judgments

    reader = old_reader if mode.endswith("old") else read_judgments
    t0 = time.perf_counter()
    if mode.startswith("read"):
        frame = reader(run / "judgments.jsonl").frame  # type: ignore[attr-defined]
        digest = hashlib.sha256(pd.util.hash_pandas_object(frame.astype(str), index=True).values.tobytes())
        digest.update(repr((list(frame.columns), [str(d) for d in frame.dtypes])).encode())
        text = digest.hexdigest()[:16]
    else:
        from judgeaudit import analyze

        rundir.read_judgments = reader  # type: ignore[assignment]  # the reader RunDir.judgments calls
        out = run.parent / f"{run.name}-{mode}"
        analyze(run, out)
        text = hashlib.sha256((out / "metrics.json").read_bytes()).hexdigest()[:16]
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"{seconds:.2f} {peak:.0f} {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--modes", nargs="+", default=["read-old", "read-new", "analyze-old", "analyze-new"])
    parser.add_argument("--child", nargs=2, metavar=("MODE", "RUN"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return
    with tempfile.TemporaryDirectory(prefix="judgeaudit-analyze-scale-") as tmp:
        print(f"{'judgments':>10} {'MB':>6} {'mode':<12} {'wall s':>8} {'peak RSS MiB':>13} digest")
        for n in args.sizes:
            run = build_run(n, Path(tmp))
            size = (run / "judgments.jsonl").stat().st_size / 1e6
            got: dict[str, tuple[float, float, str]] = {}
            for mode in args.modes:
                out = subprocess.run(
                    [sys.executable, __file__, "--child", mode, str(run)], capture_output=True, text=True, check=True
                ).stdout.split()
                got[mode] = (float(out[0]), float(out[1]), out[2])
                print(f"{n:>10} {size:>6.0f} {mode:<12} {got[mode][0]:>8.2f} {got[mode][1]:>13.0f} {got[mode][2]}")
            for kind in ("read", "analyze"):
                old, new = got.get(f"{kind}-old"), got.get(f"{kind}-new")
                if old and new:
                    same = "identical" if old[2] == new[2] else "DIFFERENT"
                    print(
                        f"{'':>10} {'':>6} {kind + ' new/old':<12} {new[0] / old[0]:>8.2f} {new[1] / old[1]:>13.2f} {same}"
                    )


if __name__ == "__main__":
    main()
