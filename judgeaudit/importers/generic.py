"""Any JSONL/JSON/CSV/TSV file of judgments, read through a column mapping the user gives.

Options:
    map: ``{contract field: source column}``, e.g. ``{"item_id": "qid", "winner": "verdict"}``. A
        contract field with no mapping is read from the column of the same name when there is one.
        Mapping a name that is not a contract field copies that column under the new name.
    values: ``{field: {raw value: contract value}}``, e.g. ``{"winner": {"1": "a", "2": "b"}}``.
    winner_frame: ``response`` (default: the winner names a response) or ``slot`` (the winner names
        the slot shown first/second, ``a``/``b`` after value mapping; rows of order ``ba`` are flipped).
    set: ``{field: value}`` constants for every row (``{"suite": "my-eval"}``).
    judge, judge_family: the judge's name and family for rows that do not record them.

Defaults: ``probe`` "recorded", ``variant`` "original", ``order`` "ab" (a file that does not say
which response was shown first is read as single-order), ``mode`` "score" when the file has a
score column and no winner column, else "pairwise". Lengths are computed from ``response_a`` /
``response_b`` and families from ``model_a`` / ``model_b`` (and the judge's name) when not given.
Source columns that are neither mapped nor contract fields are kept as metadata.

``mode: grade`` (``--option mode=grade``) reads single-answer grades instead, one answer scored or
passed/failed alone: :mod:`judgeaudit.importers.generic_grades` says which fields and options.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from judgeaudit.contracts.judgments import COLUMNS
from judgeaudit.errors import InputError, JudgeAuditError
from judgeaudit.importers.base import (
    Collector,
    ImportResult,
    check_options,
    family_for,
    importer,
)
from judgeaudit.importers.generic_grades import OPTIONS, check_grade_options, grade_record

_SUFFIXES = (".jsonl", ".json", ".csv", ".tsv")
_NULLS = {"", "null", "none", "nan", "na", "n/a"}
_CHOICES = {
    "winner": ("a", "b", "tie"),
    "label": ("a", "b", "tie"),
    "order": ("ab", "ba"),
    "response": ("a", "b"),
    "mode": ("pairwise", "score"),
}
_FLOATS = ("p_a", "score")
_ESSENTIAL = ("item_id", "judge", "winner", "score")
_INTS = ("len_a", "len_b")


@importer("generic")
def import_generic(paths: list[Path], *, options: dict[str, Any]) -> ImportResult:
    """Import judgments from JSONL/JSON/CSV/TSV files through ``options["map"]`` and ``["values"]``."""
    check_options("generic", options, {"map", "values", "winner_frame", "set", *OPTIONS})
    grades = options.get("mode") == "grade"
    if options.get("mode") not in (None, "grade"):
        raise JudgeAuditError(
            f"generic option mode must be 'grade' (single-answer grades) or absent, got {options['mode']!r}"
        )
    if grades:
        check_grade_options(options)
    mapping = dict(options.get("map") or {})
    values = {k: {str(raw): v for raw, v in m.items()} for k, m in (options.get("values") or {}).items()}
    frame = options.get("winner_frame", "response")
    if frame not in ("response", "slot"):
        raise JudgeAuditError(f"generic option winner_frame must be 'response' or 'slot', got {frame!r}")
    col = Collector(options)
    for path in _files(paths):
        col.source(path)
        try:
            records = list(_read(path)) if path.suffix.lower() in (".csv", ".tsv") else None
        except (csv.Error, UnicodeDecodeError) as exc:
            col.skip(path, None, None, f"not a readable CSV file ({exc})")
            continue
        for line, rec in records if records is not None else col.records(path):
            if records is not None and (problem := _ragged(rec)):
                col.skip(path, line, None, problem)
                continue
            if grades:
                grade_record(col, path, line, rec, mapping, values)
            else:
                _record(col, path, line, rec, mapping, values, frame)
    return col.result


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in _SUFFIXES))
        elif p.exists():
            out.append(p)
        else:
            raise InputError(p, None, None, "file not found")
    return out


def _read(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """CSV/TSV rows with the line each starts on (a quoted field may span lines)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t" if path.suffix.lower() == ".tsv" else ",")
        start = 2
        for rec in reader:
            yield start, rec
            start = reader.line_num + 1


def _ragged(rec: dict[Any, Any]) -> str | None:
    """Why a CSV row does not fit its header (csv.DictReader pads a short row with None, keys extras by None)."""
    n = sum(1 for k in rec if k is not None)
    if None in rec:
        return f"has {len(rec[None])} more cell(s) than the header's {n} columns"
    missing = [k for k, v in rec.items() if v is None]
    if missing:
        return f"has fewer cells than the header's {n} columns (a truncated row): no {', '.join(missing[:3])}"
    return None


def _clean(field: str, value: Any, values: dict[str, dict[str, str]]) -> Any:
    if field in values and value is not None:
        key = str(value).strip() if not isinstance(value, float) or not value.is_integer() else str(int(value))
        if key in values[field]:
            return values[field][key]
        if str(value) in values[field]:
            return values[field][str(value)]
    if isinstance(value, str):
        value = value.strip()
        if value.lower() in _NULLS:
            return None
        if field in _CHOICES:
            return value.lower()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _number(value: Any, integer: bool) -> Any:
    """Numbers from text (CSV cells); anything unreadable is left for the contract check to name."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return value
    if integer and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _record(
    col: Collector,
    path: Path,
    line: int,
    rec: Any,
    mapping: dict[str, str],
    values: dict[str, dict[str, str]],
    frame: str,
) -> None:
    if not isinstance(rec, dict):
        col.skip(path, line, None, f"expected an object, got {type(rec).__name__}")
        return
    for field, column in mapping.items():
        # an optional field may be absent from a row; a verdict or identity may not
        if column not in rec and field in _ESSENTIAL:
            col.skip(path, line, field, f"mapped column {column!r} is not in this row")
            return
    used = set(mapping.values())
    row: dict[str, Any] = {k: v for k, v in rec.items() if k not in used and k not in COLUMNS}
    for field in dict.fromkeys([*COLUMNS, *mapping]):
        source = mapping.get(field, field if field in rec else None)
        if source is not None:
            row[field] = _clean(field, rec.get(source), values)
    for field, value in (col.options.get("set") or {}).items():
        row[field] = value
    for field in _FLOATS + _INTS:
        if row.get(field) is not None:
            row[field] = _number(row[field], field in _INTS)
    for field, choices in _CHOICES.items():
        v = row.get(field)
        if v is not None and v not in choices:
            hint = f"; map it with --value {field}:{v}=..." if field in ("winner", "label", "order") else ""
            col.skip(path, line, field, f"must be one of {', '.join(choices)}, got {v!r}{hint}")
            return
    judge = row.get("judge") or col.options.get("judge")  # a judge the file records is never renamed here
    if judge is None:
        col.skip(path, line, "judge", "no judge column; give the judge's name with --judge")
        return
    row["judge"] = str(judge)
    row["judge_family"] = (
        col.options.get("judge_family") or row.get("judge_family") or family_for(row["judge"], col.options)
    )
    col.result.judges.setdefault(row["judge"], row["judge_family"])
    # defaults fill what is absent; a value of the wrong type is kept, for the contract check to name
    row["probe"] = "recorded" if row.get("probe") is None else row["probe"]
    row["variant"] = "original" if row.get("variant") is None else row["variant"]
    has_winner = "winner" in mapping or "winner" in rec
    has_score = "score" in mapping or "score" in rec
    if row.get("mode") is None:
        row["mode"] = "score" if has_score and not has_winner else "pairwise"
    if row["mode"] == "pairwise":
        row["order"] = "ab" if row.get("order") is None else row["order"]
        if frame == "slot" and row["order"] == "ba" and row.get("winner") in ("a", "b"):
            row["winner"] = "b" if row["winner"] == "a" else "a"
    item_id = row.get("item_id")
    if isinstance(item_id, (str, int, float)) and not isinstance(item_id, bool):
        row["item_id"] = str(item_id)  # a list, an object or a boolean is left for the contract check to name
    for side in ("a", "b"):
        text = row.get(f"response_{side}")
        if row.get(f"len_{side}") is None and isinstance(text, str):
            row[f"len_{side}"] = len(text)
        model = row.get(f"model_{side}")
        if row.get(f"family_{side}") is None and isinstance(model, str):
            row[f"family_{side}"] = family_for(model, col.options)
    col.add(row, path, line)
