"""Where the repository and the shared data are, for tests at any depth."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"
STARTER = REPO / "probes" / "data" / "starter.jsonl"
