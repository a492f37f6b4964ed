"""Shared fixtures: offline hub, an isolated judgment cache per test, small item files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own judgment cache, so no test sees another's judgments."""
    path = tmp_path / "cache" / "judgments.sqlite"
    monkeypatch.setenv("JUDGEAUDIT_CACHE", str(path))
    return path


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    """Twenty labelled pairs, half gold a and half gold b, with known families and lengths."""
    rows = []
    for i in range(20):
        good, bad = f"The answer is {i * 2}.", f"The answer is {i * 2 + 1}, I think, probably."
        label = "a" if i % 2 == 0 else "b"
        ra, rb = (good, bad) if label == "a" else (bad, good)
        rows.append(
            {
                "id": f"p{i:02d}",
                "instruction": f"What is {i} times 2?",
                "response_a": ra,
                "response_b": rb,
                "label": label,
                "family_a": "simulated" if i % 4 < 2 else "other",
                "family_b": "other" if i % 4 < 2 else "simulated",
            }
        )
    return write_jsonl(tmp_path / "pairs.jsonl", rows)
