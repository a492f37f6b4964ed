"""Write the family-local suite's data: the local judges' own answers to AlpacaEval instructions.

    python scripts/make_family_local.py                       # generate with both local models
    python scripts/make_family_local.py --raw-dir reports/gen --pairs reports/family-local-pairs.jsonl

For each model, ``judgeaudit generate`` answers the instructions of the ``family-alpaca`` suite's
first ``--n`` triads (greedy, ``--max-tokens``). The raw file it writes holds the AlpacaEval
instructions (CC BY-NC), so it stays outside the repository; this script keeps only what is ours to
commit: the model's output, its generator and family, and the AlpacaEval index plus a hash of the
instruction, in ``probes/data/generated/<model>.jsonl``. The ``family-local`` suite rebuilds the
pairs at load time (``judgeaudit.probes.suites.generated_pairs`` -> ``judgeaudit.datasets.pairs_with``):
each local answer against two AlpacaEval models of other families.

``--pairs`` also writes the built pairs (items contract) for inspection; they contain AlpacaEval
text, so write them somewhere git ignores (``reports/``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from judgeaudit.datasets import alpaca_eval  # noqa: E402
from judgeaudit.datasets.base import read_jsonl  # noqa: E402
from judgeaudit.datasets.location import data_dir as resolve_data_dir  # noqa: E402
from judgeaudit.contracts.items import write_items  # noqa: E402
from judgeaudit.probes.suites import get_suite, instruction_sha256, load_suite_items  # noqa: E402

MODELS = ("smollm2-135m", "gemma3-270m")
# The completion prompt of a base model is "Question: ...\nAnswer:"; a base model goes on to write the
# next question itself. Cutting there is what a stop sequence does; rows record it as "stop".
STOP = "\nQuestion:"
OUT_DIR = REPO / "probes" / "data" / "generated"


def generate(model: str, n: int, max_tokens: int, raw: Path, data_dir: str | None) -> None:
    """Run ``judgeaudit generate`` for one model (3 items per triad, so 3n items = n instructions)."""
    cmd = [sys.executable, "-m", "judgeaudit", "generate", "--model", model, "--suite", "family-alpaca",
           "--limit", str(3 * n), "--max-tokens", str(max_tokens), "--out", str(raw)]
    if data_dir:
        cmd += ["--data-dir", data_dir]
    subprocess.run(cmd, check=True, cwd=REPO)


def strip_rows(rows: list[dict[str, Any]], index: dict[str, int], max_tokens: int) -> list[dict[str, Any]]:
    """Committable rows: the instruction replaced by its AlpacaEval index and hash; cut at :data:`STOP`."""
    out = []
    for row in rows:
        instruction = str(row["instruction"]).strip()
        if instruction not in index:
            raise SystemExit(f"not an AlpacaEval instruction: {instruction[:60]!r}")
        output, stopped, _ = str(row["output"]).partition(STOP)
        out.append({"id": row["id"], "alpaca_eval_index": index[instruction],
                    "instruction_sha256": instruction_sha256(instruction), "output": output.strip(),
                    "generator": row["generator"], "family": row["family"], "max_tokens": max_tokens,
                    **({"stop": STOP.strip()} if stopped else {}),
                    **({"error": row["error"]} if row.get("error") else {})})
    return sorted(out, key=lambda r: r["alpaca_eval_index"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", nargs="+", default=list(MODELS))
    ap.add_argument("--n", type=int, default=30, help="AlpacaEval instructions to answer (default 30)")
    ap.add_argument("--max-tokens", type=int, default=128)
    ap.add_argument("--raw-dir", type=Path, default=REPO / "reports" / "generated-raw",
                    help="where judgeaudit generate writes (holds AlpacaEval text: keep it git-ignored)")
    ap.add_argument("--reuse-raw", action="store_true", help="strip existing raw files, generate nothing")
    ap.add_argument("--pairs", type=Path, default=None,
                    help="also write the built pairs here (a git-ignored path)")
    ap.add_argument("--data-dir", default=None)
    args = ap.parse_args(argv)

    base = alpaca_eval.outputs(alpaca_eval.MODELS[:1], resolve_data_dir(args.data_dir))[alpaca_eval.MODELS[0]]
    index = {str(r["instruction"]).strip(): i for i, r in reversed(list(enumerate(base)))}
    args.raw_dir.mkdir(parents=True, exist_ok=True)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for model in args.models:
        raw = args.raw_dir / f"{model}.jsonl"
        if not args.reuse_raw:
            generate(model, args.n, args.max_tokens, raw, args.data_dir)
        rows = strip_rows(read_jsonl(raw), index, args.max_tokens)
        target = OUT_DIR / f"{model}.jsonl"
        target.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{model}: {len(rows)} responses ({sum(1 for r in rows if r.get('error'))} errors) -> "
              f"{target.relative_to(REPO)}")
    items = load_suite_items(get_suite("family-local"), data_dir=args.data_dir, limit=None)
    print(f"family-local: {len(items)} pairs in {len({it.meta['group'] for it in items})} triads")
    if args.pairs:
        write_items(items, args.pairs)
        print(f"pairs (contain AlpacaEval text, do not commit) -> {args.pairs}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
