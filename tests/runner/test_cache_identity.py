"""The judgment cache never serves one setup's verdicts to another (issue 17, item 1).

Two OpenAI-compatible servers on loopback serve a model of the same name and answer differently;
the second run must ask its own server, not read the first server's answers from the cache.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from judgeaudit.backends.simulated import SimulatedBackend
from judgeaudit.cli import main
from judgeaudit.judges import load_judge
from judgeaudit.runner.cache_identity import backend_identity, cache_identity
from tests.support.loopback import openai_server


def _probe(judge: str, data: Path, out: Path, cache: Path) -> dict:
    result = CliRunner().invoke(
        main,
        [
            "probe",
            "--judge",
            judge,
            "--data",
            str(data),
            "--out",
            str(out),
            "--cache",
            str(cache),
            "--limit",
            "4",
            "-q",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads((out / "manifest.json").read_text())


def _first_slot_share(run: Path) -> float:
    rows = [json.loads(line) for line in (run / "judgments.jsonl").read_text().splitlines()]
    first = [r["winner"] == ("a" if r["order"] == "ab" else "b") for r in rows]
    return sum(first) / len(first)


def test_two_servers_with_one_model_name_never_share_cached_verdicts(pairs_file: Path, tmp_path: Path) -> None:
    cache = tmp_path / "shared.sqlite"
    with openai_server(text="A") as (url_one, one), openai_server(text="B") as (url_two, two):
        m1 = _probe(f"openai:{url_one}#judge-model", pairs_file, tmp_path / "one", cache)
        m2 = _probe(f"openai:{url_two}#judge-model", pairs_file, tmp_path / "two", cache)
    assert m1["counters"]["cache_misses"] == 8 and one.requests == 8
    assert m2["counters"]["cache_hits"] == 0 and m2["counters"]["cache_misses"] == 8 and two.requests == 8
    assert _first_slot_share(tmp_path / "one") == 1.0  # server one always says the first slot
    assert _first_slot_share(tmp_path / "two") == 0.0  # server two never does
    assert m2["backend"]["base_url"] == url_two


def test_the_same_server_again_is_served_from_the_cache(pairs_file: Path, tmp_path: Path) -> None:
    cache = tmp_path / "shared.sqlite"
    with openai_server(text="A") as (url, server):
        _probe(f"openai:{url}#judge-model", pairs_file, tmp_path / "one", cache)
        again = _probe(f"openai:{url}#judge-model", pairs_file, tmp_path / "again", cache)
    assert again["counters"]["cache_hits"] == 8 and server.requests == 8


def test_another_served_model_on_the_same_server_is_not_served_from_the_cache(pairs_file: Path, tmp_path: Path) -> None:
    cache = tmp_path / "shared.sqlite"
    with openai_server(text="A") as (url, server):
        _probe(f"openai:{url}#model-one", pairs_file, tmp_path / "one", cache)
        other = _probe(f"openai:{url}#model-two", pairs_file, tmp_path / "two", cache)
    assert other["counters"]["cache_hits"] == 0 and server.requests == 16


@pytest.mark.parametrize(
    "change",
    [
        {"top_logprobs": 5},  # how the verdict labels are read
        {"base_url": "http://127.0.0.1:9/v1"},  # where
    ],
)
def test_every_openai_setting_that_changes_a_result_is_in_the_identity(change: dict) -> None:
    judge = load_judge("openai:http://127.0.0.1:8/v1#m")
    before = cache_identity(judge)
    for key, value in change.items():
        setattr(judge.backend, key, value)
    assert cache_identity(judge) != before


def test_credentials_in_the_url_are_neither_in_the_identity_nor_in_the_manifest() -> None:
    judge = load_judge("openai:http://user:s3cret@127.0.0.1:8/v1?api_key=k3y#m")
    assert "s3cret" not in json.dumps(cache_identity(judge)) and "k3y" not in json.dumps(cache_identity(judge))
    assert "s3cret" not in json.dumps(judge.identity()) and "k3y" not in json.dumps(judge.identity())
    assert judge.backend.base_url.startswith("http://user:s3cret@")  # the client still logs in


def test_a_simulated_judges_family_and_planted_effects_are_part_of_its_identity() -> None:
    base = SimulatedBackend("llama", {"own_family": 2.0})
    assert backend_identity(base.describe()) != backend_identity(
        SimulatedBackend("qwen", {"own_family": 2.0}).describe()
    )
    assert backend_identity(base.describe()) != backend_identity(
        SimulatedBackend("llama", {"own_family": 0.5}).describe()
    )
    assert backend_identity(base.describe()) != backend_identity(
        SimulatedBackend("llama", {"own_family": 2.0}, seed=1).describe()
    )


def test_counters_that_grow_during_a_run_do_not_change_the_identity(pairs_file: Path, tmp_path: Path) -> None:
    with openai_server(text="A") as (url, _):
        judge = load_judge(f"openai:{url}#m")
        before = cache_identity(judge)
        from judgeaudit.backends.base import Request

        judge.backend.run([Request(kind="generate", messages=(("user", "q"),), max_tokens=4)])
    assert judge.backend.stats["http_requests"] == 1
    assert cache_identity(judge) == before


def test_a_vllm_judges_chat_template_is_in_its_identity_and_its_context_length_is_not() -> None:
    from judgeaudit.backends.vllm_backend import VLLMBackend

    base = backend_identity(VLLMBackend("/models/m", "sha").describe())
    assert backend_identity(VLLMBackend("/models/m", "sha", chat_template="none").describe()) != base
    assert backend_identity(VLLMBackend("/models/m", "sha", dtype="float32").describe()) != base
    # a longer context only lets more requests through; a refusal is never cached
    assert backend_identity(VLLMBackend("/models/m", "sha", max_model_len=32768).describe()) == base
