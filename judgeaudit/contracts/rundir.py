"""A run directory and its one reader: ``vet``, ``compare``, ``analyze`` and the report all read it here.

Layout (docs/contracts.md): ``judgments.jsonl`` (one row per judge call), ``manifest.json`` (what ran),
``metrics.json`` (the statistics) and ``report.html``. A run may also be a bare judgments file recorded
elsewhere; :meth:`RunDir.at` takes either.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from judgeaudit.contracts.judgments import ReadResult, read_judgments
from judgeaudit.contracts.manifest import Manifest
from judgeaudit.errors import InputError
from judgeaudit.io.files import read_json_object

JUDGMENTS, METRICS, MANIFEST, REPORT = "judgments.jsonl", "metrics.json", "manifest.json", "report.html"
DERIVED = (METRICS, MANIFEST, REPORT)  # computed from the judgments: removed before new judgments land


@dataclass(frozen=True, init=False)
class RunDir:
    """The files of one run. ``judgments_file`` names the judgments inside ``path`` (judgments.jsonl)."""

    path: Path
    judgments_file: str

    def __init__(self, path: str | Path, judgments_file: str = JUDGMENTS) -> None:
        object.__setattr__(self, "path", Path(path))
        object.__setattr__(self, "judgments_file", judgments_file)

    @classmethod
    def at(cls, path: str | Path) -> RunDir:
        """The run of a directory, or of a judgments file (the directory it is in)."""
        path = Path(path)
        return cls(path) if path.is_dir() else cls(path.parent, path.name)

    @property
    def judgments_path(self) -> Path:
        return self.path / self.judgments_file

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    @property
    def metrics_path(self) -> Path:
        return self.path / METRICS

    @property
    def report_path(self) -> Path:
        return self.path / REPORT

    def judgments(self) -> ReadResult:
        """Every valid row, and each row left out with the reason; :class:`InputError` when none is valid."""
        try:
            return read_judgments(self.judgments_path)
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(self.judgments_path, None, None, f"could not be read ({exc})") from None

    def metrics(self) -> dict[str, Any]:
        """metrics.json; :class:`InputError` naming the file when it is missing, corrupt or not a JSON object."""
        return read_json_object(self.metrics_path, hint="run `judgeaudit analyze` on the run directory first")

    def manifest(self) -> Manifest | None:
        """manifest.json, or None when the run has none (judgments recorded elsewhere, not yet analyzed)."""
        return Manifest.read(self.manifest_path) if self.manifest_path.exists() else None
