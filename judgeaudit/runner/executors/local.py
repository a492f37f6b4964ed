"""The local executor: the judge's own backend, in this process (what judgeaudit always did)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from judgeaudit.backends.base import Request, Result


class LocalExecutor:
    name = "local"

    def run(self, judge: Any, requests: list[Request], on_result: Callable[[int, Result], None]) -> None:
        judge.backend.run(requests, on_result=on_result)

    def describe(self) -> dict[str, Any]:
        return {"executor": "local"}
