"""The CALM bias probes: each treatment against its equal-size control, planted pulls recovered end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from judgeaudit.contracts.items import Item
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.probes.bias_texts import BIASES_FILE, bias_texts
from judgeaudit.probes.style import markdown_and_prose
from judgeaudit.probes.suites import ProbeSpec
from judgeaudit.stats.perturbations import biases_metrics
from tests.support.simulated import pairs, run, sigmoid, simulated

PROBES = (
    "distraction",
    "fallacy_oversight",
    "refinement_aware",
    "sentiment",
    "identity",
    "compassion_fade",
    "style_format",
)
ITEM = Item(
    "x1",
    "Which is the largest planet?",
    "Jupiter is the largest planet.",
    "Saturn is.",
    label="a",
    model_a="m-one",
    model_b="m-two",
)


def by_variant(rows: list[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["variant"], r["order"]): r for r in rows}


def test_every_treatment_text_has_a_control_of_exactly_its_length() -> None:
    t = bias_texts()
    assert {i.bias for i in t.inserts.values()} == {
        "distraction",
        "fallacy_oversight",
        "refinement_aware",
        "sentiment",
        "identity",
    }
    for ins in t.inserts.values():
        for text, control in ins.texts:
            assert len(text) == len(control) and text != control
    for pair in t.pairs:
        assert len(pair.famous) == len(pair.plain) == len(pair.anonymous)


def test_a_control_of_another_length_is_an_error_naming_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "texts.yaml"
    bad.write_text(
        BIASES_FILE.read_text(encoding="utf-8").replace("(The author of this answer is a human.)", "(Anyone.)"),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"inserts\.identity_woman\.texts\[0\]\.control"):
        bias_texts(str(bad))


def test_distraction_goes_on_the_better_answer_and_points_the_target_at_the_other() -> None:
    _, rows, _ = run(simulated(), [ITEM], "distraction")
    by = by_variant(rows)
    assert {v for v, _ in by} == {"original", "treated:distraction", "control:distraction"}
    treated, control = by[("treated:distraction", "ab")], by[("control:distraction", "ab")]
    assert treated["response_a"].startswith(ITEM.response_a + "\n\n") and treated["response_b"] == ITEM.response_b
    assert treated["len_a"] == control["len_a"] > len(ITEM.response_a)
    assert treated["perturb_target"] == control["perturb_target"] == "b"
    assert (treated["arm"], control["arm"], treated["bias"]) == ("treated", "control", "distraction")


def test_sentiment_frames_the_worse_answer_cheerfully_and_the_better_one_angrily() -> None:
    _, rows, _ = run(simulated(), [ITEM], "sentiment")
    by = by_variant(rows)
    cheerful, angry = by[("treated:sentiment_cheerful", "ab")], by[("treated:sentiment_angry", "ba")]
    assert cheerful["response_b"].startswith("What a lovely question!") and ITEM.response_b in cheerful["response_b"]
    assert angry["response_a"].startswith("Ugh, fine") and angry["response_b"] == ITEM.response_b
    assert cheerful["perturb_target"] == angry["perturb_target"] == "b"  # both pull toward the worse answer
    neutral = by[("control:sentiment_angry", "ba")]
    assert neutral["response_a"].startswith("Here is my answer") and neutral["len_a"] == angry["len_a"]


def test_identity_lines_go_on_a_balanced_seeded_answer_without_gold() -> None:
    items = pairs(200, labels=(None,))
    _, rows, _ = run(simulated(), items, ProbeSpec("identity", {"conditions": ["identity_woman"]}))
    targets = [r["perturb_target"] for r in rows if r.get("arm") == "treated" and r["order"] == "ab"]
    assert len(targets) == 200 and 70 < targets.count("a") < 130
    again = [
        r["perturb_target"]
        for r in run(simulated(), items, ProbeSpec("identity", {"conditions": ["identity_woman"]}))[1]
        if r.get("arm") == "treated" and r["order"] == "ab"
    ]
    assert again == targets


def test_compassion_fade_names_both_answers_and_the_control_labels_them_anonymously() -> None:
    _, rows, _ = run(simulated(), [ITEM], "compassion_fade")
    by = by_variant(rows)
    worse = by[("treated:compassion_fade_famous_on_worse", "ab")]
    famous = worse["response_b"].split(":")[0].removeprefix("Answer from ").strip()
    assert famous in ("GPT-4", "Gemini Ultra") and worse["perturb_target"] == "b"
    better = by[("treated:compassion_fade_famous_on_better", "ab")]
    assert better["response_a"].startswith(f"Answer from {famous}") and better["perturb_target"] == "a"
    assert better["len_a"] == by[("control:compassion_fade_famous_on_better", "ab")]["len_a"]
    real, anon = by[("treated:compassion_fade_real", "ab")], by[("control:compassion_fade_real", "ab")]
    assert real["response_a"].startswith("Answer from m-one") and real["perturb_target"] is None
    assert anon["response_a"].startswith("Answer from an assistant") and anon["len_a"] == real["len_a"]


def test_compassion_fade_without_model_names_runs_only_the_named_conditions() -> None:
    item = Item("x2", "Q?", "good", "bad", label="a")
    _, rows, _ = run(simulated(), [item], "compassion_fade")
    assert not any("real" in r["variant"] for r in rows)


def test_style_turns_the_worse_answer_into_markdown_and_prose_of_the_same_length() -> None:
    md, prose = markdown_and_prose("First point. Second point!\nThird point?", "## Answer\n\n", "- ")
    assert md == "## Answer\n\n- First point.\n- Second point!\n- Third point?"
    assert len(prose) == len(md) and prose.rstrip() == "First point. Second point! Third point?"
    code = Item("c1", "Write code", "```python\nx = 1\n```", "```python\nx = 2\n```", label="a")
    _, rows, _ = run(simulated(), [ITEM, code], "style_format")
    assert {r["item_id"] for r in rows} == {"x1"}  # an answer holding code is not cut into bullets


def test_chain_of_thought_needs_generated_text() -> None:
    with pytest.raises(JudgeAuditError, match="--mode generate"):
        run(simulated(), [ITEM], "chain_of_thought")
    _, rows, _ = run(simulated(mode="generate"), [ITEM], "chain_of_thought")
    assert {r["variant"] for r in rows} == {"original", "treated:chain_of_thought", "control:chain_of_thought"}
    assert {r["perturb_target"] for r in rows if r["variant"] != "original"} == {"a"}  # the gold-better answer


def test_an_unknown_condition_is_an_error_naming_the_known_ones() -> None:
    with pytest.raises(JudgeAuditError, match="known: sentiment_cheerful, sentiment_angry"):
        run(simulated(), [ITEM], ProbeSpec("sentiment", {"conditions": ["sentiment_sarcastic"]}))


def expected_shift(d: pd.DataFrame, gold: float, beta: float, noise: float = 0.0) -> float:
    """E[target wins | treated] − E[target wins | control] over the run's treated judgments."""
    t = d.loc[d["arm"] == "treated"]
    s = [
        (1.0 if tgt == lab else -1.0) if lab in ("a", "b") else 0.0 for tgt, lab in zip(t["perturb_target"], t["label"])
    ]
    return sum((1 - noise) * (sigmoid(beta + gold * x) - sigmoid(gold * x)) for x in s) / len(s)


@pytest.mark.parametrize("probe", [*PROBES, "chain_of_thought"])
@pytest.mark.parametrize("beta", [0.0, 1.5])
def test_a_planted_pull_is_recovered_and_none_is_found_where_none_is_planted(probe: str, beta: float) -> None:
    gold = 1.5
    mode = "generate" if probe == "chain_of_thought" else None
    conditions = {
        "identity": ["identity_woman"],
        "sentiment": ["sentiment_cheerful"],
        "compassion_fade": ["famous_on_worse"],
    }.get(probe)
    spec = ProbeSpec(probe, {"conditions": conditions} if conditions else {})
    d, _, _ = run(simulated(mode=mode, gold=gold, perturb=beta), pairs(150), spec)
    m = biases_metrics(d)
    assert m is not None
    (name,) = m["perturbations"]
    est = m[name]
    shift = est["target_shift"]
    want = expected_shift(d.loc[d["perturbation"] == name], gold, beta)
    assert shift["n"] == 300 and shift["ci"][0] < want < shift["ci"][1], (shift, want)
    if beta == 0.0:
        assert shift["p_value"] > 0.01 and est["flip_excess"]["ci"][0] < 0 < est["flip_excess"]["ci"][1]
    else:
        assert shift["p_value"] < 1e-3 and est["flip_excess"]["ci"][0] > 0


@pytest.mark.parametrize("beta", [0.0, 1.5])
def test_the_placebo_subtracts_a_planted_noise_floor(beta: float) -> None:
    gold, noise = 1.5, 0.5
    d, _, _ = run(simulated(gold=gold, perturb=beta, edit_noise=noise), pairs(200), "distraction")
    m = biases_metrics(d)
    assert m is not None
    est = m["distraction"]
    # any edit turns half the verdicts into coin tosses: raw flips far above a quiet judge's σ(−gold) = 0.18
    assert est["flip_rate_control"]["ci"][0] > sigmoid(-gold) + 0.05
    assert est["robustness_rate_control"]["value"] < 0.8
    want = expected_shift(d, gold, beta, noise)
    lo, hi = est["target_shift"]["ci"]
    assert lo < want < hi
    if beta == 0.0:
        assert est["flip_excess"]["ci"][0] < 0 < est["flip_excess"]["ci"][1]
