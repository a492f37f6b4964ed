"""Content-addressed judgment cache (SQLite, WAL): nothing is ever paid for twice.

The key is a hash of the judge's identity (name, model file sha256, backend, dtype), the rendered
request (prompt, choices, decoding parameters) and the mode. Each result is committed as soon as it
arrives, so a run killed with ``kill -9`` resumes with everything it had already computed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from judgeaudit.backends.base import Request, Result


def default_cache_path() -> Path:
    return Path(os.environ.get("JUDGEAUDIT_CACHE", Path.home() / ".cache" / "judgeaudit" / "judgments.sqlite"))


class JudgmentCache:
    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else default_cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS judgments (key TEXT PRIMARY KEY, result TEXT NOT NULL)")
        self.db.commit()
        self.hits = 0
        self.misses = 0
        self.stored = 0

    @staticmethod
    def key(judge_identity: dict[str, Any], request: Request) -> str:
        blob = json.dumps(
            {"judge": judge_identity, "request": request.key_payload()}, sort_keys=True, ensure_ascii=False
        )
        return hashlib.sha256(blob.encode()).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, Result]:
        found: dict[str, Result] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            q = f"SELECT key, result FROM judgments WHERE key IN ({','.join('?' * len(chunk))})"
            for k, v in self.db.execute(q, chunk):
                found[k] = Result.from_dict(json.loads(v))
        return found

    def put(self, key: str, result: Result) -> None:
        if result.error:  # failures are recorded in the run, never cached: a rerun retries them
            return
        self.db.execute(
            "INSERT OR REPLACE INTO judgments (key, result) VALUES (?, ?)",
            (key, json.dumps(result.to_dict(), sort_keys=True)),
        )
        self.db.commit()
        self.stored += 1

    def close(self) -> None:
        self.db.close()
