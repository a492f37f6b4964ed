"""A failed judge call is its own outcome, not an unreadable verdict (issue 17, item 2).

An outage must read as a broken setup (exit 2, the error named, nothing written), never as a biased
judge (exit 0 with every row "unparsed") nor as a failed audit (``vet`` exit 1). Below the allowed
share, failed calls are counted apart from unparsed answers and left out of the metrics; they are
never cached, so a rerun asks again.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from judgeaudit.contracts.outcomes import BackendFailure, check_share, tally
from tests.support.loopback import closed_port, judge_file, openai_server


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _cached(cache: Path) -> int:
    if not cache.exists():
        return 0
    db = sqlite3.connect(cache)
    try:
        return int(db.execute("SELECT COUNT(*) FROM judgments").fetchone()[0])
    finally:
        db.close()


def test_probe_against_a_closed_port_exits_2_naming_the_error_and_writes_nothing(
    pairs_file: Path, tmp_path: Path
) -> None:
    judge = judge_file(tmp_path / "judge.yaml", f"http://127.0.0.1:{closed_port()}/v1", retries=1)
    out, cache = tmp_path / "run", tmp_path / "cache.sqlite"
    code, output = _invoke(
        "probe",
        "--judge",
        str(judge),
        "--data",
        str(pairs_file),
        "--limit",
        "2",
        "--out",
        str(out),
        "--cache",
        str(cache),
        "-q",
    )
    assert code == 2
    (line,) = [x for x in output.splitlines() if x.startswith("error:")]
    assert "4 of 4 judgments failed" in line and "ConnectError" in line
    assert not (out / "judgments.jsonl").exists() and not (out / "metrics.json").exists()
    assert _cached(cache) == 0  # failed calls are never cached


def test_an_outage_leaves_the_previous_run_in_the_directory_whole(pairs_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "run"
    with openai_server(text="A") as (url, _):
        assert (
            _invoke(
                "probe",
                "--judge",
                f"openai:{url}#m",
                "--data",
                str(pairs_file),
                "--limit",
                "2",
                "--out",
                str(out),
                "-q",
            )[0]
            == 0
        )
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    dead = judge_file(tmp_path / "judge.yaml", f"http://127.0.0.1:{closed_port()}/v1")
    assert (
        _invoke("probe", "--judge", str(dead), "--data", str(pairs_file), "--limit", "2", "--out", str(out), "-q")[0]
        == 2
    )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_vet_of_a_judge_behind_a_closed_port_exits_2_not_1(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    judge = judge_file(tmp_path / "judge.yaml", f"http://127.0.0.1:{closed_port()}/v1")
    code, output = _invoke("vet", "--judge", str(judge), "--limit", "2")
    assert code == 2
    assert "judgments failed" in output and "none allowed" in output


def test_failures_under_the_allowed_share_are_counted_apart_and_left_out_of_the_metrics(
    pairs_file: Path, tmp_path: Path
) -> None:
    # the server refuses both orders of one item as too long for its context: 2 of 40 calls (5%) fail
    refused = "What is 0 times 2?"
    with openai_server(text="A", status=400, error="maximum context length is 2048 tokens", fail_if=refused) as (
        url,
        _,
    ):
        out, cache = tmp_path / "run", tmp_path / "cache.sqlite"
        code, output = _invoke(
            "probe",
            "--judge",
            f"openai:{url}#m",
            "--data",
            str(pairs_file),
            "--out",
            str(out),
            "--cache",
            str(cache),
            "-q",
        )
    assert code == 0, output
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["n_backend_errors"] == 2 and manifest["n_unparsed"] == 0
    assert "maximum context length" in manifest["backend_errors"]["most_frequent"]
    rows = [json.loads(x) for x in (out / "judgments.jsonl").read_text().splitlines()]
    failed = [r for r in rows if r.get("error")]
    assert {r["item_id"] for r in failed} == {"p00"} and all(r["error"].startswith("HTTP 400") for r in failed)
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["meta"]["n_judgments"] == 38  # the two failed calls are not judgments of the judge
    assert "backend errors 2" in output
    assert _cached(cache) == 38


def test_one_failure_more_than_allowed_stops_the_probe(pairs_file: Path, tmp_path: Path) -> None:
    with openai_server(text="A", status=422, error="bad request", fail_if="What is 0 times 2?") as (url, _):
        code, output = _invoke(
            "probe",
            "--judge",
            f"openai:{url}#m",
            "--data",
            str(pairs_file),
            "--out",
            str(tmp_path / "run"),
            "--max-error-share",
            "0.04",
            "-q",
        )
    assert code == 2 and "2 of 40 judgments failed (5%; more than the 4% allowed): HTTP 422" in output


def test_the_share_rule_names_the_most_frequent_error_in_one_line() -> None:
    t = tally(["HTTP 503: busy\nretry later", None, "HTTP 503: busy\nretry later", None], 4)
    assert t.n_errors == 2 and t.share == 0.5
    check_share(t, 0.5)  # at the limit: allowed
    try:
        check_share(t, 0.05)
    except BackendFailure as exc:
        message = str(exc)
    else:
        raise AssertionError("a 50% failure share passed a 5% limit")
    assert (
        "\n" not in message
        and "2 of 4 judgments failed (50%" in message
        and "HTTP 503: busy retry later (2x)" in message
    )


def _strict(line: str) -> dict:
    def refuse(word: str) -> None:
        raise AssertionError(f"{word} in judgments.jsonl")

    return json.loads(line, parse_constant=refuse)


def _top(logprob: str) -> str:
    """A chat completion answering "A" whose log-probabilities hold ``logprob`` (raw JSON text)."""
    top = f'[{{"token": "A", "logprob": {logprob}}}, {{"token": "B", "logprob": -3.0}}]'
    return (
        '{"model": "m", "choices": [{"index": 0, "message": {"role": "assistant", "content": "A"}, '
        f'"logprobs": {{"content": [{{"token": "A", "logprob": {logprob}, "top_logprobs": {top}}}]}}}}]}}'
    )


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (_top("NaN"), "not a finite number"),
        (_top("Infinity"), "not a finite number"),
        (_top("-Infinity"), "not a finite number"),
        (_top("1e999"), "not a finite number"),
        (_top('"-0.1"'), "not a number"),
        ('{"model": "m", "choices": []}', "no choices"),
        ('{"model": "m", "choices": [{"message": {"content": 7}}]}', "not a string"),
        ("[1, 2]", "no choices"),
    ],
)
def test_an_odd_200_answer_is_a_recorded_failed_call_never_a_verdict(
    pairs_file: Path, tmp_path: Path, raw: str, words: str
) -> None:
    # the server answers both orders of one item (2 of 40 calls) oddly; the other 38 are verdicts
    odd = "What is 0 times 2?"
    with openai_server(raw=raw, raw_if=odd) as (url, _):
        out, cache = tmp_path / "run", tmp_path / "cache.sqlite"
        code, output = _invoke(
            "probe", "--judge", str(judge_file(tmp_path / "judge.yaml", url, retries=1)), "--data", str(pairs_file), "--out", str(out),
            "--cache", str(cache), "--max-error-share", "0.1", "-q",
        )  # fmt: skip
    assert code == 0, output
    rows = [_strict(x) for x in (out / "judgments.jsonl").read_text().splitlines()]
    failed = [r for r in rows if r.get("error")]
    assert {r["item_id"] for r in failed} == {"p00"} and len(failed) == 2
    assert all(words in r["error"] and r.get("winner") is None and r.get("p_a") is None for r in failed)
    if "finite" in words:  # the answer's text is kept beside the error
        assert all(r["raw"].startswith("[backend error]") and r["raw"].endswith("\nA") for r in failed)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["n_backend_errors"] == 2
    assert json.loads((out / "metrics.json").read_text())["meta"]["n_judgments"] == 38
    assert _cached(cache) == 38  # the odd answers are asked again next time
