"""Run directories built by hand for the report tests: judgments with hostile text, metrics, manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'


def est(
    value: float | None,
    lo: float | None = None,
    hi: float | None = None,
    n: int = 100,
    p: float | None = None,
    **extra: Any,
) -> dict[str, Any]:
    out: dict[str, Any] = {"value": value, "ci": [lo, hi], "n": n, **extra}
    if p is not None:
        out["p_value"] = p
        out["p_value_holm"] = min(1.0, p * 3)
    return out


def biased_metrics() -> dict[str, Any]:
    """Every section, a judge with a clear primacy bias and an undecided length effect."""
    return {
        "position": {
            "n_unparsed": 2,
            "extraction_success_rate": 0.99,
            "n_pairs": 120,
            "n_consistent": 78,
            "n_primacy": 30,
            "n_recency": 12,
            "n_ties": 0,
            "n_unparsed_pairs": 1,
            "n_incomplete_pairs": 0,
            "consistency": est(0.65, 0.56, 0.73, 120),
            "primacy_share": est(0.71, 0.56, 0.83, 42, p=0.009),
            "preference_fairness": est(-0.12, -0.18, -0.06, 120),
            "first_slot_rate": est(0.58, 0.54, 0.62, 240, p=0.001),
            "accuracy_single": est(0.74, 0.69, 0.79, 240),
            "accuracy_both_orders": est(0.61, 0.52, 0.69, 120),
        },
        "verbosity": {
            "n_unparsed": 0,
            "extraction_success_rate": 1.0,
            "prefer_longer_rate": est(0.62, 0.55, 0.69, 200),
            "eo_gap": est(0.05, -0.04, 0.14, 200, p=0.3),
            "length_coef": est(0.3, -0.1, 0.7, 240, p=0.15, sd_chars=400.0),
            "padding_flip_rate": est(0.22, 0.17, 0.28, 300),
            "padding_control_rate": est(0.03, 0.01, 0.06, 300),
            "padding_dose_slope": est(0.8, 0.3, 1.3, 600, p=0.002),
            "dose_curve": [
                {
                    "pad_ratio": r,
                    "flip_rate": est(f, f - 0.06, f + 0.06, 100),
                    "control_rate": est(0.03, 0.0, 0.08, 100),
                }
                for r, f in ((0.25, 0.12), (0.5, 0.2), (1.0, 0.34))
            ],
        },
        "self_preference": {
            "n_unparsed": 0,
            "extraction_success_rate": 1.0,
            "judge_family": "fam0",
            "eo_gap": est(0.04, -0.05, 0.13, 150, p=0.4),
            "family_matrix": {
                "judge_families": ["fam0", "fam1"],
                "response_families": ["fam0", "fam1"],
                "win_rate": {
                    "fam0": {"fam0": est(0.58, 0.5, 0.66, 150), "fam1": est(0.42, 0.34, 0.5, 150)},
                    "fam1": {"fam0": est(0.49, 0.41, 0.57, 150), "fam1": est(0.51, 0.43, 0.59, 150)},
                },
            },
        },
        "score_vs_rank": {
            "n_unparsed": 0,
            "extraction_success_rate": 1.0,
            "score_tie_rate": est(0.31, 0.23, 0.4, 120),
            "agreement": est(0.8, 0.73, 0.86, 160),
            "rank_accuracy": est(0.74, 0.69, 0.79, 240),
            "score_accuracy": est(0.66, 0.58, 0.73, 120),
            "recommendation": "rank",
            "recommendation_reason": "Comparing is more accurate here.",
        },
        "calibration": {
            "n_unparsed": 0,
            "extraction_success_rate": 1.0,
            "ece": est(0.08, 0.05, 0.12, 120),
            "brier": est(0.2, 0.17, 0.23, 120),
            "auroc": est(0.7, 0.62, 0.78, 120),
            "reliability": [
                {"bin": i, "confidence": c, "accuracy": a, "ci": [a - 0.1, min(1, a + 0.1)], "n": 12}
                for i, (c, a) in enumerate(((0.55, 0.5), (0.65, 0.6), (0.75, 0.7), (0.85, 0.78), (0.95, 0.86)))
            ],
        },
        "joint": {
            "n": 480,
            "coefficients": {
                "intercept": est(0.05, -0.1, 0.2, 480),
                "gold": est(1.4, 1.2, 1.6, 480),
                "first_slot": est(0.5, 0.3, 0.7, 480, p=0.0001),
                "length": est(0.3, 0.0, 0.6, 480, p=0.04),
            },
        },
        "power": {
            "consistency": {"n": 120, "mde": 0.12, "target_effect": 0.1, "needed": 170, "enough": False},
            "primacy_share": {
                "n": 42,
                "mde": 0.2,
                "target_effect": 0.1,
                "needed": 194,
                "pairs_needed": 560,
                "enough": False,
            },
        },
        "meta": {"judge": "sim-judge", "judge_family": "fam0", "seed": 0},
    }


def content_blind_metrics() -> dict[str, Any]:
    """A judge that always picks the first slot: consistency 0, first-slot rate 1, chance accuracy."""
    return {
        "position": {
            "n_unparsed": 0,
            "extraction_success_rate": 1.0,
            "n_pairs": 80,
            "n_consistent": 0,
            "n_primacy": 80,
            "n_recency": 0,
            "consistency": est(0.0, 0.0, 0.046, 80),
            "primacy_share": est(1.0, 0.95, 1.0, 80, p=1e-20),
            "preference_fairness": est(-1.0, -1.0, -1.0, 80),
            "first_slot_rate": est(1.0, 1.0, 1.0, 160, p=1e-30),
            "accuracy_both_orders": est(0.0, 0.0, 0.046, 80),
        },
        "verbosity": None,
        "self_preference": None,
        "score_vs_rank": None,
        "calibration": None,
        "joint": None,
    }


def judgment_rows(judge: str = "sim-judge", family: str = "fam0") -> list[dict[str, Any]]:
    """Pairs in both orders: some flip under swap, one padded worse answer wins; hostile text everywhere."""
    rows: list[dict[str, Any]] = []

    def row(item: str, order: str, winner: str | None, **kw: Any) -> dict[str, Any]:
        r = {
            "judge": judge,
            "judge_family": family,
            "probe": "position",
            "suite": "t",
            "item_id": item,
            "variant": "original",
            "mode": "pairwise",
            "order": order,
            "winner": winner,
            "label": "a",
            "len_a": 40,
            "len_b": 30,
            "family_a": "fam0",
            "family_b": "fam1",
            "model_a": "m0",
            "model_b": "m1",
            "instruction": f"Question {item}?",
            "response_a": f"Right answer for {item}.",
            "response_b": f"Wrong answer for {item}.",
            "raw": f"[RESULT] {'A' if winner == 'a' else 'B'}",
        }
        r.update(kw)
        return r

    # i0: first-slot flip with hostile answers and raw output
    rows.append(row("i0", "ab", "a", response_b=f"evil {SCRIPT} answer", raw=f"I pick {IMG} [RESULT] A"))
    rows.append(row("i0", "ba", "b", response_b=f"evil {SCRIPT} answer", raw=f"{SCRIPT}[RESULT] A"))
    # i1..i3 consistent and right
    for i in (1, 2, 3):
        rows.append(row(f"i{i}", "ab", "a"))
        rows.append(row(f"i{i}", "ba", "a"))
    # i1 padded worse answer (b) wins in both orders; i2 padded worse loses
    for item, win in (("i1", "b"), ("i2", "a")):
        for order in ("ab", "ba"):
            rows.append(
                row(
                    item,
                    order,
                    win,
                    probe="verbosity",
                    variant="pad_b@0.5",
                    pad_target="b",
                    pad_ratio=0.5,
                    pad_role="worse",
                    pad_style="filler",
                    len_b=45,
                    response_b=f"Wrong answer for {item}. {IMG} Lorem filler filler filler.",
                )
            )
    return rows


def manifest(judge: str = "sim-judge", **extra: Any) -> dict[str, Any]:
    return {
        "judge": judge,
        "judge_family": "fam0",
        "mode": "generate",
        "backend": {
            "backend": "simulated",
            "model_path": "/models/judge.gguf",
            "model_sha256": "ab" * 32,
            "dtype": "float32",
            "device": "cpu",
            "chat_template": "none",
        },
        "formats": {"pairwise": {"id": "generic-pairwise", "version": 1, "sha256": "cd" * 32}},
        "seed": 7,
        "started": "2026-01-01T00:00:00Z",
        "finished": "2026-01-01T00:01:00Z",
        "wall_s": 60.5,
        "counters": {"cache_hits": 3, "cache_misses": 17},
        "suites": [
            {
                "name": "t",
                "version": 1,
                "file": "probes/t.yaml",
                "sha256": "ef" * 32,
                "items_sha256": "01" * 32,
                "n_items": 4,
                "data": "file t.jsonl",
                "probes": ["position", "verbosity"],
            }
        ],
        "versions": {"judgeaudit": "0.1.0", "python": "3.11"},
        "host": {"machine": "x86_64", "cpus": 2},
        "n_judgments": 14,
        "n_unparsed": 2,
        "problems": [f"t.jsonl:9: field 'winner': must be a, b {SCRIPT}"],
        **extra,
    }


def write_run(
    run_dir: Path,
    metrics: dict[str, Any] | None,
    rows: list[dict[str, Any]] | None = None,
    manifest_data: dict[str, Any] | None = None,
    bad_line: bool = True,
) -> Path:
    """A run directory; ``None`` leaves that file out. A malformed judgments line is added when asked."""
    run_dir.mkdir(parents=True, exist_ok=True)
    if metrics is not None:
        (run_dir / "metrics.json").write_text(json.dumps(metrics), encoding="utf-8")
    if manifest_data is not None:
        (run_dir / "manifest.json").write_text(json.dumps(manifest_data), encoding="utf-8")
    if rows is not None:
        lines = [json.dumps(r) for r in rows]
        if bad_line:
            lines.append('{"judge": "sim-judge", "mode": "pairwise"')
        (run_dir / "judgments.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return run_dir
