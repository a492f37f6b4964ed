"""Throughput of the embedded judge: judgeaudit against the loop users write today.

A script, not a test: it takes several minutes of both CPU cores. Run it once, when the machine is
quiet, from the repository root::

    nice python benchmarks/throughput.py --report /tmp/throughput-table.md

It judges the same 200 pairs in both orders (400 judgments) with SmolLM2-135M-Instruct (fp32,
2 threads) and measures, in one run:

(a)  ``judgeaudit probe`` in logprob mode, cold cache (the CLI in a subprocess; rate from the
     manifest's judging time, plus the end-to-end wall time);
(a0) the same 400 judgments with shared-prefix reuse off (in-process, no cache): what reuse buys,
     and how far its verdict probabilities move;
(b)  the naive loop: ``transformers.pipeline("text-generation")`` one prompt at a time, an 8-token
     verdict, parsed;
(c)  judgeaudit generate mode in the prometheus-eval style (Prometheus 2 relative prompt, a rationale
     then ``[RESULT] A/B``, here cut at 64 new tokens);
(d)  the warm-cache rerun of (a) through the CLI (nothing recomputed).

(b) and (c) run on a subset (``--subset``, default 40 judgments: 20 pairs spread over the sources,
both orders) and are reported per judgment. The compute roofline is a measured fp32 matmul rate on
the same 2 threads; the model's FLOPs are 2 x (non-embedding parameters) per prompt token computed,
plus attention and one vocabulary projection per judgment.

The pairs: the starter suite (80), LLMBar Natural (100) and a seeded sample of LLMBar Adversarial
(20). Dataset text is written only to a temporary folder, never into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
THREADS = 2
JUDGE = "smollm2-135m"
GEN_TOKENS = 64
NAIVE_TOKENS = 8


# -- data ---------------------------------------------------------------------------------------
def build_items(n_pairs: int, data_dir: str | None) -> tuple[list[Any], dict[str, int]]:
    """Starter suite + LLMBar Natural + LLMBar Adversarial (seeded) up to ``n_pairs`` pairs."""
    from judgeaudit.contracts.items import load_items
    from judgeaudit.datasets import available, load_dataset

    items = load_items(REPO / "probes" / "data" / "starter.jsonl")[:n_pairs]
    used = {"starter": len(items)}
    for subset, want in (("Natural", 100), ("Adversarial", None)):
        room = n_pairs - len(items)
        if room <= 0 or not available("llmbar", data_dir):
            continue
        got = load_dataset("llmbar", subset, data_dir=data_dir, limit=min(room, want or room), seed=0)
        seen = {it.id for it in items}
        got = [it for it in got if it.id not in seen][:room]
        items += got
        used[f"llmbar {subset}"] = len(got)
    return items, used


def spread(items: list[Any], n_pairs: int) -> list[Any]:
    """Every k-th pair, so a subset covers all sources in proportion."""
    step = max(1, len(items) // n_pairs)
    return items[::step][:n_pairs]


# -- measurements -------------------------------------------------------------------------------
def matmul_gflops(threads: int) -> dict[str, float]:
    """Best-of-5 fp32 matmul rate: a square 1024 product and a model-shaped one (tokens x 576 x 1536)."""
    import torch

    torch.set_num_threads(threads)
    out = {}
    for name, (m, k, n) in {"square_1024": (1024, 1024, 1024), "model_shaped": (512, 576, 1536)}.items():
        a, b = torch.randn(m, k), torch.randn(k, n)
        a @ b
        best = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            for _ in range(4):
                a @ b
            best = min(best, (time.perf_counter() - t) / 4)
        out[name] = 2 * m * k * n / best / 1e9
    return out


def model_flops(model: Any) -> dict[str, float]:
    """FLOPs per computed prompt token (dense part), per attended key, and per verdict projection."""
    cfg = model.config.get_text_config()
    params = sum(p.numel() for p in model.parameters())
    embed = model.get_input_embeddings().weight.numel()
    head = model.get_output_embeddings().weight
    tied = head.data_ptr() == model.get_input_embeddings().weight.data_ptr()
    dense = params - embed - (0 if tied else head.numel())
    head_dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
    return {
        "params": params,
        "dense_params": dense,
        "per_token": 2.0 * dense,
        # q.k and p.v for every head and layer, per (query, key) pair
        "per_attended_key": 4.0 * cfg.num_hidden_layers * cfg.num_attention_heads * head_dim,
        "per_judgment_head": 2.0 * head.numel(),
    }


def cli(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    t = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "judgeaudit", *args], cwd=REPO, env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - t
    out = Path(args[args.index("--out") + 1])
    if not (out / "judgments.jsonl").exists():
        sys.exit(f"judgeaudit {' '.join(args)} wrote no judgments:\n{done.stderr[-3000:]}")
    return wall, done


def read_rows(run_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (run_dir / "judgments.jsonl").read_text().splitlines()]


def naive_pipeline(judge: Any, items: list[Any]) -> dict[str, Any]:
    """What users write today: one chat prompt at a time through a text-generation pipeline."""
    import torch
    from transformers import pipeline

    t = time.perf_counter()
    pipe = pipeline("text-generation", model=judge.backend.loaded_from, dtype=torch.float32, device="cpu")
    load = time.perf_counter() - t
    fmt = judge.format("pairwise")
    n = parsed = 0
    t = time.perf_counter()
    for it in items:
        for first, second in ((it.response_a, it.response_b), (it.response_b, it.response_a)):
            system, user = fmt.render(
                {"instruction": it.instruction, "response_first": first, "response_second": second}
            )
            msgs = ([{"role": "system", "content": system}] if system else []) + [{"role": "user", "content": user}]
            out = pipe(msgs, max_new_tokens=NAIVE_TOKENS, do_sample=False, return_full_text=False)
            match = re.search(r"\b([AB])\b", out[0]["generated_text"])
            parsed += match is not None
            n += 1
    return {"n": n, "seconds": time.perf_counter() - t, "load_s": load, "parsed": parsed}


def generate_mode(base: Any, items: list[Any], workdir: Path) -> dict[str, Any]:
    """The Prometheus 2 relative protocol (rationale, then [RESULT]) on the embedded model, 64 new tokens."""
    from judgeaudit.judges.judge import Judge, spec_for
    from judgeaudit.judges.spec import FORMATS_DIR
    from judgeaudit.probes.suites import ProbeSpec, Suite
    from judgeaudit.verbs.probe import execute, plan

    fmt_dir = workdir / "formats"
    fmt_dir.mkdir(exist_ok=True)
    for f in FORMATS_DIR.glob("prometheus-relative*"):
        shutil.copy(f, fmt_dir / f.name)
    yaml_file = fmt_dir / "prometheus-relative.yaml"
    yaml_file.write_text(re.sub(r"(?m)^max_tokens: \d+$", f"max_tokens: {GEN_TOKENS}", yaml_file.read_text()))
    spec = replace(spec_for(JUDGE), formats={"pairwise": str(yaml_file)}, mode="generate")
    judge = Judge(spec=spec, backend=base.backend, mode="generate")
    the_plan = plan(judge, [(Suite("bench", 1, workdir / "bench.yaml"), items, [ProbeSpec("position")])])
    t = time.perf_counter()
    rows, counters = execute(judge, the_plan, None)
    seconds = time.perf_counter() - t
    return {
        "n": len(rows),
        "seconds": seconds,
        "parsed": sum(r["winner"] is not None for r in rows),
        "batch": judge.backend.max_batch_size,
    }


def reuse_off(judge: Any, items: list[Any], workdir: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(a) again in-process with prefix reuse off: the default batched path."""
    from judgeaudit.probes.suites import ProbeSpec, Suite
    from judgeaudit.verbs.probe import execute, plan

    the_plan = plan(judge, [(Suite("bench", 1, workdir / "bench.yaml"), items, [ProbeSpec("position")])])
    judge.backend.prefix_reuse = False
    try:
        t = time.perf_counter()
        rows, _ = execute(judge, the_plan, None)
        seconds = time.perf_counter() - t
    finally:
        judge.backend.prefix_reuse = True
    return {"n": len(rows), "seconds": seconds}, rows


def block_sweep(
    judge: Any, items: list[Any], workdir: Path, cuts: list[tuple[int, ...]], rounds: int = 3
) -> list[dict[str, Any]]:
    """Reuse at several sets of cut points, and off (batched and batch 1), on the same judgments.

    The settings are interleaved for ``rounds`` rounds and each keeps its best time, so a burst of
    load from another process hurts every setting alike instead of one.
    """
    from judgeaudit.probes.suites import ProbeSpec, Suite
    from judgeaudit.verbs.probe import execute, plan

    backend = judge.backend
    saved = {
        "prefix_reuse": backend.prefix_reuse,
        "prefix_tokens": backend.prefix_tokens,
        "max_batch_size": backend.max_batch_size,
    }
    the_plan = plan(judge, [(Suite("bench", 1, workdir / "bench.yaml"), items, [ProbeSpec("position")])])
    settings: list[tuple[str, dict[str, Any]]] = [
        ("off, batch 8", {"prefix_reuse": False, "max_batch_size": 8}),
        ("off, batch 1", {"prefix_reuse": False, "max_batch_size": 1}),
    ] + [(f"on, cut at {','.join(map(str, c))}", {"prefix_reuse": True, "prefix_tokens": c}) for c in cuts]
    out = {name: {"setting": name, "seconds": float("inf")} for name, _ in settings}
    for _ in range(rounds):
        for name, opts in settings:
            for key, value in opts.items():
                setattr(backend, key, value)
            before = backend.reuse_summary()
            t = time.perf_counter()
            rows, _ = execute(judge, the_plan, None)
            seconds = time.perf_counter() - t
            after = backend.reuse_summary()
            computed = after["computed_tokens"] - before["computed_tokens"]
            prompt = after["prompt_tokens"] - before["prompt_tokens"]
            out[name].update(
                {
                    "n": len(rows),
                    "seconds": min(seconds, out[name]["seconds"]),
                    "reused": 1 - computed / prompt,
                    "calls": after["forward_calls"] - before["forward_calls"],
                }
            )
            print(f"  sweep {name}: {len(rows) / seconds:.2f} judgments/s", file=sys.stderr)
            for key, value in saved.items():
                setattr(backend, key, value)
    return list(out.values())


def parse_cuts(text: str) -> list[tuple[int, ...]]:
    return [tuple(int(c) for c in group.split(",")) for group in text.split(";") if group.strip()]


def sweep_table(sweep: list[dict[str, Any]]) -> str:
    lines = [
        f"Cut-point sweep on the subset ({sweep[0]['n']} judgments, in-process, no cache, best of 3 "
        "interleaved rounds):",
        "",
        "| setting | judgments/s | reused tokens | forward calls |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {s['setting']} | {s['n'] / s['seconds']:.2f} | {s['reused']:.1%} | {s['calls']} |" for s in sweep]
    return "\n".join(lines)


# -- report -------------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    import torch
    import transformers

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "threads": THREADS,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "load_avg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pairs", type=int, default=200)
    ap.add_argument(
        "--subset", type=int, default=40, help="judgments for (b) and (c) (both orders of half as many pairs)"
    )
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--skip-reuse-off", action="store_true", help="skip (a0)")
    ap.add_argument("--sweep", default="", help="cut-point sets to compare on the subset, e.g. '32;64;64,128'")
    ap.add_argument("--only-sweep", action="store_true", help="run only the block-size sweep")
    ap.add_argument("--report", default=None, help="also write the table (markdown) here")
    ap.add_argument("--keep", default=None, help="keep the run directories here")
    args = ap.parse_args()

    os.environ.update({"OMP_NUM_THREADS": str(THREADS), "MKL_NUM_THREADS": str(THREADS)})
    import torch

    torch.set_num_threads(THREADS)
    from judgeaudit.contracts.items import write_items

    work = Path(args.keep or tempfile.mkdtemp(prefix="judgeaudit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    info = machine()
    print(f"machine: {info}", file=sys.stderr)

    items, sources = build_items(args.pairs, args.data_dir)
    data = work / "pairs.jsonl"
    write_items(items, data)
    subset = spread(items, args.subset // 2)
    n = 2 * len(items)
    print(f"{len(items)} pairs ({sources}), {n} judgments; subset {2 * len(subset)}", file=sys.stderr)

    from judgeaudit.judges import load_judge

    judge = load_judge(JUDGE, options={"threads": THREADS})
    if args.only_sweep:
        sweep = block_sweep(judge, subset, work, parse_cuts(args.sweep))
        print(sweep_table(sweep))
        return

    gflops = matmul_gflops(THREADS)
    print(f"matmul: {gflops}", file=sys.stderr)

    cache = work / "cache.sqlite"
    if cache.exists():
        cache.unlink()
    common = ["probe", "--judge", JUDGE, "--data", str(data), "--cache", str(cache), "-q"]
    wall_a, _ = cli([*common, "--out", str(work / "a")], env)
    man_a = json.loads((work / "a" / "manifest.json").read_text())
    judge_a = man_a["judge_wall_s"]
    print(f"(a) cold: {wall_a:.1f}s wall, {judge_a:.1f}s judging", file=sys.stderr)
    wall_d, _ = cli([*common, "--out", str(work / "d")], env)
    man_d = json.loads((work / "d" / "manifest.json").read_text())
    same = (work / "a" / "judgments.jsonl").read_bytes() == (work / "d" / "judgments.jsonl").read_bytes()
    print(f"(d) warm: {wall_d:.1f}s wall, misses {man_d['counters']['cache_misses']}", file=sys.stderr)

    flops = model_flops(judge.backend.model)
    rows_a = read_rows(work / "a")

    off = None
    if not args.skip_reuse_off:
        off, rows_off = reuse_off(judge, items, work)
        d_pa = max(abs(x["p_a"] - y["p_a"]) for x, y in zip(rows_a, rows_off))
        agree = sum(x["winner"] == y["winner"] for x, y in zip(rows_a, rows_off)) / len(rows_a)
        off.update({"max_dp": d_pa, "agree": agree})
        print(f"(a0) reuse off: {off['seconds']:.1f}s", file=sys.stderr)

    naive = naive_pipeline(judge, subset)
    print(f"(b) naive: {naive}", file=sys.stderr)
    gen = generate_mode(judge, subset, work)
    print(f"(c) generate: {gen}", file=sys.stderr)
    sweep = block_sweep(judge, subset, work, parse_cuts(args.sweep)) if args.sweep else []

    # roofline of (a): what the CPU actually computed, against the matmul rate
    be = man_a["backend"]
    prompt_tok, computed_tok = be["prompt_tokens"], be["computed_tokens"]
    lengths = [
        len(judge.backend._encode(judge.pairwise_request(it.instruction, it.response_a, it.response_b, o)))
        for it in items
        for o in ("ab", "ba")
    ]
    keys_full = sum(length * (length + 1) / 2 for length in lengths)  # (query, key) pairs without reuse
    share = computed_tok / prompt_tok
    flop_a = (
        flops["per_token"] * computed_tok
        + flops["per_attended_key"] * keys_full * share
        + flops["per_judgment_head"] * n
    )
    flop_useful = (
        flops["per_token"] * prompt_tok + flops["per_attended_key"] * keys_full + flops["per_judgment_head"] * n
    )
    rate_a = flop_a / judge_a / 1e9
    rate_useful = flop_useful / judge_a / 1e9

    rate = {"a": n / judge_a, "b": naive["n"] / naive["seconds"], "c": gen["n"] / gen["seconds"], "d": n / wall_d}
    lines = [
        f"Machine: {info['cpu']}, {info['cores']} cores, {THREADS} torch threads; Python {info['python']}, "
        f"torch {info['torch']}, transformers {info['transformers']}; load average at start {info['load_avg']}, "
        f"at end {' '.join(f'{x:.2f}' for x in os.getloadavg())}.",
        f"Judge: {JUDGE} (SmolLM2-135M-Instruct, fp32). Pairs: {len(items)} "
        f"({', '.join(f'{k} {v}' for k, v in sources.items())}), both orders = {n} judgments, "
        f"{prompt_tok} prompt tokens (mean {prompt_tok / n:.0f}).",
        "",
        "| path | judgments | seconds | judgments/s | vs naive (b) |",
        "|---|---:|---:|---:|---:|",
        f"| (a) judgeaudit logprob, cold cache (judging time; prefix reuse, cut at {be['prefix_tokens']}) | {n} | "
        f"{judge_a:.1f} | {rate['a']:.2f} | {rate['a'] / rate['b']:.1f}x |",
        f"| (a) the same, end to end (process start, model load, report) | {n} | {wall_a:.1f} | {n / wall_a:.2f} | "
        f"{n / wall_a / rate['b']:.1f}x |",
    ]
    if off:
        rate["a0"] = off["n"] / off["seconds"]
        lines.append(
            f"| (a0) judgeaudit logprob, prefix reuse off (batched 8) | {off['n']} | {off['seconds']:.1f} | "
            f"{rate['a0']:.2f} | {rate['a0'] / rate['b']:.1f}x |"
        )
    lines += [
        f'| (b) naive `pipeline("text-generation")`, one prompt at a time, {NAIVE_TOKENS} new tokens '
        f"(subset) | {naive['n']} | {naive['seconds']:.1f} | {rate['b']:.2f} | 1.0x |",
        f"| (c) judgeaudit generate, Prometheus 2 relative prompt, {GEN_TOKENS} new tokens, batch {gen['batch']} "
        f"(subset) | {gen['n']} | {gen['seconds']:.1f} | {rate['c']:.2f} | {rate['c'] / rate['b']:.1f}x |",
        f"| (d) warm-cache rerun of (a) via the CLI, end to end | {n} | {wall_d:.1f} | {rate['d']:.2f} | "
        f"{rate['d'] / rate['b']:.1f}x |",
        "",
        f"Ratios: (a)/(b) = {rate['a'] / rate['b']:.1f}x, (a)/(c) = {rate['a'] / rate['c']:.1f}x, "
        f"(d)/(a) = {rate['d'] / rate['a']:.1f}x (judging time) or {wall_a / wall_d:.1f}x (end to end)"
        + (f", (a)/(a0) = {rate['a'] / rate['a0']:.2f}x" if off else "")
        + ".",
        f"Prefix reuse in (a): {be['reused_token_share']:.1%} of prompt tokens came from the cache "
        f"({computed_tok} of {prompt_tok} computed, {be['forward_calls']} forward calls).",
    ]
    if off:
        lines.append(
            f"Reuse on vs off: verdicts agree on {off['agree']:.1%} of judgments, max |delta p_a| = "
            f"{off['max_dp']:.1e}."
        )
    lines += [
        f"Warm rerun: {man_d['counters']['cache_hits']} cache hits, {man_d['counters']['cache_misses']} misses; "
        f"judgments.jsonl identical to (a): {same}.",
        f"Parsed verdicts: (b) {naive['parsed']}/{naive['n']}, (c) {gen['parsed']}/{gen['n']}; "
        f"(a) reads probabilities and always has one. Pipeline load (b): {naive['load_s']:.1f}s, not counted.",
        "",
        f"Roofline of (a): the model costs {flops['per_token'] / 1e6:.0f} MFLOP per computed prompt token "
        f"(2 x {flops['dense_params'] / 1e6:.1f}M non-embedding parameters) + "
        f"{flops['per_attended_key'] / 1e3:.0f} kFLOP per attended key + {flops['per_judgment_head'] / 1e6:.0f} MFLOP "
        f"for the verdict projection. Computed in (a): {flop_a / 1e12:.2f} TFLOP in {judge_a:.1f}s = "
        f"{rate_a:.1f} GFLOP/s; measured fp32 matmul on {THREADS} threads: {gflops['square_1024']:.1f} GFLOP/s "
        f"(1024 square), {gflops['model_shaped']:.1f} GFLOP/s (512x576x1536). Fraction of roofline: "
        f"{rate_a / gflops['square_1024']:.0%} (of the square matmul), {rate_a / gflops['model_shaped']:.0%} "
        f"(of the model-shaped one). Counting the tokens reuse skipped as done: {rate_useful:.1f} GFLOP/s effective "
        f"({rate_useful / gflops['square_1024']:.0%}).",
    ]
    if sweep:
        lines += ["", sweep_table(sweep)]
    table = "\n".join(lines)
    print(table)
    if args.report:
        Path(args.report).write_text(table + "\n", encoding="utf-8")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
