"""The local executor: the judge's own backend, in this process (what judgeaudit always did)."""

from __future__ import annotations

from collections.abc import Callable

from judgeaudit.backends.base import Request, Result
from judgeaudit.io.files import JSONObject
from judgeaudit.judges.judge import Judge


class LocalExecutor:
    name = "local"

    def run(self, judge: Judge, requests: list[Request], on_result: Callable[[int, Result], None]) -> None:
        judge.backend.run(requests, on_result=on_result)

    def describe(self) -> JSONObject:
        return {"executor": "local"}
