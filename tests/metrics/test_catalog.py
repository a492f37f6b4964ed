"""The metric catalogue agrees with what the statistics emit, and every layer names the same sections."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from typing import Any

import pandas as pd
import pytest

from judgeaudit.metrics import CATALOG, SECTIONS, info, lookup, metric_paths, section, section_keys
from judgeaudit.pages.sections import PLOTS
from judgeaudit.ranking.compare import COMPARED, HEADLINES
from judgeaudit.stats import SECTION_FUNCS, compute_metrics
from judgeaudit.stats.simulate import simulate
from tests.support.paths import REPO
from tests.support.simulated import gold_triads, pairs, run, simulated


@pytest.fixture(scope="module")
def emitted() -> list[dict[str, Any]]:
    """metrics.json dicts that between them have every section and every kind of judgment."""
    # two judges on the same pairs (excess win rate), padding, scores, verdict probabilities, repeats
    focal = simulate(
        60,
        position=0.5,
        length=0.4,
        own_family=0.3,
        tie_rate=0.05,
        unparsed_rate=0.05,
        pad_sizes=(0.25, 0.5, 1.0),
        scores=True,
        logprob=True,
        repeats=2,
    )
    other = simulate(60, judge="other", judge_family="fam1", position=0.2, pad_sizes=(0.25,), logprob=True)
    classic = compute_metrics(pd.concat([focal, other]), judge="sim-judge", n_boot=50)
    # the cue and template probes on pairs; listwise and position (answer triads: transitivity) on groups
    _, cue_rows, _ = run(simulated(gold=1.5, cue=2.0), pairs(10), "cues", "template")
    _, group_rows, _ = run(simulated(gold=1.0, position=1.0), gold_triads(8), "listwise", "position")
    from judgeaudit.contracts.judgments import frame_from_rows

    beyond = compute_metrics(frame_from_rows(cue_rows + group_rows), n_boot=50)
    # every bias probe against its placebo, and a dataset's own perturbed variants
    _, bias_rows, _ = run(simulated(gold=1.5, perturb=1.0), pairs(10), "distraction", "sentiment", "compassion_fade")
    variants = [
        replace(
            it,
            id=f"{it.id}~v",
            response_b=it.response_b + " Source: an atlas.",
            meta={"variant_of": it.id, "perturbation": "citation"},
        )
        for it in pairs(10)
    ]
    _, dataset_rows, _ = run(simulated(gold=1.5), pairs(10) + variants, "perturbation")
    placebo = compute_metrics(frame_from_rows(bias_rows + dataset_rows), n_boot=50)
    # a grader's scores against people's scores (the agreement section's score metrics)
    from judgeaudit.stats.simulate_graders import simulate_grades

    graded = compute_metrics(simulate_grades(40, gold_shares=(0.2, 0.3, 0.5), answers=2), n_boot=50)
    # a jury of three judges on the same pairs (the jury section)
    panel = pd.concat([simulate(30, judge=f"j{k}", judge_family=f"f{k}", position=0.3) for k in range(3)])
    jury = compute_metrics(panel, juries={"jury": ["j0", "j1", "j2"]}, judge="jury", n_boot=50)
    # the grader probes on single answers
    from tests.support.graders import graded as graded_rows
    from tests.support.graders import grader, starter_answers

    probes = (
        "grader_known",
        "grader_override",
        "grader_polarity",
        "grader_padding",
        "grader_reference",
        "grader_scale",
    )
    _, grade_rows = graded_rows(grader("generate"), starter_answers()[:12], *probes, "grader_repeats")
    grades = compute_metrics(frame_from_rows(grade_rows), n_boot=50)
    return [classic, beyond, placebo, graded, jury, grades]


def estimate_paths(node: Any, path: str) -> list[str]:
    """Dotted paths of every estimate (a dict with a value and an interval) under ``node``."""
    if not isinstance(node, dict):
        return []
    if "value" in node and "ci" in node:
        return [path]
    return [p for k, v in node.items() for p in estimate_paths(v, f"{path}.{k}")]


def test_every_section_has_statistics_in_the_catalogues_order_and_only_real_sections_have_own_plots() -> None:
    assert list(SECTION_FUNCS) == list(section_keys())
    assert set(PLOTS) <= set(section_keys())


def test_sections_are_ordered_by_their_order_and_each_module_is_named_after_its_key() -> None:
    assert [s.order for s in SECTIONS] == sorted(s.order for s in SECTIONS)
    modules = sorted(
        p.stem for p in (REPO / "judgeaudit" / "metrics" / "sections").glob("*.py") if p.stem != "__init__"
    )
    assert modules == sorted(section_keys())


def test_every_emitted_estimate_is_catalogued_or_declared_plot_data(emitted: list[dict[str, Any]]) -> None:
    for metrics in emitted:
        present = {s.key for s in SECTIONS if not s.left_out_when_absent or s.key in metrics}
        assert set(metrics) == {*present, "holm", "power", "meta"}
        for sec in SECTIONS:
            details = {key for key, _ in sec.details}
            for path in estimate_paths(metrics.get(sec.key), sec.key):
                if path.split(".")[1] in details:
                    continue
                assert info(path) is not None, f"{path} is emitted but not in the metric catalogue"


def test_every_catalogued_metric_is_emitted_by_some_run(emitted: list[dict[str, Any]]) -> None:
    missing = [p for p in CATALOG if all(lookup(m, p) is None for m in emitted)]
    assert missing == []
    # the per-term and per-cue paths too, as each run names them
    for metrics in emitted:
        for key in section_keys():
            assert all(info(p) is not None for p in metric_paths(key, metrics))


def test_every_section_has_metrics_and_every_metric_a_section() -> None:
    for sec in SECTIONS:
        assert sec.absent_reason.startswith("needs ") and sec.about and sec.title
        assert [p for p in CATALOG if p.startswith(sec.key + ".")], sec.key
    assert all(section(m.axis) is not None for m in CATALOG.values())


def test_every_metric_says_what_it_is_and_which_way_is_better() -> None:
    for m in CATALOG.values():
        assert m.defines and m.label and m.unit, m.path
        assert m.better in ("higher", "lower") or m.ideal is not None, m.path
        assert m.lo <= (m.ideal if m.ideal is not None else m.lo) <= m.hi, m.path


def test_the_terminal_summary_lines_are_labelled_and_in_a_single_order() -> None:
    ranked = [m for m in CATALOG.values() if m.summary_rank is not None]
    assert all(m.summary_label for m in ranked)
    assert not [m for m in CATALOG.values() if m.summary_label and m.summary_rank is None]
    assert len({m.summary_rank for m in ranked}) == len(ranked)


def test_the_comparison_ranks_each_section_by_its_headline_metrics() -> None:
    assert HEADLINES["position"] == ("position.consistency", "position.preference_fairness")
    assert HEADLINES["verbosity"][0] == "verbosity.padding_flip_rate"
    assert {m.path for m in COMPARED} >= {p for paths in HEADLINES.values() for p in paths}
    for key, paths in HEADLINES.items():
        ranks = [CATALOG[p].headline_rank for p in paths]
        assert ranks == list(range(1, len(ranks) + 1)), key


def test_reading_metrics_does_not_load_the_statistics_stack() -> None:
    """The gate and the report read metrics.json; they should not pay for scipy and statsmodels."""
    code = (
        "import sys, judgeaudit.metrics, judgeaudit.gate.checks; "
        "print(sorted(m for m in sys.modules if m.startswith('judgeaudit.stats')))"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "[]"
