"""vLLM against transformers on one GPU: the same judgments, and how fast. Run by ``gpu_smoke.sh``.

Judges the starter suite (80 pairs, both orders) with each judge through both backends, fp32 on both:

- ``tiny-random-llama``: a 2-layer Llama with random weights and SmolLM2's tokenizer, made here (its
  verdicts are near coin flips, so agreement tests the numerics, not the model);
- ``smollm2-135m`` (logprob mode) and ``smollm2-135m-likelihood`` (loglik requests, prompt logprobs).

Each backend first answers one request (loading the model; reported as ``load s``), then the whole
plan is timed. Prints a table, then per judge the share of identical verdicts and the largest p_a
difference between the backends.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def smollm2_folder() -> str:
    """SmolLM2's safetensors copy (made from the packaged GGUF once): weights for vLLM, tokenizer for the tiny model."""
    from judgeaudit.backends.transformers_backend import TransformersBackend
    from judgeaudit.backends.weights import resolve
    from judgeaudit.judges.judge import spec_for

    local = TransformersBackend(resolve(spec_for("smollm2-135m").model, "smollm2-135m"))
    local.model  # noqa: B018 - converts the GGUF on first use
    return local.loaded_from


def tiny_judge(folder: Path, tokenizer_source: str) -> Path:
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tok = AutoTokenizer.from_pretrained(tokenizer_source)
    cfg = LlamaConfig(
        vocab_size=len(tok),
        hidden_size=128,
        intermediate_size=256,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        tie_word_embeddings=True,
    )
    torch.manual_seed(0)
    LlamaForCausalLM(cfg).save_pretrained(folder / "model", safe_serialization=True)
    tok.save_pretrained(folder / "model")
    spec = folder / "tiny-random-llama.yaml"
    spec.write_text(
        f"name: tiny-random-llama\nversion: 1\nfamily: huggingface\nbackend: transformers\n"
        f"model:\n  path: {folder / 'model'}\nformats:\n  pairwise: generic-pairwise\n"
        f"  score: generic-score\n",
        encoding="utf-8",
    )
    return spec


def run(judge_name: str, backend: str, options: dict[str, Any]) -> tuple[list[dict[str, Any]], float, float]:
    """Rows, load seconds, judging seconds of the starter suite's position probe through one backend."""
    from judgeaudit.contracts.items import load_items
    from judgeaudit.judges import load_judge
    from judgeaudit.probes.suites import ProbeSpec, Suite
    from judgeaudit.verbs.probe import execute, plan

    items = load_items(REPO / "probes" / "data" / "starter.jsonl")
    spec = [ProbeSpec("position")]
    suite = Suite(name="starter", version=1, path=Path("starter.jsonl"), data={"file": "starter"}, probes=tuple(spec))
    judge = load_judge(judge_name, backend=backend, options=options)
    the_plan = plan(judge, [(suite, items, spec)])
    t0 = time.perf_counter()
    judge.backend.run([the_plan.tasks[0].requests[0]])  # loads the model
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    rows, _ = execute(judge, the_plan, None)
    wall = time.perf_counter() - t0
    del judge
    gc.collect()
    try:
        import torch

        torch.cuda.empty_cache()
    except Exception:  # noqa: BLE001 - only frees memory between engines
        pass
    return rows, load, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gpu-memory-utilization", type=float, default=0.25)
    args = ap.parse_args()
    backends = {
        "transformers": {"device": "cuda", "dtype": "float32"},
        "vllm": {"dtype": "float32", "gpu_memory_utilization": args.gpu_memory_utilization, "max_model_len": 4096},
    }
    with tempfile.TemporaryDirectory() as tmp:
        source = smollm2_folder()
        judges = [str(tiny_judge(Path(tmp), source)), "smollm2-135m", "smollm2-135m-likelihood"]
        print(f"{'judge':26} {'backend':13} {'load s':>7} {'judgments':>10} {'judge s':>8} {'judgments/s':>12}")
        results: dict[str, dict[str, list[dict[str, Any]]]] = {}
        for judge in judges:
            name = Path(judge).stem if judge.endswith(".yaml") else judge
            for backend, options in backends.items():
                rows, load, wall = run(judge, backend, options)
                results.setdefault(name, {})[backend] = rows
                print(f"{name:26} {backend:13} {load:>7.1f} {len(rows):>10} {wall:>8.2f} {len(rows) / wall:>12.1f}")
        for name, by_backend in results.items():
            a, b = by_backend["transformers"], by_backend["vllm"]
            agree = sum(x["winner"] == y["winner"] for x, y in zip(a, b))
            diffs = [
                abs(x["p_a"] - y["p_a"])
                for x, y in zip(a, b)
                if x.get("p_a") is not None and y.get("p_a") is not None and not math.isnan(x["p_a"] - y["p_a"])
            ]
            print(
                f"agreement {name}: verdicts {agree}/{len(a)} ({agree / len(a):.1%}), "
                f"max |p_a difference| {max(diffs) if diffs else float('nan'):.2e}"
            )


if __name__ == "__main__":
    main()
