"""``import generic --option mode=grade``: recorded single-answer grades through a column mapping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.errors import InputErrors, JudgeAuditError
from judgeaudit.importers import import_judgments

MAP = {"item_id": "aid", "instruction": "q", "response": "ans", "model": "who", "judge": "grader", "score": "s"}


def write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text("aid,q,ans,who,grader,s,why,gold\n" + "\n".join(lines) + "\n")
    return path


def test_csv_scores_with_a_threshold_and_unread_grades(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "g.csv",
        [
            "1,What is 2+2?,4,m1,j1,9,right,pass",
            "2,What is 3+3?,7,m1,j1,2,wrong,fail",
            "3,What is 1+1?,2,m2,j1,,no grade,pass",
            "4,What is 5+5?,10,m2,j1,-1,unparsed,pass",
        ],
    )
    opts = {"mode": "grade", "map": {**MAP, "raw": "why", "label": "gold"}, "scale": [1, 10], "pass_at": 7}
    rows = import_judgments("generic", [path], {**opts, "unread": [-1]}).rows
    assert [r["mode"] for r in rows] == ["grade"] * 4
    assert [r["score"] for r in rows] == [9.0, 2.0, None, None]
    assert [r["passed"] for r in rows] == [True, False, None, None]
    assert [r["label"] for r in rows] == ["pass", "fail", "pass", "pass"]
    assert rows[3]["raw"] == "unparsed" and rows[2]["raw"] == "no grade"  # unread, kept with its text
    first = rows[0]
    assert first["item_id"] == "1" and first["answer"] == "4" and first["len_answer"] == 1 and first["model"] == "m1"
    assert first["score_scale"] == [1.0, 10.0] and first["grade"] == "9" and first["variant"] == "original:recorded"
    assert first["judge"] == "j1" and first["grade_arm"] == "original" and "why" not in first


def test_pass_fail_only_and_a_scale_column(tmp_path: Path) -> None:
    lines = [
        {"answer_id": "a1", "verdict": "PASS", "judge": "g"},
        {"answer_id": "a2", "verdict": "no", "judge": "g"},
        {"answer_id": "a3", "verdict": "pass", "score": 4, "scale": "1-5", "judge": "g"},
    ]
    path = tmp_path / "g.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    rows = import_judgments(
        "generic", [path], {"mode": "grade", "map": {"answer_id": "answer_id", "pass": "verdict"}}
    ).rows
    assert [(r["score"], r["passed"], r["score_scale"]) for r in rows] == [
        (1.0, True, [0.0, 1.0]),
        (0.0, False, [0.0, 1.0]),
        (4.0, True, [1.0, 5.0]),
    ]


def test_bad_rows_are_located_and_the_rest_imported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        [
            "1,q,a,m,j1,9,ok,pass",
            "2,q,a,m,j1,high,x,pass",  # line 3: not a number
            "3,q,a,m,j1,11,x,pass",  # line 4: off the scale
            ",q,a,m,j1,5,x,pass",  # line 5: no answer id
            "5,q,a,m,,5,x,pass",  # line 6: no grader
            "6,q,a,m,j1,5,x,maybe",  # line 7: a label that is not pass/fail
        ],
    )
    result = import_judgments("generic", [path], {"mode": "grade", "map": {**MAP, "label": "gold"}, "scale": [1, 10]})
    assert [r["item_id"] for r in result.rows] == ["1"]
    located = [(e.line, e.field) for e in result.skipped]
    assert located == [(3, "score"), (4, "score"), (5, "item_id"), (6, "judge"), (7, "label")]
    assert "record it as unread with --value score:high=" in str(result.skipped[0])


def test_a_score_without_a_scale_and_bad_options_are_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "g.csv", ["1,q,a,m,j1,9,ok,pass"])
    with pytest.raises(InputErrors) as info:
        import_judgments("generic", [path], {"mode": "grade", "map": MAP})
    assert "scale" in str(info.value)
    with pytest.raises(JudgeAuditError, match="scale must be"):
        import_judgments("generic", [path], {"mode": "grade", "map": MAP, "scale": [5, 1]})
    with pytest.raises(JudgeAuditError, match="mode must be"):
        import_judgments("generic", [path], {"mode": "grades", "map": MAP})


def test_source_columns_never_overwrite_the_grade_rows_own_fields(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(
        json.dumps({"item_id": "a1", "judge": "g", "passed": "yes", "mode": "pairwise", "note": "kept"}) + "\n"
    )
    (row,) = import_judgments("generic", [path], {"mode": "grade"}).rows
    assert row["mode"] == "grade" and row["note"] == "kept" and row["passed"] is True
