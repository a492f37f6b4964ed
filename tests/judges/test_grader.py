from __future__ import annotations

import math
from pathlib import Path

import pytest

from judgeaudit.backends.base import Result
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.judges.grader import grade_request, load_grader_format, read_grade
from judgeaudit.judges.spec import FORMATS_DIR
from tests.support.graders import grader

SHIPPED = sorted(p.stem for p in FORMATS_DIR.glob("grader-*.yaml"))


def test_every_shipped_grader_format_gives_each_label_a_value_on_its_scale() -> None:
    assert {"grader-passfail", "grader-rubric5", "grader-mtbench-single", "grader-letters"} <= set(SHIPPED)
    for name in SHIPPED:
        fmt = load_grader_format(name)
        lo, hi = fmt.scale
        assert len(fmt.values) == len(fmt.prompt.labels) and all(lo <= v <= hi for v in fmt.values), name
        assert set(fmt.passing) <= set(fmt.prompt.labels), name
        # the text renders with the slots an answer gives, with and without a reference
        for reference in (None, "ref"):
            _, user = fmt.prompt.render({"instruction": "q?", "response": "r.", "reference": reference})
            assert "q?" in user and "r." in user


def test_logprob_grades_give_the_argmax_grade_the_expected_score_and_the_pass_probability() -> None:
    fmt = load_grader_format("grader-letters")
    lps = {"A": math.log(0.1), "B": math.log(0.5), "C": math.log(0.2), "D": math.log(0.1), "E": math.log(0.1)}
    out = read_grade(fmt, [Result(choice_logprobs=lps)])
    assert (out["grade"], out["score"], out["passed"]) == ("B", 4.0, True)
    assert out["score_expected"] == pytest.approx(0.1 * 5 + 0.5 * 4 + 0.2 * 3 + 0.1 * 2 + 0.1 * 1)
    assert out["p_pass"] == pytest.approx(0.6)


def test_generated_grades_are_parsed_and_an_unreadable_or_failed_one_stays_null() -> None:
    fmt = load_grader_format("grader-mtbench-single")
    assert read_grade(fmt, [Result(text="Fine answer. Rating: [[10]]")])["score"] == 10.0
    assert read_grade(fmt, [Result(text="Rating: [[7]]")])["passed"] is True
    unread = read_grade(fmt, [Result(text="I would not grade this.")])
    assert (unread["grade"], unread["score"], unread["passed"]) == (None, None, None)
    failed = read_grade(fmt, [Result(error="server down")])
    assert failed["score"] is None and failed["raw"].startswith("[backend error]")
    yes_no = load_grader_format("grader-passfail")
    assert read_grade(yes_no, [Result(text="No. The capital is Canberra.")])["passed"] is False


def test_a_bad_grader_format_is_an_error_naming_its_field(tmp_path: Path) -> None:
    text = (FORMATS_DIR / "grader-letters.yaml").read_text().replace("values: [5, 4, 3, 2, 1]", "values: [5, 4]")
    (tmp_path / "bad.yaml").write_text(text)
    (tmp_path / "grader-letters.txt").write_text("{instruction} {response}")
    (tmp_path / "grader-letters-ref.txt").write_text("{instruction} {reference} {response}")
    (tmp_path / "generic-system.txt").write_text("system")
    with pytest.raises(InputError, match="values"):
        load_grader_format(str(tmp_path / "bad.yaml"))
    with pytest.raises(JudgeAuditError, match="not a grade format"):
        load_grader_format("generic-score")


def test_a_likelihood_judge_cannot_answer_a_grading_prompt() -> None:
    fmt = load_grader_format("grader-passfail")
    judge = grader("likelihood")
    with pytest.raises(JudgeAuditError, match="likelihood judge"):
        grade_request(judge, fmt, {"instruction": "q", "response": "r"}, {})


def test_generate_only_formats_refuse_logprob_mode() -> None:
    with pytest.raises(JudgeAuditError, match="generate"):
        grade_request(grader(), load_grader_format("grader-mtbench-single"), {"instruction": "q", "response": "r"}, {})
