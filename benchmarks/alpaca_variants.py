"""Length control on AlpacaEval's verbose and concise variants of one model: raw vs controlled win rates.

AlpacaEval ships outputs of gpt4_1106_preview (and Mixtral-8x7B-Instruct-v0.1) prompted to be verbose or
concise: the same model, the same instructions, only the length changes. The shared data hold no judge
annotations for them, so this script writes pairs (each variant against the plain model's answer to the same
instruction) for a judge to judge, runs ``judgeaudit probe --data`` and ``judgeaudit scores`` and prints, per
variant, the raw and the length/style-controlled win rates against the plain model. A judge that prefers longer
answers puts the verbose variant far above the concise one on raw win rate; the controlled rate, which removes
the length and formatting differences, should bring the two towards each other.

    nice .venv/bin/python benchmarks/alpaca_variants.py --judge simulated --n 300
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "alpaca_eval" / "results"
MODELS = {"gpt4_1106_preview": "openai", "Mixtral-8x7B-Instruct-v0.1": "mistral"}


def outputs(model: str) -> list[dict[str, str]]:
    return json.loads((DATA / model / "model_outputs.json").read_text(encoding="utf-8"))


def pairs(model: str, n: int) -> list[dict[str, object]]:
    """Per variant, the first ``n`` instructions: the variant's answer (a) against the plain one (b)."""
    out: list[dict[str, object]] = []
    family = MODELS[model]
    plain = outputs(model)
    for variant in ("verbose", "concise"):
        other = outputs(f"{model}_{variant}")
        for i, (p, v) in enumerate(zip(plain[:n], other[:n])):
            assert p["instruction"] == v["instruction"], "the variants answer the same instructions in order"
            if not (p["output"].strip() and v["output"].strip()):
                continue
            out.append(
                {
                    "id": f"{model}_{variant}/{i}",
                    "instruction": p["instruction"],
                    "response_a": v["output"],
                    "response_b": p["output"],
                    "model_a": f"{model}_{variant}",
                    "model_b": model,
                    "family_a": family,
                    "family_b": family,
                }
            )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--judge", default="simulated")
    ap.add_argument("--model", choices=sorted(MODELS), default="gpt4_1106_preview")
    ap.add_argument("--n", type=int, default=300, help="instructions per variant (AlpacaEval has 805)")
    ap.add_argument("--out", default=None, help="work directory (default: a temporary one)")
    args = ap.parse_args()
    work = Path(args.out or tempfile.mkdtemp(prefix="alpaca-variants-"))
    work.mkdir(parents=True, exist_ok=True)
    data = work / "pairs.jsonl"
    data.write_text("".join(json.dumps(p) + "\n" for p in pairs(args.model, args.n)), encoding="utf-8")
    exe = str(Path(sys.executable).with_name("judgeaudit"))
    run = work / "run"
    subprocess.run(
        [exe, "probe", "--judge", args.judge, "--data", str(data), "--out", str(run), "-q", "--no-cache"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run([exe, "scores", str(run), "--out", str(work / "scores")], check=True, stdout=subprocess.DEVNULL)
    scores = json.loads((work / "scores" / "scores.json").read_text(encoding="utf-8"))
    print(f"judge {args.judge}, {args.model}: {args.n} instructions per variant against the plain model; run {run}")
    for judge, per in scores["by_judge"].items():
        for name, m in sorted(per["models"].items()):
            row = [f"{judge:<10} {name:<36}"]
            for kind in ("raw", "position_balanced", "controlled"):
                e = m.get(kind) or {}
                v, ci = e.get("value"), e.get("ci") or [None, None]
                row.append(
                    f"{kind} " + (f"{v:.3f} [{ci[0]:.3f}, {ci[1]:.3f}]" if v is not None else f"n/a ({e.get('note')})")
                )
            print("  ".join(row))


if __name__ == "__main__":
    main()
