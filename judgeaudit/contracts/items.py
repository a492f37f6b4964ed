"""Items: what a user brings to an audit (a question and two responses).

An item is one pairwise comparison. Public datasets reach this shape through one adapter each
(``judgeaudit.datasets``); users bring their own as JSONL (``--data pairs.jsonl``).

An item may declare itself a perturbed copy of another: ``variant_of: <id>`` with ``perturbation:
<name>`` (``placebo`` for a content-neutral change the dataset supplies itself) and optionally
``perturbed: a|b`` (which answer carries it). The ``perturbation`` probe judges such pairs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from judgeaudit.errors import InputError, InputErrors
from judgeaudit.io.files import iter_json_records

LABELS = ("a", "b", "tie")
_TEXT_FIELDS = ("id", "instruction", "response_a", "response_b")
_OPTIONAL_TEXT = ("model_a", "model_b", "family_a", "family_b", "reference", "rubric")
PLACEBO = "placebo"  # the perturbation name of a dataset's own content-neutral variant


@dataclass(frozen=True)
class Item:
    """One pairwise comparison; ``label`` is the gold preference when known."""

    id: str
    instruction: str
    response_a: str
    response_b: str
    label: str | None = None
    model_a: str | None = None
    model_b: str | None = None
    family_a: str | None = None
    family_b: str | None = None
    reference: str | None = None
    rubric: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        meta = d.pop("meta")
        return {**{k: v for k, v in d.items() if v is not None}, **meta}

    def swapped(self) -> Item:
        """The same comparison with the responses' identities exchanged."""
        flip = {"a": "b", "b": "a", "tie": "tie", None: None}
        return Item(
            id=self.id,
            instruction=self.instruction,
            response_a=self.response_b,
            response_b=self.response_a,
            label=flip[self.label],
            model_a=self.model_b,
            model_b=self.model_a,
            family_a=self.family_b,
            family_b=self.family_a,
            reference=self.reference,
            rubric=self.rubric,
            meta=dict(self.meta),
        )


def check_required_text(row: dict[str, Any], keys: Iterable[str], path: str | Path, line: int | None) -> None:
    """Each key present and a non-empty string (an ``id`` may be a whole number); else a located error."""
    for key in keys:
        if key not in row:
            raise InputError(path, line, key, "required field is missing")
        value = row[key]
        if key == "id" and isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or (key != "id" and not value.strip()):
            raise InputError(path, line, key, f"must be a non-empty string, got {value!r:.60}")


def item_from_dict(row: dict[str, Any], path: str | Path = "<dict>", line: int | None = None) -> Item:
    """Validate one row of the items contract; raise :class:`InputError` naming the field."""
    if not isinstance(row, dict):
        raise InputError(path, line, None, f"expected a JSON object, got {type(row).__name__}")
    check_required_text(row, _TEXT_FIELDS, path, line)
    label = row.get("label")
    if label is not None:
        if not isinstance(label, str) or label.lower() not in LABELS:
            raise InputError(path, line, "label", f"must be one of a, b, tie or null, got {label!r}")
        label = label.lower()
    for key in _OPTIONAL_TEXT:
        value = row.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(path, line, key, f"must be a string or null, got {type(value).__name__}")
    _check_variant(row, path, line)
    known = set(_TEXT_FIELDS) | set(_OPTIONAL_TEXT) | {"label"}
    return Item(
        id=str(row["id"]),
        instruction=row["instruction"],
        response_a=row["response_a"],
        response_b=row["response_b"],
        label=label,
        **{k: row.get(k) for k in _OPTIONAL_TEXT},
        meta={k: v for k, v in row.items() if k not in known},
    )


def _check_variant(row: dict[str, Any], path: str | Path, line: int | None) -> None:
    """The perturbation fields: ``variant_of`` and ``perturbation`` together, ``perturbed`` a or b."""
    of, name, side = row.get("variant_of"), row.get("perturbation"), row.get("perturbed")
    if of is None and (name is not None or side is not None):
        raise InputError(
            path, line, "variant_of", "'perturbation' and 'perturbed' need 'variant_of' (the id of the original item)"
        )
    if of is None:
        return
    if not isinstance(of, (str, int)) or isinstance(of, bool) or str(of) == str(row.get("id")):
        raise InputError(path, line, "variant_of", f"must be the id of another item, got {of!r:.60}")
    if not isinstance(name, str) or not name.strip() or ":" in name or "@" in name:
        raise InputError(path, line, "perturbation", "a variant needs a perturbation name (no ':' or '@')")
    if side is not None and side not in ("a", "b"):
        raise InputError(path, line, "perturbed", f"must be a or b, got {side!r:.20}")


class _Record(Protocol):
    """What the items and answers readers share: an id and the row's other fields."""

    @property
    def id(self) -> str: ...

    @property
    def meta(self) -> dict[str, Any]: ...


R = TypeVar("R", bound=_Record)


def variant_errors(
    records: Sequence[_Record], path: str | Path, lines: dict[str, int], noun: str = "item"
) -> list[InputError]:
    """Variants whose original is not in the same file, or is itself a variant (one level only)."""
    by_id = {r.id: r for r in records}
    errors = []
    for r in records:
        of = r.meta.get("variant_of")
        if of is None:
            continue
        original = by_id.get(str(of))
        if original is None:
            errors.append(
                InputError(path, lines.get(r.id), "variant_of", f"no {noun} with id {str(of)!r} in this file")
            )
        elif "variant_of" in original.meta:
            errors.append(
                InputError(path, lines.get(r.id), "variant_of", f"{noun} {original.id!r} is itself a variant")
            )
    return errors


def read_records(path: str | Path, parse: Callable[[Any, Path, int], R], noun: str) -> list[R]:
    """Read a JSONL file of records with unique ids, reporting every bad row (file, line, field) at once.

    Raises:
        InputErrors: when any row is malformed; nothing is half-loaded.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(path, None, None, "file not found")
    records: list[R] = []
    errors: list[InputError] = []
    seen: dict[str, int] = {}
    for lineno, row in iter_json_records(path, errors):
        try:
            record = parse(row, path, lineno)
        except InputError as exc:
            errors.append(exc)
            continue
        if record.id in seen:
            errors.append(
                InputError(path, lineno, "id", f"duplicate id {record.id!r} (first on line {seen[record.id]})")
            )
            continue
        seen[record.id] = lineno
        records.append(record)
    errors += variant_errors(records, path, seen, noun)
    if errors:
        raise InputErrors(errors)
    if not records:
        raise InputError(path, None, None, f"no {noun}s in file")
    return records


def load_items(path: str | Path) -> list[Item]:
    """Read an items JSONL file, reporting every bad row (file, line, field) at once.

    Raises:
        InputErrors: when any row is malformed; nothing is half-loaded.
    """
    return read_records(path, item_from_dict, "item")


def write_items(items: list[Item], path: str | Path) -> None:
    with Path(path).open("w", encoding="utf-8") as fh:
        for item in items:
            fh.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
