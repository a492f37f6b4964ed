"""The bias sections in the vetting gate and the report: planted pulls fail, steady judges pass, absent is skipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.contracts.judgments import frame_from_rows, write_judgments
from judgeaudit.errors import InputError
from judgeaudit.gate import evaluate, load_policy
from judgeaudit.pages.html import build_context
from judgeaudit.probes.suites import ProbeSpec
from judgeaudit.stats import compute_metrics
from tests.support.simulated import pairs, run, simulated

SHIPPED_KEYS = {
    *(
        f"biases.{p}.target_shift"
        for p in (
            "distraction",
            "refinement_aware",
            "sentiment_cheerful",
            "sentiment_angry",
            "identity_woman",
            "identity_man",
            "identity_nonnative",
            "identity_older",
            "compassion_fade_famous_on_worse",
            "compassion_fade_famous_on_better",
            "style_markdown",
            "fallacy_oversight",
        )
    ),
    "biases.chain_of_thought.change_excess",
    "biases.compassion_fade_real.change_excess",
}


def metrics_of(
    probe: str, options: dict | None = None, *, mode: str | None = None, n: int = 60, **planted: float
) -> dict:
    _, rows, _ = run(simulated(mode, **planted), pairs(n), ProbeSpec(probe, options or {}))
    return compute_metrics(frame_from_rows(rows), n_boot=200)


def statuses(metrics: dict, prefix: str) -> dict[str, str]:
    return {r.metric: r.status for r in evaluate(metrics, load_policy("strict")) if r.metric.startswith(prefix)}


def test_the_strict_policy_gates_every_shipped_bias_and_the_default_one_none() -> None:
    assert SHIPPED_KEYS <= {c.metric for c in load_policy("strict").checks}
    assert not any(c.metric.startswith("biases.") for c in load_policy("default").checks)


def test_any_perturbation_name_is_a_metric_path_but_a_misspelt_metric_is_not(tmp_path: Path) -> None:
    body = (
        "version: 1\nname: mine\ndescription: d\nchecks:\n  - metric: perturbation.my_rewrite.flip_excess\n"
        '    bound: abs\n    op: "<="\n    threshold: 0.1\n    why: w\n'
    )
    policy = tmp_path / "p.yaml"
    policy.write_text(body, encoding="utf-8")
    assert load_policy(str(policy)).checks[0].metric == "perturbation.my_rewrite.flip_excess"
    policy.write_text(body.replace("flip_excess", "flip_exces"), encoding="utf-8")
    with pytest.raises(InputError, match="names no metric"):
        load_policy(str(policy))


def test_a_judge_pulled_by_distraction_fails_and_a_content_judge_passes() -> None:
    pulled = metrics_of("distraction", gold=1.5, perturb=3.0)
    assert statuses(pulled, "biases.distraction.") == {"biases.distraction.target_shift": "FAIL"}
    steady = metrics_of("distraction", gold=50.0)
    assert statuses(steady, "biases.distraction.") == {"biases.distraction.target_shift": "PASS"}


def test_a_judge_that_overlooks_a_fallacy_fails_and_one_that_penalises_it_passes() -> None:
    # no change seen in n items bounds the shift by about ±3.7/n: 120 items put it inside the 5-point rule
    overlooks = metrics_of("fallacy_oversight", n=120, gold=50.0)
    assert statuses(overlooks, "biases.fallacy") == {"biases.fallacy_oversight.target_shift": "FAIL"}
    notices = metrics_of("fallacy_oversight", gold=1.5, perturb=-3.0)
    assert statuses(notices, "biases.fallacy") == {"biases.fallacy_oversight.target_shift": "PASS"}


def test_a_run_without_the_bias_probes_skips_their_checks_and_keeps_its_sections() -> None:
    plain = metrics_of("position", gold=50.0)
    assert "biases" not in plain and "perturbation" not in plain
    assert set(statuses(plain, "biases.").values()) == {"SKIPPED"}


def test_the_report_shows_each_perturbation_beside_its_placebo(tmp_path: Path) -> None:
    _, rows, _ = run(simulated(gold=1.5, perturb=2.0), pairs(30), "sentiment")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    write_judgments(rows, run_dir / "judgments.jsonl")
    (run_dir / "metrics.json").write_text(json.dumps(compute_metrics(frame_from_rows(rows), n_boot=200)))
    sections = {s["id"]: s for s in build_context(run_dir)["sections"]}
    sec = sections["biases"]
    assert sec["present"] and "sentiment_cheerful" in str(sec["plot"]) and "placebo" in sec["caption"]
    paths = {r["path"]: r for r in sec["rows"]}
    for pid in ("sentiment_cheerful", "sentiment_angry"):
        row = paths[f"biases.{pid}.target_shift"]
        assert row["ci"].startswith("[") and row["p"] is not None and "placebo" in row["words"]
        assert f"biases.{pid}.robustness_rate_control" in paths
    assert "perturbation" not in sections
