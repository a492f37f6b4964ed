"""Fixtures for the importer tests: where the shared (read-only) datasets live."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.paths import SHARED_DATA

SHARED = SHARED_DATA


@pytest.fixture
def shared_data() -> Path:
    """The shared datasets directory; the test is skipped when this machine does not have it."""
    if not SHARED.is_dir():
        pytest.skip(f"shared datasets not present at {SHARED}")
    return SHARED
