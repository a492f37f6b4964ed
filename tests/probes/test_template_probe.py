"""The template probe: paraphrases and formatting variants of the pairwise prompt, read back right."""

from __future__ import annotations

import pytest

from judgeaudit.errors import JudgeAuditError
from judgeaudit.judges.parsers import parse_letter
from judgeaudit.judges.spec import load_format
from judgeaudit.probes.suites import ProbeSpec
from judgeaudit.probes.template import template_sets, templates_for
from judgeaudit.stats.robustness import robustness_metrics
from tests.support.simulated import pairs, run, sigmoid, simulated

BASE_TEXT = load_format("generic-pairwise").user


def test_the_sets_hold_fourteen_variants_paraphrases_formats_and_instruction_orders() -> None:
    sets = template_sets()
    assert len(sets["paraphrase"]) == 5 and len(sets["format"]) == 3
    assert {len(sets[s]) for s in ("paraphrase2", "format2", "order")} == {2}
    judge = simulated()
    chosen = templates_for(judge)
    assert chosen[0] == ("generic-pairwise", "base") and len(chosen) == 15
    assert len({fid for fid, _ in chosen}) == 15  # no variant repeats another or the base


def test_the_shipped_template_suites_keep_the_nine_templates_they_were_measured_with() -> None:
    from judgeaudit.probes.suites import get_suite

    for name in ("template-starter", "template-llmbar"):
        (spec,) = get_suite(name).probes
        assert len(templates_for(simulated(), spec.options["sets"])) == 9


@pytest.mark.parametrize("fid", [f for ids in template_sets().values() for f in ids])
def test_every_template_keeps_the_slots_and_is_not_the_base_prompt(fid: str) -> None:
    fmt = load_format(fid)
    assert fmt.mode == "pairwise" and fmt.parser == "letter"
    for slot in ("{instruction}", "{response_first}", "{response_second}"):
        assert fmt.user.count(slot) == 1
    assert fmt.user != BASE_TEXT
    first, second = fmt.labels
    assert f"Response {first}" in fmt.user and f"Response {second}" in fmt.user


def test_paraphrases_keep_the_criteria_and_the_instructions_order_variant_only_moves_them() -> None:
    meaning = [
        ("correct", "accurate"),
        ("helpful", "useful"),
        ("faithful", "follows", "closely"),
        ("order", "position", "where a response appears", "comes first"),
        ("length", "long"),
    ]
    for fid in (*template_sets()["paraphrase"], *template_sets()["paraphrase2"]):
        text = load_format(fid).user.lower()
        assert all(any(word in text for word in words) for words in meaning), fid
    swapped = load_format("generic-pairwise-swapped").user
    assert swapped.index("{response_second}") < swapped.index("Compare the two responses")
    assert sorted(swapped.split()) == sorted(
        (
            BASE_TEXT.replace(
                "Compare two responses to the user's instruction",
                "Compare the two responses above to the user's instruction",
            )
        ).split()
    )


@pytest.mark.parametrize(
    ("text", "labels", "expected"),
    [
        ("[[A]]", ("A", "B", "tie"), "A"),
        ("My verdict: [[B]]", ("A", "B", "tie"), "B"),
        ("[[2]]", ("1", "2", "tie"), "2"),
        ("Response 1 is better.", ("1", "2", "tie"), "1"),
        ("2", ("1", "2", "tie"), "2"),
    ],
)
def test_the_letter_parser_reads_the_formatting_variants(text: str, labels: tuple[str, ...], expected: str) -> None:
    assert parse_letter(text, labels) == expected


def test_rows_name_the_template_and_the_base_prompt_is_the_position_probes_request() -> None:
    judge = simulated(gold=1.0)
    d, rows, counters = run(judge, pairs(4), "position", "template")
    tpl = [r for r in rows if r["probe"] == "template"]
    assert len(tpl) == 4 * 2 * 15
    assert {r["variant"] for r in tpl} == {f"template:{f}" for f, _ in templates_for(judge)}
    assert all(r["variant"] == f"template:{r['template']}" for r in tpl)
    # the base template's 8 requests are the position probe's: judged once
    assert counters["unique_requests"] == counters["requests"] - 8
    base = {(r["item_id"], r["order"]): r["winner"] for r in tpl if r["template_set"] == "base"}
    orig = {(r["item_id"], r["order"]): r["winner"] for r in rows if r["probe"] == "position"}
    assert base == orig


def test_relabelled_slots_are_read_with_their_own_labels() -> None:
    judge = simulated(gold=50.0)  # always the gold response: any misreading shows as an error
    d, rows, _ = run(judge, pairs(6), ProbeSpec("template", {"templates": ["generic-pairwise-numbers"]}))
    numbers = [r for r in rows if r["template"] == "generic-pairwise-numbers"]
    assert all(r["raw"] in ("[RESULT] 1", "[RESULT] 2") for r in numbers)
    assert all(r["winner"] == r["label"] for r in numbers)


def test_a_judge_that_always_picks_gold_is_perfectly_robust() -> None:
    d, _, _ = run(simulated(gold=50.0), pairs(10), "template")
    m = robustness_metrics(d, n_boot=200)
    assert m is not None and m["n_unparsed"] == 0
    assert m["fleiss_kappa"]["value"] == 1.0 and m["fleiss_kappa"]["n"] == 20
    assert m["template_dependence"]["value"] == 0.0
    assert m["accuracy_spread"]["value"] == 0.0
    for t in m["per_template"].values():
        assert t["accuracy"]["value"] == 1.0 and t["first_slot_rate"]["value"] == 0.5


def test_a_planted_template_position_shift_is_recovered_per_template() -> None:
    beta = 1.2
    d, _, _ = run(
        simulated(template_position=beta),
        pairs(150),
        ProbeSpec("template", {"templates": ["generic-pairwise-p1", "generic-pairwise-numbers"]}),
    )
    m = robustness_metrics(d, n_boot=500)
    base, p1, num = (
        m["per_template"][t]["first_slot_rate"]
        for t in ("generic-pairwise", "generic-pairwise-p1", "generic-pairwise-numbers")
    )
    assert base["ci"][0] < 0.5 < base["ci"][1]
    for est in (p1, num):
        assert est["ci"][0] < sigmoid(beta) < est["ci"][1]
        assert est["p_value"] < 1e-6


def test_verdicts_drawn_independently_per_template_agree_only_by_chance() -> None:
    d, _, _ = run(simulated(), pairs(120), ProbeSpec("template", {"sets": ["paraphrase"]}))
    m = robustness_metrics(d, n_boot=500)
    lo, hi = m["fleiss_kappa"]["ci"]
    assert lo < 0.0 < hi and abs(m["fleiss_kappa"]["value"]) < 0.05
    # six coin flips per subject, two subjects per item: all agree with probability 2 * 2^-6 per subject
    assert m["template_dependence"]["value"] > 0.9


def test_a_likelihood_judge_is_refused_and_an_unknown_set_named() -> None:
    class Likelihood:
        mode = "likelihood"

    with pytest.raises(JudgeAuditError, match="likelihood"):
        from judgeaudit.probes.template import template

        template(Likelihood(), pairs(1), suite="t")
    with pytest.raises(JudgeAuditError, match="nope"):
        templates_for(simulated(), sets=["nope"])
