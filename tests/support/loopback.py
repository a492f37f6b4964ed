"""A stand-in OpenAI-compatible server on 127.0.0.1 (stdlib only), for the tests of what crosses the wire.

Each server answers every chat or completion request with one fixed verdict text, or with a fixed
HTTP error, or holds each request until released (to catch a client mid-call). It counts the
requests it received and signals the first one.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Behaviour:
    text: str = "A"  # the verdict every request gets
    status: int = 200  # anything else: answer with this HTTP status and ``error``
    error: str = ""
    hang: bool = False  # answer only once ``stop`` is set (or the server stops)
    fail_if: str = ""  # answer ``status``/``error`` only to requests whose body contains this text
    raw: str = ""  # a 200 answer's whole body, sent as is (NaN, no choices...) to requests matching ``raw_if``
    raw_if: str = ""
    requests: int = 0
    bodies: list[dict] = field(default_factory=list)
    first: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)


def _handler(b: Behaviour) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
            b.requests += 1
            b.bodies.append(body)
            b.first.set()
            if b.hang:  # hold the call until released, then answer it
                b.stop.wait(60)
            failing = b.status != 200 and (not b.fail_if or b.fail_if in json.dumps(body))
            odd = b.raw and (not b.raw_if or b.raw_if in json.dumps(body))
            if odd:
                payload = b.raw.encode()
                self.send_response(200)
            elif failing:
                payload = json.dumps({"error": {"message": b.error, "type": "invalid_request_error"}}).encode()
                self.send_response(b.status)
            else:
                choice = (
                    {"message": {"role": "assistant", "content": b.text}} if "messages" in body else {"text": b.text}
                )
                payload = json.dumps({"choices": [{"index": 0, "finish_reason": "stop", **choice}]}).encode()
                self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def openai_server(**behaviour: object) -> Iterator[tuple[str, Behaviour]]:
    """``(base_url, behaviour)`` of a running server; stopped when the block ends."""
    b = Behaviour(**behaviour)  # type: ignore[arg-type]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(b))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/v1", b
    finally:
        b.stop.set()
        httpd.shutdown()
        httpd.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def judge_file(path: Path, base_url: str, *, model: str = "m", retries: int = 0) -> Path:
    """A judge .yaml for a server at ``base_url``, retrying ``retries`` times with a short backoff."""
    path.write_text(
        f"name: api-judge\nversion: 1\nfamily: unknown\nbackend: openai\n"
        f"model:\n  base_url: {base_url}\n  model: {model}\n"
        f"backend_options:\n  retries: {retries}\n  backoff: 0.01\n  timeout: 10\n"
        "formats:\n  pairwise: generic-pairwise\n  score: generic-score\n",
        encoding="utf-8",
    )
    return path
