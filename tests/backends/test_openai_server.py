"""The OpenAI-compatible backend against a real llama.cpp server on loopback (SmolLM2 GGUF)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from judgeaudit.backends.base import Request
from tests.backends.conftest import free_port, needs_server


@needs_server
def test_logprob_verdicts_through_a_real_server(server: str) -> None:
    from judgeaudit.judges import load_judge

    judge = load_judge(f"openai:{server}#smollm2", family="huggingface")
    reqs = [judge.pairwise_request("What is 2 + 2?", "4", "5", order) for order in ("ab", "ba")]
    results = judge.backend.run(reqs)
    for res, order in zip(results, ("ab", "ba")):
        assert res.error is None and res.choice_logprobs is not None
        verdict = judge.read_pairwise(res, order)
        assert verdict["winner"] in ("a", "b") and 0 < verdict["p_a"] < 1
    assert judge.identity()["judge_family"] == "huggingface"


@needs_server
def test_generate_mode_through_a_real_server(server: str) -> None:
    from judgeaudit.judges import load_judge

    judge = load_judge(f"openai:{server}#smollm2", mode="generate")
    req = judge.pairwise_request("Capital of France?", "Paris", "Lyon", "ab")
    res = judge.backend.run([Request(**{**req.__dict__, "max_tokens": 12})])[0]
    assert res.error is None and isinstance(res.text, str) and res.text


class _Flaky(BaseHTTPRequestHandler):
    """Answers 429 then 503 before a valid completion: a rate-limited server."""

    calls = 0

    def do_POST(self) -> None:  # noqa: N802
        type(self).calls += 1
        self.rfile.read(int(self.headers["Content-Length"]))
        if type(self).calls <= 2:
            self.send_response(429 if type(self).calls == 1 else 503)
            self.end_headers()
            return
        body = json.dumps({"choices": [{"message": {"role": "assistant", "content": "[RESULT] B"}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_retries_with_backoff_on_429_and_5xx_and_records_attempts() -> None:
    from judgeaudit.backends.openai_backend import OpenAIBackend

    httpd = HTTPServer(("127.0.0.1", 0), _Flaky)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        backend = OpenAIBackend(f"http://127.0.0.1:{httpd.server_port}", "m", backoff=0.01, retries=3)
        res = backend.run([Request(kind="generate", messages=(("user", "q"),), max_tokens=8)])[0]
    finally:
        httpd.shutdown()
    assert res.text == "[RESULT] B" and res.error is None
    assert len(res.extra["attempts"]) == 2 and "429" in res.extra["attempts"][0]
    assert backend.stats["retries"] == 2


def test_unreachable_server_is_a_recorded_failure_not_a_crash() -> None:
    from judgeaudit.backends.openai_backend import OpenAIBackend

    backend = OpenAIBackend(f"http://127.0.0.1:{free_port()}", "m", backoff=0.01, retries=1, timeout=2)
    res = backend.run([Request(kind="choice", messages=(("user", "q"),), choices=("A", "B"))])[0]
    assert res.error is not None and len(res.extra["attempts"]) == 2
