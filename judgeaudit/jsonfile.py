"""A run directory's JSON files (metrics.json, manifest.json): one format to write, one reader to trust."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from judgeaudit.errors import InputError
from judgeaudit.files import read_json


def write_json(path: Path, data: Any) -> None:
    """Indented, keys sorted, no NaN: the same data always gives the same bytes."""
    path.write_text(
        json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8"
    )


def read_json_object(path: Path, hint: str = "") -> dict[str, Any]:
    """The JSON object in ``path``; :class:`InputError` naming the file when it is missing, corrupt or not an object.

    ``hint`` is added to the "not found" message (what makes the file).
    """
    if not path.is_file():
        raise InputError(path, None, None, f"not found{f' ({hint})' if hint else ''}")
    data = read_json(path)
    if not isinstance(data, dict):
        raise InputError(path, None, None, f"must be a JSON object, not a {type(data).__name__}")
    return data
