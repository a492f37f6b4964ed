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


# -- leaderboard (issue 23) ------------------------------------------------------------------------------


def test_leaderboard_refuses_or_ranks_but_never_crashes_and_never_half_writes(
    judged: list[bytes], tmp_path: Path
) -> None:
    rng, run = random.Random(SEED + 4), _runner()
    good = tmp_path / "good"
    good.mkdir()
    _jsonl(good / "judgments.jsonl", judged)
    _ends_well(run("analyze", good))
    metrics = json.loads((good / "metrics.json").read_text())
    out = tmp_path / "lb"
    _ends_well(run("leaderboard", good, "--out", out), allowed=(0,))

    def cells() -> dict[str, Any]:
        rows = json.loads((out / "leaderboard.json").read_text())["rows"]
        return {p: (c["value"], c["ci"], c["n"]) for p, c in rows[0]["cells"].items()}

    alone = cells()
    for i in range(40):
        d = tmp_path / f"l{i}"
        d.mkdir()
        _jsonl(d / "judgments.jsonl", [line.replace(b'"simulated"', b'"other"') for line in judged])
        (d / "metrics.json").write_text(json.dumps(_break(rng, metrics)), encoding="utf-8")
        if i % 8 == 0:
            (d / "judgments.jsonl").unlink()  # a run the board cannot place on a battery
        before = {p.name: p.read_bytes() for p in out.iterdir()}
        result = run("leaderboard", good, d, "--out", out)
        _ends_well(result)
        if result.exit_code == 2:
            assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # nothing half-written
        else:
            assert cells() == alone  # the intact judge's numbers are its own
        assert not list(out.glob(".leaderboard-staging-*"))
    _ends_well(run("leaderboard", good, "--out", out, "--seed", "-1"), allowed=(2,))


# -- batch files (issue 23) ------------------------------------------------------------------------------


def test_batch_ingest_stores_only_well_formed_results_of_the_exported_model(pairs_file: Path, tmp_path: Path) -> None:
    import sqlite3

    rng, run = random.Random(SEED + 5), _runner()
    cache = tmp_path / "c.sqlite"
    common = ["--judge", "openai:http://127.0.0.1:9/v1#m", "--data", pairs_file, "--limit", "3", "--cache", cache]
    _ends_well(run("batch", "export", *common, "--out", tmp_path / "requests.jsonl"), allowed=(0,))
    keys = [json.loads(x)["custom_id"] for x in (tmp_path / "requests.jsonl").read_text().splitlines()]
    top = [{"token": "A", "logprob": -0.1}, {"token": "B", "logprob": -2.0}]
    body = {
        "model": "m",
        "choices": [{"message": {"content": "A"}, "logprobs": {"content": [{"token": "A", "top_logprobs": top}]}}],
    }

    def line(key: str, b: Any) -> dict[str, Any]:
        return {"custom_id": key, "response": {"status_code": 200, "body": b}, "error": None}

    def broken(b: Any) -> Any:
        if isinstance(b, dict) and b:
            k = rng.choice(sorted(b))
            return {**b, k: broken(b[k]) if rng.random() < 0.75 else rng.choice(WRONG)}
        if isinstance(b, list) and b:
            i = rng.randrange(len(b))
            return [*b[:i], broken(b[i]) if rng.random() < 0.75 else rng.choice(WRONG), *b[i + 1 :]]
        return rng.choice(WRONG)

    def stored() -> int:
        db = sqlite3.connect(cache)
        try:
            return int(db.execute("SELECT COUNT(*) FROM judgments").fetchone()[0])
        finally:
            db.close()

    for i in range(60):
        lines = [line(k, body) for k in keys]
        j = rng.randrange(len(lines))
        lines[j] = line(keys[j], broken(body)) if i % 3 else broken(lines[j])
        src = tmp_path / f"out{i}.jsonl"
        src.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
        before = stored()
        result = run("batch", "ingest", src, "--cache", cache)
        _ends_well(result)
        assert result.exit_code == 2 or before == 0 or stored() >= before
        if result.exit_code == 2:
            assert stored() == before  # a refused file stores nothing
        with sqlite3.connect(cache) as db:  # start every round from an empty cache and a fresh export
            db.execute("DELETE FROM judgments")
        _ends_well(run("batch", "export", *common, "--out", tmp_path / "requests.jsonl"), allowed=(0,))
    for blob in BROKEN_LINES:
        (tmp_path / "b.jsonl").write_bytes(blob + b"\n")
        _ends_well(run("batch", "ingest", tmp_path / "b.jsonl", "--cache", cache), allowed=(0, 2))


# -- suite YAML types (issue 23) -------------------------------------------------------------------------

SUITE_BAD = {
    "version": [0, -1, 1.5, "1", True, None, [], {}],
    "limit": [0, -2, 2.5, "5", True, [], {}],
    "seed": [-1, 1.5, "0", [], True],
    "name": [1, [], {}, True],
    "description": [2, [], {}],
}
OPTION_BAD = {
    "position": {"repeats": [0.5, "2", [], {}, True], "temperature": ["hot", [], {}]},
    "verbosity": {
        "sizes": ["big", [1, "x"], [[]], {}, 1, True],
        "texts": [5, [1], {}, True],
        "styles": [1, "x", [1], {}],
        "include_original": ["yes", 1, [], {}],
        "texts_mode": [1, [], {}, "sideways"],
    },
}


def test_suite_files_of_the_wrong_types_are_refused_with_their_line(tmp_path: Path) -> None:
    rng, run = random.Random(SEED + 6), _runner()
    from tests.support.paths import STARTER

    def suite(head: dict[str, Any], probe: Any) -> Path:
        path = tmp_path / "s.yaml"
        fields = "".join(f"{k}: {json.dumps(v)}\n" for k, v in head.items())
        path.write_text(f"{fields}data: {{file: {STARTER}}}\nprobes:\n  - {json.dumps(probe)}\n", encoding="utf-8")
        return path

    head = {"name": "mine", "version": 1, "limit": 2}
    for i in range(50):
        if i % 2:
            key = rng.choice(sorted(SUITE_BAD))
            path = suite({**head, key: rng.choice(SUITE_BAD[key])}, "position")
        else:
            name = rng.choice(sorted(OPTION_BAD))
            option = rng.choice(sorted(OPTION_BAD[name]))
            path = suite(head, {"name": name, option: rng.choice(OPTION_BAD[name][option])})
        result = run("probe", "--judge", "simulated", "--suite", path, "--out", tmp_path / f"r{i}", "-q", "--no-cache")
        _ends_well(result)
        if result.exit_code == 2:
            assert f"{path}:" in result.output  # located in the suite file


# -- server responses (issue 23) -------------------------------------------------------------------------

RESPONSES = [
    '{"choices": []}',
    '{"choices": null}',
    '{"choices": [null]}',
    '{"choices": "A"}',
    "[]",
    "null",
    '"A"',
    '{"choices": [{"message": {"content": 5}}]}',
    '{"choices": [{"message": null}]}',
    '{"choices": [{"text": ["A"]}]}',
    '{"choices": [{"message": {"content": "A"}, "logprobs": {"content": [{"top_logprobs": '
    '[{"token": "A", "logprob": %s}, {"token": "B", "logprob": -1}]}]}}]}',
]
ODD_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e999", '"-0.1"', "null", "[]", "{}", "true"]


@pytest.mark.slow
def test_odd_server_answers_are_failed_calls_and_the_good_rows_stay_the_same(tmp_path: Path) -> None:
    from tests.support.loopback import judge_file, openai_server

    rng, run = random.Random(SEED + 7), _runner()
    items = [_dump({**ITEM, "id": f"s{i}", "instruction": f"What is {i} + 2?"}) for i in range(4)]
    data = _jsonl(tmp_path / "items.jsonl", items)
    answers = [r % rng.choice(ODD_NUMBERS) if "%s" in r else r for r in RESPONSES]
    answers += [RESPONSES[-1] % n for n in ODD_NUMBERS]
    with openai_server(text="A") as (url, _):
        judge = judge_file(tmp_path / "j.yaml", url)
        _ends_well(run("probe", "--judge", judge, "--data", data, "--out", tmp_path / "alone", "-q", "--no-cache"))
    alone = [json.loads(x) for x in (tmp_path / "alone" / "judgments.jsonl").read_text().splitlines()]
    for i, raw in enumerate(answers):
        with openai_server(text="A", raw=raw, raw_if="What is 0 + 2?") as (url, _):
            judge = judge_file(tmp_path / f"j{i}.yaml", url)
            out = tmp_path / f"r{i}"
            result = run(
                "probe", "--judge", judge, "--data", data, "--out", out, "-q", "--no-cache", "--max-error-share", "0.5"
            )  # fmt: skip
        _ends_well(result, allowed=(0,))
        rows = [json.loads(x, parse_constant=lambda c: pytest.fail(f"{c} in judgments.jsonl")) for x in
                (out / "judgments.jsonl").read_text().splitlines()]  # fmt: skip
        failed = [r for r in rows if r.get("error")]
        assert {r["item_id"] for r in failed} <= {"s0"}, raw
        good = [r for r in rows if r["item_id"] != "s0"]
        assert [(r["item_id"], r["order"], r["winner"]) for r in good] == [
            (r["item_id"], r["order"], r["winner"]) for r in alone if r["item_id"] != "s0"
        ]
