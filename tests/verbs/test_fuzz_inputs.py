"""Malformed input, generated: every command ends in exit 0 or 2 with a one-line error, never a traceback,
and the good rows beside the bad ones give exactly the result they give alone (issue 17, done-when).

More than a thousand malformed rows and files (seeded, generated here) go to ``probe --data``,
``analyze``, ``import generic`` and ``vet``, through the CLI in this process.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from judgeaudit.cli import main

SEED = 17
# values of the wrong JSON type for any field: each is refused wherever the contract names a type
WRONG = [None, True, False, 0, -1, 1.5, float("inf"), float("-inf"), float("nan"), "", "zz", [], ["a"], {}, {"x": 1}]
# broken text in place of a row: not JSON, not an object, not UTF-8, a stray BOM, an array
BROKEN_LINES: list[bytes] = [
    b"{",
    b'{"id": ',
    b"[1, 2",
    b"'single'",
    b'{"a": 1,}',
    b"nan",
    b"42",
    b'"text"',
    b"[]",
    b"null",
    b'{"x": "\xff\xfe"}',
    b'\xef\xbb\xbf{"x": 1}',
    b"\x00\x01",
    b'{"a": 1} {"b": 2}',
    b"true",
]


def _runner() -> Callable[..., Result]:
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args])


def _ends_well(result: Result, allowed: tuple[int, ...] = (0, 2)) -> None:
    """Exit 0 or 2; no traceback; an exit 2 says what is wrong in exactly one ``error:`` line."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code in allowed, result.output[-2000:]
    if result.exit_code == 2:
        assert sum(line.startswith(("error:", "Error:")) for line in result.output.splitlines()) == 1, result.output


def _jsonl(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


def _dump(row: Any) -> bytes:
    return json.dumps(row, ensure_ascii=False).encode("utf-8")


def _mutations(rng: random.Random, good: dict[str, Any], fields: dict[str, list[Any]], n: int) -> list[bytes]:
    """``n`` rows that each break ``good`` in one way the contract refuses."""
    out: list[bytes] = []
    while len(out) < n:
        kind = rng.random()
        if kind < 0.15:
            out.append(rng.choice(BROKEN_LINES))
        elif kind < 0.3:
            field = rng.choice(sorted(fields))
            out.append(
                _dump({k: v for k, v in good.items() if k != field})
                if field in REQUIRED_OF[id(fields)]
                else _dump({**good, field: rng.choice(fields[field])})
            )
        else:
            field = rng.choice(sorted(fields))
            out.append(_dump({**good, field: rng.choice(fields[field])}))
    return out


# -- probe --data ----------------------------------------------------------------------------------------

ITEM = {"id": "x", "instruction": "What is 2 + 2?", "response_a": "4", "response_b": "5", "label": "a"}
ITEM_BAD = {
    "id": [None, True, 1.5, [], {}, ["x"]],
    "instruction": [None, "", "   ", 3, [], {}, True],
    "response_a": [None, "", 0, [], {"t": 1}],
    "response_b": [None, " ", 1.0, ["b"]],
    "label": ["c", "ab", 1, True, [], "first"],
    "model_a": [1, [], {}, True],
    "family_b": [2, ["x"]],
    "reference": [3, []],
    "rubric": [{}, 0.5],
}
REQUIRED_OF: dict[int, set[str]] = {id(ITEM_BAD): {"id", "instruction", "response_a", "response_b"}}


def test_probe_data_refuses_every_malformed_row_and_file_with_its_line(tmp_path: Path) -> None:
    rng, run = random.Random(SEED), _runner()
    good = [_dump({**ITEM, "id": f"g{i}"}) for i in range(3)]
    bad_rows = _mutations(rng, ITEM, ITEM_BAD, 200)
    for i, bad in enumerate(bad_rows):
        at = rng.randrange(len(good) + 1)
        data = _jsonl(tmp_path / f"d{i}.jsonl", [*good[:at], bad, *good[at:]])
        result = run("probe", "--judge", "simulated", "--data", data, "--out", tmp_path / f"r{i}", "-q", "--no-cache")
        _ends_well(result, allowed=(2,))
        assert f"{data}:{at + 1}" in result.output  # the bad row, by file and line
    for i, blob in enumerate(
        [b"", b"\n\n", b"[" + b",".join(good) + b"]", b"\xef\xbb\xbf" + good[0], b"\xff" * 9, good[0] + b"\n" + good[0]]
    ):  # whole files: empty, an array, a BOM, binary, a duplicate
        data = tmp_path / f"f{i}.jsonl"
        data.write_bytes(blob)
        _ends_well(
            run("probe", "--judge", "simulated", "--data", data, "--out", tmp_path / f"q{i}", "-q"), allowed=(2,)
        )


# -- analyze ---------------------------------------------------------------------------------------------

JUDGMENT_BAD = {
    "judge": [None, "", 1, [], {}],
    "probe": [None, "", 2, ["p"]],
    "item_id": [None, "", True, 1.5, [], {}],
    "variant": [None, "", 1, True, ["original"]],
    "mode": [None, "", "ranking", 1, []],
    "order": [None, "", "abc", "x", 1, ["a", "b"]],
    "winner": ["c", "A ", 1, True, [], "first"],
    "p_a": [True, False, -0.1, 1.5, float("inf"), float("nan"), "0.5", [0.5]],
    "label": ["x", 2, True, []],
    "len_a": [-1, 1.5, True, "10", float("inf")],
    "len_b": [-5, "x", [], False],
    "judge_family": [3, [], {}, True],
    "family_a": [4, ["x"]],
    "model_b": [5, {}],
    "suite": [6, []],
    "score_expected": [float("inf"), True, "1"],
    "repeat": [True, -2, 1.5, "0"],
    "error": [500, True, []],
}
REQUIRED_OF[id(JUDGMENT_BAD)] = {"judge", "probe", "item_id", "variant", "mode"}


@pytest.fixture(scope="module")
def judged(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    """The judgments of a simulated judge on 20 pairs in both orders: the good rows."""
    root = tmp_path_factory.mktemp("judged")
    items = [
        _dump({**ITEM, "id": f"p{i}", "label": "ab"[i % 2], "response_a": f"answer {i}" + " more" * (i % 5)})
        for i in range(20)
    ]
    result = _runner()(
        "probe",
        "--judge",
        "simulated",
        "--data",
        _jsonl(root / "items.jsonl", items),
        "--out",
        root / "run",
        "-q",
        "--no-cache",
    )
    assert result.exit_code == 0, result.output
    return (root / "run" / "judgments.jsonl").read_bytes().splitlines()


def test_analyze_skips_every_malformed_row_and_keeps_the_metrics_of_the_good_ones(
    judged: list[bytes], tmp_path: Path
) -> None:
    rng, run = random.Random(SEED + 1), _runner()
    alone = tmp_path / "alone"
    alone.mkdir()
    _jsonl(alone / "judgments.jsonl", judged)
    _ends_well(run("analyze", alone))
    expected = (alone / "metrics.json").read_bytes()
    template = json.loads(judged[0])
    for i in range(16):
        bad = _mutations(rng, template, JUDGMENT_BAD, 40)
        lines = list(judged)
        for row in bad:
            lines.insert(rng.randrange(len(lines) + 1), row)
        run_dir = tmp_path / f"a{i}"
        run_dir.mkdir()
        _jsonl(run_dir / "judgments.jsonl", lines)
        result = run("analyze", run_dir)
        _ends_well(result, allowed=(0,))
        manifest = json.loads((run_dir / "manifest.json").read_text())
        assert len(manifest["problems"]) == len(bad)  # each bad row named, none taken for a judgment
        assert (run_dir / "metrics.json").read_bytes() == expected
    for i, blob in enumerate(
        [b"", b"[" + b",".join(judged[:3]) + b"]", b"\xff\xfe\x00", b"{}\n[]\n", b"\xef\xbb\xbf" + judged[0]]
    ):
        run_dir = tmp_path / f"w{i}"
        run_dir.mkdir()
        (run_dir / "judgments.jsonl").write_bytes(blob)
        _ends_well(run("analyze", run_dir), allowed=(2,))


# -- import ----------------------------------------------------------------------------------------------

IMPORT_BAD = {
    "item_id": [None, [], {}, True],
    "winner": ["zz", 7, [], "first"],
    "order": ["abc", "x", 3, []],
    "p_a": ["abc", 1.5, -1, True, [0.1]],
    "mode": ["ranking", 5],
    "len_a": [-3, "many", [], 2.5],
    "variant": [1, [], True],
    "label": ["q", 9],
}
REQUIRED_OF[id(IMPORT_BAD)] = {"item_id"}


def test_import_skips_every_malformed_row_and_keeps_the_good_ones_unchanged(
    judged: list[bytes], tmp_path: Path
) -> None:
    rng, run = random.Random(SEED + 2), _runner()
    keep = ("judge", "item_id", "variant", "order", "winner", "p_a", "label", "len_a", "len_b")
    good = [_dump({k: v for k, v in json.loads(line).items() if k in keep}) for line in judged]
    alone = _jsonl(tmp_path / "alone.jsonl", good)
    _ends_well(run("import", "generic", alone, "--out", tmp_path / "alone", "--no-analyze"))
    expected = [
        {k: v for k, v in json.loads(x).items() if k != "source"}
        for x in (tmp_path / "alone" / "judgments.jsonl").read_text().splitlines()
    ]
    for i in range(6):
        bad = _mutations(rng, json.loads(good[0]), IMPORT_BAD, 40)
        lines = list(good)
        for row in bad:
            lines.insert(rng.randrange(len(lines) + 1), row)
        src = _jsonl(tmp_path / f"i{i}.jsonl", lines)
        result = run("import", "generic", src, "--out", tmp_path / f"o{i}", "--no-analyze")
        _ends_well(result, allowed=(0,))
        got = [
            {k: v for k, v in json.loads(x).items() if k != "source"}
            for x in (tmp_path / f"o{i}" / "judgments.jsonl").read_text().splitlines()
        ]
        assert got == expected
        assert json.loads((tmp_path / f"o{i}" / "manifest.json").read_text())["n_skipped"] == len(bad)
    csv_file = tmp_path / "t.csv"  # a truncated CSV row and one with a stray extra cell
    csv_file.write_text("judge,item_id,order,winner\nj,1,ab,a\nj,2\nj,3,ab,b,extra\n", encoding="utf-8")
    result = run("import", "generic", csv_file, "--out", tmp_path / "csv", "--no-analyze")
    _ends_well(result)
    assert f"{csv_file}:3" in result.output and f"{csv_file}:4" in result.output
    for flag in (["--map", "winner"], ["--map", "=col"], ["--value", "winner"], ["--option", "x"]):
        _ends_well(run("import", "generic", alone, "--out", tmp_path / "m", *flag), allowed=(2,))


# -- vet -------------------------------------------------------------------------------------------------


def _break(rng: random.Random, node: Any) -> Any:
    """A copy of a metrics tree with one leaf (or one branch) replaced by junk."""
    if isinstance(node, dict) and node:
        key = rng.choice(sorted(node))
        return {**node, key: _break(rng, node[key]) if rng.random() < 0.7 else rng.choice(WRONG)}
    if isinstance(node, list) and node:
        i = rng.randrange(len(node))
        return [*node[:i], rng.choice(WRONG), *node[i + 1 :]]
    return rng.choice(WRONG)


def test_vet_never_crashes_on_a_malformed_metrics_file_and_keeps_the_intact_checks(
    judged: list[bytes], tmp_path: Path
) -> None:
    rng, run = random.Random(SEED + 3), _runner()
    base = tmp_path / "base"
    base.mkdir()
    _jsonl(base / "judgments.jsonl", judged)
    _ends_well(run("analyze", base))
    metrics = json.loads((base / "metrics.json").read_text())
    intact = {c["metric"]: c["status"] for c in json.loads(run("vet", base, "--json").output)["checks"]}
    for i in range(160):
        d = tmp_path / f"v{i}"
        d.mkdir()
        broken = _break(rng, metrics)
        (d / "metrics.json").write_text(json.dumps(broken), encoding="utf-8")
        result = run("vet", d, "--json")
        _ends_well(result, allowed=(0, 1, 2))
        if result.exit_code != 2:
            for check in json.loads(result.output)["checks"]:
                section = check["metric"].split(".", 1)[0]
                if broken.get(section) == metrics.get(section):  # this section was not touched
                    assert check["status"] == intact[check["metric"]], check["metric"]
    for i, blob in enumerate(
        [
            b"",
            b"[]",
            b"42",
            b'"x"',
            b"null",
            b"{",
            b"\xff{}",
            b"\xef\xbb\xbf{}",
            b'{"meta": {"n_judgments": 0}}',
            b'{"position": []}',
        ]
    ):
        d = tmp_path / f"x{i}"
        d.mkdir()
        (d / "metrics.json").write_bytes(blob)
        _ends_well(run("vet", d), allowed=(2,))
