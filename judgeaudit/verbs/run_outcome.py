"""What a verb that writes a run directory returns: the directory, its judgments, manifest and metrics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgeaudit.contracts.judgments import Judgment
from judgeaudit.contracts.manifest import Manifest
from judgeaudit.errors import InputError


@dataclass
class RunOutcome:
    """What a verb wrote: the run directory, its judgments, manifest and metrics (None when not analyzed).

    ``problems``: judgment rows left out when reading them back; ``skipped``: source rows an import
    could not read. Each names its file, line and field. ``n_duplicates``: identical copies of a judgment.
    """

    run_dir: Path
    rows: Sequence[Judgment]  # analyze: made when first looked at (contracts.judgments.LazyRows)
    manifest: Manifest
    metrics: dict[str, Any] | None
    problems: list[InputError] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    n_duplicates: int = 0  # rows repeating an earlier row's judgment with the same verdict (counted once)
