"""Every bad input of issue 17's list 7 is a located, one-line error with exit 2; an interrupt exits 130.

(Unknown backend, probe and simulated-judge option names and ``--dtype`` where a backend has none are
covered by tests/test_strict_inputs.py.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from tests.support.loopback import judge_file, openai_server
from tests.support.paths import REPO

ITEM = b'{"id": "x", "instruction": "q", "response_a": "a", "response_b": "b"}'
ROW = (
    b'{"judge": "j", "probe": "position", "item_id": "1", "variant": "original", "mode": "pairwise", '
    b'"order": "ab", "winner": "a"}'
)


def _error(*args: object) -> str:
    """The one ``error:`` line of a command that must exit 2."""
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 2, result.output
    (line,) = [x for x in result.output.splitlines() if x.startswith(("error:", "Error:"))]
    return line + "".join("\n" + x for x in result.output.splitlines() if x.startswith("  "))


# (file content, the line at fault, words of the message)
BAD_BYTES = {
    "invalid UTF-8": (lambda row: row + b"\n" + row[:-1] + b', "note": "\xff"}\n', 2, "not valid UTF-8"),
    "a byte-order mark": (lambda row: b"\xef\xbb\xbf" + row + b"\n", 1, "byte-order mark"),
}


@pytest.mark.parametrize("bad", sorted(BAD_BYTES))
def test_data_file_with_bad_bytes(tmp_path: Path, bad: str) -> None:
    content, line, words = BAD_BYTES[bad]
    data = tmp_path / "items.jsonl"
    data.write_bytes(content(ITEM))
    message = _error("probe", "--judge", "simulated", "--data", data, "--out", tmp_path / "r", "-q")
    assert f"{data}:{line}" in message and words in message


@pytest.mark.parametrize("bad", sorted(BAD_BYTES))
def test_judgments_file_with_bad_bytes(tmp_path: Path, bad: str) -> None:
    content, line, words = BAD_BYTES[bad]
    run = tmp_path / "run"
    run.mkdir()
    (run / "judgments.jsonl").write_bytes(content(ROW))
    result = CliRunner().invoke(main, ["analyze", str(run)])  # 2 when no row is left, 0 (the row skipped) else
    assert "Traceback" not in result.output and result.exit_code in (0, 2)
    assert f"{run / 'judgments.jsonl'}:{line}" in result.output and words in result.output


def test_data_given_as_one_json_array(tmp_path: Path) -> None:
    data = tmp_path / "items.jsonl"
    data.write_bytes(b"[" + ITEM + b",\n" + ITEM.replace(b'"x"', b'"y"') + b"]\n")
    assert f"{data}:" in _error("probe", "--judge", "simulated", "--data", data, "--out", tmp_path / "r", "-q")


def test_judgments_given_as_one_json_array(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "judgments.jsonl").write_bytes(b"[" + ROW + b",\n" + ROW + b"]\n")
    assert str(run / "judgments.jsonl") in _error("analyze", run)


def test_policy_with_invalid_utf8(tmp_path: Path, pairs_file: Path) -> None:
    run = tmp_path / "run"
    assert (
        CliRunner()
        .invoke(main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--out", str(run), "-q"])
        .exit_code
        == 0
    )
    policy = tmp_path / "p.yaml"
    policy.write_bytes(b'version: 1\nchecks:\n  - metric: position.consistency\n    why: "\xff"\n')
    assert f"{policy}:4" in _error("vet", run, "--policy", policy)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff{}", "UTF-8"),
        (b"\xef\xbb\xbf{}", "BOM"),
        (b'{"meta": ', "not valid JSON"),
        (b"[1, 2]", "JSON object"),
    ],
)
def test_metrics_file_unreadable_or_not_an_object(tmp_path: Path, content: bytes, words: str) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "metrics.json").write_bytes(content)
    assert str(run / "metrics.json") in _error("vet", run)


@pytest.mark.parametrize("content", [b'{"judge": ', b'["a list"]', b"\xff\xfe"])
def test_manifest_corrupt_or_list_shaped(tmp_path: Path, pairs_file: Path, content: bytes) -> None:
    run = tmp_path / "run"
    assert (
        CliRunner()
        .invoke(main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--out", str(run), "-q"])
        .exit_code
        == 0
    )
    (run / "manifest.json").write_bytes(content)
    message = _error("analyze", run)
    assert str(run / "manifest.json") in message and "move it aside" in message


def test_corrupt_sqlite_cache_names_the_file_and_the_way_out(tmp_path: Path, pairs_file: Path) -> None:
    cache = tmp_path / "judgments.sqlite"
    cache.write_bytes(b"SQLite format 3\x00" + b"\x13" * 4000)  # a header, then garbage
    message = _error(
        "probe", "--judge", "simulated", "--data", pairs_file, "--out", tmp_path / "r", "-q", "--cache", cache
    )
    assert str(cache) in message and "move it aside" in message and "--no-cache" in message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (None, "file not found"),
        ("name: [unclosed\n", "not valid YAML"),
        ("- a list\n- not a mapping\n", "mapping"),
        ("name: j\nversion: one\nfamily: f\nbackend: simulated\nformats:\n  pairwise: generic-pairwise\n", "version"),
        ("name: j\nversion: 1\nfamily: f\nbackend: simulated\nformats: generic-pairwise\n", "formats"),
    ],
)
def test_judge_yaml_missing_or_wrongly_typed(tmp_path: Path, pairs_file: Path, text: str | None, words: str) -> None:
    judge = tmp_path / "judge.yaml"
    if text is not None:
        judge.write_text(text, encoding="utf-8")
    message = _error("probe", "--judge", judge, "--data", pairs_file, "--out", tmp_path / "r", "-q")
    assert str(judge) in message and words in message


def test_gguf_file_that_is_not_gguf(tmp_path: Path, pairs_file: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_text("<html>404 Not Found</html>")
    message = _error("probe", "--judge", f"gguf:{fake}", "--data", pairs_file, "--out", tmp_path / "r", "-q")
    assert str(fake) in message and "not a GGUF model file" in message


@pytest.mark.parametrize(
    "option", [["--map", "winner"], ["--map", "=verdict"], ["--value", "winner:1"], ["--option", "round"]]
)
def test_import_assignment_without_equals(tmp_path: Path, option: list[str]) -> None:
    src = tmp_path / "j.jsonl"
    src.write_bytes(ROW + b"\n")
    message = _error("import", "generic", src, "--out", tmp_path / "r", *option)
    assert option[0] in message and repr(option[1]) in message


def _as_from_a_shell() -> None:
    """Start the command with Ctrl-C deliverable, as a shell starts it.

    A child inherits its parent's ignored signals and signal mask, and libraries loaded earlier in the
    test session (process pools, native threads) may leave SIGINT ignored or blocked in the runner.
    """
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("verb", ["vet", "probe"])
def test_ctrl_c_exits_130_not_1(tmp_path: Path, verb: str) -> None:
    with openai_server(text="A", hang=True) as (url, server):
        judge = judge_file(tmp_path / "judge.yaml", url)
        args = (
            ["--judge", str(judge), "--limit", "2"]
            if verb == "vet"
            else ["--judge", str(judge), "--suite", "starter", "--limit", "2", "--out", str(tmp_path / "run"), "-q"]
        )
        proc = subprocess.Popen(
            [sys.executable, "-m", "judgeaudit", verb, *args],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=_as_from_a_shell,
        )
        try:
            assert server.first.wait(120), "the command never called the judge"
            proc.send_signal(signal.SIGINT)
            _, err = proc.communicate(timeout=60)
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 130, (
        signal.getsignal(signal.SIGINT),
        signal.pthread_sigmask(signal.SIG_BLOCK, []),
        err[-2000:],
    )
    assert "Traceback" not in err and "interrupted" in err
    assert not (tmp_path / "run" / "metrics.json").exists()


# -- issue 23: the inputs that still ended in a traceback -------------------------------------------------

NO_MODEL = "gguf:/nonexistent/judge.gguf"  # looking for its weights would fail: a name checked after it is late


def test_an_unknown_probe_or_backend_is_named_before_any_model_loads(tmp_path: Path) -> None:
    data, out = REPO / "probes" / "data" / "starter.jsonl", tmp_path / "r"
    assert "--probe nosuch: unknown probe" in _error(
        "probe", "--judge", NO_MODEL, "--data", data, "--probe", "nosuch", "--out", out, "-q"
    )
    assert "unknown backend 'nosuch'" in _error("probe", "--judge", NO_MODEL, "--backend", "nosuch", "--out", out)
    assert "--probe position applies to --data" in _error(  # a suite runs its own probes: never silently ignored
        "probe", "--judge", NO_MODEL, "--probe", "position", "--out", out
    )


def test_a_string_under_simulate_is_located(tmp_path: Path) -> None:
    judge = tmp_path / "sim.yaml"
    judge.write_text("name: s\nversion: 1\nfamily: x\nbackend: simulated\nsimulate:\n  gold: high\n", encoding="utf-8")
    assert f"{judge}:6: field 'simulate.gold'" in _error("probe", "--judge", judge, "--out", tmp_path / "r", "-q")


@pytest.mark.parametrize(
    ("head", "probe", "field"),
    [
        ('version: "1"', "position", "version"),
        ("version: 1.5", "position", "version"),
        ('version: 1\nlimit: "5"', "position", "limit"),
        ("version: 1\nlimit: 2.5", "position", "limit"),
        ("version: 1\nlimit: 0", "position", "limit"),
        ("version: 1", "{name: verbosity, sizes: big}", "probes.verbosity.sizes"),
        ("version: 1", '{name: verbosity, sizes: [0.5, "x"]}', "probes.verbosity.sizes"),
        ("version: 1", "{name: verbosity, texts: 5}", "probes.verbosity.texts"),
        ("version: 1", "{name: verbosity, texts: [a]}", "probes.verbosity.texts"),
        ("version: 1", "{name: position, repeats: 2.5}", "probes.position.repeats"),
    ],
)
def test_a_suite_value_of_the_wrong_type_is_located(tmp_path: Path, head: str, probe: str, field: str) -> None:
    suite = tmp_path / "mine.yaml"
    starter = REPO / "probes" / "data" / "starter.jsonl"
    suite.write_text(f"name: mine\n{head}\ndata: {{file: {starter}}}\nprobes:\n  - {probe}\n", encoding="utf-8")
    message = _error("probe", "--judge", "simulated", "--suite", suite, "--out", tmp_path / "r", "-q")
    assert f"{suite}:" in message and f"field '{field}'" in message


@pytest.mark.parametrize("mde", ["0", "-1", "0.5", "nan", "inf"])
def test_an_mde_that_no_rate_can_have_is_one_error_line(tmp_path: Path, pairs_file: Path, mde: str) -> None:
    run = tmp_path / "run"
    assert (
        CliRunner()
        .invoke(main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--out", str(run), "-q"])
        .exit_code
        == 0
    )
    before = (run / "metrics.json").read_bytes()
    assert "--mde" in _error("analyze", run, "--mde", mde)
    assert (run / "metrics.json").read_bytes() == before


def test_batch_export_into_a_folder_that_cannot_be_made(tmp_path: Path, pairs_file: Path) -> None:
    (tmp_path / "file").write_text("x")
    out = tmp_path / "file" / "sub" / "requests.jsonl"
    message = _error(
        "batch", "export", "--judge", "openai:http://127.0.0.1:9/v1#m", "--data", pairs_file,
        "--cache", tmp_path / "c.sqlite", "--out", out,
    )  # fmt: skip
    assert f"{out}: cannot write the batch file" in message


def test_interval_bounds_that_are_strings_give_a_report_not_a_traceback(tmp_path: Path, pairs_file: Path) -> None:
    import json

    run = tmp_path / "run"
    CliRunner().invoke(main, ["probe", "--judge", "simulated", "--data", str(pairs_file), "--out", str(run), "-q"])
    metrics = json.loads((run / "metrics.json").read_text())
    metrics["position"]["consistency"]["ci"] = ["0.1", "0.9"]
    metrics["position"]["first_slot_rate"]["value"] = "0.5"
    (run / "metrics.json").write_text(json.dumps(metrics))
    result = CliRunner().invoke(main, ["report", str(run)])
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert "no interval" in (run / "report.html").read_text()
