"""The vetting gate: policies are validated strictly; checks pass, fail, stay undecided or are skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from judgeaudit.errors import InputError
from judgeaudit.gate import (
    Check,
    Policy,
    evaluate,
    evaluate_check,
    exit_code,
    load_policy,
    shipped_policies,
    units_needed,
)
from tests.support.simulated import gold_triads, pairs, run, simulated


def est(value: float | None, lo: float | None, hi: float | None, n: int = 100) -> dict:
    return {"value": value, "ci": [lo, hi], "n": n}


def policy_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(body, encoding="utf-8")
    return path


ONE_CHECK = """version: 1
name: t
checks:
  - metric: position.consistency
    bound: lower
    op: ">="
    threshold: 0.8
    why: order should not matter
"""


def check(metric: str = "position.consistency", bound: str = "lower", op: str = ">=", t: float = 0.8) -> Check:
    return Check(metric=metric, bound=bound, op=op, threshold=t, why="because")


def metrics_with(path: str, node: object) -> dict:
    section, key = path.split(".", 1)
    return {section: {key: node}}


# --- shipped policies -----------------------------------------------------------------------------------


def test_shipped_policies_load_and_the_strict_one_is_stricter() -> None:
    assert {"default", "strict"} <= set(shipped_policies())
    default, strict = load_policy("default"), load_policy("strict")
    assert default.version == strict.version == 1
    t = {c.metric: c.threshold for c in default.checks}
    s = {c.metric: c.threshold for c in strict.checks}
    assert t["position.consistency"] == 0.8 and s["position.consistency"] > 0.8
    assert s["verbosity.padding_flip_rate"] < t["verbosity.padding_flip_rate"]
    assert len(strict.checks) > len(default.checks)


def test_default_policy_holds_the_suggested_checks() -> None:
    got = {(c.metric, c.bound, c.op, c.threshold) for c in load_policy("default").checks}
    assert got == {
        ("position.consistency", "lower", ">=", 0.8),
        ("position.preference_fairness", "abs", "<=", 0.1),
        ("verbosity.padding_flip_rate", "upper", "<=", 0.15),
        ("verbosity.length_coef", "abs", "<=", 0.5),
        ("self_preference.eo_gap", "upper", "<=", 0.1),
        ("position.accuracy_both_orders", "lower", ">=", 0.5),
        ("position.extraction_success_rate", "value", ">=", 0.95),
        ("agreement.kappa", "lower", ">=", 0.4),
    }


def test_kappa_against_gold_is_gated_on_its_lower_bound_and_skipped_without_gold() -> None:
    """Cohen's kappa: moderate (0.4) in the default policy, substantial (0.6) in the strict one; n/a without gold."""
    default, strict = load_policy("default"), load_policy("strict")
    kappa = {p.name: next(c for c in p.checks if c.metric == "agreement.kappa") for p in (default, strict)}
    assert kappa["default"].threshold == 0.4 and kappa["strict"].threshold == 0.6
    pandalm_like = metrics_with("agreement.kappa", est(0.49, 0.44, 0.54, 974))  # gpt-3.5-turbo on PandaLM
    assert evaluate_check(kappa["default"], pandalm_like).status == "PASS"
    assert evaluate_check(kappa["strict"], pandalm_like).status == "FAIL"
    assert evaluate_check(kappa["default"], metrics_with("agreement.kappa", est(0.44, 0.38, 0.48))).status == (
        "INCONCLUSIVE"
    )
    no_gold = evaluate_check(kappa["default"], {"position": {"consistency": est(0.9, 0.85, 0.95)}})
    assert no_gold.status == "SKIPPED" and "agreement section was not computed" in no_gold.reason


def test_a_policy_file_loads(tmp_path: Path) -> None:
    p = load_policy(policy_file(tmp_path, ONE_CHECK))
    expected = Check(
        metric="position.consistency", bound="lower", op=">=", threshold=0.8, why="order should not matter"
    )
    assert p == Policy(name="t", version=1, checks=(expected,), description="", path=str(tmp_path / "policy.yaml"))


# --- malformed policies -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        (ONE_CHECK.replace("name: t", "name: t\nthresholds: 1"), "thresholds", "unknown key"),
        (ONE_CHECK.replace("    why:", "    severity: high\n    why:"), "checks[0].severity", "unknown key"),
        (ONE_CHECK.replace("position.consistency", "position.consistancy"), "checks[0].metric", "names no metric"),
        (ONE_CHECK.replace("position.consistency", "verbosity"), "checks[0].metric", "names no metric"),
        (ONE_CHECK.replace("bound: lower", "bound: middle"), "checks[0].bound", "must be one of"),
        (ONE_CHECK.replace('op: ">="', 'op: "<="'), "checks[0].op", "with bound 'lower'"),
        (ONE_CHECK.replace("threshold: 0.8", "threshold: high"), "checks[0].threshold", "must be a number"),
        (ONE_CHECK.replace("threshold: 0.8", "threshold: 1.5"), "checks[0].threshold", "outside the range"),
        (ONE_CHECK.replace("    why: order should not matter\n", ""), "checks[0].why", "required"),
        (ONE_CHECK.replace("version: 1", "version: 2"), "version", "must be one of"),
        ("version: 1\nchecks: []\n", "checks", "non-empty"),
        (ONE_CHECK + ONE_CHECK.split("checks:\n", 1)[1], "checks[1].metric", "duplicates checks[0]"),
    ],
)
def test_malformed_policy_names_file_and_field(tmp_path: Path, body: str, field: str, words: str) -> None:
    path = policy_file(tmp_path, body)
    with pytest.raises(InputError) as info:
        load_policy(path)
    assert info.value.field == field
    assert info.value.path == str(path)
    assert words in info.value.message
    assert str(path) in str(info.value)


def test_a_bad_check_is_located_by_line(tmp_path: Path) -> None:
    body = ONE_CHECK + '  - metric: nope.nothing\n    bound: value\n    op: ">="\n    threshold: 1\n    why: x\n'
    with pytest.raises(InputError) as info:
        load_policy(policy_file(tmp_path, body))
    assert info.value.line == 9 and info.value.field == "checks[1].metric"


def test_invalid_yaml_and_missing_file_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not valid YAML"):
        load_policy(policy_file(tmp_path, "version: 1\nchecks: [\n"))
    with pytest.raises(InputError, match="no such policy"):
        load_policy("no-such-policy")
    with pytest.raises(InputError):
        load_policy(tmp_path / "absent.yaml")


def test_joint_coefficients_are_valid_metric_paths(tmp_path: Path) -> None:
    body = (
        ONE_CHECK.replace("position.consistency", "joint.coefficients.first_slot")
        .replace("bound: lower", "bound: abs")
        .replace('">="', '"<="')
    )
    assert load_policy(policy_file(tmp_path, body)).checks[0].metric == "joint.coefficients.first_slot"


# --- decisions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bound", "op", "t", "ci", "status"),
    [
        ("lower", ">=", 0.8, (0.82, 0.9), "PASS"),
        ("lower", ">=", 0.8, (0.6, 0.75), "FAIL"),
        ("lower", ">=", 0.8, (0.72, 0.92), "INCONCLUSIVE"),
        ("upper", "<=", 0.15, (0.05, 0.12), "PASS"),
        ("upper", "<=", 0.15, (0.2, 0.3), "FAIL"),
        ("upper", "<=", 0.15, (0.1, 0.22), "INCONCLUSIVE"),
        ("abs", "<=", 0.1, (-0.08, 0.05), "PASS"),
        ("abs", "<=", 0.1, (-0.3, -0.15), "FAIL"),
        ("abs", "<=", 0.1, (0.12, 0.3), "FAIL"),
        ("abs", "<=", 0.1, (-0.05, 0.2), "INCONCLUSIVE"),
    ],
)
def test_interval_against_threshold(bound: str, op: str, t: float, ci: tuple[float, float], status: str) -> None:
    value = (ci[0] + ci[1]) / 2
    res = evaluate_check(
        check("position.preference_fairness", bound, op, t),
        metrics_with("position.preference_fairness", est(value, *ci)),
    )
    assert res.status == status
    assert (res.more_pairs_needed is not None) == (status == "INCONCLUSIVE")


def test_value_bound_uses_a_plain_number() -> None:
    c = check("position.extraction_success_rate", "value", ">=", 0.95)
    assert evaluate_check(c, {"position": {"extraction_success_rate": 0.99}}).status == "PASS"
    assert evaluate_check(c, {"position": {"extraction_success_rate": 0.9}}).status == "FAIL"


def test_absent_metric_is_skipped_with_the_reason() -> None:
    res = evaluate_check(check("self_preference.eo_gap", "upper", "<=", 0.1), {"self_preference": None})
    assert res.status == "SKIPPED" and "not computed" in res.reason
    res = evaluate_check(
        check(), {"position": {"consistency": {"value": None, "ci": [None, None], "n": 0, "note": "no pairs"}}}
    )
    assert res.status == "SKIPPED" and "no pairs" in res.reason
    assert evaluate_check(check(), {}).status == "SKIPPED"


def test_a_term_that_is_not_estimable_is_inconclusive_never_pass_or_fail() -> None:
    node = {
        "value": None,
        "ci": [None, None],
        "n": 8000,
        "p_value": None,
        "estimable": False,
        "note": "separation: first_slot determines every choice",
    }
    for bound, op, t in (("abs", "<=", 0.5), ("upper", "<=", 0.5), ("lower", ">=", -0.5)):
        res = evaluate_check(check("verbosity.length_coef", bound, op, t), metrics_with("verbosity.length_coef", node))
        assert res.status == "INCONCLUSIVE"
        assert res.reason.startswith("not estimable: separation")


def test_a_separated_fit_is_never_gated() -> None:
    # an "always first" judge with two exceptions in 8,000 verdicts: its length logit is not evidence
    import numpy as np

    from judgeaudit.stats import compute_metrics
    from judgeaudit.stats.simulate import simulate

    df = simulate(4000, seed=3)
    df["winner"] = np.where(df["order"] == "ab", "a", "b").astype(object)
    swapped = (df["len_b"] - df["len_a"]).where(df["order"] == "ab", df["len_a"] - df["len_b"]).sort_values()
    two = swapped.index[int(0.8 * len(swapped)) :][:2]  # the second slot wins where it is much longer
    df.loc[two, "winner"] = np.where(df.loc[two, "order"] == "ab", "b", "a")
    metrics = compute_metrics(df, n_boot=200)
    coef = metrics["verbosity"]["length_coef"]
    assert coef["value"] is None and coef["estimable"] is False
    res = {r.metric: r for r in evaluate(metrics, load_policy("default"))}["verbosity.length_coef"]
    assert res.status == "INCONCLUSIVE" and "not estimable" in res.reason


def test_every_interval_check_reports_its_minimum_detectable_effect() -> None:
    res = evaluate_check(check(), metrics_with("position.consistency", est(0.85, 0.75, 0.95, 100)))
    # half-width 0.1 on the threshold's side: SE 0.1 / 1.96, MDE (1.96 + 0.84) SE
    assert res.mde == pytest.approx(0.1 * (1.959964 + 0.841621) / 1.959964, rel=1e-4)
    assert "MDE 14%" in res.describe()
    assert (
        evaluate_check(
            check("position.extraction_success_rate", "value", ">=", 0.95),
            {"position": {"extraction_success_rate": 0.99}},
        ).mde
        is None
    )


def test_an_interval_too_wide_to_decide_says_how_many_pairs_would() -> None:
    res = evaluate_check(check(), metrics_with("position.consistency", est(0.85, 0.75, 0.95, 100)))
    assert res.status == "INCONCLUSIVE"
    assert res.reason == "inconclusive (underpowered): about 300 more pairs would decide it"


def test_an_absurdly_wide_interval_is_inconclusive_without_a_pair_count_or_mde() -> None:
    res = evaluate_check(check(), metrics_with("position.consistency", est(0.85, -1e308, 1e308, 100)))
    assert res.status == "INCONCLUSIVE" and res.more_pairs_needed is None and res.mde is None
    assert res.reason == "inconclusive: the interval is too wide for any practical number of pairs to decide it"


def test_estimate_without_interval_is_inconclusive_for_an_interval_bound() -> None:
    res = evaluate_check(check(), metrics_with("position.consistency", {"value": 0.9, "ci": [None, None], "n": 5}))
    assert res.status == "INCONCLUSIVE" and res.more_pairs_needed is None


def test_more_pairs_needed_follows_the_inverse_square_of_the_width() -> None:
    # value 0.85, lower half-width 0.1, threshold 0.8: the half-width must halve, so n must quadruple
    c = check()
    assert units_needed(c, 0.85, (0.75, 0.95), 100) == 400
    res = evaluate_check(c, metrics_with("position.consistency", est(0.85, 0.75, 0.95, 100)))
    assert res.more_units_needed == 300 and res.more_pairs_needed == 300
    # an estimate sitting on the threshold: no n decides it
    assert units_needed(c, 0.8, (0.7, 0.9), 100) is None


def test_more_pairs_converts_judgments_and_inconsistent_pairs() -> None:
    judged = evaluate_check(
        check("position.first_slot_rate", "upper", "<=", 0.6),
        metrics_with("position.first_slot_rate", est(0.55, 0.5, 0.65, 200)),
    )
    assert judged.unit == "judgments" and judged.more_pairs_needed == judged.more_units_needed // 2
    metrics = {"position": {"n_pairs": 100, "n_primacy": 15, "n_recency": 5, "primacy_share": est(0.75, 0.5, 0.9, 20)}}
    flips = evaluate_check(check("position.primacy_share", "upper", "<=", 0.8), metrics)
    assert flips.status == "INCONCLUSIVE"
    assert flips.more_pairs_needed == pytest.approx(flips.more_units_needed * 5, abs=5)


def test_plain_words_for_primacy() -> None:
    res = evaluate_check(
        check("position.primacy_share", "upper", "<=", 0.9),
        metrics_with("position.primacy_share", est(0.71, 0.6, 0.8, 42)),
    )
    assert res.words.startswith(
        "This judge picks the first-shown answer in 71% of the 42 pairs where it changes its mind"
    )


# --- exit codes -------------------------------------------------------------------------------------------------

PASSING = {
    "position": {
        "consistency": est(0.9, 0.85, 0.94),
        "preference_fairness": est(0.0, -0.05, 0.05),
        "accuracy_both_orders": est(0.8, 0.72, 0.86),
        "extraction_success_rate": 1.0,
    },
    "verbosity": {"padding_flip_rate": est(0.05, 0.02, 0.09), "length_coef": est(0.1, -0.2, 0.4)},
    "self_preference": {"eo_gap": est(0.0, -0.06, 0.06)},
    "agreement": {"kappa": est(0.7, 0.6, 0.8)},
}


def with_(path: str, node: object) -> dict:
    section, key = path.split(".", 1)
    return {**PASSING, section: {**PASSING[section], key: node}}


def test_exit_zero_when_every_check_passes() -> None:
    results = evaluate(PASSING, load_policy("default"))
    assert [r.status for r in results] == ["PASS"] * 8
    assert exit_code(results) == 0 and exit_code(results, strict=True) == 0


def test_exit_one_when_a_check_fails() -> None:
    results = evaluate(with_("position.consistency", est(0.6, 0.5, 0.7)), load_policy("default"))
    assert exit_code(results) == 1 and exit_code(results, strict=True) == 1


def test_inconclusive_passes_unless_strict() -> None:
    results = evaluate(with_("position.consistency", est(0.82, 0.7, 0.9)), load_policy("default"))
    assert "INCONCLUSIVE" in {r.status for r in results}
    assert exit_code(results) == 0
    assert exit_code(results, strict=True) == 1


def test_skipped_passes_unless_strict() -> None:
    metrics = {**PASSING, "self_preference": None}
    results = evaluate(metrics, load_policy("default"))
    assert "SKIPPED" in {r.status for r in results}
    assert exit_code(results) == 0
    assert exit_code(results, strict=True) == 1


def test_results_serialise_and_describe_themselves() -> None:
    results = evaluate(with_("position.consistency", est(0.82, 0.7, 0.9)), load_policy("default"))
    d = results[0].to_dict()
    assert {"status", "value", "ci", "n", "threshold", "more_pairs_needed", "metric", "rule", "why"} <= set(d)
    line = results[0].describe()
    assert line.startswith("INCONCLUSIVE") and "position.consistency" in line and "more pairs" in line


# --- the probes beyond the classic biases, through the simulated judge ------------------------------------

BEYOND_KEYS = {
    "position.repetition_stability",
    "robustness.fleiss_kappa",
    "robustness.template_dependence",
    "listwise.first_slot_share",
    "listwise.position_consistency",
    *(f"cues.{c}.{m}" for c in ("sycophancy", "bandwagon", "authority") for m in ("flip_excess", "robustness_rate")),
}


def simulated_metrics(
    items: list, probe: str, options: dict | None = None, *, mode: str | None = None, **planted: float
) -> dict:
    """metrics.json of one probe run on the simulated judge (plan → runner → backend → parser → statistics),
    every planted effect off except those named."""
    from judgeaudit.contracts.judgments import frame_from_rows
    from judgeaudit.probes.suites import ProbeSpec
    from judgeaudit.stats import compute_metrics

    _, rows, _ = run(simulated(mode, **planted), items, ProbeSpec(probe, options or {}))
    return compute_metrics(frame_from_rows(rows), n_boot=400)


def statuses(metrics: dict, prefix: str) -> dict[str, str]:
    strict = load_policy("strict")
    return {r.metric: r.status for r in evaluate(metrics, strict) if r.metric.startswith(prefix)}


def test_the_strict_policy_gates_every_probe_beyond_the_classic_biases() -> None:
    assert BEYOND_KEYS <= {c.metric for c in load_policy("strict").checks}
    assert not BEYOND_KEYS & {c.metric for c in load_policy("default").checks}


@pytest.mark.parametrize("cue", ["sycophancy", "authority", "my_own_cue"])
def test_any_cue_id_is_a_metric_path_but_a_misspelt_metric_is_not(tmp_path: Path, cue: str) -> None:
    body = (
        ONE_CHECK.replace("position.consistency", f"cues.{cue}.flip_excess")
        .replace("bound: lower", "bound: abs")
        .replace('">="', '"<="')
        .replace("0.8", "0.1")
    )
    assert load_policy(policy_file(tmp_path, body)).checks[0].metric == f"cues.{cue}.flip_excess"
    with pytest.raises(InputError, match="names no metric"):
        load_policy(policy_file(tmp_path, body.replace("flip_excess", "flip_exces")))


def test_a_judge_pulled_by_cues_fails_the_cue_checks_and_a_content_judge_passes() -> None:
    pulled = simulated_metrics(pairs(60), "cues", gold=1.5, cue=4.0)
    assert set(statuses(pulled, "cues.").values()) == {"FAIL"}
    steady = simulated_metrics(pairs(60), "cues", gold=50.0)
    assert set(statuses(steady, "cues.").values()) == {"PASS"}


def test_a_noisy_judge_no_cue_moves_passes_flip_excess_but_not_robustness() -> None:
    # the neutral insert is the control: sampling noise moves verdicts under both, so the excess is ~0,
    # while the robustness rate counts every changed verdict, noise included
    noisy = simulated_metrics(pairs(200), "cues", {"cues": ["sycophancy"]}, gold=1.5)
    got = statuses(noisy, "cues.sycophancy.")
    assert got == {"cues.sycophancy.flip_excess": "PASS", "cues.sycophancy.robustness_rate": "FAIL"}


def test_a_template_slot_shift_fails_the_robustness_checks_and_a_steady_judge_passes() -> None:
    shifted = simulated_metrics(pairs(60), "template", gold=2.0, template_position=4.0)
    assert statuses(shifted, "robustness.") == {
        "robustness.fleiss_kappa": "FAIL",
        "robustness.template_dependence": "FAIL",
    }
    steady = simulated_metrics(pairs(60), "template", gold=50.0)
    assert set(statuses(steady, "robustness.").values()) == {"PASS"}


def test_a_first_slot_bonus_fails_the_listwise_checks_and_a_content_judge_passes() -> None:
    primacy = simulated_metrics(gold_triads(40), "listwise", position=3.0, gold=1.0)
    assert statuses(primacy, "listwise.") == {
        "listwise.first_slot_share": "FAIL",
        "listwise.position_consistency": "FAIL",
    }
    content = simulated_metrics(gold_triads(40), "listwise", gold=50.0)
    assert statuses(content, "listwise.") == {
        "listwise.first_slot_share": "PASS",
        "listwise.position_consistency": "PASS",
    }


def test_sampling_noise_fails_repetition_stability_and_a_steady_judge_passes() -> None:
    coin = simulated_metrics(pairs(60), "position", {"repeats": 5, "temperature": 0.7}, mode="generate")
    assert statuses(coin, "position.repetition_stability") == {"position.repetition_stability": "FAIL"}
    steady = simulated_metrics(pairs(60), "position", {"repeats": 5, "temperature": 0.7}, mode="generate", gold=50.0)
    assert statuses(steady, "position.repetition_stability") == {"position.repetition_stability": "PASS"}


def test_a_run_without_those_probes_reports_their_checks_skipped_and_still_exits_zero() -> None:
    plain = simulated_metrics(pairs(60), "position", gold=50.0)
    results = {r.metric: r for r in evaluate(plain, load_policy("strict"))}
    for key in BEYOND_KEYS:
        assert results[key].status == "SKIPPED", key
    assert "the cues section was not computed" in results["cues.sycophancy.flip_excess"].reason
    assert "the listwise section was not computed" in results["listwise.first_slot_share"].reason
    assert "has no repetition_stability" in results["position.repetition_stability"].reason
    beyond = [r for r in results.values() if r.metric in BEYOND_KEYS]
    assert exit_code(beyond) == 0 and exit_code(beyond, strict=True) == 1
    # a cues run that lacks one cue skips that cue's checks, naming what is missing (60 items: at 20, a steady
    # judge's flip_excess interval is still ±16 points, too wide to pass a ±10-point check)
    one = simulated_metrics(pairs(60), "cues", {"cues": ["sycophancy"]}, gold=50.0)
    res = {r.metric: r for r in evaluate(one, load_policy("strict"))}
    assert res["cues.sycophancy.flip_excess"].status == "PASS"
    assert res["cues.authority.flip_excess"].status == "SKIPPED"
    assert "has no authority.flip_excess" in res["cues.authority.flip_excess"].reason
