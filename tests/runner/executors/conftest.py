"""The executor tests' shared reference: SmolLM2's local judgments, computed once per session."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.executors import audit, sum_pairs


@pytest.fixture(scope="session")
def smollm2_reference() -> list[dict[str, Any]]:
    """SmolLM2's local-executor judgments of ``sum_pairs(8)`` (position probe)."""
    return audit("smollm2-135m", sum_pairs(8), probes=("position",))[0]
