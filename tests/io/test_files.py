"""Reading data files: every problem an InputError at its file, line and key; every bad row reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from judgeaudit.errors import InputError, InputErrors
from judgeaudit.io.files import (
    finite_number,
    iter_json_records,
    read_json,
    read_json_lines,
    read_yaml,
    read_yaml_mapping,
)


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_a_yaml_mapping_comes_back_with_its_keys_checked(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", "name: x\nversion: 1\n")
    assert read_yaml_mapping(path, allowed={"name", "version"}, required=("name",)) == {"name": "x", "version": 1}


def test_a_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", "name: x\nprobes: [a, b\nversion: 1\n")
    with pytest.raises(InputError, match="not valid YAML") as info:
        read_yaml_mapping(path, allowed={"name", "probes", "version"})
    assert info.value.path == str(path) and info.value.line == 3


def test_an_unknown_key_names_its_line_and_the_allowed_keys(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", "name: x\n\nverison: 1\n")
    with pytest.raises(InputError, match=r"unknown key \(allowed: name, version\)") as info:
        read_yaml_mapping(path, allowed={"name", "version"})
    assert (info.value.line, info.value.field) == (3, "verison")


def test_a_missing_required_key_and_a_non_mapping_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="required key is missing") as info:
        read_yaml_mapping(write(tmp_path / "a.yaml", "name: x\n"), allowed={"name", "version"}, required=("version",))
    assert info.value.field == "version"
    with pytest.raises(InputError, match="expected a YAML mapping"):
        read_yaml_mapping(write(tmp_path / "b.yaml", "- just\n- a list\n"), allowed={"name"})
    with pytest.raises(InputError, match="expected a YAML mapping"):
        read_yaml_mapping(write(tmp_path / "c.yaml", ""), allowed={"name"})


def test_nested_keys_are_checked_and_located(tmp_path: Path) -> None:
    doc = read_yaml(
        write(tmp_path / "f.yaml", "model:\n  hf_id: x\n  revison: main\nchecks:\n  - a\n  - b\n"),
        allowed={"model", "checks"},
    )
    assert doc.line("checks", 1) == 6 and doc.line("model", "hf_id") == 2
    assert doc.line("model", "absent") == 1  # the deepest parent that exists
    with pytest.raises(InputError) as info:
        doc.check_keys(doc.data["model"], {"hf_id", "revision"}, "model")
    assert (info.value.line, info.value.field) == (3, "model.revison")


def test_bytes_that_are_not_utf8_are_an_error_at_their_line(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", b"name: x\ndescription: caf\xe9\n")
    with pytest.raises(InputError, match=r"not valid UTF-8 \(byte 0xe9 at column 17\)") as info:
        read_yaml_mapping(path, allowed={"name", "description"})
    assert info.value.line == 2


def test_yaml_may_start_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = write(tmp_path / "f.yaml", b"\xef\xbb\xbfname: x\n")
    assert read_yaml_mapping(path, allowed={"name"}) == {"name": "x"}


def test_a_missing_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_yaml_mapping(tmp_path / "absent.yaml", allowed={"name"})


def test_json_lines_report_every_bad_row_and_read_on(tmp_path: Path) -> None:
    path = write(tmp_path / "f.jsonl", b'{"a": 1}\n{"a": \n\n{"a": "\xff"}\n{"a": 4}\n')
    problems: list[InputError] = []
    records = list(iter_json_records(path, problems))
    assert records == [(1, {"a": 1}), (5, {"a": 4})]
    assert [(p.line, p.message.split(" (")[0]) for p in problems] == [(2, "not valid JSON"), (4, "not valid UTF-8")]


def test_a_json_lines_file_with_a_byte_order_mark_says_how_to_save_it(tmp_path: Path) -> None:
    problems: list[InputError] = []
    records = list(iter_json_records(write(tmp_path / "f.jsonl", b'\xef\xbb\xbf{"a": 1}\n{"a": 2}\n'), problems))
    assert records == [(2, {"a": 2})]
    assert problems[0].line == 1 and "byte-order mark" in problems[0].message


def test_a_line_separator_inside_a_string_does_not_split_the_row(tmp_path: Path) -> None:
    row = {"response": "one\u2028two\x85three"}
    path = write(tmp_path / "f.jsonl", json.dumps(row, ensure_ascii=False) + "\r\n" + json.dumps(row) + "\n")
    problems: list[InputError] = []
    assert list(iter_json_records(path, problems)) == [(1, row), (2, row)] and not problems


def test_json_arrays_are_read_only_where_asked_with_each_record_at_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "f.json", '[\n  {"a": 1},\n  {"a":\n   2}\n]\n')
    problems: list[InputError] = []
    assert list(iter_json_records(path, problems, arrays=True)) == [(2, {"a": 1}), (3, {"a": 2})]
    assert not problems
    assert list(iter_json_records(path, problems)) == []  # as JSON lines: no line is a whole record
    assert [p.line for p in problems] == [1, 2, 3, 4, 5]


def test_a_broken_json_array_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    path = write(tmp_path / "f.json", '[{"a": 1},\n {"a": }]\n')
    problems: list[InputError] = []
    assert list(iter_json_records(path, problems, arrays=True)) == [(1, {"a": 1})]
    assert problems[0].line == 2


def test_read_json_lines_raises_every_problem_at_once(tmp_path: Path) -> None:
    path = write(tmp_path / "f.jsonl", '{"a": 1}\n[1, 2]\nnope\n"text"\n')
    with pytest.raises(InputErrors) as info:
        read_json_lines(path)
    assert [(e.line, e.message.split(" (")[0].split(",")[0]) for e in info.value.errors] == [
        (2, "expected a JSON object"),
        (3, "not valid JSON"),
        (4, "expected a JSON object"),
    ]


def test_a_whole_json_file_is_read_or_located(tmp_path: Path) -> None:
    assert read_json(write(tmp_path / "ok.json", '{"a": [1, 2]}')) == {"a": [1, 2]}
    with pytest.raises(InputError, match="not valid JSON") as info:
        read_json(write(tmp_path / "bad.json", '{\n  "a": [1,\n}\n'))
    assert info.value.line == 3
    with pytest.raises(InputError, match="byte-order mark"):
        read_json(write(tmp_path / "bom.json", b'\xef\xbb\xbf{"a": 1}'))


def test_a_finite_number_is_one_a_float_can_hold() -> None:
    assert finite_number(0.5) and finite_number(3)
    assert not any(finite_number(v) for v in (True, float("nan"), float("inf"), 10**400, "1", None))
