from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from judgeaudit.errors import JudgeAuditError
from judgeaudit.probes.grader_probes import override_pairs
from judgeaudit.runner.plan import SuiteSelection
from tests.support.graders import answers, graded, grader, starter_answers
from tests.support.simulated import pairs, run, simulated


def test_the_starter_suite_gives_every_arm_its_matched_control() -> None:
    items = starter_answers()
    _, rows = graded(grader(), items, "grader_known", "grader_override", "grader_polarity", "grader_padding")
    arms = Counter((r["grade_arm"], r["format"]) for r in rows)
    n_wrong = sum(a.label == "fail" for a in items)
    assert arms == {
        ("original", "grader-passfail"): len(items),  # grader_known's grades, shared with grader_polarity
        ("override", "grader-passfail"): n_wrong,
        ("neutral", "grader-passfail"): n_wrong,
        ("negated", "grader-passfail"): len(items),
        ("original", "grader-rubric5"): len(items),
        ("padded", "grader-rubric5"): 2 * len(items),
    }
    by_item = {(r["item_id"], r["grade_arm"]): r for r in rows if r["grade_arm"] in ("override", "neutral")}
    for (item, arm), row in by_item.items():
        if arm == "override":  # the neutral control is exactly as long as the override
            assert row["len_answer"] == by_item[(item, "neutral")]["len_answer"]
    negated = [r for r in rows if r["grade_arm"] == "negated"]
    assert all(r["polarity"] == -1 and r["criterion"] != items[0].criterion for r in negated[:1])


def test_override_texts_are_paired_with_neutral_sentences_of_the_same_length() -> None:
    pairs_ = override_pairs()
    assert len(pairs_) >= 3 and all(len(o) == len(n) and o != n for o, n in pairs_.values())


def test_a_pair_probe_on_single_answers_and_a_grader_probe_on_pairs_are_errors() -> None:
    with pytest.raises(JudgeAuditError, match="judges pairs, but the data holds single answers"):
        graded(grader(), answers(4), "position")
    with pytest.raises(JudgeAuditError, match="grades single answers"):
        run(simulated(), pairs(4), "grader_known")


def test_data_of_single_answers_runs_grader_known_by_default(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text("\n".join(json.dumps(a.to_dict()) for a in answers(6)) + "\n")
    (work,) = SuiteSelection(data=path).load()
    assert [p.name for p in work.probes] == ["grader_known"] and len(work.items) == 6
    (sampled,) = SuiteSelection(data=path, limit=4).load()
    assert {a.label for a in sampled.items} == {"pass", "fail"} and len(sampled.items) == 4


def test_sampled_repeats_of_a_generate_grader_differ_only_at_temperature() -> None:
    from judgeaudit.judges.grader import load_grader_format
    from judgeaudit.probes.grading import grade_task

    fmt, answer = load_grader_format("grader-rubric5"), answers(1)[0]
    judge = grader("generate")
    greedy = [grade_task(judge, answer, fmt, probe_name="t", suite="t", repeat=r) for r in range(3)]
    sampled = [grade_task(judge, answer, fmt, probe_name="t", suite="t", repeat=r, temperature=1.0) for r in range(3)]
    assert len({t.requests[0].digest() for t in greedy}) == 1
    assert len({t.requests[0].digest() for t in sampled}) == 3


def test_the_reference_probe_shows_no_reference_the_correct_one_and_the_wrong_one() -> None:
    items = starter_answers()[:4]
    _, rows = graded(grader(), items, "grader_reference")
    by_arm = {(r["item_id"], r["grade_arm"]): r for r in rows}
    assert len(rows) == 3 * len(items)
    for a in items:
        assert "reference" not in by_arm[(a.id, "no_reference")]
        assert by_arm[(a.id, "correct_reference")]["reference"] == a.meta["correct_reference"]
        assert by_arm[(a.id, "wrong_reference")]["reference"] == a.meta["wrong_reference"]


def test_the_repeats_probe_grades_each_answer_k_times_and_refuses_fewer_than_two() -> None:
    from judgeaudit.probes.suites import ProbeSpec

    _, rows = graded(grader("generate"), answers(3), ProbeSpec("grader_repeats", {"k": 4}))
    assert sorted((r["item_id"], r["repeat"]) for r in rows) == [(f"s{i}", k) for i in range(3) for k in range(4)]
    assert all(r["sampled"] and r["temperature"] == 0.7 for r in rows)
    with pytest.raises(JudgeAuditError, match="k must be at least 2"):
        graded(grader(), answers(3), ProbeSpec("grader_repeats", {"k": 1}))


def test_grader_scale_grades_each_answer_under_every_format_the_mode_can_run_and_names_the_rest() -> None:
    from judgeaudit.probes.suites import ProbeSpec

    _, rows = graded(grader(), answers(3), "grader_scale")
    formats = Counter(r["format"] for r in rows)
    assert formats == {
        f: 3 for f in ("grader-rubric5", "grader-rubric5-reversed", "grader-letters", "grader-letters-reversed")
    }
    assert {r["grade_arm"] for r in rows} == {"scale"} and all(r["scale_reference"] == "grader-rubric5" for r in rows)
    assert all(r["scale_skipped"] == ["grader-mtbench-single"] for r in rows)
    _, gen = graded(grader("generate"), answers(2), "grader_scale")
    assert {r["format"] for r in gen} >= {"grader-mtbench-single"} and all(r["scale_skipped"] == [] for r in gen)
    with pytest.raises(JudgeAuditError, match="needs the reference"):
        graded(
            grader(), answers(2), ProbeSpec("grader_scale", {"formats": ["grader-mtbench-single", "grader-rubric5"]})
        )


def test_the_reversed_formats_list_the_same_levels_in_the_other_order() -> None:
    from judgeaudit.judges.grader import load_grader_format

    fwd, rev = load_grader_format("grader-rubric5"), load_grader_format("grader-rubric5-reversed")
    levels = [line for line in fwd.prompt.defaults["rubric"].splitlines() if line.startswith("Score")]
    assert [line for line in rev.prompt.defaults["rubric"].splitlines() if line.startswith("Score")] == levels[::-1]
    assert (fwd.values, fwd.passing, fwd.scale) == (rev.values, rev.passing, rev.scale)
