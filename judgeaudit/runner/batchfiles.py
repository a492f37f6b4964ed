"""Provider batch files: the requests the cache lacks go out in the OpenAI Batch format, results come in.

``export`` writes one line per unique uncached request, ``custom_id`` = its judgment-cache key and
``body`` = exactly what the openai backend would send, and remembers each request in the cache
database (table ``batch_requests``) so the results can be read back. ``ingest`` reads an OpenAI Batch
API output file, or ``vllm run-batch``'s (the same line format), and stores every successful result
under its key; the next ``judgeaudit probe`` with the same options then finds them all in the cache.
Failed lines are counted, never cached, so the next probe (or the next batch) retries them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgeaudit.backends.base import Request
from judgeaudit.backends.openai_backend import OpenAIBackend
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.io.files import iter_json_records
from judgeaudit.runner.cache import JudgmentCache
from judgeaudit.runner.cache_identity import cache_identity  # the one identity run.execute keys the cache with

TABLE = "batch_requests"


@dataclass
class Ingested:
    stored: int = 0
    failed: int = 0
    unknown: int = 0
    errors: list[str] | None = None


def missing_requests(judge: Any, tasks: list[Any], cache: JudgmentCache) -> dict[str, Request]:
    """The unique requests of ``tasks`` that the cache does not hold, by cache key, in plan order."""
    identity = cache_identity(judge)
    unique: dict[str, Request] = {}
    for task in tasks:
        for req in task.requests:
            unique.setdefault(JudgmentCache.key(identity, req), req)
    held = cache.get_many(list(unique))
    return {k: r for k, r in unique.items() if k not in held}


def _table(cache: JudgmentCache) -> None:
    cache.db.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (key TEXT PRIMARY KEY, request TEXT NOT NULL)")


def export(judge: Any, tasks: list[Any], cache: JudgmentCache, out: Path, model: str | None = None) -> int:
    """Write the OpenAI Batch input file for what the cache lacks; returns the number of lines.

    Args:
        model: the ``model`` every request names (the served model); default: the openai judge's
            own model, else the judge's ``hf_id``, else its name.
    """
    todo = missing_requests(judge, tasks, cache)
    if any(r.kind == "loglik" for r in todo.values()):
        raise JudgeAuditError(
            "likelihood judges need prompt log-probabilities, which batch endpoints do not "
            "return; run them with --backend vllm or transformers"
        )
    if isinstance(judge.backend, OpenAIBackend) and model is None:
        writer = judge.backend
    else:
        writer = OpenAIBackend("http://batch.invalid/v1", model or judge.spec.model.get("hf_id") or judge.name)
    _table(cache)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for key, req in todo.items():
            path, body = writer._payload(req)
            fh.write(
                json.dumps({"custom_id": key, "method": "POST", "url": "/v1" + path, "body": body}, ensure_ascii=False)
                + "\n"
            )
            cache.db.execute(
                f"INSERT OR REPLACE INTO {TABLE} (key, request) VALUES (?, ?)",
                (key, json.dumps(req.key_payload(), sort_keys=True)),
            )
    cache.db.commit()
    return len(todo)


def _request(blob: str) -> Request:
    d = json.loads(blob)
    if d.get("messages") is not None:
        d["messages"] = tuple(tuple(m) for m in d["messages"])
    d["choices"] = tuple(d.get("choices") or ())
    return Request(**d)


def ingest(path: Path, cache: JudgmentCache) -> Ingested:
    """Store every successful line of a batch output file under its ``custom_id``."""
    _table(cache)
    report = Ingested(errors=[])
    problems: list[InputError] = []
    rows = list(iter_json_records(path, problems))  # bad bytes, a BOM, bad JSON: located, nothing stored
    if problems:
        raise problems[0]
    for lineno, row in rows:
        key = row.get("custom_id") if isinstance(row, dict) else None
        if not isinstance(key, str):
            raise InputError(path, lineno, "custom_id", "missing: not a batch output line")
        found = cache.db.execute(f"SELECT request FROM {TABLE} WHERE key = ?", (key,)).fetchone()
        if found is None:
            report.unknown += 1
            continue
        response = row.get("response") if isinstance(row.get("response"), dict) else {}
        if row.get("error") or response.get("status_code") != 200 or not isinstance(response.get("body"), dict):
            report.failed += 1
            report.errors.append(f"line {lineno}: {row.get('error') or response.get('status_code')}"[:300])  # type: ignore[union-attr]
            continue
        try:
            result = OpenAIBackend._read(_request(found[0]), response["body"])
        except (KeyError, IndexError, TypeError) as exc:
            raise InputError(path, lineno, "response.body", f"not a completion: {type(exc).__name__} {exc}") from None
        cache.put(key, result)
        cache.db.execute(f"DELETE FROM {TABLE} WHERE key = ?", (key,))
        report.stored += 1
    cache.db.commit()
    return report


def pending(cache: JudgmentCache) -> int:
    """Requests exported and not yet ingested."""
    _table(cache)
    return int(cache.db.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0])
