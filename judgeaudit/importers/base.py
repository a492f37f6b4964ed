"""What every importer shares: the result type, the registry, and the row bookkeeping.

An importer turns judgments recorded elsewhere (a paper's published transcripts, a leaderboard's
annotation file) into rows of the judgments contract, so the same statistics audit a closed API
judge from its record as audit a local judge we ran ourselves. A source row the importer cannot
read is reported with its file, line and field, and the rest is imported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from judgeaudit.contracts.judgments import Judgment, validate_row
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.io.files import JSONObject, iter_json_records
from judgeaudit.registry import Registry


@dataclass
class ImportResult:
    """Judgments read from recorded sources.

    Attributes:
        rows: judgments-contract rows, each one passing :func:`judgeaudit.contracts.judgments.validate_row`.
        skipped: the source rows that could not be read, each located (file, line, field, why).
        sources: ``{"path", "sha256"}`` of every file read, for the manifest.
        judges: judge name → family (``None`` when no family rule matches the name).
    """

    rows: list[Judgment] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    sources: list[JSONObject] = field(default_factory=list)
    judges: dict[str, str | None] = field(default_factory=dict)


ImporterFn = Callable[..., ImportResult]
importers: Registry[ImporterFn] = Registry("import format")
importer = importers.register

# Options every format accepts; each importer adds its own.
COMMON_OPTIONS = frozenset({"judge", "judge_family", "families", "texts"})


def check_options(fmt: str, options: dict[str, Any], own: Iterable[str] = ()) -> None:
    """Refuse an option this format does not read, so a typo is not silently ignored."""
    known = COMMON_OPTIONS | set(own)
    unknown = sorted(set(options) - known)
    if unknown:
        raise JudgeAuditError(
            f"import format {fmt!r} does not take option(s) {', '.join(unknown)}; it takes: {', '.join(sorted(known))}"
        )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def family_for(model: str | None, options: Mapping[str, object]) -> str | None:
    """Family of a model name from the shared table, with the user's ``families`` overrides first."""
    if not model:
        return None
    from judgeaudit.datasets.families import family_of  # lazy: the table is read on first use

    rules = options.get("families")
    return family_of(model, rules if isinstance(rules, dict) else None)


def find_files(paths: Iterable[Path], pattern: str) -> list[Path]:
    """Files as given, directories searched recursively for ``pattern``; sorted, each once."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(p.rglob(pattern)))
        elif p.exists():
            out.append(p)
        else:
            raise InputError(p, None, None, "file not found")
    unique: dict[Path, Path] = {}
    for p in out:
        unique.setdefault(p.resolve(), p)
    return list(unique.values())


class Collector:
    """Accumulates rows, located problems, source hashes and judges while an importer reads."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        self.result = ImportResult()

    def source(self, path: Path) -> None:
        self.result.sources.append({"path": str(path), "sha256": sha256_file(path)})

    def judge(self, name: str) -> tuple[str, str | None]:
        """The judge's name and family, with the user's ``judge`` / ``judge_family`` overrides."""
        name = self.options.get("judge") or name
        family = self.options.get("judge_family") or family_for(name, self.options)
        self.result.judges.setdefault(name, family)
        return name, family

    def records(self, path: Path) -> Iterator[tuple[int, Any]]:
        """``(line, record)`` of a JSON/JSONL source; syntax errors are reported, not raised."""
        return iter_json_records(path, self.result.skipped, arrays=True)

    def skip(self, path: Path | str, line: int | None, field_name: str | None, why: str) -> None:
        self.result.skipped.append(InputError(path, line, field_name, why))

    def add(self, row: dict[str, Any], path: Path, line: int | None) -> bool:
        """Validate a finished row against the contract; a failing row is reported, not kept."""
        if not self.options.get("texts", True):
            for key in ("instruction", "response_a", "response_b", "answer", "reference"):
                row.pop(key, None)
        row.setdefault("source", f"{path}:{line}" if line is not None else str(path))
        try:
            self.result.rows.append(validate_row(row, path, line))
        except InputError as exc:
            self.result.skipped.append(exc)
            return False
        return True
