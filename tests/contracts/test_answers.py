from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.contracts.answers import is_answers_file, load_answers, load_data
from judgeaudit.contracts.items import Item
from judgeaudit.errors import InputErrors
from tests.support.paths import REPO


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


def test_the_starter_grader_suite_is_an_answers_file_of_labelled_answers() -> None:
    path = REPO / "probes" / "data" / "graders-starter.jsonl"
    answers = load_answers(path)
    assert is_answers_file(path) and len(answers) >= 80
    assert {a.label for a in answers} == {"pass", "fail"}
    assert all(a.criterion and isinstance(a.meta.get("negated_criterion"), str) for a in answers)


def test_pass_fail_and_gold_score_labels_are_read(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "a.jsonl",
        [
            {"id": 1, "instruction": "q", "response": "r", "label": "PASS", "criterion": "c", "model": "m"},
            {"id": "2", "instruction": "q", "response": "r", "label": 4, "scale": [1, 5], "rubric": "1-5"},
            {"id": "3", "instruction": "q", "response": "r", "variant_of": "2", "perturbation": "pad", "x": 1},
        ],
    )
    one, two, three = load_answers(path)
    assert (one.id, one.label, one.gold_score, one.model) == ("1", "pass", None, "m")
    assert (two.label, two.gold_score, two.scale) == (None, 4.0, (1.0, 5.0))
    assert three.meta == {"variant_of": "2", "perturbation": "pad", "x": 1}
    assert two.to_dict()["label"] == 4.0 and two.to_dict()["scale"] == [1.0, 5.0]


def test_every_bad_answer_row_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    ok = {"id": "ok", "instruction": "q", "response": "r"}
    rows: list[object] = [
        ok,
        {"id": "a", "instruction": "q"},
        {"id": "b", "instruction": "q", "response": "r", "label": "good"},
        {"id": "c", "instruction": "q", "response": "r", "label": 7, "scale": [1, 5]},
        {"id": "d", "instruction": "q", "response": "r", "label": 3},
        {"id": "e", "instruction": "q", "response": "r", "criterion": "x", "rubric": "y"},
        {"id": "f", "instruction": "q", "response": "r", "variant_of": "nope", "perturbation": "p"},
        {"id": "g", "instruction": "q", "response": "r", "perturbation": "p"},
        {"id": "h", "instruction": "q", "response": "r", "scale": [1, 5]},
        ok,
    ]
    path = _write(tmp_path / "bad.jsonl", rows)
    with pytest.raises(InputErrors) as exc:
        load_answers(path)
    found = {(e.line, e.field) for e in exc.value.errors}
    assert found == {
        (2, "response"),
        (3, "label"),
        (4, "label"),
        (5, "scale"),
        (6, "rubric"),
        (7, "variant_of"),
        (8, "variant_of"),
        (9, "scale"),
        (10, "id"),
    }
    assert f"{path}:4: field 'label'" in str(exc.value)


def test_load_data_tells_pairs_from_answers(tmp_path: Path, pairs_file: Path) -> None:
    answers = _write(tmp_path / "a.jsonl", [{"id": "1", "instruction": "q", "response": "r"}])
    assert not is_answers_file(pairs_file)
    assert all(isinstance(it, Item) for it in load_data(pairs_file))
    assert [a.id for a in load_data(answers)] == ["1"]


def test_gold_pairs_become_known_good_and_known_wrong_answers() -> None:
    from judgeaudit.contracts.answers import answers_from_pairs
    from judgeaudit.contracts.items import Item

    pairs = [
        Item("p1", "Say hi", "hi", "bye", label="b", model_a="m1", model_b="m2", reference="hi", rubric="r"),
        Item("p2", "Say yo", "yo", "no", label="tie"),
        Item("p3", "Say ok", "ok", "ko"),
        Item("p4", "Say hi", "hello", "bye", label="a"),  # "bye" dispreferred here, preferred in p1: no verdict
        Item("p5", "Say hi", "hi", "ciao", label="b"),  # "hi" dispreferred again: kept once
    ]
    got = answers_from_pairs(pairs)
    assert [(a.id, a.response, a.label) for a in got] == [
        ("p1:a", "hi", "fail"),
        ("p4:a", "hello", "pass"),
        ("p5:b", "ciao", "pass"),
    ]
    first = got[0]
    assert first.model == "m1" and first.reference == "hi" and first.rubric == "r" and first.meta["pair"] == "p1"
