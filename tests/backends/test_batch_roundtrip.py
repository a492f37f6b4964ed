"""Provider batch files: export what the cache lacks, run it elsewhere, ingest, and probe from the cache.

The real round trip sends every exported line to a llama.cpp OpenAI-compatible server on loopback, as
a provider's batch runner would, and must give the same judgments as a direct probe of that server.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from judgeaudit.cli import main
from tests.backends.conftest import needs_server


def _cli(*args: str) -> Any:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _output_line(line: dict[str, Any], body: dict[str, Any] | None, status: int = 200) -> str:
    """One line of an OpenAI Batch API output file."""
    response = {"status_code": status, "request_id": "req_" + line["custom_id"][:8], "body": body}
    return (
        json.dumps(
            {
                "id": "batch_req_" + line["custom_id"][:8],
                "custom_id": line["custom_id"],
                "response": response,
                "error": None,
            }
        )
        + "\n"
    )


def _completion(first: str, second: str, model: str = "m", logprob: Any = -0.1) -> dict[str, Any]:
    top = [{"token": first, "logprob": logprob}, {"token": second, "logprob": -2.4}]
    return {
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": first},
                "logprobs": {"content": [{"token": first, "logprob": -0.1, "top_logprobs": top}]},
            }
        ],
    }


def test_export_then_ingest_lets_probe_finish_from_the_cache(pairs_file: Path, tmp_path: Path) -> None:
    judge = "openai:http://127.0.0.1:9/v1#judge-model"  # never contacted: every result comes from the batch
    common = ["--judge", judge, "--family", "other", "--data", str(pairs_file), "--cache", str(tmp_path / "c.sqlite")]
    _cli("batch", "export", *common, "--out", str(tmp_path / "requests.jsonl"))
    lines = _lines(tmp_path / "requests.jsonl")
    assert len(lines) == 40 and len({line["custom_id"] for line in lines}) == 40
    assert all(line["method"] == "POST" and line["url"] == "/v1/chat/completions" for line in lines)
    assert lines[0]["body"]["model"] == "judge-model" and lines[0]["body"]["logprobs"] is True

    results = tmp_path / "results.jsonl"
    results.write_text(
        "".join(_output_line(line, _completion("A", "B", "judge-model")) for line in lines), encoding="utf-8"
    )
    ingested = _cli("batch", "ingest", str(results), "--cache", str(tmp_path / "c.sqlite"))
    assert "40 results stored" in ingested.output and "0 exported requests still without a result" in ingested.output

    _cli("probe", *common, "--out", str(tmp_path / "run"), "-q")
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["counters"]["cache_hits"] == 40 and manifest["counters"]["cache_misses"] == 0
    rows = _lines(tmp_path / "run" / "judgments.jsonl")
    assert all(r["winner"] == ("a" if r["order"] == "ab" else "b") for r in rows)  # always the first slot


def test_failed_and_foreign_lines_are_counted_and_never_cached(pairs_file: Path, tmp_path: Path) -> None:
    common = [
        "--judge",
        "openai:http://127.0.0.1:9/v1#m",
        "--family",
        "other",
        "--data",
        str(pairs_file),
        "--limit",
        "2",
        "--cache",
        str(tmp_path / "c.sqlite"),
    ]
    _cli("batch", "export", *common, "--out", str(tmp_path / "requests.jsonl"))
    first, second, *rest = _lines(tmp_path / "requests.jsonl")
    results = tmp_path / "results.jsonl"
    results.write_text(
        _output_line(first, _completion("B", "A"))
        + _output_line(second, {"error": {"message": "rate limited"}}, status=429)
        + _output_line({"custom_id": "f" * 64}, _completion("A", "B")),
        encoding="utf-8",
    )
    out = _cli("batch", "ingest", str(results), "--cache", str(tmp_path / "c.sqlite")).output
    assert "1 results stored" in out and "1 failed" in out and "1 not from an export" in out
    assert f"{1 + len(rest)} exported requests still without a result" in out
    # exporting again writes only what is still missing
    _cli("batch", "export", *common, "--out", str(tmp_path / "again.jsonl"))
    assert [line["custom_id"] for line in _lines(tmp_path / "again.jsonl")] == [
        second["custom_id"],
        *(line["custom_id"] for line in rest),
    ]


def test_a_batch_output_line_that_is_not_json_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "results.jsonl"
    bad.write_text('{"custom_id": "x", "response": null}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", "ingest", str(bad), "--cache", str(tmp_path / "c.sqlite")])
    assert result.exit_code == 2 and f"{bad}:2" in result.output


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        (b'{"custom_id": "x", "response": null}\n{"custom_id": "\xff"}\n', 2, "not valid UTF-8"),
        (b'\xef\xbb\xbf{"custom_id": "x"}\n', 1, "byte-order mark"),
        (b'[{"custom_id": "x"}]\n', 1, "custom_id"),
    ],
)
def test_a_batch_output_file_with_bad_bytes_is_a_located_error(
    tmp_path: Path, content: bytes, line: int, words: str
) -> None:
    bad = tmp_path / "results.jsonl"
    bad.write_bytes(content)
    result = CliRunner().invoke(main, ["batch", "ingest", str(bad), "--cache", str(tmp_path / "c.sqlite")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    (message,) = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert f"{bad}:{line}" in message and words in message


def test_a_response_that_is_not_an_object_is_a_failed_line_not_a_crash(pairs_file: Path, tmp_path: Path) -> None:
    common = ["--judge", "openai:http://127.0.0.1:9/v1#m", "--data", str(pairs_file), "--limit", "1"]
    cache = ["--cache", str(tmp_path / "c.sqlite")]
    _cli("batch", "export", *common, *cache, "--out", str(tmp_path / "requests.jsonl"))
    first = _lines(tmp_path / "requests.jsonl")[0]
    results = tmp_path / "results.jsonl"
    results.write_text(json.dumps({"custom_id": first["custom_id"], "response": "gone"}) + "\n", encoding="utf-8")
    assert "1 failed" in _cli("batch", "ingest", str(results), *cache).output


def _cached(cache: Path) -> int:
    db = sqlite3.connect(cache)
    try:
        return int(db.execute("SELECT COUNT(*) FROM judgments").fetchone()[0])
    finally:
        db.close()


def _exported(pairs_file: Path, tmp_path: Path, limit: str = "2") -> tuple[list[str], list[dict[str, Any]]]:
    cache = ["--cache", str(tmp_path / "c.sqlite")]
    common = ["--judge", "openai:http://127.0.0.1:9/v1#gpt-4o", "--data", str(pairs_file), "--limit", limit]
    _cli("batch", "export", *common, *cache, "--out", str(tmp_path / "requests.jsonl"))
    return cache, _lines(tmp_path / "requests.jsonl")


@pytest.mark.parametrize("served", ["gpt-4o-mini", "llama-3-8b", None])
def test_results_answered_by_another_model_are_refused_and_nothing_is_cached(
    pairs_file: Path, tmp_path: Path, served: str | None
) -> None:
    cache, lines = _exported(pairs_file, tmp_path)
    bodies = [_completion("A", "B", "gpt-4o-2024-08-06") for _ in lines]  # a dated snapshot is the same model
    bodies[-1] = {k: v for k, v in _completion("A", "B", served or "").items() if served or k != "model"}
    results = tmp_path / "results.jsonl"
    results.write_text("".join(_output_line(line, body) for line, body in zip(lines, bodies)), encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", "ingest", str(results), *cache])
    assert result.exit_code == 2 and "Traceback" not in result.output
    (message,) = [x for x in result.output.splitlines() if x.startswith("error:")]
    assert f"{results}:{len(lines)}" in message and "response.body.model" in message and "gpt-4o" in message
    assert _cached(tmp_path / "c.sqlite") == 0  # not even the good lines before it


def test_a_local_judge_cannot_be_exported_for_a_server_to_answer(pairs_file: Path, tmp_path: Path) -> None:
    for extra in (["--judge", "simulated"], ["--judge", "openai:http://127.0.0.1:9/v1#m", "--model", "other"]):
        result = CliRunner().invoke(
            main, ["batch", "export", *extra, "--data", str(pairs_file), "--out", str(tmp_path / "r.jsonl")]
        )
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert not (tmp_path / "r.jsonl").exists()


@pytest.mark.parametrize("logprob", [float("nan"), float("inf"), float("-inf"), 1e999])
def test_non_finite_log_probabilities_are_failed_lines_never_verdicts(
    pairs_file: Path, tmp_path: Path, logprob: float
) -> None:
    cache, lines = _exported(pairs_file, tmp_path, limit="1")
    results = tmp_path / "results.jsonl"
    results.write_text(  # json.dumps writes NaN / Infinity, as a server with a float bug does
        "".join(_output_line(line, _completion("A", "B", "gpt-4o", logprob)) for line in lines), encoding="utf-8"
    )
    out = _cli("batch", "ingest", str(results), *cache).output
    assert "0 results stored" in out and f"{len(lines)} failed" in out
    assert _cached(tmp_path / "c.sqlite") == 0


@needs_server
@pytest.mark.slow
def test_a_round_trip_through_a_real_server_gives_the_direct_probes_judgments(
    server: str,  # noqa: F811
    pairs_file: Path,
    tmp_path: Path,
) -> None:
    common = [
        "--judge",
        f"openai:{server}#smollm2",
        "--family",
        "huggingface",
        "--data",
        str(pairs_file),
        "--limit",
        "6",
    ]
    _cli("probe", *common, "--out", str(tmp_path / "direct"), "-q", "--no-cache")

    cache = ["--cache", str(tmp_path / "c.sqlite")]
    _cli("batch", "export", *common, *cache, "--out", str(tmp_path / "requests.jsonl"))
    base = server.removesuffix("/v1")
    with open(tmp_path / "results.jsonl", "w", encoding="utf-8") as out:  # the provider's batch runner
        for line in _lines(tmp_path / "requests.jsonl"):
            resp = httpx.post(base + line["url"], json=line["body"], timeout=120)
            out.write(_output_line(line, resp.json(), resp.status_code))
    _cli("batch", "ingest", str(tmp_path / "results.jsonl"), *cache)
    _cli("probe", *common, *cache, "--out", str(tmp_path / "batched"), "-q")

    manifest = json.loads((tmp_path / "batched" / "manifest.json").read_text())
    assert manifest["counters"]["cache_misses"] == 0 and manifest["counters"]["cache_hits"] == 12
    direct, batched = _lines(tmp_path / "direct" / "judgments.jsonl"), _lines(tmp_path / "batched" / "judgments.jsonl")
    assert [r["winner"] for r in batched] == [r["winner"] for r in direct]
    assert all(abs(b["p_a"] - d["p_a"]) < 1e-6 for b, d in zip(batched, direct))
