"""Provider batch files: the requests the cache lacks go out in the OpenAI Batch format, results come in.

``export`` writes one line per unique uncached request, ``custom_id`` = its judgment-cache key and
``body`` = exactly what the openai backend would send, and remembers each request in the cache
database (table ``batch_exports``: the request, the model it names and the judge identity its key
was built from) so the results can be read back. ``ingest`` reads an OpenAI Batch API output file, or
``vllm run-batch``'s (the same line format), and stores every successful result under its key; the
next ``judgeaudit probe`` with the same options then finds them all in the cache.

A result is stored as a judge's verdict only when it can be that judge's: only judges served over an
OpenAI-compatible endpoint are exported (a server's answer is never a local model's verdict), and
a line answered by another model than the one exported refuses the whole file. Failed lines, and
lines whose log-probabilities are not finite numbers, are counted, never cached, so the next probe
(or the next batch) retries them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgeaudit.backends.base import Request, Result, checked
from judgeaudit.backends.openai_backend import OpenAIBackend
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.io.atomic import atomic
from judgeaudit.io.files import iter_json_records
from judgeaudit.runner.cache import JudgmentCache
from judgeaudit.runner.cache_identity import cache_identity  # the one identity run.execute keys the cache with

TABLE = "batch_exports"
OLD_TABLE = "batch_requests"  # written before the served model was recorded: such exports must be redone


@dataclass
class Ingested:
    stored: int = 0
    failed: int = 0
    unknown: int = 0
    errors: list[str] = field(default_factory=list)


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
    cache.db.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} "
        "(key TEXT PRIMARY KEY, request TEXT NOT NULL, model TEXT NOT NULL, identity TEXT NOT NULL)"
    )


def served_backend(judge: Any, model: str | None) -> OpenAIBackend:
    """The judge's own OpenAI-compatible backend, which every exported line must be answered by.

    Raises:
        JudgeAuditError: the judge runs locally (its verdicts come from its own weights, which no batch
            endpoint runs), or ``model`` names another model than the judge serves.
    """
    if not isinstance(judge.backend, OpenAIBackend):
        raise JudgeAuditError(
            f"batch export: judge {judge.name!r} runs on the {judge.backend.name} backend, so its verdicts come "
            "from its own weights; a batch endpoint's answers would be another model's, cached as this judge's. "
            "Export a judge served over an OpenAI-compatible endpoint instead (--judge openai:BASE_URL#MODEL, "
            "e.g. the model name vllm run-batch serves)"
        )
    if model is not None and model != judge.backend.model:
        raise JudgeAuditError(
            f"batch export: --model {model!r} differs from the model judge {judge.name!r} serves "
            f"({judge.backend.model!r}); the results would be cached as that judge's verdicts. "
            f"Name the judge after the model that answers: --judge openai:BASE_URL#{model}"
        )
    return judge.backend


def export(judge: Any, tasks: list[Any], cache: JudgmentCache, out: Path, model: str | None = None) -> int:
    """Write the OpenAI Batch input file for what the cache lacks; returns the number of lines.

    Args:
        model: the ``model`` every request names; it must be the judge's own (default).

    Raises:
        JudgeAuditError: a local judge, or another model than the judge's (:func:`served_backend`).
        InputError: ``out`` cannot be written (its folder cannot be made, a file stands in the way).
    """
    writer = served_backend(judge, model)
    todo = missing_requests(judge, tasks, cache)
    if any(r.kind == "loglik" for r in todo.values()):
        raise JudgeAuditError(
            "likelihood judges need prompt log-probabilities, which batch endpoints do not "
            "return; run them with --backend vllm or transformers"
        )
    identity = json.dumps(cache_identity(judge), sort_keys=True, ensure_ascii=False)
    lines, records = [], []
    for key, req in todo.items():
        path, body = writer._payload(req)
        lines.append(
            json.dumps({"custom_id": key, "method": "POST", "url": "/v1" + path, "body": body}, ensure_ascii=False)
            + "\n"
        )
        records.append((key, json.dumps(req.key_payload(), sort_keys=True), str(body["model"]), identity))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with atomic(out) as fh:
            fh.writelines(lines)
    except OSError as exc:
        raise InputError(out, None, None, f"cannot write the batch file ({exc.strerror or exc})") from None
    _table(cache)
    cache.db.executemany(f"INSERT OR REPLACE INTO {TABLE} (key, request, model, identity) VALUES (?, ?, ?, ?)", records)
    cache.db.commit()
    return len(todo)


def _request(blob: str) -> Request:
    d = json.loads(blob)
    if d.get("messages") is not None:
        d["messages"] = tuple(tuple(m) for m in d["messages"])
    d["choices"] = tuple(d.get("choices") or ())
    return Request(**d)


def same_model(served: str, exported: str) -> bool:
    """Is ``served`` the exported model: the same name, or that name pinned to a dated snapshot
    (the OpenAI Batch API answers ``gpt-4o`` as ``gpt-4o-2024-08-06``; never ``gpt-4o-mini``)."""
    return served == exported or re.fullmatch(re.escape(exported) + r"-(\d{4}-\d{2}-\d{2}|\d{4})", served) is not None


def _old_export(cache: JudgmentCache, key: str) -> bool:
    exists = cache.db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (OLD_TABLE,)).fetchone()
    return bool(exists) and cache.db.execute(f"SELECT 1 FROM {OLD_TABLE} WHERE key = ?", (key,)).fetchone() is not None


def ingest(path: Path, cache: JudgmentCache) -> Ingested:
    """Store every successful line of a batch output file under its ``custom_id``.

    Every line is checked before anything is stored: a line answered by another model than the one
    exported, or a body that is not a completion, refuses the whole file (:class:`InputError` at its
    line); nothing of it is cached.
    """
    _table(cache)
    report = Ingested()
    problems: list[InputError] = []
    rows = list(iter_json_records(path, problems))  # bad bytes, a BOM, bad JSON: located, nothing stored
    if problems:
        raise problems[0]
    keep: list[tuple[str, Result]] = []
    for lineno, row in rows:
        key = row.get("custom_id") if isinstance(row, dict) else None
        if not isinstance(key, str):
            raise InputError(path, lineno, "custom_id", "missing: not a batch output line")
        found = cache.db.execute(f"SELECT request, model, identity FROM {TABLE} WHERE key = ?", (key,)).fetchone()
        if found is None:
            if _old_export(cache, key):
                raise InputError(
                    path,
                    lineno,
                    "custom_id",
                    "was exported by an older judgeaudit, which did not record the model that must answer it; "
                    "export the requests again (judgeaudit batch export) and run that file",
                )
            report.unknown += 1
            continue
        request, exported, identity = found
        response = row.get("response") if isinstance(row.get("response"), dict) else {}
        if row.get("error") or response.get("status_code") != 200 or not isinstance(response.get("body"), dict):
            report.failed += 1
            report.errors.append(f"line {lineno}: {row.get('error') or response.get('status_code')}"[:300])
            continue
        body = response["body"]
        served = body.get("model")
        if not isinstance(served, str) or not same_model(served, exported):
            who = f"answered by {served!r}" if isinstance(served, str) else "names no model that answered it"
            raise InputError(
                path,
                lineno,
                "response.body.model",
                f"{who}, but the request was exported for {exported!r}: its results would be cached as another "
                "model's verdicts, so nothing from this file was stored",
            )
        req = _request(request)
        if JudgmentCache.key(json.loads(identity), req) != key:
            raise InputError(path, lineno, "custom_id", "does not match the request exported under it")
        try:
            result = checked(OpenAIBackend._read(req, body))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise InputError(path, lineno, "response.body", f"not a completion: {type(exc).__name__} {exc}") from None
        if result.error:
            report.failed += 1
            report.errors.append(f"line {lineno}: {result.error}"[:300])
            continue
        keep.append((key, result))
    for key, result in keep:
        cache.put(key, result)
        cache.db.execute(f"DELETE FROM {TABLE} WHERE key = ?", (key,))
        report.stored += 1
    cache.db.commit()
    return report


def pending(cache: JudgmentCache) -> int:
    """Requests exported and not yet ingested."""
    _table(cache)
    return int(cache.db.execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()[0])
